package pathfind

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"

	"github.com/lnstack/lnstack/layer2_messaging/wire"
	"github.com/lnstack/lnstack/layer3_p2p/gossip"
	"github.com/lnstack/lnstack/layer3_p2p/graph"
	"github.com/lnstack/lnstack/layer3_p2p/graph/snapshot"
)

// StaticGraph is an immutable Graph with each node's channels in one
// contiguous run of edges (compressed sparse rows), which the search reads
// in place. NewStaticGraph builds one from a snapshot topology without
// gossip, for benchmarks and simulations, where signing and validating
// the gossip of tens of thousands of channels would cost minutes (a
// graph.Graph fed the same topology's gossip finds the same routes);
// Snapshot copies one out of a graph store.
type StaticGraph struct {
	ids    []wire.Point
	byID   map[wire.Point]graph.NodeIndex
	start  []uint32
	edges  []graph.Edge
	chans  []graph.Channel
	bySCID map[wire.ShortChannelID]graph.ChannelIndex
}

var (
	_ Graph      = (*StaticGraph)(nil)
	_ EdgeLister = (*StaticGraph)(nil)
)

// NodeIDOf is the node_id a StaticGraph gives a topology node without
// one: its name when that is a node_id in hex (Core Lightning
// snapshots), otherwise 0x02 followed by SHA-256 of the name (not a valid
// key, which pathfinding never needs).
func NodeIDOf(name string) wire.Point {
	var p wire.Point
	if b, err := hex.DecodeString(name); err == nil && len(b) == wire.PointLen && (b[0] == 2 || b[0] == 3) {
		copy(p[:], b)
		return p
	}
	h := sha256.Sum256([]byte(name))
	p[0] = 2
	copy(p[1:], h[:])
	return p
}

// NewStaticGraph builds the graph of t. ids, when not nil, gives the
// node_id of each topology node (as graphtest derives keys); otherwise
// NodeIDOf names them. Channels are oriented as BOLT #7 does, node_id_1
// the lesser key; channels from a node to itself and repeated
// short_channel_ids are skipped.
func NewStaticGraph(t *snapshot.Topology, ids []wire.Point) (*StaticGraph, error) {
	if ids == nil {
		ids = make([]wire.Point, len(t.Nodes))
		for i := range t.Nodes {
			ids[i] = NodeIDOf(t.Nodes[i].Name)
		}
	} else if len(ids) != len(t.Nodes) {
		return nil, fmt.Errorf("pathfind: %d node ids for %d nodes", len(ids), len(t.Nodes))
	}
	seen := make(map[wire.ShortChannelID]bool, len(t.Channels))
	chans := make([]graph.Channel, 0, len(t.Channels))
	for i := range t.Channels {
		c := &t.Channels[i]
		if seen[c.SCID] || c.Nodes[0] == c.Nodes[1] {
			continue
		}
		seen[c.SCID] = true
		// Side s of the topology becomes direction d[s].
		n := [2]int{c.Nodes[0], c.Nodes[1]}
		pol := [2]*snapshot.Policy{c.Policies[0], c.Policies[1]}
		if bytes.Compare(ids[n[0]][:], ids[n[1]][:]) > 0 {
			n[0], n[1] = n[1], n[0]
			pol[0], pol[1] = pol[1], pol[0]
		}
		ch := graph.Channel{Index: graph.ChannelIndex(len(chans)), SCID: c.SCID, Capacity: c.Capacity,
			Nodes: [2]graph.NodeIndex{graph.NodeIndex(n[0]), graph.NodeIndex(n[1])}}
		for d, p := range pol {
			if p != nil {
				ch.Policies[d] = policyOf(p, uint8(d))
			}
		}
		chans = append(chans, ch)
	}
	return build(ids, chans)
}

// Snapshot copies the routing part of a graph store into a StaticGraph:
// what a node does to search many routes at the speed of a StaticGraph
// (no callback, each node's edges contiguous) while the store keeps
// taking gossip, taking a new snapshot from time to time. Node and
// channel indices stay those of the store. It runs inside Graph.View.
func Snapshot(v *graph.View) *StaticGraph {
	ids := make([]wire.Point, v.NodeLimit())
	for i := range ids {
		ids[i] = v.NodeID(graph.NodeIndex(i)) // zero for a free slot
	}
	var chans []graph.Channel
	v.Channels(func(c graph.Channel) bool {
		c.Features = nil // not needed to route, and not to be shared
		chans = append(chans, c)
		return true
	})
	g, _ := build(ids, chans) // a store has no repeated node ids
	return g
}

// build lays out the graph of channels chans (Index set) between nodes
// ids; a zero id marks a free node index.
func build(ids []wire.Point, chans []graph.Channel) (*StaticGraph, error) {
	g := &StaticGraph{ids: ids, byID: make(map[wire.Point]graph.NodeIndex, len(ids)),
		bySCID: make(map[wire.ShortChannelID]graph.ChannelIndex, len(chans))}
	for i, id := range ids {
		if id == (wire.Point{}) {
			continue
		}
		if _, dup := g.byID[id]; dup {
			return nil, fmt.Errorf("pathfind: node id %s twice", id)
		}
		g.byID[id] = graph.NodeIndex(i)
	}
	limit := 0
	degree := make([]uint32, len(ids)+1)
	for i := range chans {
		c := &chans[i]
		limit = max(limit, int(c.Index)+1)
		degree[c.Nodes[0]]++
		degree[c.Nodes[1]]++
	}
	g.chans = make([]graph.Channel, limit)
	for _, c := range chans {
		g.chans[c.Index] = c
		g.bySCID[c.SCID] = c.Index
	}
	g.start = make([]uint32, len(ids)+1)
	for i := range ids {
		g.start[i+1] = g.start[i] + degree[i]
	}
	g.edges = make([]graph.Edge, g.start[len(ids)])
	fill := append([]uint32(nil), g.start[:len(ids)]...)
	for _, c := range chans {
		for side := range 2 {
			n := c.Nodes[side]
			g.edges[fill[n]] = graph.Edge{Channel: c.Index, SCID: c.SCID, Capacity: c.Capacity,
				Peer: c.Nodes[1-side], Direction: uint8(side), Out: c.Policies[side], In: c.Policies[1-side],
				UnknownRequired: c.UnknownRequired}
			fill[n]++
		}
	}
	return g, nil
}

// policyOf packs a snapshot policy as the graph stores a channel_update.
func policyOf(p *snapshot.Policy, dir uint8) graph.Policy {
	flags := dir
	if p.Disabled {
		flags |= gossip.ChannelFlagDisable
	}
	ts := p.Timestamp
	if ts == 0 {
		ts = 1 // a policy the snapshot has is a known one
	}
	return graph.Policy{HTLCMinimumMsat: p.HTLCMinimumMsat, HTLCMaximumMsat: p.HTLCMaximumMsat,
		FeeBaseMsat: p.FeeBaseMsat, FeeProportionalMillionths: p.FeeProportionalMillionths,
		Timestamp: ts, CLTVExpiryDelta: p.CLTVExpiryDelta,
		MessageFlags: gossip.MessageFlagMustBeOne, ChannelFlags: flags}
}

// NodeLimit implements Graph.
func (g *StaticGraph) NodeLimit() int { return len(g.ids) }

// NumChannels returns the number of channels.
func (g *StaticGraph) NumChannels() int { return len(g.bySCID) }

// NodeByID implements Graph.
func (g *StaticGraph) NodeByID(id wire.Point) (graph.NodeIndex, bool) {
	n, ok := g.byID[id]
	return n, ok
}

// NodeID implements Graph.
func (g *StaticGraph) NodeID(n graph.NodeIndex) wire.Point { return g.ids[n] }

// Degree returns the number of channels of node n.
func (g *StaticGraph) Degree(n graph.NodeIndex) int { return int(g.start[n+1] - g.start[n]) }

// Edges implements Graph.
func (g *StaticGraph) Edges(n graph.NodeIndex, fn func(e graph.Edge) bool) {
	for _, e := range g.edges[g.start[n]:g.start[n+1]] {
		if !fn(e) {
			return
		}
	}
}

// EdgeList implements EdgeLister.
func (g *StaticGraph) EdgeList(n graph.NodeIndex) []graph.Edge {
	return g.edges[g.start[n]:g.start[n+1]]
}

// ChannelBySCID implements Graph.
func (g *StaticGraph) ChannelBySCID(scid wire.ShortChannelID) (graph.Channel, bool) {
	i, ok := g.bySCID[scid]
	if !ok {
		return graph.Channel{}, false
	}
	return g.chans[i], true
}
