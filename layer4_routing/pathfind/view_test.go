package pathfind

import (
	"errors"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/lnstack/lnstack/layer2_messaging/wire"
	"github.com/lnstack/lnstack/layer3_p2p/amount"
	"github.com/lnstack/lnstack/layer3_p2p/graph"
	"github.com/lnstack/lnstack/layer3_p2p/graph/graphtest"
	"github.com/lnstack/lnstack/layer3_p2p/graph/snapshot"
	"github.com/lnstack/lnstack/layer4_routing/pathfind/graphgen"
)

// randomBase is a small topology with varied policies and capacities, a
// base for graphgen in tests that must not depend on the snapshots.
func randomBase(seed uint64) *snapshot.Topology {
	rng := rand.New(rand.NewPCG(seed, 1))
	n := newTestNet()
	name := func(i int) string { return "base" + string(rune('a'+i%26)) + string(rune('a'+i/26)) }
	policy := func() *snapshot.Policy {
		if rng.IntN(10) == 0 {
			return nil
		}
		p := pol(uint32(rng.IntN(3)*1000), uint32(rng.IntN(2000)), uint16(18+rng.IntN(130)))
		p.Timestamp = 1_700_000_000
		p.Disabled = rng.IntN(20) == 0
		return p
	}
	for i := 1; i < 40; i++ {
		for range 1 + rng.IntN(3) {
			j := rng.IntN(i)
			n.channel(name(i), name(j), amount.Satoshi(20_000+rng.IntN(5_000_000)), policy(), policy())
		}
	}
	return &n.top
}

// TestViewMatchesStatic routes over a graph.Graph fed signed gossip
// (through graph.View), over a StaticGraph of the same topology and over
// a Snapshot of the store, and expects the same routes: the adapter-free
// use of *graph.View, the benchmarks' StaticGraph and the snapshot a node
// would search agree.
func TestViewMatchesStatic(t *testing.T) {
	top, err := graphgen.Synthesize(randomBase(7), graphgen.Config{Nodes: 60, Channels: 150, Seed: 7})
	if err != nil {
		t.Fatal(err)
	}
	g, gsp := graphtest.Load(t, top, graph.Config{})
	ids := make([]wire.Point, len(gsp.NodeKeys))
	for i, k := range gsp.NodeKeys {
		ids[i] = wire.PointFromPubKey(k.PubKey())
	}
	static, err := NewStaticGraph(top, ids)
	if err != nil {
		t.Fatal(err)
	}
	if s := g.Stats(); s.Channels != static.NumChannels() {
		t.Fatalf("graph has %d channels, static %d", s.Channels, static.NumChannels())
	}
	var snap *StaticGraph
	g.View(func(v *graph.View) { snap = Snapshot(v) })
	rng := rand.New(rand.NewPCG(8, 9))
	fv, fs := NewFinder(), NewFinder()
	found := 0
	for range 300 {
		a, b := rng.IntN(len(ids)), rng.IntN(len(ids))
		if a == b {
			continue
		}
		req := &Request{Source: ids[a], Payee: ids[b], Height: testHeight,
			AmountMsat: amount.MilliSatoshi(1000 + rng.Uint64N(50_000_000))}
		rv, errV := fv.FindRoute(g, req)
		rs, errS := fs.Route(static, req)
		// A snapshot of the store keeps its indices: the very same route.
		rn, errN := fs.Route(snap, req)
		if (errV == nil) != (errN == nil) || errV == nil && !cmp.Equal(rv, rn) {
			t.Fatalf("%d->%d: view %v %v, snapshot %v %v", a, b, rv, errV, rn, errN)
		}
		if (errV == nil) != (errS == nil) || errV != nil && !errors.Is(errV, ErrNoRoute) {
			t.Fatalf("%d->%d: view %v, static %v", a, b, errV, errS)
		}
		if errV != nil {
			continue
		}
		found++
		if math.Abs(rv.Cost-rs.Cost) > 1e-9*rv.Cost || rv.AmountMsat() != rs.AmountMsat() ||
			rv.CLTVExpiry() != rs.CLTVExpiry() || len(rv.Hops) != len(rs.Hops) {
			t.Fatalf("%d->%d: view %s (cost %v), static %s (cost %v)", a, b, rv, rv.Cost, rs, rs.Cost)
		}
	}
	if found < 100 {
		t.Errorf("only %d routes found of 300 pairs", found)
	}
}
