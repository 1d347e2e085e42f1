package graph_test

import (
	"context"

	"github.com/btcsuite/btcd/btcec/v2"
	"os"
	"runtime"
	"strconv"
	"syscall"
	"testing"
	"time"

	"github.com/lnstack/lnstack/layer2_messaging/wire"
	"github.com/lnstack/lnstack/layer3_p2p/gossip"
	"github.com/lnstack/lnstack/layer3_p2p/graph"
	"github.com/lnstack/lnstack/layer3_p2p/graph/graphtest"
	"github.com/lnstack/lnstack/layer3_p2p/graph/snapshot"
)

// EnvBenchChannels names the environment variable that sets how many
// channels of the mainnet snapshot the benchmarks take: a number, or "all"
// for the whole 2019 graph (37,497 channels, 110,537 messages; signing and
// verifying it takes minutes of CPU). The default is benchChannels.
const EnvBenchChannels = "LNSTACK_BENCH_CHANNELS"

// benchChannels keeps a default benchmark run within seconds.
const benchChannels = 3000

// benchTopology returns the snapshot part the benchmarks use.
func benchTopology(b *testing.B) *snapshot.Topology {
	top := graphtest.CLN(b)
	n := benchChannels
	switch v := os.Getenv(EnvBenchChannels); v {
	case "":
	case "all":
		n = len(top.Channels)
	default:
		var err error
		if n, err = strconv.Atoi(v); err != nil || n <= 0 {
			b.Fatalf("%s=%q: want a number of channels or \"all\"", EnvBenchChannels, v)
		}
	}
	return top.Head(n)
}

// ingestAll feeds frames to a new graph in batches, as a peer's replies
// would arrive, and fails on any refused message.
func ingestAll(b *testing.B, frames [][]byte, gsp *graphtest.Gossip, cfg graph.Config) graph.IngesterStats {
	_, st := ingestInto(b, frames, gsp, cfg)
	return st
}

// ingestInto is ingestAll returning the graph too.
func ingestInto(b *testing.B, frames [][]byte, gsp *graphtest.Gossip, cfg graph.Config) (*graph.Graph, graph.IngesterStats) {
	g := graph.New(cfg)
	in := graph.NewIngester(g, graph.IngesterConfig{Validator: gsp.Validator()})
	for start := 0; start < len(frames); start += graphtest.BatchSize {
		for i, err := range in.IngestFrames(context.Background(), frames[start:min(start+graphtest.BatchSize, len(frames))]) {
			if err != nil {
				b.Fatalf("frame %d: %v", start+i, err)
			}
		}
	}
	return g, in.Stats()
}

// processCPU returns the CPU time (user and system) of the process.
func processCPU() time.Duration {
	var ru syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_SELF, &ru) != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// BenchmarkIngest measures full ingestion of signed gossip generated from
// the mainnet snapshot with fresh keys: decoding, validation (every
// signature verified, the funding output checked) and applying, on one
// core (GOMAXPROCS 1) and on two, alternating each iteration. It reports
// messages per second of each and their ratio (the target is 1.8 or more),
// and the CPU time per message of each (which should not grow with cores:
// a growth is coordination overhead).
//
// A shared machine may not give a second core at all; as a yardstick, each
// iteration also times a perfectly parallel job on one core and on two,
// verifying the channel_updates' signatures with gossip.VerifyBatch (all
// cores, no coordination), and reports its ratio (ref-ratio) and
// ingestion's ratio over it (efficiency; 1 means ingestion scales as well
// as independent signature checks do on the same machine at the same
// time). And it reports the Ingester's own split of its time on one core
// between the work it spreads over the workers and the serial steps around
// it (IngesterStats), as serial-fraction, with the speedup Amdahl's law
// allows on two cores (amdahl-2cores).
func BenchmarkIngest(b *testing.B) {
	top := benchTopology(b)
	gsp, err := graphtest.Generate(top, graphtest.Options{Seed: "bench"})
	if err != nil {
		b.Fatal(err)
	}
	frames, err := gsp.Frames()
	if err != nil {
		b.Fatal(err)
	}
	ref := refChecks(b, gsp)
	b.Logf("%d channels, %d messages; yardstick %d signature checks", len(top.Channels), len(frames), len(ref))
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(0))
	var wall, cpu, refWall [3]time.Duration
	var split graph.IngesterStats
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		for _, procs := range [2]int{1 + i%2, 2 - i%2} {
			runtime.GOMAXPROCS(procs)
			c0, t0 := processCPU(), time.Now()
			st := ingestAll(b, frames, gsp, graph.Config{KeepMessages: true})
			wall[procs] += time.Since(t0)
			if procs == 1 {
				split.Parallel += st.Parallel
				split.Serial += st.Serial
			}
			cpu[procs] += processCPU() - c0
			t0 = time.Now()
			for _, err := range gossip.VerifyBatch(context.Background(), ref, 0) {
				if err != nil {
					b.Fatal(err)
				}
			}
			refWall[procs] += time.Since(t0)
		}
	}
	msgs := float64(len(frames)) * float64(b.N)
	rate1, rate2 := msgs/wall[1].Seconds(), msgs/wall[2].Seconds()
	refRatio := float64(refWall[1]) / float64(refWall[2])
	b.ReportMetric(rate1, "msgs/s-1core")
	b.ReportMetric(rate2, "msgs/s-2cores")
	b.ReportMetric(rate2/rate1, "ratio")
	b.ReportMetric(refRatio, "ref-ratio")
	b.ReportMetric(rate2/rate1/refRatio, "efficiency")
	b.ReportMetric(float64(cpu[1])/msgs, "cpu-ns/msg-1core")
	b.ReportMetric(float64(cpu[2])/msgs, "cpu-ns/msg-2cores")
	serial := float64(split.Serial) / float64(split.Serial+split.Parallel)
	b.ReportMetric(serial, "serial-fraction")
	b.ReportMetric(1/(serial+(1-serial)/2), "amdahl-2cores")
}

// refChecks returns the signature checks of a quarter of the
// channel_updates, for BenchmarkIngest's yardstick.
func refChecks(b *testing.B, gsp *graphtest.Gossip) []gossip.SigCheck {
	keys := make(map[wire.Point]*btcec.PublicKey)
	for _, k := range gsp.NodeKeys {
		keys[wire.PointFromPubKey(k.PubKey())] = k.PubKey()
	}
	ann := make(map[wire.ShortChannelID]*gossip.ChannelAnnouncement)
	for _, a := range gsp.Announcements {
		ann[a.ShortChannelID] = a
	}
	var checks []gossip.SigCheck
	for i := 0; i < len(gsp.Updates); i += 4 {
		u := gsp.Updates[i]
		a := ann[u.ShortChannelID]
		id := a.NodeID1
		if u.Direction() == gossip.Node2 {
			id = a.NodeID2
		}
		c, err := u.SigCheck(keys[id])
		if err != nil {
			b.Fatal(err)
		}
		checks = append(checks, c)
	}
	return checks
}

// BenchmarkGraphMemory measures what a graph built from the snapshot's
// gossip occupies: the live heap after loading minus before, after
// garbage collection, per channel direction with a policy and per channel.
// "routing" is the graph for pathfinding alone; "with-messages" also keeps
// the signed gossip to answer queries.
func BenchmarkGraphMemory(b *testing.B) {
	top := benchTopology(b)
	gsp, err := graphtest.Generate(top, graphtest.Options{Seed: "bench"})
	if err != nil {
		b.Fatal(err)
	}
	frames, err := gsp.Frames()
	if err != nil {
		b.Fatal(err)
	}
	for _, bc := range []struct {
		name string
		cfg  graph.Config
	}{{"routing", graph.Config{}}, {"with-messages", graph.Config{KeepMessages: true}}} {
		b.Run(bc.name, func(b *testing.B) {
			var bytes float64
			var st graph.Stats
			for b.Loop() {
				before := liveHeap()
				g, _ := ingestInto(b, frames, gsp, bc.cfg)
				bytes = float64(liveHeap() - before)
				st = g.Stats()
				runtime.KeepAlive(g)
			}
			b.ReportMetric(bytes/float64(st.Directions), "bytes/direction")
			b.ReportMetric(bytes/float64(st.Channels), "bytes/channel")
			b.ReportMetric(float64(st.Channels), "channels")
		})
	}
}

// liveHeap returns the bytes of live heap objects after a full collection.
func liveHeap() uint64 {
	runtime.GC()
	runtime.GC()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	return ms.HeapAlloc
}

// BenchmarkEdges measures walking every node's channels, the inner loop
// of pathfinding.
func BenchmarkEdges(b *testing.B) {
	top := benchTopology(b)
	g, _ := graphtest.Load(b, top, graph.Config{})
	b.ReportAllocs()
	var edges int
	for b.Loop() {
		edges = 0
		g.View(func(v *graph.View) {
			for n := range v.NodeLimit() {
				v.Edges(graph.NodeIndex(n), func(e graph.Edge) bool {
					if e.In.Usable(e.Capacity) {
						edges++
					}
					return true
				})
			}
		})
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(2*top.Directions()), "ns/edge")
	_ = edges
}
