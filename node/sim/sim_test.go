package sim

import (
	"context"
	"errors"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/lnstack/lnstack/layer2_messaging/wire"
	"github.com/lnstack/lnstack/layer3_p2p/amount"
	"github.com/lnstack/lnstack/layer4_routing/failure"
	"github.com/lnstack/lnstack/layer5_payment/pay"
)

// testTimeout bounds each test's network.
const testTimeout = 60 * time.Second

// square is four nodes where alice pays dave: the cheap route is
// alice->bob->carol->dave, the dear one alice->bob->dave.
func square() Config {
	return Config{
		Nodes: []string{"alice", "bob", "carol", "dave"},
		Channels: []ChannelSpec{
			{A: "alice", B: "bob", CapacitySat: 3_000_000, FeeBaseMsat: 1000, FeePPM: 100},
			{A: "bob", B: "carol", CapacitySat: 1_000_000, FeeBaseMsat: 1000, FeePPM: 100},
			{A: "carol", B: "dave", CapacitySat: 1_000_000, FeeBaseMsat: 1000, FeePPM: 100},
			{A: "bob", B: "dave", CapacitySat: 1_000_000, FeeBaseMsat: 20_000, FeePPM: 1000},
		},
	}
}

// start runs cfg, recording its events, and returns it with a context
// bounding the test.
func start(t *testing.T, cfg Config) (*Network, context.Context, *[]Event) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), testTimeout)
	t.Cleanup(cancel)
	var mu sync.Mutex
	events := new([]Event)
	cfg.Trace = func(e Event) {
		mu.Lock()
		*events = append(*events, e)
		mu.Unlock()
	}
	nw, err := New(ctx, cfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(nw.Close)
	return nw, ctx, events
}

// payDave has alice pay dave amt and checks it succeeded.
func payDave(t *testing.T, nw *Network, ctx context.Context, amt amount.MilliSatoshi) *pay.Outcome {
	t.Helper()
	inv, err := nw.Invoice("dave", amt, "coffee")
	if err != nil {
		t.Fatal(err)
	}
	o, err := nw.Pay(ctx, "alice", inv)
	if err != nil {
		t.Fatal(err)
	}
	if o.Err != nil {
		t.Fatalf("payment failed: %v after %d attempts", o.Err, len(o.Attempts))
	}
	if o.AmountMsat != amt {
		t.Errorf("delivered %v msat, want %v", o.AmountMsat, amt)
	}
	return o
}

// daveReceived is what dave holds on his channels.
func daveReceived(t *testing.T, nw *Network) amount.MilliSatoshi {
	t.Helper()
	var sum amount.MilliSatoshi
	for _, from := range []string{"carol", "bob"} {
		b, err := nw.Balance("dave", from)
		if err != nil {
			t.Fatal(err)
		}
		sum += b
	}
	return sum
}

func TestPaymentSettlesEndToEnd(t *testing.T) {
	nw, ctx, events := start(t, square())
	const amt = 100_000_000
	o := payDave(t, nw, ctx, amt)
	if len(o.Attempts) != 1 || len(o.Attempts[0].Route.Hops) != 3 {
		t.Fatalf("want one attempt over the 3-hop route, got %+v", o.Attempts)
	}
	if got := daveReceived(t, nw); got != amt {
		t.Errorf("dave's balance %v, want %v", got, amt)
	}
	// alice paid the amount and the fee out of her channel.
	if b, _ := nw.Balance("alice", "bob"); b != 3_000_000_000-amt-o.FeeMsat {
		t.Errorf("alice's balance %v, fee %v", b, o.FeeMsat)
	}
	// Every layer took part.
	seen := map[int]bool{}
	for _, e := range *events {
		seen[e.Layer] = true
	}
	for l := 1; l <= 5; l++ {
		if !seen[l] {
			t.Errorf("no event of layer %d", l)
		}
	}
}

func TestRetryAfterHopWithoutLiquidity(t *testing.T) {
	nw, ctx, _ := start(t, square())
	if err := nw.SetBalance("carol", "dave", 0); err != nil {
		t.Fatal(err)
	}
	before := daveReceived(t, nw)
	o := payDave(t, nw, ctx, 100_000_000)
	checkRetried(t, o, "carol")
	if got := daveReceived(t, nw) - before; got != 100_000_000 {
		t.Errorf("dave received %v", got)
	}
}

func TestRetryAfterHopOffline(t *testing.T) {
	nw, ctx, _ := start(t, square())
	if err := nw.Stop(ctx, "carol"); err != nil {
		t.Fatal(err)
	}
	o := payDave(t, nw, ctx, 100_000_000)
	checkRetried(t, o, "bob")
}

// checkRetried checks that the first attempt failed with
// temporary_channel_failure from erring, and the second succeeded.
func checkRetried(t *testing.T, o *pay.Outcome, erring string) {
	t.Helper()
	if len(o.Attempts) != 2 {
		t.Fatalf("want 2 attempts, got %d", len(o.Attempts))
	}
	a := o.Attempts[0]
	if a.State != pay.Failed || a.Failure == nil || a.Failure.Code() != failure.CodeTemporaryChannelFailure {
		t.Fatalf("first attempt: %+v", a)
	}
	if a.FailedAt < 1 {
		t.Fatalf("first attempt failed at %d", a.FailedAt)
	}
	if got := a.Route.Hops[a.FailedAt-1].NodeID; got != pointOf(erring) {
		t.Errorf("failure from %v, want %s", got, erring)
	}
	if o.Attempts[1].State != pay.Succeeded || len(o.Attempts[1].Route.Hops) != 2 {
		t.Errorf("second attempt: %+v", o.Attempts[1].Route.String())
	}
}

func TestMultiPartWhenNoPathHasCapacity(t *testing.T) {
	nw, ctx, events := start(t, square())
	// 1.5M sat: more than either path from bob to dave (1M sat each).
	const amt = 1_500_000_000
	o := payDave(t, nw, ctx, amt)
	parts := 0
	for _, a := range o.Attempts {
		if a.State == pay.Succeeded {
			parts++
		}
	}
	if parts < 2 {
		t.Errorf("%d parts settled", parts)
	}
	if got := daveReceived(t, nw); got != amt {
		t.Errorf("dave's balance %v, want %v", got, amt)
	}
	held := false
	for _, e := range *events {
		held = held || strings.Contains(e.Text, "holds the HTLC")
	}
	if !held {
		t.Error("dave never held a part")
	}
}

func TestPayUnknownNode(t *testing.T) {
	nw, ctx, _ := start(t, Config{Nodes: []string{"a", "b"}, Channels: []ChannelSpec{{A: "a", B: "b", CapacitySat: 100_000}}})
	if _, err := nw.Pay(ctx, "zed", "lnbcrt1"); !errors.Is(err, ErrUnknownNode) {
		t.Errorf("Pay from an unknown node: %v", err)
	}
	if err := nw.SetBalance("a", "zed", 0); !errors.Is(err, ErrUnknownNode) {
		t.Errorf("SetBalance: %v", err)
	}
}

// pointOf is the node id of a node named name.
func pointOf(name string) wire.Point {
	return wire.PointFromPubKey(nodeKey("node " + name).PubKey())
}
