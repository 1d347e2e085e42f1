package pathfind

import (
	"errors"
	"math/rand/v2"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/lnstack/lnstack/layer2_messaging/wire"
	"github.com/lnstack/lnstack/layer3_p2p/amount"
	"github.com/lnstack/lnstack/layer3_p2p/gossip"
	"github.com/lnstack/lnstack/layer3_p2p/graph/snapshot"
)

// routingExample is the network of BOLT #7 "Routing Example": A-B, B-C,
// C-D, D-A, each node announcing its own fees and delta on its ends.
func routingExample() *testNet {
	n := newTestNet()
	a, b, c, d := pol(100, 1000, 10), pol(200, 2000, 20), pol(300, 3000, 30), pol(400, 4000, 40)
	const capSat = 100_000_000
	n.channel("A", "B", capSat, a, b)
	n.channel("B", "C", capSat, b, c)
	n.channel("C", "D", capSat, c, d)
	n.channel("D", "A", capSat, d, a)
	return n
}

// TestRoutingExample pays C from A as BOLT #7's "Routing Example" does:
// 4,999,999 msat, C's min_final_cltv_expiry_delta of 18 and a shadow
// route of 42. The route through B is the cheaper (the BOLT's A->B->C);
// without B it is A->D->C.
func TestRoutingExample(t *testing.T) {
	n := routingExample()
	g := n.graph(t)
	req := n.request("A", "C", 4_999_999)
	req.FinalCLTVDelta, req.CLTVOffset = 18, 42
	r := mustRoute(t, g, req)
	want := []Hop{
		{NodeID: id("B"), SCID: n.scid[[2]string{"A", "B"}], Direction: direction(id("A"), id("B")),
			CapacityMsat: 100_000_000_000, AmountMsat: 5_010_198, CLTVExpiry: testHeight + 20 + 18 + 42},
		{NodeID: id("C"), SCID: n.scid[[2]string{"B", "C"}], Direction: direction(id("B"), id("C")),
			CapacityMsat: 100_000_000_000, AmountMsat: 4_999_999, CLTVExpiry: testHeight + 18 + 42},
	}
	if diff := cmp.Diff(want, r.Hops); diff != "" {
		t.Fatalf("A->B->C (-want +got):\n%s", diff)
	}
	if r.FeeMsat() != 10_199 || r.ReceivedMsat() != 4_999_999 || r.CLTVExpiry() != testHeight+80 {
		t.Errorf("fee %s, received %s, expiry %d", r.FeeMsat(), r.ReceivedMsat(), r.CLTVExpiry())
	}

	req.ExcludeNodes = []wire.Point{id("B")}
	r = mustRoute(t, g, req)
	if r.Hops[0].AmountMsat != 5_020_398 || r.Hops[0].CLTVExpiry != testHeight+40+18+42 {
		t.Errorf("A->D->C first HTLC %s at %d, want 5020398 msat at height+100", r.Hops[0].AmountMsat, r.Hops[0].CLTVExpiry)
	}
	wantPath(t, r, n.via("A", "D", "C"))
}

// diamond is S with two ways to T: through X (cheap) and Y (dearer).
func diamond(xPolicy *snapshot.Policy) *testNet {
	n := newTestNet()
	const capSat = 10_000_000
	n.both("S", "X", capSat, pol(0, 0, 10))
	n.channel("X", "T", capSat, xPolicy, pol(0, 0, 10))
	n.both("S", "Y", capSat, pol(0, 0, 10))
	n.channel("Y", "T", capSat, pol(2000, 2000, 40), pol(0, 0, 10))
	return n
}

func TestCheapestPath(t *testing.T) {
	n := diamond(pol(1000, 100, 40))
	r := mustRoute(t, n.graph(t), n.request("S", "T", 1_000_000))
	wantPath(t, r, n.via("S", "X", "T"))
	if r.FeeMsat() != 1100 {
		t.Errorf("fee %s, want 1000 + 1000000*100/1e6 = 1100", r.FeeMsat())
	}
}

func TestPolicyLimits(t *testing.T) {
	cheap := func(edit func(p *snapshot.Policy)) *snapshot.Policy {
		p := pol(1000, 100, 40)
		edit(p)
		return p
	}
	tests := []struct {
		name string
		x    *snapshot.Policy
		amt  amount.MilliSatoshi
		want []string
	}{
		{"within limits", cheap(func(*snapshot.Policy) {}), 1_000_000, []string{"S", "X", "T"}},
		{"htlc_maximum_msat below the amount", cheap(func(p *snapshot.Policy) { p.HTLCMaximumMsat = 999_999 }), 1_000_000, []string{"S", "Y", "T"}},
		{"htlc_maximum_msat at the amount", cheap(func(p *snapshot.Policy) { p.HTLCMaximumMsat = 1_000_000 }), 1_000_000, []string{"S", "X", "T"}},
		{"htlc_minimum_msat above the amount", cheap(func(p *snapshot.Policy) { p.HTLCMinimumMsat = 1_000_001 }), 1_000_000, []string{"S", "Y", "T"}},
		{"htlc_maximum_msat below htlc_minimum_msat", cheap(func(p *snapshot.Policy) { p.HTLCMinimumMsat, p.HTLCMaximumMsat = 5, 4 }), 4, []string{"S", "Y", "T"}},
		{"htlc_maximum_msat above capacity", cheap(func(p *snapshot.Policy) { p.HTLCMaximumMsat = 10_000_000_001 }), 1_000_000, []string{"S", "Y", "T"}},
		{"disabled", cheap(func(p *snapshot.Policy) { p.Disabled = true }), 1_000_000, []string{"S", "Y", "T"}},
		{"no channel_update", nil, 1_000_000, []string{"S", "Y", "T"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			n := diamond(tt.x)
			wantPath(t, mustRoute(t, n.graph(t), n.request("S", "T", tt.amt)), n.via(tt.want...))
		})
	}
}

func TestCLTVLimit(t *testing.T) {
	n := diamond(pol(0, 0, 2000))
	g := n.graph(t)
	// Through X: 2000 + 18 > 2016; through Y: 40 + 18.
	wantPath(t, mustRoute(t, g, n.request("S", "T", 1000)), n.via("S", "Y", "T"))
	req := n.request("S", "T", 1000)
	req.MaxCLTV = 57
	if _, err := NewFinder().Route(g, req); !errors.Is(err, ErrNoRoute) {
		t.Errorf("MaxCLTV 57 below 40+18: err %v, want ErrNoRoute", err)
	}
	req.MaxCLTV = 58
	wantPath(t, mustRoute(t, g, req), n.via("S", "Y", "T"))
}

// chain is a line of k channels from N0 to Nk, free of fees.
func chain(k int) (*testNet, []string) {
	n := newTestNet()
	names := []string{"N0"}
	for i := 1; i <= k; i++ {
		names = append(names, "N"+string(rune('A'+i/26))+string(rune('a'+i%26)))
		n.both(names[i-1], names[i], 1_000_000, pol(0, 0, 10))
	}
	return n, names
}

func TestOnionSizes(t *testing.T) {
	if IntermediateHopLen != 59 || FinalHopLen(0) != 91 {
		t.Fatalf("hop sizes %d and %d, want 59 and 91", IntermediateHopLen, FinalHopLen(0))
	}
	// 1300 - 91 = 1209 = 20*59 + 29: twenty forwarding nodes, 21 channels.
	if got := MaxChannels(FinalHopLen(0)); got != 21 {
		t.Errorf("MaxChannels = %d, want 21", got)
	}
	// A final payload 30 bytes longer leaves room for 19 forwarding nodes.
	if got := MaxChannels(FinalHopLen(30)); got != 20 {
		t.Errorf("MaxChannels with 30 extra bytes = %d, want 20", got)
	}
	// A final payload over 252 bytes needs a 3-byte length.
	if FinalHopLen(253-finalFieldsLen) != 3+253+32 {
		t.Errorf("FinalHopLen of a 253-byte payload = %d", FinalHopLen(253-finalFieldsLen))
	}
	// Blinded tail: introduction point (1+1+50 data, 35 path key), one
	// more hop (1+1+50), the final hop (1+1+50 and 26 of fields).
	want := (1 + 87 + 32) + (1 + 52 + 32) + (1 + 78 + 32)
	if got := BlindedTailLen([]int{50, 50, 50}, 0); got != want {
		t.Errorf("BlindedTailLen = %d, want %d", got, want)
	}
	if MaxChannels(1301) != 0 {
		t.Error("a tail larger than the onion leaves channels")
	}
}

func TestHopLimit(t *testing.T) {
	max := MaxChannels(FinalHopLen(0))
	for _, k := range []int{max, max + 1} {
		n, names := chain(k)
		req := n.request(names[0], names[k], 1000)
		r, err := NewFinder().Route(n.graph(t), req)
		if k <= max {
			if err != nil || len(r.Hops) != k {
				t.Errorf("%d channels: %v, %v", k, r, err)
			}
		} else if !errors.Is(err, ErrNoRoute) {
			t.Errorf("%d channels, over the onion's limit: %v, %v", k, r, err)
		}
	}
	// More final payload shortens the route the onion carries.
	n, names := chain(max)
	req := n.request(names[0], names[max], 1000)
	req.FinalPayloadExtra = 30
	if _, err := NewFinder().Route(n.graph(t), req); !errors.Is(err, ErrNoRoute) {
		t.Errorf("%d channels with 30 bytes of metadata: err %v, want ErrNoRoute", max, err)
	}
	// And MaxHops caps it further.
	n, names = chain(5)
	req = n.request(names[0], names[5], 1000)
	req.MaxHops = 4
	if _, err := NewFinder().Route(n.graph(t), req); !errors.Is(err, ErrNoRoute) {
		t.Errorf("5 channels with MaxHops 4: err %v, want ErrNoRoute", err)
	}
}

func TestRouteHints(t *testing.T) {
	n := diamond(pol(1000, 100, 40))
	g := n.graph(t)
	// P is private: reachable through X's channel 1x2x3, then through
	// private Q.
	hintSCID, _ := wire.NewShortChannelID(1, 2, 3)
	qSCID, _ := wire.NewShortChannelID(4, 5, 6)
	req := n.request("S", "P", 1_000_000)
	req.RouteHints = [][]HintHop{{
		{NodeID: id("X"), SCID: hintSCID, FeeBaseMsat: 1000, FeeProportionalMillionths: 1000, CLTVExpiryDelta: 30},
		{NodeID: id("Q"), SCID: qSCID, FeeBaseMsat: 500, CLTVExpiryDelta: 20},
	}}
	r := mustRoute(t, g, req)
	wantPath(t, r, []wire.ShortChannelID{n.scid[[2]string{"S", "X"}], hintSCID, qSCID})
	// Q charges 500; X charges 1000 + 1000500*1000/1e6 = 2000 on what
	// goes to Q.
	want := []struct {
		node string
		amt  amount.MilliSatoshi
		cltv uint32
		hint bool
	}{
		{"X", 1_002_500, testHeight + 18 + 20 + 30, false},
		{"Q", 1_000_500, testHeight + 18 + 20, true},
		{"P", 1_000_000, testHeight + 18, true},
	}
	for i, w := range want {
		h := r.Hops[i]
		if h.NodeID != id(w.node) || h.AmountMsat != w.amt || h.CLTVExpiry != w.cltv || h.Hint != w.hint {
			t.Errorf("hop %d = %+v, want %s %s at %d hint %v", i, h, w.node, w.amt, w.cltv, w.hint)
		}
	}
	// A hint through Y, cheaper in total, wins over X's.
	ySCID, _ := wire.NewShortChannelID(7, 8, 9)
	req.RouteHints = append(req.RouteHints, []HintHop{{NodeID: id("Y"), SCID: ySCID}})
	wantPath(t, mustRoute(t, g, req), []wire.ShortChannelID{n.scid[[2]string{"S", "Y"}], ySCID})
	// No hint, no route to a private node.
	req.RouteHints = nil
	if _, err := NewFinder().Route(g, req); !errors.Is(err, ErrNoRoute) {
		t.Errorf("private payee without hints: %v", err)
	}
}

// TestBlindedPath routes to BOLT #4's blinded-payment-onion test vector
// (bolt04/blinded-payment-onion-test.json at the pinned commit): Alice,
// who charges nothing, then Bob's blinded path with the vector's
// blinded_payinfo (10100 msat + 251 ppm, delta 150) for 100,000 msat at
// final_cltv 749,000. Bob must get 110,125 msat expiring at 749,150, the
// amt_to_forward and outgoing_cltv_value of Alice's payload in the vector.
func TestBlindedPath(t *testing.T) {
	n := newTestNet()
	n.both("Sender", "Alice", 10_000_000, pol(0, 0, 0))
	n.both("Alice", "Bob", 10_000_000, pol(0, 0, 0))
	n.both("Sender", "Carol", 10_000_000, pol(0, 0, 0))
	g := n.graph(t)
	vector := BlindedPath{Introduction: wire.SciddirFromPoint(id("Bob")), FeeBaseMsat: 10_100,
		FeeProportionalMillionths: 251, CLTVExpiryDelta: 150, HTLCMaximumMsat: 1_000_000_000,
		EncryptedDataLens: []int{79, 79, 80, 80}}
	dear := BlindedPath{Introduction: wire.SciddirFromPoint(id("Carol")), FeeBaseMsat: 50_000, CLTVExpiryDelta: 150}
	req := &Request{Source: id("Sender"), AmountMsat: 100_000, Height: 749_000,
		BlindedPaths: []BlindedPath{dear, vector}}
	r := mustRoute(t, g, req)
	want := &Route{Hops: []Hop{
		{NodeID: id("Alice"), SCID: n.scid[[2]string{"Sender", "Alice"}], Direction: direction(id("Sender"), id("Alice")),
			CapacityMsat: 10_000_000_000, AmountMsat: 110_125, CLTVExpiry: 749_150},
		{NodeID: id("Bob"), SCID: n.scid[[2]string{"Alice", "Bob"}], Direction: direction(id("Alice"), id("Bob")),
			CapacityMsat: 10_000_000_000, AmountMsat: 110_125, CLTVExpiry: 749_150},
	}, Blinded: &BlindedTail{Path: 1, AmountMsat: 100_000, CLTVExpiry: 749_000}}
	if diff := cmp.Diff(want.Hops, r.Hops); diff != "" || *r.Blinded != *want.Blinded {
		t.Fatalf("route %s (-want +got):\n%s", r, diff)
	}
	// The introduction point named by short_channel_id and direction.
	ab := n.scid[[2]string{"Alice", "Bob"}]
	sd, _ := wire.SciddirFromSCID(direction(id("Bob"), id("Alice")), ab)
	req.BlindedPaths[1].Introduction = sd
	if r := mustRoute(t, g, req); r.Blinded == nil || r.Blinded.Path != 1 || r.Hops[len(r.Hops)-1].NodeID != id("Bob") {
		t.Errorf("sciddir introduction: %s", r)
	}
	// Its htlc_maximum_msat below the amount leaves the dearer path.
	req.BlindedPaths[1].HTLCMaximumMsat = 99_999
	if r := mustRoute(t, g, req); r.Blinded.Path != 0 || r.Hops[0].AmountMsat != 150_000 {
		t.Errorf("capped path: %s", r)
	}
	// Encrypted data too long for the onion leaves no route through it.
	req.BlindedPaths = []BlindedPath{vector}
	req.BlindedPaths[0].EncryptedDataLens = []int{600, 600}
	if _, err := NewFinder().Route(g, req); !errors.Is(err, ErrNoRoute) {
		t.Errorf("oversized blinded path: %v", err)
	}
	// A blinded path whose data leaves room for one forwarding node only.
	req.BlindedPaths[0].EncryptedDataLens = []int{1085}
	if tail := BlindedTailLen([]int{1085}, 0); HopPayloadsLen-tail >= 2*IntermediateHopLen || HopPayloadsLen-tail < IntermediateHopLen {
		t.Fatalf("tail %d does not leave room for exactly one node", tail)
	}
	if r := mustRoute(t, g, req); len(r.Hops) != 2 {
		t.Errorf("one forwarding node: %s", r)
	}
	n.both("Sender", "Dan", 10_000_000, pol(0, 0, 0))
	n.both("Dan", "Erin", 10_000_000, pol(0, 0, 0))
	req.BlindedPaths[0].Introduction = wire.SciddirFromPoint(id("Erin"))
	req.BlindedPaths[0].EncryptedDataLens = []int{1150}
	if _, err := NewFinder().Route(n.graph(t), req); !errors.Is(err, ErrNoRoute) {
		t.Errorf("no room for Dan's payload: %v", err)
	}
}

func TestFirstHops(t *testing.T) {
	n := diamond(pol(1000, 100, 40))
	g := n.graph(t)
	req := n.request("S", "T", 1_000_000)
	// S's channel to X has too little to send: the route goes through Y.
	req.FirstHops = []FirstHop{
		{SCID: n.scid[[2]string{"S", "X"}], Peer: id("X"), BandwidthMsat: 999_999},
		{SCID: n.scid[[2]string{"S", "Y"}], Peer: id("Y"), BandwidthMsat: 5_000_000},
	}
	r := mustRoute(t, g, req)
	wantPath(t, r, n.via("S", "Y", "T"))
	if r.Probability != 0 && r.Hops[0].AmountMsat > 5_000_000 {
		t.Errorf("route %s", r)
	}
	// A private channel to T itself, not in the graph, is used.
	private, _ := wire.NewShortChannelID(9, 9, 9)
	req.FirstHops = append(req.FirstHops, FirstHop{SCID: private, Peer: id("T"), BandwidthMsat: 2_000_000})
	r = mustRoute(t, g, req)
	wantPath(t, r, []wire.ShortChannelID{private})
	if r.Probability != 1 || r.FeeMsat() != 0 {
		t.Errorf("direct private channel: %s, fee %s", r, r.FeeMsat())
	}
	// A source the graph does not know routes through its first hops.
	req.Source = id("Newcomer")
	req.FirstHops = []FirstHop{{SCID: private, Peer: id("X"), BandwidthMsat: 5_000_000}}
	r = mustRoute(t, g, req)
	wantPath(t, r, []wire.ShortChannelID{private, n.scid[[2]string{"X", "T"}]})
	if r.Hops[0].AmountMsat != 1_001_100 {
		t.Errorf("first hop %s, want X's fee on top", r.Hops[0].AmountMsat)
	}
}

func TestExclusionsAndOverrides(t *testing.T) {
	n := diamond(pol(1000, 100, 40))
	g := n.graph(t)
	xt := n.scid[[2]string{"X", "T"}]
	req := n.request("S", "T", 1_000_000)
	req.ExcludeChannels = []ChannelDirection{{xt, direction(id("X"), id("T"))}}
	wantPath(t, mustRoute(t, g, req), n.via("S", "Y", "T"))
	// The other direction of the channel is not excluded.
	req.ExcludeChannels = []ChannelDirection{{xt, direction(id("T"), id("X"))}}
	wantPath(t, mustRoute(t, g, req), n.via("S", "X", "T"))
	// A channel_update from a failure makes X dearer than Y.
	req.ExcludeChannels = nil
	p := policyOf(pol(9000, 9000, 40), direction(id("X"), id("T")))
	p.HTLCMaximumMsat = 10_000_000_000
	req.PolicyOverrides = []PolicyOverride{{ChannelDirection{xt, direction(id("X"), id("T"))}, p}}
	wantPath(t, mustRoute(t, g, req), n.via("S", "Y", "T"))
}

func TestBadRequests(t *testing.T) {
	n := diamond(pol(1000, 100, 40))
	g := n.graph(t)
	for name, req := range map[string]*Request{
		"no amount":       n.request("S", "T", 0),
		"paying oneself":  n.request("S", "S", 10),
		"no payee":        {Source: id("S"), AmountMsat: 10},
		"unknown source":  n.request("Z", "T", 10),
		"unknown payee":   n.request("S", "Z", 10),
		"disconnected":    n.request("S", "T", 20_000_000_000),
		"amount overflow": n.request("S", "T", 1<<64-1),
	} {
		_, err := NewFinder().Route(g, req)
		want := ErrBadRequest
		switch name {
		case "unknown source":
			want = ErrUnknownSource
		case "unknown payee", "disconnected", "amount overflow":
			want = ErrNoRoute
		}
		if !errors.Is(err, want) {
			t.Errorf("%s: err %v, want %v", name, err, want)
		}
	}
}

// TestFeeMatchesGossip checks the search's fee arithmetic against the
// gossip package's BOLT #7 "HTLC Fees".
func TestFeeMatchesGossip(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	for range 10000 {
		p := gossip.Policy{FeeBaseMsat: rng.Uint32(), FeeProportionalMillionths: rng.Uint32() >> rng.IntN(32)}
		amt := rng.Uint64() >> rng.IntN(64)
		want, err := p.Fee(amount.MilliSatoshi(amt))
		got, ok := feeMsat(p.FeeBaseMsat, p.FeeProportionalMillionths, amt)
		if ok != (err == nil) || ok && uint64(want) != got {
			t.Fatalf("fee of %d under %+v: %d %v, gossip %d %v", amt, p, got, ok, want, err)
		}
	}
}

func TestHeap(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	var h minHeap
	for round := range 3 {
		h.reset()
		var n int
		for range 1000 + round {
			h.push(entry{rng.Float64(), uint32(n)})
			n++
			if rng.IntN(3) == 0 {
				h.pop()
				n--
			}
		}
		last := -1.0
		for len(h) > 0 {
			e := h.pop()
			if e.dist < last {
				t.Fatalf("popped %v after %v", e.dist, last)
			}
			last = e.dist
		}
	}
}
