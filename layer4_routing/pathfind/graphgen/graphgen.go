// Package graphgen builds synthetic channel graphs shaped like a real
// snapshot, at any size: today's public Lightning Network (about 16,000
// nodes and 50,000 channels) is larger than the public snapshots of
// ../shared/graphs (2019: 4,306 nodes, 37,497 channels), and claims about
// speed at today's scale are checked on such graphs.
//
// Synthesize draws each node's weight from the snapshot's degree
// distribution and connects the nodes in a Chung-Lu fashion (each
// channel's ends drawn in proportion to weight, so that expected degrees
// follow the weights and the hubs stay hubs), after a spanning tree grown
// by preferential attachment so that the graph is connected and every
// node has a channel. Capacities and the two directions' policies (fees,
// CLTV delta, HTLC minimum, disabled or missing directions) are drawn from
// the snapshot's. The result is a snapshot.Topology, deterministic in the
// seed, that package graphtest can sign into gossip or pathfind can load
// directly.
package graphgen

import (
	"errors"
	"fmt"
	"math/rand/v2"
	"sort"
	"strconv"

	"github.com/lnstack/lnstack/layer2_messaging/wire"
	"github.com/lnstack/lnstack/layer3_p2p/amount"
	"github.com/lnstack/lnstack/layer3_p2p/graph/snapshot"
)

// Mainnet is the size of today's public network the benchmarks use.
const (
	MainnetNodes    = 16_000
	MainnetChannels = 50_000
)

// ErrBase reports a base topology to draw from that has no channels or
// no policies.
var ErrBase = errors.New("graphgen: base topology has nothing to draw from")

// Config sizes a synthetic graph.
type Config struct {
	Nodes, Channels int
	// Seed makes the graph: the same base, sizes and seed give the same
	// topology.
	Seed uint64
}

// Synthesize builds a topology of cfg.Nodes nodes and cfg.Channels
// channels with base's degree, capacity and policy distributions. Every
// node has a channel and the graph is connected; Channels must be at
// least Nodes-1 and at most what distinct pairs allow.
func Synthesize(base *snapshot.Topology, cfg Config) (*snapshot.Topology, error) {
	n, m := cfg.Nodes, cfg.Channels
	if n < 2 || m < n-1 || uint64(m) > uint64(n)*uint64(n-1)/2 {
		return nil, fmt.Errorf("graphgen: %d channels cannot connect %d nodes", m, n)
	}
	d, err := newDraws(base)
	if err != nil {
		return nil, err
	}
	rng := rand.New(rand.NewPCG(cfg.Seed, cfg.Seed^0x9e3779b97f4a7c15))
	w := make([]float64, n)
	for i := range w {
		w[i] = float64(d.degrees[rng.IntN(len(d.degrees))])
	}
	// Give the hubs the first places, so that the tree attaches the
	// small nodes to them as the network grew.
	sort.Sort(sort.Reverse(sort.Float64Slice(w)))

	t := &snapshot.Topology{Nodes: make([]snapshot.Node, n), Channels: make([]snapshot.Channel, 0, m)}
	for i := range t.Nodes {
		t.Nodes[i].Name = "synth-" + strconv.Itoa(i)
	}
	pairs := make(map[[2]int]bool, m)
	connect := func(a, b int) bool {
		if a == b {
			return false
		}
		k := [2]int{min(a, b), max(a, b)}
		if pairs[k] {
			return false
		}
		pairs[k] = true
		t.Channels = append(t.Channels, d.channel(rng, len(t.Channels), a, b))
		return true
	}
	// A spanning tree by preferential attachment: node i joins one of
	// the nodes before it, in proportion to weight.
	tree := newFenwick(n)
	tree.add(0, w[0])
	for i := 1; i < n; i++ {
		// Clamped: float rounding must not pick a node not yet in.
		connect(i, min(tree.find(rng.Float64()*tree.total()), i-1))
		tree.add(i, w[i])
	}
	// The other channels between ends drawn in proportion to weight.
	cum := make([]float64, n)
	sum := 0.0
	for i, x := range w {
		sum += x
		cum[i] = sum
	}
	pick := func() int { return min(sort.SearchFloat64s(cum, rng.Float64()*sum), n-1) }
	for len(t.Channels) < m {
		connect(pick(), pick())
	}
	return t, nil
}

// draws are the distributions taken from the base topology.
type draws struct {
	degrees []int
	caps    []amount.Satoshi
	// policies holds one entry per direction of the base's channels,
	// nil for a direction without a policy.
	policies []*snapshot.Policy
}

func newDraws(base *snapshot.Topology) (*draws, error) {
	d := &draws{}
	deg := make([]int, len(base.Nodes))
	known := 0
	for i := range base.Channels {
		c := &base.Channels[i]
		if c.Nodes[0] == c.Nodes[1] {
			continue
		}
		deg[c.Nodes[0]]++
		deg[c.Nodes[1]]++
		d.caps = append(d.caps, c.Capacity)
		for _, p := range c.Policies {
			d.policies = append(d.policies, p)
			if p != nil {
				known++
			}
		}
	}
	for _, k := range deg {
		if k > 0 {
			d.degrees = append(d.degrees, k)
		}
	}
	if len(d.caps) == 0 || known == 0 {
		return nil, ErrBase
	}
	return d, nil
}

// channel draws channel i between nodes a and b.
func (d *draws) channel(rng *rand.Rand, i, a, b int) snapshot.Channel {
	// Synthetic short_channel_ids, ascending in i: a thousand channels
	// per block from block 600,000.
	scid, _ := wire.NewShortChannelID(600_000+uint32(i/1000), uint32(i%1000), 0)
	c := snapshot.Channel{SCID: scid, Nodes: [2]int{a, b}, Capacity: d.caps[rng.IntN(len(d.caps))]}
	for side := range c.Policies {
		p := d.policies[rng.IntN(len(d.policies))]
		if p == nil {
			continue
		}
		q := *p
		// BOLT #7: htlc_maximum_msat "MUST set this to less than or equal
		// to the channel capacity".
		q.HTLCMaximumMsat = c.Capacity.ToMilliSatoshi()
		q.HTLCMinimumMsat = min(q.HTLCMinimumMsat, q.HTLCMaximumMsat)
		c.Policies[side] = &q
	}
	return c
}

// fenwick is a Fenwick tree of weights, to draw an index in proportion
// to weight while weights are added.
type fenwick struct {
	t   []float64
	sum float64
}

func newFenwick(n int) *fenwick { return &fenwick{t: make([]float64, n+1)} }

func (f *fenwick) add(i int, w float64) {
	f.sum += w
	for i++; i < len(f.t); i += i & -i {
		f.t[i] += w
	}
}

func (f *fenwick) total() float64 { return f.sum }

// find returns the index whose cumulative weight range holds x.
func (f *fenwick) find(x float64) int {
	pos := 0
	step := 1
	for step*2 < len(f.t) {
		step *= 2
	}
	for ; step > 0; step /= 2 {
		if next := pos + step; next < len(f.t) && f.t[next] <= x {
			pos = next
			x -= f.t[next]
		}
	}
	// pos is the number of leading indices whose sum is <= x.
	return min(pos, len(f.t)-2)
}
