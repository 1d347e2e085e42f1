package pay

import (
	"bytes"
	"crypto/sha256"
	"errors"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/btcsuite/btcd/btcec/v2"

	"github.com/lnstack/lnstack/layer2_messaging/wire"
	"github.com/lnstack/lnstack/layer3_p2p/amount"
	"github.com/lnstack/lnstack/layer3_p2p/graph/snapshot"
	"github.com/lnstack/lnstack/layer4_routing/failure"
	"github.com/lnstack/lnstack/layer4_routing/pathfind"
	"github.com/lnstack/lnstack/layer4_routing/sphinx"
)

const height = 800_000

var t0 = time.Unix(1_700_000_000, 0)

// world is a diamond of four nodes, source 0 to payee 3 through 1 or 2,
// each channel 1,000,000 sat, and a payee and hops that answer HTLCs the
// way real nodes would: by peeling the onion, and failing with an
// encrypted failure when a channel lacks the amount.
type world struct {
	t        testing.TB
	keys     []*sphinx.NodeKey
	ids      []wire.Point
	g        *pathfind.StaticGraph
	balance  map[wire.ShortChannelID]amount.MilliSatoshi // what each channel can forward
	preimage [32]byte
	secret   [32]byte
	reject   bool // the payee refuses (wrong details)
	timeouts int  // the payee answers mpp_timeout this many times
	silent   bool // nobody answers
	held     []held
	heldMsat amount.MilliSatoshi
}

type held struct {
	attempt int
	secrets []sphinx.Secret
}

// scids of the diamond: 0-1, 1-3, 0-2, 2-3.
var scids = [4]wire.ShortChannelID{1 << 40, 2 << 40, 3 << 40, 4 << 40}

func newWorld(t testing.TB, feeVia2 uint32) *world {
	t.Helper()
	w := &world{t: t, balance: map[wire.ShortChannelID]amount.MilliSatoshi{}, preimage: [32]byte{42}, secret: [32]byte{7}}
	for i := range 4 {
		priv, _ := btcec.PrivKeyFromBytes(bytes.Repeat([]byte{byte(i + 1)}, 32))
		k, err := sphinx.NewNodeKey(priv)
		if err != nil {
			t.Fatal(err)
		}
		w.keys = append(w.keys, k)
		w.ids = append(w.ids, k.PubKey())
	}
	topo := &snapshot.Topology{Nodes: make([]snapshot.Node, 4)}
	ends := [4][2]int{{0, 1}, {1, 3}, {0, 2}, {2, 3}}
	for i, e := range ends {
		fee := uint32(1000)
		if e[0] == 2 || e[1] == 2 {
			fee = feeVia2
		}
		pol := &snapshot.Policy{Timestamp: 1, FeeBaseMsat: fee, FeeProportionalMillionths: 100,
			CLTVExpiryDelta: 40, HTLCMinimumMsat: 1, HTLCMaximumMsat: 1_000_000_000}
		topo.Channels = append(topo.Channels, snapshot.Channel{SCID: scids[i], Nodes: e, Capacity: 1_000_000, Policies: [2]*snapshot.Policy{pol, pol}})
		w.balance[scids[i]] = 1_000_000_000
	}
	g, err := pathfind.NewStaticGraph(topo, w.ids)
	if err != nil {
		t.Fatal(err)
	}
	w.g = g
	return w
}

func (w *world) config(amt amount.MilliSatoshi) Config {
	return Config{
		Source: w.ids[0], Payee: w.ids[3], AmountMsat: amt,
		PaymentHash: sha256.Sum256(w.preimage[:]), PaymentSecret: &w.secret,
		Height: height, Rand: rand.NewChaCha8([32]byte{1}),
	}
}

// node returns the index of id.
func (w *world) node(id wire.Point) int {
	for i := range w.ids {
		if w.ids[i] == id {
			return i
		}
	}
	w.t.Fatalf("unknown node %v", id)
	return -1
}

// deliver carries one HTLC along its onion and returns the events that
// come back (now or, for parts the payee holds, later).
func (w *world) deliver(p *Payment, s SendHTLC, now time.Time) []Action {
	if w.silent {
		return nil
	}
	pkt := s.Onion
	var secrets []sphinx.Secret
	amt := s.AmountMsat
	if w.balance[s.SCID] < amt {
		return p.FailedLocally(s.Attempt, 0, &failure.TemporaryChannelFailure{}, now)
	}
	for k, hop := range s.Route.Hops {
		peeled, err := w.keys[w.node(hop.NodeID)].Peel(&pkt, s.PaymentHash[:])
		if err != nil {
			w.t.Fatalf("hop %d cannot peel: %v", k, err)
		}
		secrets = append(secrets, peeled.Secret)
		var pl sphinx.Payload
		if err := pl.Decode(peeled.Payload); err != nil {
			w.t.Fatalf("hop %d payload: %v", k, err)
		}
		if peeled.Final {
			switch {
			case w.timeouts > 0:
				w.timeouts--
				return p.Failed(s.Attempt, w.failure(secrets, &failure.MPPTimeout{}), now)
			case w.reject || !pl.HasPaymentData || pl.PaymentSecret != w.secret:
				return p.Failed(s.Attempt, w.failure(secrets, &failure.IncorrectOrUnknownPaymentDetails{HTLCMsat: pl.AmtToForward, Height: height}), now)
			}
			w.held = append(w.held, held{attempt: s.Attempt, secrets: secrets})
			w.heldMsat += amount.MilliSatoshi(pl.AmtToForward)
			if w.heldMsat < amount.MilliSatoshi(pl.TotalMsat) {
				return nil
			}
			var out []Action
			for _, h := range w.held {
				out = append(out, p.Settled(h.attempt, w.preimage, now)...)
			}
			w.held, w.heldMsat = nil, 0
			return out
		}
		if w.balance[pl.ShortChannelID] < amount.MilliSatoshi(pl.AmtToForward) {
			return p.Failed(s.Attempt, w.failure(secrets, &failure.TemporaryChannelFailure{}), now)
		}
		pkt = peeled.Next
	}
	w.t.Fatal("onion without a final hop")
	return nil
}

// failure is the return packet the last node of secrets creates for msg,
// relayed back by the nodes before it.
func (w *world) failure(secrets []sphinx.Secret, msg failure.Message) []byte {
	b, err := failure.Encode(nil, msg)
	if err != nil {
		w.t.Fatal(err)
	}
	last := len(secrets) - 1
	pkt, err := failure.Create(&secrets[last], b, failure.MinPaddedLen, nil, 0)
	if err != nil {
		w.t.Fatal(err)
	}
	for j := last - 1; j >= 0; j-- {
		failure.Relay(&secrets[j], pkt, nil, 0)
	}
	return pkt
}

// run feeds actions to the world until the payment ends or stalls.
func (w *world) run(p *Payment, actions []Action, now time.Time) *Outcome {
	f := pathfind.NewFinder()
	for len(actions) > 0 {
		a := actions[0]
		actions = actions[1:]
		switch a := a.(type) {
		case FindRoutes:
			rs, err := f.Routes(w.g, &a.Request)
			actions = append(actions, p.RoutesFound(rs, err, now)...)
		case SendHTLC:
			actions = append(actions, w.deliver(p, a, now)...)
		case Done:
			return a.Outcome
		}
	}
	return p.Outcome()
}

func TestPaySinglePath(t *testing.T) {
	w := newWorld(t, 1000)
	p, err := New(w.config(100_000_000))
	if err != nil {
		t.Fatal(err)
	}
	o := w.run(p, p.Start(t0), t0)
	if o == nil || o.Err != nil {
		t.Fatalf("outcome %+v", o)
	}
	if o.Preimage != w.preimage || o.AmountMsat != 100_000_000 || len(o.Attempts) != 1 {
		t.Errorf("outcome %+v", o)
	}
	if want := o.Attempts[0].Route.FeeMsat(); o.FeeMsat != want || want == 0 {
		t.Errorf("fee %v, want the route's %v (non-zero)", o.FeeMsat, want)
	}
}

func TestPayRetriesAfterLiquidityFailure(t *testing.T) {
	w := newWorld(t, 50_000) // the path through node 2 costs more: tried second
	w.balance[scids[1]] = 1000
	liq := pathfind.NewLiquidity(0)
	cfg := w.config(100_000_000)
	cfg.Liquidity = liq
	p, _ := New(cfg)
	o := w.run(p, p.Start(t0), t0)
	if o == nil || o.Err != nil {
		t.Fatalf("outcome %+v", o)
	}
	if len(o.Attempts) != 2 {
		t.Fatalf("want 2 attempts, got %d", len(o.Attempts))
	}
	first := o.Attempts[0]
	if first.State != Failed || first.FailedAt != 1 || first.Failure.Code() != failure.CodeTemporaryChannelFailure {
		t.Errorf("first attempt: state %v at %d: %v", first.State, first.FailedAt, first.Failure)
	}
	if first.Route.Hops[1].SCID != scids[1] || o.Attempts[1].Route.Hops[0].SCID != scids[2] {
		t.Errorf("routes: %v then %v", &first.Route, &o.Attempts[1].Route)
	}
	// Mission control keeps the lesson for the next payment.
	if _, hi, ok := liq.Bounds(pathfind.ChannelDirection{SCID: scids[1], Direction: first.Route.Hops[1].Direction}, t0); !ok || hi >= 100_000_000 {
		t.Errorf("liquidity of %v: hi %v ok %v", scids[1], hi, ok)
	}
}

func TestPayMultiPart(t *testing.T) {
	w := newWorld(t, 1000)
	// 1.5M sat: more than any one channel of 1M sat holds.
	p, _ := New(w.config(1_500_000_000))
	o := w.run(p, p.Start(t0), t0)
	if o == nil || o.Err != nil {
		t.Fatalf("outcome %+v", o)
	}
	parts := 0
	for _, a := range o.Attempts {
		if a.State == Succeeded {
			parts++
		}
	}
	if parts < 2 || o.AmountMsat != 1_500_000_000 {
		t.Errorf("%d parts settled for %v msat", parts, o.AmountMsat)
	}
}

func TestPayMultiPartNeedsBasicMPP(t *testing.T) {
	w := newWorld(t, 1000)
	cfg := w.config(1_500_000_000)
	cfg.MaxParts = 1
	p, _ := New(cfg)
	o := w.run(p, p.Start(t0), t0)
	if o == nil || !errors.Is(o.Err, ErrNoRoute) {
		t.Fatalf("outcome %+v", o)
	}
}

func TestPayRejectedIsFinal(t *testing.T) {
	w := newWorld(t, 1000)
	w.reject = true
	p, _ := New(w.config(100_000_000))
	o := w.run(p, p.Start(t0), t0)
	if o == nil || !errors.Is(o.Err, ErrRejected) || len(o.Attempts) != 1 {
		t.Fatalf("outcome %+v", o)
	}
	if a := o.Attempts[0]; a.FailedAt != len(a.Route.Hops) {
		t.Errorf("failed at %d, want the payee (%d)", a.FailedAt, len(a.Route.Hops))
	}
}

func TestPayTimeout(t *testing.T) {
	w := newWorld(t, 1000)
	w.silent = true
	p, _ := New(w.config(100_000_000))
	var send SendHTLC
	for _, a := range w.runUntilSent(p, p.Start(t0)) {
		send = a
	}
	if acts := p.Tick(t0.Add(DefaultTimeout)); len(acts) != 0 {
		t.Fatalf("timed out with an HTLC in flight: %v", acts)
	}
	// Only when the HTLC comes back does the payment end.
	acts := p.FailedLocally(send.Attempt, 1, &failure.TemporaryNodeFailure{}, t0.Add(DefaultTimeout+time.Second))
	if len(acts) != 1 {
		t.Fatalf("actions %v", acts)
	}
	if d, ok := acts[0].(Done); !ok || !errors.Is(d.Outcome.Err, ErrTimeout) {
		t.Fatalf("want Done with ErrTimeout, got %+v", acts[0])
	}
}

// runUntilSent answers FindRoutes and returns the HTLCs to send.
func (w *world) runUntilSent(p *Payment, actions []Action) []SendHTLC {
	var out []SendHTLC
	f := pathfind.NewFinder()
	for _, a := range actions {
		if fr, ok := a.(FindRoutes); ok {
			rs, err := f.Routes(w.g, &fr.Request)
			for _, b := range p.RoutesFound(rs, err, t0) {
				out = append(out, b.(SendHTLC))
			}
		}
	}
	if len(out) == 0 {
		w.t.Fatal("nothing sent")
	}
	return out
}

func TestPayKeysendPayload(t *testing.T) {
	w := newWorld(t, 1000)
	pre := [32]byte{9}
	cfg := w.config(1000)
	cfg.PaymentSecret, cfg.KeysendPreimage = nil, &pre
	r := pathfind.Route{Hops: []pathfind.Hop{{NodeID: w.ids[1], SCID: scids[0], AmountMsat: 2000, CLTVExpiry: 900}, {NodeID: w.ids[3], SCID: scids[1], AmountMsat: 1000, CLTVExpiry: 800}}}
	if err := cfg.check(); err != nil {
		t.Fatal(err)
	}
	pls, err := HopPayloads(&r, &cfg)
	if err != nil {
		t.Fatal(err)
	}
	if pls[0].ShortChannelID != scids[1] || pls[0].AmtToForward != 1000 || pls[0].OutgoingCLTV != 800 {
		t.Errorf("forwarding payload %+v", pls[0])
	}
	if f := pls[1]; f.HasPaymentData || len(f.Unknown) != 1 || f.Unknown[0].Type != keysendType || !bytes.Equal(f.Unknown[0].Value, pre[:]) {
		t.Errorf("final payload %+v", f)
	}
}

func TestPayRetriesAfterMPPTimeout(t *testing.T) {
	w := newWorld(t, 1000)
	w.timeouts = 1
	p, _ := New(w.config(100_000_000))
	o := w.run(p, p.Start(t0), t0)
	if o == nil || o.Err != nil || len(o.Attempts) != 2 {
		t.Fatalf("outcome %+v", o)
	}
	if c := o.Attempts[0].Failure.Code(); c != failure.CodeMPPTimeout {
		t.Errorf("first attempt failed with %v", c)
	}
}

func TestPayIgnoresWrongPreimage(t *testing.T) {
	w := newWorld(t, 1000)
	p, _ := New(w.config(100_000_000))
	sends := w.runUntilSent(p, p.Start(t0))
	acts := p.Settled(sends[0].Attempt, [32]byte{1}, t0)
	if p.Attempts()[0].State != Failed {
		t.Fatalf("a wrong preimage settled the attempt")
	}
	if len(acts) != 1 {
		t.Fatalf("want a new FindRoutes, got %v", acts)
	}
	if _, ok := acts[0].(FindRoutes); !ok {
		t.Fatalf("want a new FindRoutes, got %T", acts[0])
	}
}
