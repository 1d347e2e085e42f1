package pathfind

import (
	"errors"
	"testing"
	"time"

	"github.com/lnstack/lnstack/layer2_messaging/wire"
	"github.com/lnstack/lnstack/layer3_p2p/amount"
	"github.com/lnstack/lnstack/layer4_routing/failure"
)

var t0 = time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)

func TestMPPSplit(t *testing.T) {
	n := newTestNet()
	n.both("S", "X", 10_000_000, pol(0, 0, 10))
	n.both("S", "Y", 10_000_000, pol(0, 0, 10))
	n.both("X", "T", 60_000, pol(0, 100, 10))
	n.both("Y", "T", 60_000, pol(0, 200, 10))
	g := n.graph(t)
	const amt = 100_000_000 // 100,000 sat: more than either channel into T
	req := n.request("S", "T", amt)
	if _, err := NewFinder().Route(g, req); !errors.Is(err, ErrNoRoute) {
		t.Fatalf("single route for more than any channel holds: %v", err)
	}
	f := NewFinder()
	parts, err := f.Routes(g, req)
	if err != nil {
		t.Fatal(err)
	}
	if len(parts) != 2 {
		t.Fatalf("%d parts, want 2: %v", len(parts), parts)
	}
	checkSplit(t, parts, amt)
	if parts[0].Hops[1].SCID == parts[1].Hops[1].SCID {
		t.Errorf("both parts into T over %s", parts[0].Hops[1].SCID)
	}

	req.MaxParts = 1
	if _, err := f.Routes(g, req); !errors.Is(err, ErrNoRoute) {
		t.Errorf("MaxParts 1: %v", err)
	}
	req.MaxParts, req.MinPartMsat = 0, 60_000_000
	if _, err := f.Routes(g, req); !errors.Is(err, ErrNoRoute) {
		t.Errorf("parts of at least 60,000 sat: %v", err)
	}
	// Asking each part to be likely splits further.
	req.MinPartMsat, req.MinPartProbability = 0, 0.5
	parts, err = f.Routes(g, req)
	if err != nil {
		t.Fatal(err)
	}
	if len(parts) < 3 {
		t.Errorf("%d parts with MinPartProbability 0.5", len(parts))
	}
	checkSplit(t, parts, amt)
	// An amount one route carries stays whole.
	req = n.request("S", "T", 1_000_000)
	if parts, err := f.Routes(g, req); err != nil || len(parts) != 1 {
		t.Errorf("small amount: %d parts, %v", len(parts), err)
	}
}

// checkSplit checks that parts deliver amt in total and that no channel
// direction carries more than its capacity.
func checkSplit(t *testing.T, parts []Route, amt amount.MilliSatoshi) {
	t.Helper()
	var total amount.MilliSatoshi
	load := map[ChannelDirection]amount.MilliSatoshi{}
	for _, r := range parts {
		total += r.ReceivedMsat()
		for _, h := range r.Hops {
			cd := ChannelDirection{h.SCID, h.Direction}
			load[cd] += h.AmountMsat
			if load[cd] > h.CapacityMsat {
				t.Errorf("%v carries %s over capacity %s", cd, load[cd], h.CapacityMsat)
			}
		}
	}
	if total != amt {
		t.Errorf("parts deliver %s, want %s", total, amt)
	}
}

func TestLearnFromChannelFailure(t *testing.T) {
	n := diamond(pol(1000, 100, 40))
	g := n.graph(t)
	l := NewLiquidity(time.Hour)
	req := n.request("S", "T", 1_000_000)
	req.Liquidity, req.Now = l, t0
	r := mustRoute(t, g, req)
	wantPath(t, r, n.via("S", "X", "T"))

	// X (position 1) could not forward over X->T.
	l.ReportFailure(r, 1, failure.CodeTemporaryChannelFailure, t0)
	xt := ChannelDirection{r.Hops[1].SCID, r.Hops[1].Direction}
	if lo, hi, ok := l.Bounds(xt, t0); !ok || lo != 0 || hi != 999_999 {
		t.Errorf("X->T bounds %s..%s, want 0..999999 msat", lo, hi)
	}
	sx := ChannelDirection{r.Hops[0].SCID, r.Hops[0].Direction}
	if lo, _, ok := l.Bounds(sx, t0); !ok || lo != r.Hops[0].AmountMsat {
		t.Errorf("S->X lower bound %s, want what it carried, %s", lo, r.Hops[0].AmountMsat)
	}
	// The next search avoids X->T.
	wantPath(t, mustRoute(t, g, req), n.via("S", "Y", "T"))
	// A smaller amount still fits under the bound, with the probability
	// of the uniform model: (999999+1-100000)/(999999+1).
	small := *req
	small.AmountMsat = 100_000
	small.ExcludeNodes = []wire.Point{id("Y")}
	if r := mustRoute(t, g, &small); r.Probability < 0.9-1e-9 || r.Probability > 0.9+1e-9 {
		t.Errorf("100,000 msat under the bound: %s, want p=0.9", r)
	}

	// The bound decays back towards the capacity: half after an hour.
	_, hi, _ := l.Bounds(xt, t0.Add(time.Hour))
	if want := amount.MilliSatoshi(10_000_000_000 - (10_000_000_000-999_999)/2); hi < want-1 || hi > want+1 {
		t.Errorf("upper bound after one half-life %s, want %s", hi, want)
	}
	// After long enough X is the cheapest again.
	req.Now = t0.Add(12 * time.Hour)
	wantPath(t, mustRoute(t, g, req), n.via("S", "X", "T"))
}

func TestLearnFromNodeFailure(t *testing.T) {
	n := diamond(pol(1000, 100, 40))
	g := n.graph(t)
	l := NewLiquidity(time.Hour)
	req := n.request("S", "T", 1_000_000)
	req.Liquidity, req.Now = l, t0
	r := mustRoute(t, g, req)
	l.ReportFailure(r, 1, failure.CodeTemporaryNodeFailure, t0)
	if p := l.NodePenalty(id("X"), t0); p != 0 {
		t.Errorf("penalty right after the failure %v, want 0", p)
	}
	wantPath(t, mustRoute(t, g, req), n.via("S", "Y", "T"))
	if p := l.NodePenalty(id("X"), t0.Add(time.Hour)); p < 0.49 || p > 0.51 {
		t.Errorf("penalty after a half-life %v, want 0.5", p)
	}
	req.Now = t0.Add(12 * time.Hour)
	wantPath(t, mustRoute(t, g, req), n.via("S", "X", "T"))
	if l.NodePenalty(id("Y"), t0) != 1 {
		t.Error("Y penalised")
	}
}

func TestReportFailureCodes(t *testing.T) {
	n := diamond(pol(1000, 100, 40))
	g := n.graph(t)
	r := mustRoute(t, g, n.request("S", "T", 1_000_000))
	sx := ChannelDirection{r.Hops[0].SCID, r.Hops[0].Direction}
	xt := ChannelDirection{r.Hops[1].SCID, r.Hops[1].Direction}
	tests := []struct {
		name   string
		erring int
		code   failure.Code
		// want bounds of X->T; known false when nothing is recorded.
		known  bool
		lo, hi amount.MilliSatoshi
		node   bool
	}{
		{"temporary_channel_failure", 1, failure.CodeTemporaryChannelFailure, true, 0, 999_999, false},
		{"channel_disabled", 1, failure.CodeChannelDisabled, true, 0, 0, false},
		{"unknown_next_peer", 1, failure.CodeUnknownNextPeer, true, 0, 0, false},
		{"permanent_channel_failure", 1, failure.CodePermanentChannelFailure, true, 0, 0, false},
		{"invalid_onion_hmac from the next node", 1, failure.CodeInvalidOnionHMAC, true, 0, 0, false},
		{"fee_insufficient", 1, failure.CodeFeeInsufficient, false, 0, 0, false},
		{"incorrect_cltv_expiry", 1, failure.CodeIncorrectCLTVExpiry, false, 0, 0, false},
		{"permanent_node_failure", 1, failure.CodePermanentNodeFailure, false, 0, 0, true},
		{"invalid_onion_payload", 1, failure.CodeInvalidOnionPayload, false, 0, 0, true},
		{"final node", 2, failure.CodeIncorrectOrUnknownPaymentDetails, true, 1_000_000, 10_000_000_000, false},
		{"mpp_timeout", 2, failure.CodeMPPTimeout, true, 1_000_000, 10_000_000_000, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			l := NewLiquidity(0)
			l.ReportFailure(r, tt.erring, tt.code, t0)
			lo, hi, ok := l.Bounds(xt, t0)
			if ok != tt.known || ok && (lo != tt.lo || hi != tt.hi) {
				t.Errorf("X->T: %v %s..%s, want %v %s..%s", ok, lo, hi, tt.known, tt.lo, tt.hi)
			}
			if lo, _, ok := l.Bounds(sx, t0); !ok || lo != r.Hops[0].AmountMsat {
				t.Errorf("S->X carried: %v %s", ok, lo)
			}
			if penalised := l.NodePenalty(id("X"), t0) < 1; penalised != tt.node {
				t.Errorf("X penalised %v, want %v", penalised, tt.node)
			}
		})
	}
	// Out of range positions are ignored.
	l := NewLiquidity(0)
	l.ReportFailure(r, 3, failure.CodeTemporaryChannelFailure, t0)
	l.ReportFailure(r, -1, failure.CodeTemporaryChannelFailure, t0)
	if _, _, ok := l.Bounds(sx, t0); ok {
		t.Error("learned from an impossible position")
	}
}

func TestReportSuccess(t *testing.T) {
	n := diamond(pol(1000, 100, 40))
	g := n.graph(t)
	l := NewLiquidity(time.Hour)
	req := n.request("S", "T", 1_000_000)
	r := mustRoute(t, g, req)
	l.ReportFailure(r, 1, failure.CodeTemporaryChannelFailure, t0) // X->T < 1,000,000
	l.ReportSuccess(r, t0)
	// Carrying 1,000,000 proves the refusal stale; then the amount moved
	// across.
	xt := ChannelDirection{r.Hops[1].SCID, r.Hops[1].Direction}
	lo, hi, ok := l.Bounds(xt, t0)
	if !ok || lo != 0 || hi != 10_000_000_000-1_000_000 {
		t.Errorf("X->T after success %s..%s", lo, hi)
	}
	// A payment of what was there before the last one now has the
	// probability of the bounds: certain below lo.
	l = NewLiquidity(time.Hour)
	l.ReportFailure(r, 2, failure.CodeIncorrectOrUnknownPaymentDetails, t0)
	req.Liquidity, req.Now = l, t0
	if r := mustRoute(t, g, req); r.Probability != 1 {
		t.Errorf("probability over channels known to carry the amount: %v", r.Probability)
	}
}

// TestProbability checks the uniform model at its edges.
func TestProbability(t *testing.T) {
	tests := []struct {
		need, lo, hi uint64
		want         float64
	}{
		{0, 0, 99, 1},
		{10, 10, 99, 1},
		{100, 0, 99, 0},
		{50, 0, 99, 0.5},
		{99, 0, 99, 0.01},
		{60, 50, 99, 0.8},
	}
	for _, tt := range tests {
		if got := successProbability(tt.need, tt.lo, tt.hi); got < tt.want-1e-12 || got > tt.want+1e-12 {
			t.Errorf("P(%d | %d..%d) = %v, want %v", tt.need, tt.lo, tt.hi, got, tt.want)
		}
	}
}
