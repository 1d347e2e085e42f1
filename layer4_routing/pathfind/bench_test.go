package pathfind

import (
	"math"
	"math/rand/v2"
	"runtime"
	"slices"
	"testing"
	"time"

	"github.com/lnstack/lnstack/layer2_messaging/wire"
	"github.com/lnstack/lnstack/layer3_p2p/amount"
	"github.com/lnstack/lnstack/layer3_p2p/graph"
	"github.com/lnstack/lnstack/layer3_p2p/graph/graphtest"
	"github.com/lnstack/lnstack/layer3_p2p/graph/snapshot"
	"github.com/lnstack/lnstack/layer4_routing/pathfind/graphgen"
)

// The benchmarks route on two graphs: the Core Lightning snapshot of
// mainnet on 2019-05-14 (../shared/graphs, 37,497 channels; skipped when
// absent), and a synthetic graph of today's size (16,000 nodes, 50,000
// channels) drawn from that snapshot's degrees, capacities and policies
// by graphgen (seed 1). Pairs and amounts are drawn with a fixed seed:
// amounts log-uniform from 1,000 to 1,000,000 sat.

// pairCount is the number of random pairs of the latency benchmarks.
const pairCount = 1000

type benchGraph struct {
	name string
	load func(b *testing.B) (*snapshot.Topology, *StaticGraph, int64)
}

// buildStatic builds the StaticGraph of top and returns the heap it
// takes.
func buildStatic(b *testing.B, top *snapshot.Topology) (*StaticGraph, int64) {
	before := heapInUse()
	g, err := NewStaticGraph(top, nil)
	if err != nil {
		b.Fatal(err)
	}
	return g, heapInUse() - before
}

func benchGraphs() []benchGraph {
	return []benchGraph{
		{"mainnet2019", func(b *testing.B) (*snapshot.Topology, *StaticGraph, int64) {
			top := graphtest.CLN(b)
			g, heap := buildStatic(b, top)
			return top, g, heap
		}},
		{"synthetic50k", func(b *testing.B) (*snapshot.Topology, *StaticGraph, int64) {
			top, err := graphgen.Synthesize(graphtest.CLN(b), graphgen.Config{
				Nodes: graphgen.MainnetNodes, Channels: graphgen.MainnetChannels, Seed: 1})
			if err != nil {
				b.Fatal(err)
			}
			g, heap := buildStatic(b, top)
			return top, g, heap
		}},
	}
}

func heapInUse() int64 {
	runtime.GC()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	return int64(ms.HeapAlloc)
}

// benchPairs draws n (source, payee, amount) triples among the nodes
// that can send and receive: with a usable channel direction out and one
// in (a fifth of the 2019 snapshot's directions are disabled, and 39% of
// its nodes have no usable way in).
func benchPairs(g *StaticGraph, n int, seed uint64) []Request {
	rng := rand.New(rand.NewPCG(seed, 99))
	var nodes []graph.NodeIndex
	for i := range g.NodeLimit() {
		var in, out bool
		for _, e := range g.EdgeList(graph.NodeIndex(i)) {
			in = in || e.In.Usable(e.Capacity)
			out = out || e.Out.Usable(e.Capacity)
		}
		if in && out {
			nodes = append(nodes, graph.NodeIndex(i))
		}
	}
	reqs := make([]Request, 0, n)
	for len(reqs) < n {
		a, b := nodes[rng.IntN(len(nodes))], nodes[rng.IntN(len(nodes))]
		if a == b {
			continue
		}
		sat := math.Exp(math.Log(1e3) + rng.Float64()*(math.Log(1e6)-math.Log(1e3)))
		reqs = append(reqs, Request{Source: g.NodeID(a), Payee: g.NodeID(b), Height: 800_000,
			AmountMsat: amount.MilliSatoshi(sat) * 1000})
	}
	return reqs
}

// BenchmarkRoute measures one single-path search, over random pairs in
// turn.
func BenchmarkRoute(b *testing.B) {
	for _, bg := range benchGraphs() {
		b.Run(bg.name, func(b *testing.B) {
			_, g, _ := bg.load(b)
			reqs := benchPairs(g, pairCount, 1)
			f := NewFinder()
			b.ReportAllocs()
			b.ResetTimer()
			i := 0
			for b.Loop() {
				f.Route(g, &reqs[i%len(reqs)])
				i++
			}
		})
	}
}

// BenchmarkRouteLatency routes 1,000 random pairs per iteration and
// reports the 50th and 99th percentile of a single search in
// milliseconds, the share of pairs with a route, and the heap the graph
// and the Finder's state take. Run it with -benchtime=1x -cpu=1.
func BenchmarkRouteLatency(b *testing.B) {
	for _, bg := range benchGraphs() {
		b.Run(bg.name, func(b *testing.B) {
			top, g, graphHeap := bg.load(b)
			reqs := benchPairs(g, pairCount, 2)
			before := heapInUse()
			f := NewFinder()
			f.Route(g, &reqs[0])
			finderHeap := heapInUse() - before
			var lat latencies
			found := 0
			runtime.LockOSThread()
			defer runtime.UnlockOSThread()
			b.ReportAllocs()
			b.ResetTimer()
			for b.Loop() {
				for i := range reqs {
					stop := lat.start()
					_, err := f.Route(g, &reqs[i])
					stop()
					if err == nil {
						found++
					}
				}
			}
			b.StopTimer()
			lat.report(b)
			n := len(lat.cpu)
			b.ReportMetric(100*float64(found)/float64(n), "found-%")
			b.ReportMetric(float64(graphHeap+finderHeap), "heap-bytes")
			b.ReportMetric(float64(finderHeap), "finder-bytes")
			runtime.KeepAlive(top)
		})
	}
}

// BenchmarkRoutesMPP splits payments no single route carries: to payees
// with at least three usable channels in, 1.5 times the largest of them
// but at most 60% of their sum and 1 BTC, from sources whose channels out
// hold at least the amount. It reports the percentiles of a whole split,
// the parts per payment and the share of payments found.
func BenchmarkRoutesMPP(b *testing.B) {
	for _, bg := range benchGraphs() {
		b.Run(bg.name, func(b *testing.B) {
			_, g, _ := bg.load(b)
			reqs := mppPairs(g, 200, 3)
			f := NewFinder()
			var lat latencies
			parts, found := 0, 0
			runtime.LockOSThread()
			defer runtime.UnlockOSThread()
			b.ReportAllocs()
			b.ResetTimer()
			for b.Loop() {
				for i := range reqs {
					stop := lat.start()
					rs, err := f.Routes(g, &reqs[i])
					stop()
					if err == nil {
						found++
						parts += len(rs)
					}
				}
			}
			b.StopTimer()
			lat.report(b)
			n := len(lat.cpu)
			b.ReportMetric(100*float64(found)/float64(n), "found-%")
			if found > 0 {
				b.ReportMetric(float64(parts)/float64(found), "parts/payment")
			}
		})
	}
}

// outbound is the capacity of node n's usable channel directions out.
func outbound(g *StaticGraph, n graph.NodeIndex) uint64 {
	var sum uint64
	for _, e := range g.EdgeList(n) {
		if e.Out.Usable(e.Capacity) {
			sum += uint64(e.Capacity) * 1000
		}
	}
	return sum
}

// mppPairs draws n payments too large for any one channel into the
// payee.
func mppPairs(g *StaticGraph, n int, seed uint64) []Request {
	rng := rand.New(rand.NewPCG(seed, 98))
	var payees []graph.NodeIndex
	var amounts []uint64
	for i := range g.NodeLimit() {
		var usable int
		var largest, sum uint64
		for _, e := range g.EdgeList(graph.NodeIndex(i)) {
			if e.In.Usable(e.Capacity) {
				usable++
				largest = max(largest, uint64(e.In.HTLCMaximumMsat))
				sum += uint64(e.In.HTLCMaximumMsat)
			}
		}
		if usable >= 3 {
			payees = append(payees, graph.NodeIndex(i))
			amounts = append(amounts, min(largest*3/2, sum*6/10, 100_000_000_000))
		}
	}
	reqs := make([]Request, 0, n)
	for len(reqs) < n {
		k := rng.IntN(len(payees))
		src := graph.NodeIndex(rng.IntN(g.NodeLimit()))
		if src == payees[k] || outbound(g, src) < amounts[k] {
			continue
		}
		reqs = append(reqs, Request{Source: g.NodeID(src), Payee: g.NodeID(payees[k]), Height: 800_000,
			AmountMsat: amount.MilliSatoshi(amounts[k]), MinPartMsat: 1_000_000})
	}
	return reqs
}

// latencies collects the CPU time (of the locked thread) and the wall
// time of each search. On a machine shared with other work the wall
// time includes waiting for a core; the CPU time is the search's own,
// what it takes on one core of its own.
type latencies struct{ cpu, wall []time.Duration }

func (l *latencies) start() (stop func()) {
	c, w := threadClock(), time.Now()
	return func() {
		l.cpu = append(l.cpu, threadClock()-c)
		l.wall = append(l.wall, time.Since(w))
	}
}

// report reports the 50th and 99th percentiles of both, in
// milliseconds: p50-ms and p99-ms of the CPU time, wall-p50-ms and
// wall-p99-ms.
func (l *latencies) report(b *testing.B) {
	for _, s := range []struct {
		prefix string
		d      []time.Duration
	}{{"", l.cpu}, {"wall-", l.wall}} {
		if len(s.d) == 0 {
			continue
		}
		slices.Sort(s.d)
		pct := func(p float64) float64 { return float64(s.d[min(len(s.d)-1, int(p*float64(len(s.d))))]) / 1e6 }
		b.ReportMetric(pct(0.50), s.prefix+"p50-ms")
		b.ReportMetric(pct(0.99), s.prefix+"p99-ms")
	}
}

// BenchmarkRouteView compares a search through graph.View (the store a
// node keeps, reached through the Edges callback) with one over a
// Snapshot of it: the first 3,000 channels of the 2019 snapshot, signed
// into gossip and ingested (signing all 37,497 would take minutes). It
// reports the percentiles through the view, the median over the
// snapshot, their ratio, and the time to take the snapshot.
func BenchmarkRouteView(b *testing.B) {
	top := graphtest.CLN(b).Head(3000)
	gr, gsp := graphtest.Load(b, top, graph.Config{})
	ids := make([]wire.Point, len(gsp.NodeKeys))
	for i, k := range gsp.NodeKeys {
		ids[i] = wire.PointFromPubKey(k.PubKey())
	}
	static, err := NewStaticGraph(top, ids)
	if err != nil {
		b.Fatal(err)
	}
	var snap *StaticGraph
	start := threadClock()
	gr.View(func(v *graph.View) { snap = Snapshot(v) })
	snapshotTime := threadClock() - start
	reqs := benchPairs(static, pairCount, 4)
	f := NewFinder()
	var view, stat latencies
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		for i := range reqs {
			stop := view.start()
			f.FindRoute(gr, &reqs[i])
			stop()
			stop = stat.start()
			f.Route(snap, &reqs[i])
			stop()
		}
	}
	b.StopTimer()
	view.report(b)
	slices.Sort(stat.cpu)
	b.ReportMetric(float64(stat.cpu[len(stat.cpu)/2])/1e6, "snapshot-p50-ms")
	b.ReportMetric(float64(view.cpu[len(view.cpu)/2])/float64(stat.cpu[len(stat.cpu)/2]), "view/snapshot")
	b.ReportMetric(float64(snapshotTime)/1e6, "snapshot-ms")
}

// BenchmarkStaticGraph measures laying a topology out for the search
// (what Snapshot does with a store's channels, besides reading them).
func BenchmarkStaticGraph(b *testing.B) {
	top, err := graphgen.Synthesize(graphtest.CLN(b), graphgen.Config{
		Nodes: graphgen.MainnetNodes, Channels: graphgen.MainnetChannels, Seed: 1})
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := NewStaticGraph(top, nil); err != nil {
			b.Fatal(err)
		}
	}
}
