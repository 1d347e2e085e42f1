package pathfind

import (
	"errors"
	"math/rand/v2"
	"testing"

	"github.com/lnstack/lnstack/layer3_p2p/amount"
	"github.com/lnstack/lnstack/layer3_p2p/graph"
)

// checkRoute verifies a route against the graph it was found on: each
// hop's channel exists in the direction used, with a usable policy whose
// limits hold the HTLC; each forwarding node gets its fee and delta
// exactly; the recipient gets the amount at the final expiry; the route
// fits the CLTV limit and the onion.
func checkRoute(t *testing.T, g *StaticGraph, req *Request, r *Route) {
	t.Helper()
	if r.ReceivedMsat() != req.AmountMsat {
		t.Fatalf("route %s delivers %s of %s", r, r.ReceivedMsat(), req.AmountMsat)
	}
	if n := len(r.Hops); n == 0 || n > MaxChannels(FinalHopLen(0)) {
		t.Fatalf("route of %d hops", n)
	}
	last := r.Hops[len(r.Hops)-1]
	if last.NodeID != req.Payee || last.CLTVExpiry != req.Height+DefaultFinalCLTVDelta {
		t.Fatalf("route ends at %s expiring %d", last.NodeID, last.CLTVExpiry)
	}
	if r.CLTVExpiry()-req.Height > DefaultMaxCLTV {
		t.Fatalf("route expires %d blocks away", r.CLTVExpiry()-req.Height)
	}
	if r.Probability <= 0 || r.Probability > 1 {
		t.Fatalf("probability %v", r.Probability)
	}
	from := req.Source
	for i, h := range r.Hops {
		c, ok := g.ChannelBySCID(h.SCID)
		if !ok {
			t.Fatalf("hop %d: no channel %s", i, h.SCID)
		}
		ends := [2]graph.NodeIndex{c.Nodes[h.Direction], c.Nodes[1-h.Direction]}
		if g.NodeID(ends[0]) != from || g.NodeID(ends[1]) != h.NodeID {
			t.Fatalf("hop %d: channel %s does not go from %s to %s", i, h.SCID, from, h.NodeID)
		}
		if h.AmountMsat > c.Capacity.ToMilliSatoshi() {
			t.Fatalf("hop %d: %s over capacity %s", i, h.AmountMsat, c.Capacity)
		}
		if i > 0 {
			// The forwarding node from charges on its own policy.
			p := c.Policies[h.Direction]
			if !p.Usable(c.Capacity) || h.AmountMsat < p.HTLCMinimumMsat || h.AmountMsat > p.HTLCMaximumMsat {
				t.Fatalf("hop %d: %s outside %+v", i, h.AmountMsat, p)
			}
			fee, err := p.Relay().Fee(h.AmountMsat)
			prev := r.Hops[i-1]
			if err != nil || prev.AmountMsat != h.AmountMsat+fee || prev.CLTVExpiry != h.CLTVExpiry+uint32(p.CLTVExpiryDelta) {
				t.Fatalf("hop %d: %s at %d after %s at %d, policy %+v", i, h.AmountMsat, h.CLTVExpiry, prev.AmountMsat, prev.CLTVExpiry, p)
			}
		}
		from = h.NodeID
	}
}

// routeAt routes a random request on a random graph of seed and checks
// the route, or that there is none; it reports whether there was one.
func routeAt(t *testing.T, seed, amt uint64) bool {
	g, err := NewStaticGraph(randomBase(seed), nil)
	if err != nil {
		t.Fatal(err)
	}
	rng := rand.New(rand.NewPCG(seed, amt))
	a, b := rng.IntN(g.NodeLimit()), rng.IntN(g.NodeLimit())
	if a == b {
		return false
	}
	req := &Request{Source: g.NodeID(graph.NodeIndex(a)), Payee: g.NodeID(graph.NodeIndex(b)),
		AmountMsat: amount.MilliSatoshi(amt%10_000_000_000 + 1), Height: testHeight}
	r, err := NewFinder().Route(g, req)
	if err != nil {
		if !errors.Is(err, ErrNoRoute) {
			t.Fatal(err)
		}
		return false
	}
	checkRoute(t, g, req, r)
	return true
}

func TestRouteInvariants(t *testing.T) {
	rng := rand.New(rand.NewPCG(11, 12))
	found := 0
	for range 300 {
		if routeAt(t, rng.Uint64N(50), rng.Uint64N(5_000_000_000)) {
			found++
		}
	}
	if found < 100 {
		t.Errorf("only %d of 300 requests routed", found)
	}
}

// FuzzRoute checks every route found on random graphs and requests.
func FuzzRoute(f *testing.F) {
	f.Add(uint64(1), uint64(1_000_000))
	f.Add(uint64(7), uint64(4_000_000_000))
	f.Fuzz(func(t *testing.T, seed, amt uint64) { routeAt(t, seed%64, amt) })
}
