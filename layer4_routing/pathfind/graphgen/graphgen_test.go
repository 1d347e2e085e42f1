package graphgen

import (
	"errors"
	"reflect"
	"testing"

	"github.com/lnstack/lnstack/layer2_messaging/wire"
	"github.com/lnstack/lnstack/layer3_p2p/graph/graphtest"
	"github.com/lnstack/lnstack/layer3_p2p/graph/snapshot"
)

// star is a base topology: a hub with ten spokes, one policy each way.
func star() *snapshot.Topology {
	t := &snapshot.Topology{Nodes: make([]snapshot.Node, 11)}
	for i := 1; i <= 10; i++ {
		scid, _ := wire.NewShortChannelID(1, uint32(i), 0)
		p := &snapshot.Policy{Timestamp: 1, FeeBaseMsat: uint32(i), FeeProportionalMillionths: uint32(10 * i),
			CLTVExpiryDelta: uint16(i), HTLCMinimumMsat: 1000, HTLCMaximumMsat: 1}
		t.Channels = append(t.Channels, snapshot.Channel{SCID: scid, Nodes: [2]int{0, i},
			Capacity: 100_000 * 1000, Policies: [2]*snapshot.Policy{p, nil}})
	}
	return t
}

// check verifies the sizes, that the graph is connected and simple, and
// that every policy fits its channel.
func check(t *testing.T, top *snapshot.Topology, nodes, channels int) {
	t.Helper()
	if len(top.Nodes) != nodes || len(top.Channels) != channels {
		t.Fatalf("%d nodes, %d channels; want %d, %d", len(top.Nodes), len(top.Channels), nodes, channels)
	}
	adj := make([][]int, nodes)
	seen := map[[2]int]bool{}
	scids := map[wire.ShortChannelID]bool{}
	for _, c := range top.Channels {
		a, b := c.Nodes[0], c.Nodes[1]
		k := [2]int{min(a, b), max(a, b)}
		if a == b || seen[k] || scids[c.SCID] {
			t.Fatalf("channel %s: loop or repeated pair or id", c.SCID)
		}
		seen[k], scids[c.SCID] = true, true
		adj[a] = append(adj[a], b)
		adj[b] = append(adj[b], a)
		for _, p := range c.Policies {
			if p != nil && (p.HTLCMaximumMsat != c.Capacity.ToMilliSatoshi() || p.HTLCMinimumMsat > p.HTLCMaximumMsat) {
				t.Fatalf("channel %s: policy %+v does not fit capacity %s", c.SCID, p, c.Capacity)
			}
		}
	}
	reached := make([]bool, nodes)
	queue := []int{0}
	reached[0] = true
	for len(queue) > 0 {
		v := queue[0]
		queue = queue[1:]
		for _, u := range adj[v] {
			if !reached[u] {
				reached[u] = true
				queue = append(queue, u)
			}
		}
	}
	for i, r := range reached {
		if !r {
			t.Fatalf("node %d not connected", i)
		}
	}
}

func TestSynthesize(t *testing.T) {
	cfg := Config{Nodes: 300, Channels: 900, Seed: 42}
	a, err := Synthesize(star(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	check(t, a, 300, 900)
	b, _ := Synthesize(star(), cfg)
	if !reflect.DeepEqual(a, b) {
		t.Error("same seed, different graphs")
	}
	cfg.Seed++
	c, _ := Synthesize(star(), cfg)
	if reflect.DeepEqual(a, c) {
		t.Error("different seeds, same graph")
	}
	// Half the base's directions have no policy: about half the
	// synthetic ones neither.
	missing := 0
	for _, ch := range a.Channels {
		for _, p := range ch.Policies {
			if p == nil {
				missing++
			}
		}
	}
	if missing < 700 || missing > 1100 {
		t.Errorf("%d of 1800 directions without policy, want about 900", missing)
	}
}

func TestSynthesizeErrors(t *testing.T) {
	if _, err := Synthesize(star(), Config{Nodes: 10, Channels: 5}); err == nil {
		t.Error("too few channels to connect accepted")
	}
	if _, err := Synthesize(star(), Config{Nodes: 4, Channels: 7}); err == nil {
		t.Error("more channels than pairs accepted")
	}
	if _, err := Synthesize(&snapshot.Topology{}, Config{Nodes: 4, Channels: 3}); !errors.Is(err, ErrBase) {
		t.Errorf("empty base: %v", err)
	}
}

// TestSynthesizeMainnet builds today's mainnet size from the 2019
// snapshot and checks its degrees keep the snapshot's heavy tail.
func TestSynthesizeMainnet(t *testing.T) {
	if testing.Short() {
		t.Skip("reads the 2019 snapshot")
	}
	base := graphtest.CLN(t)
	top, err := Synthesize(base, Config{Nodes: MainnetNodes, Channels: MainnetChannels, Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	check(t, top, MainnetNodes, MainnetChannels)
	deg := make([]int, len(top.Nodes))
	for _, c := range top.Channels {
		deg[c.Nodes[0]]++
		deg[c.Nodes[1]]++
	}
	maxDeg, ones := 0, 0
	for _, d := range deg {
		maxDeg = max(maxDeg, d)
		if d == 1 {
			ones++
		}
	}
	// The snapshot's largest hubs have about a thousand channels, and
	// many nodes one.
	if maxDeg < 300 || ones < len(deg)/10 {
		t.Errorf("largest degree %d, %d nodes of degree 1: not heavy-tailed", maxDeg, ones)
	}
	t.Logf("largest degree %d, %d of %d nodes with one channel", maxDeg, ones, len(deg))
}
