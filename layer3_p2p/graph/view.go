package graph

import (
	"github.com/lnstack/lnstack/layer1_transport/netaddr"
	"github.com/lnstack/lnstack/layer2_messaging/feature"
	"github.com/lnstack/lnstack/layer2_messaging/wire"
	"github.com/lnstack/lnstack/layer3_p2p/amount"
)

// View is a read-only, consistent view of the graph, valid only inside
// the function given to Graph.View (which holds the read lock). It is what
// pathfinding walks: nodes by dense index, the channels of a node with the
// policies of both directions, capacities and features.
type View struct{ g *Graph }

// View calls fn with a view of the graph, holding the read lock until fn
// returns: writers wait, so fn should not block on anything else.
func (g *Graph) View(fn func(v *View)) {
	g.mu.RLock()
	defer g.mu.RUnlock()
	fn(&View{g: g})
}

// NumNodes returns the number of nodes (with at least one channel).
func (v *View) NumNodes() int { return v.g.numNodes }

// NumChannels returns the number of channels.
func (v *View) NumChannels() int { return v.g.numChans }

// NodeLimit returns a bound on node indices: every NodeIndex of the view
// is below it, so arrays of that length can be indexed by NodeIndex.
func (v *View) NodeLimit() int { return len(v.g.nodes) }

// NodeByID returns the index of the node with node_id id.
func (v *View) NodeByID(id wire.Point) (NodeIndex, bool) {
	i, ok := v.g.nodeIndex[id]
	return NodeIndex(i), ok
}

// NodeID returns the node_id of node n.
func (v *View) NodeID(n NodeIndex) wire.Point { return v.g.nodes[n].id }

// NodeFeatures returns the features of node n's node_announcement (empty
// before one). The caller must not modify the vector.
func (v *View) NodeFeatures(n NodeIndex) feature.Vector {
	return v.g.features.get(v.g.nodes[n].features)
}

// Degree returns the number of channels of node n.
func (v *View) Degree(n NodeIndex) int { return int(v.g.nodes[n].degree) }

// NodeInfo is what a node's node_announcement says.
type NodeInfo struct {
	ID wire.Point
	// Announced is false when no node_announcement has been accepted; the
	// other fields are then empty.
	Announced bool
	Timestamp uint32
	Features  feature.Vector
	// Alias is the alias up to its first zero byte, as the node chose it
	// (BOLT #7 warns to sanitize it before display).
	Alias     string
	RGBColor  [3]byte
	Addresses netaddr.AddressList
}

// Node returns what node n announced.
func (v *View) Node(n NodeIndex) NodeInfo {
	nd := &v.g.nodes[n]
	info := NodeInfo{ID: nd.id, Timestamp: nd.timestamp, Features: v.g.features.get(nd.features)}
	if nd.ann != nil {
		info.Announced = true
		info.Alias = nd.ann.alias
		info.RGBColor = nd.ann.color
		// The field was decoded once when the announcement was accepted.
		info.Addresses, _ = netaddr.DecodeAddressList(nd.ann.addresses)
	}
	return info
}

// Channel is one channel with the policies of both directions.
type Channel struct {
	Index ChannelIndex
	SCID  wire.ShortChannelID
	// Capacity is the funding output's value (0 when the graph was fed
	// without a funding check).
	Capacity amount.Satoshi
	// Nodes are node_id_1 and node_id_2.
	Nodes [2]NodeIndex
	// Policies are those of node_id_1 (direction 0) and node_id_2
	// (direction 1).
	Policies [2]Policy
	// Features are the channel_announcement's; the caller must not
	// modify them.
	Features feature.Vector
	// UnknownRequired is set when Features has an even bit this node does
	// not know: the channel must not be routed through.
	UnknownRequired bool
}

// channelAt builds the Channel of slot i.
func (v *View) channelAt(i uint32) Channel {
	c := &v.g.chans[i]
	return Channel{
		Index:           ChannelIndex(i),
		SCID:            c.scid,
		Capacity:        amount.Satoshi(c.capacity),
		Nodes:           [2]NodeIndex{NodeIndex(c.node[0]), NodeIndex(c.node[1])},
		Policies:        c.policy,
		Features:        v.g.features.get(c.features &^ unknownRequired),
		UnknownRequired: c.features&unknownRequired != 0,
	}
}

// ChannelBySCID returns the channel with short_channel_id scid.
func (v *View) ChannelBySCID(scid wire.ShortChannelID) (Channel, bool) {
	i, ok := v.g.chanIndex[scid]
	if !ok {
		return Channel{}, false
	}
	return v.channelAt(i), true
}

// Channels calls fn with every channel, in index order, until fn returns
// false.
func (v *View) Channels(fn func(c Channel) bool) {
	for i := range v.g.chans {
		if !v.g.chans[i].free() && !fn(v.channelAt(uint32(i))) {
			return
		}
	}
}

// Edge is one channel seen from one of its nodes.
type Edge struct {
	Channel  ChannelIndex
	SCID     wire.ShortChannelID
	Capacity amount.Satoshi
	// Peer is the node at the other end.
	Peer NodeIndex
	// Direction is the node's side: 0 when it is node_id_1.
	Direction uint8
	// Out is the node's own policy, for HTLCs it forwards to Peer over
	// the channel; In is Peer's, for HTLCs Peer forwards to the node.
	Out, In Policy
	// UnknownRequired marks a channel not to be routed through.
	UnknownRequired bool
}

// Edges calls fn with each channel of node n until fn returns false.
func (v *View) Edges(n NodeIndex, fn func(e Edge) bool) {
	ni := uint32(n)
	for i := v.g.nodes[ni].head; i != none; {
		c := &v.g.chans[i]
		side := 0
		if c.node[1] == ni {
			side = 1
		}
		e := Edge{
			Channel:         ChannelIndex(i),
			SCID:            c.scid,
			Capacity:        amount.Satoshi(c.capacity),
			Peer:            NodeIndex(c.node[1-side]),
			Direction:       uint8(side),
			Out:             c.policy[side],
			In:              c.policy[1-side],
			UnknownRequired: c.features&unknownRequired != 0,
		}
		if !fn(e) {
			return
		}
		i = c.next[side]
	}
}

// ChannelBySCID returns the channel with short_channel_id scid.
func (g *Graph) ChannelBySCID(scid wire.ShortChannelID) (c Channel, ok bool) {
	g.View(func(v *View) { c, ok = v.ChannelBySCID(scid) })
	return c, ok
}

// NodeByID returns what node id announced.
func (g *Graph) NodeByID(id wire.Point) (info NodeInfo, ok bool) {
	g.View(func(v *View) {
		var n NodeIndex
		if n, ok = v.NodeByID(id); ok {
			info = v.Node(n)
		}
	})
	return info, ok
}

// Endpoints returns the node_ids of channel c in the view, node_id_1
// first.
func (v *View) Endpoints(c Channel) (wire.Point, wire.Point) {
	return v.g.nodes[c.Nodes[0]].id, v.g.nodes[c.Nodes[1]].id
}
