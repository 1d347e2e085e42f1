package graph

import (
	"sync"
	"sync/atomic"

	"github.com/btcsuite/btcd/btcec/v2"

	"github.com/lnstack/lnstack/layer2_messaging/wire"
)

// NodeIndex is a node's place in the graph: a dense index, stable while
// the node has channels, that pathfinding can use to index its own arrays
// (every index is below View.NodeLimit).
type NodeIndex uint32

// ChannelIndex is a channel's place in the graph, stable while the channel
// is in it.
type ChannelIndex uint32

// none marks the end of a node's channel list.
const none = ^uint32(0)

// Defaults of Config.
const (
	// DefaultMaxChannels is twice as many channels as the public network
	// has ever had, times ten.
	DefaultMaxChannels = 1 << 20
	// DefaultMaxNodes leaves room for a node per channel and more.
	DefaultMaxNodes = 1 << 20
)

// Config configures a Graph. The zero value is a graph for pathfinding
// alone, with the default limits.
type Config struct {
	// KeepMessages keeps the signed gossip (the announcements and the
	// latest channel_update of each direction, as received) so that the
	// graph can answer other nodes' queries and relay. A graph for
	// pathfinding alone does without it: it costs about 700 bytes per
	// channel, several times the routing data.
	KeepMessages bool
	// MaxChannels and MaxNodes bound the graph (ErrGraphFull past them);
	// 0 means DefaultMaxChannels, DefaultMaxNodes.
	MaxChannels int
	MaxNodes    int
}

// Graph is the public channel graph built from validated gossip: nodes
// interned into dense indices, channels in one slice of fixed-size
// records with their two directional policies packed, features in a
// shared table, and per node a linked list of its channels threaded
// through the channel records. An Ingester is the only writer (besides
// pruning); readers see a consistent graph through View.
//
// A Graph is safe for concurrent use: reads share a sync.RWMutex, writes
// take it exclusively for the short, allocation-light apply step (the
// signature checks happen before, outside the lock).
type Graph struct {
	cfg Config

	mu        sync.RWMutex
	nodes     []node
	freeNodes []uint32
	nodeIndex map[wire.Point]uint32
	numNodes  int
	chans     []channel
	freeChans []uint32
	chanIndex map[wire.ShortChannelID]uint32
	numChans  int
	features  featureTable
	// raw holds the signed messages of channel i at raw[i] when
	// cfg.KeepMessages.
	raw []rawChannel

	// sorted lists the short_channel_ids in ascending order, for range
	// queries. Writers (holding mu) keep it when they only append past its
	// end and mark it stale otherwise; a reader holding mu.RLock rebuilds
	// a stale list under sortMu.
	sortMu sync.Mutex
	sorted []wire.ShortChannelID
	stale  atomic.Bool
}

// node is one node: 72 bytes.
type node struct {
	id wire.Point
	// head is the first channel of the node's list, none when empty.
	head   uint32
	degree uint32
	// features indexes the feature table (the node_announcement's).
	features uint32
	// timestamp is the last node_announcement's, 0 for none.
	timestamp uint32
	// key is node_id parsed, to verify the node's channel_updates without
	// parsing it each time.
	key *btcec.PublicKey
	// ann is what the node_announcement says besides features, nil
	// before one.
	ann *nodeAnnouncement
}

// nodeAnnouncement is the rest of a node_announcement.
type nodeAnnouncement struct {
	alias string
	color [3]byte
	// addresses is the addresses field as received.
	addresses []byte
	// raw is the signed message's payload when cfg.KeepMessages.
	raw []byte
}

// free reports whether the slot is unused.
func (n *node) free() bool { return n.id[0] == 0 }

// channel is one channel: 104 bytes.
type channel struct {
	scid     wire.ShortChannelID
	capacity uint64 // satoshi
	node     [2]uint32
	// next continues the channel lists of node[0] and node[1].
	next [2]uint32
	// features indexes the feature table; the top bit marks an unknown
	// even feature (BOLT #7: "MUST NOT attempt to route messages through
	// the channel").
	features uint32
	// added is the Unix time the announcement was applied, 0 for a free
	// slot.
	added  uint32
	policy [2]Policy
}

// unknownRequired is the top bit of channel.features.
const unknownRequired = 1 << 31

func (c *channel) free() bool { return c.added == 0 }

// rawChannel is the signed gossip of one channel, as received (payloads,
// without the type).
type rawChannel struct {
	announcement []byte
	update       [2][]byte
	// checksum is each update's gossip.ChannelUpdate.Checksum.
	checksum [2]uint32
}

// New returns an empty graph.
func New(cfg Config) *Graph {
	if cfg.MaxChannels <= 0 {
		cfg.MaxChannels = DefaultMaxChannels
	}
	if cfg.MaxNodes <= 0 {
		cfg.MaxNodes = DefaultMaxNodes
	}
	return &Graph{
		cfg:       cfg,
		nodeIndex: make(map[wire.Point]uint32),
		chanIndex: make(map[wire.ShortChannelID]uint32),
		features:  newFeatureTable(),
	}
}

// Stats counts what the graph holds.
type Stats struct {
	// Nodes is the number of nodes with at least one channel;
	// AnnouncedNodes those with a node_announcement.
	Nodes, AnnouncedNodes int
	// Channels is the number of channels; Directions the channel
	// directions with a channel_update.
	Channels, Directions int
	// FeatureVectors is the number of distinct feature vectors stored.
	FeatureVectors int
}

// Stats returns the graph's counts.
func (g *Graph) Stats() Stats {
	g.mu.RLock()
	defer g.mu.RUnlock()
	s := Stats{Nodes: g.numNodes, Channels: g.numChans, FeatureVectors: g.features.len()}
	for i := range g.nodes {
		if !g.nodes[i].free() && g.nodes[i].ann != nil {
			s.AnnouncedNodes++
		}
	}
	for i := range g.chans {
		c := &g.chans[i]
		if c.free() {
			continue
		}
		for d := range c.policy {
			if c.policy[d].Known() {
				s.Directions++
			}
		}
	}
	return s
}

// internNode returns the index of node id, adding it when new; key is its
// parsed form. It fails with ErrGraphFull at cfg.MaxNodes. Called with mu
// held.
func (g *Graph) internNode(id wire.Point, key *btcec.PublicKey) (uint32, error) {
	if i, ok := g.nodeIndex[id]; ok {
		return i, nil
	}
	if g.numNodes >= g.cfg.MaxNodes {
		return 0, ErrGraphFull
	}
	n := node{id: id, head: none, key: key}
	var i uint32
	if k := len(g.freeNodes); k > 0 {
		i = g.freeNodes[k-1]
		g.freeNodes = g.freeNodes[:k-1]
		g.nodes[i] = n
	} else {
		i = uint32(len(g.nodes))
		g.nodes = append(g.nodes, n)
	}
	g.nodeIndex[id] = i
	g.numNodes++
	return i, nil
}

// dropNodeIfEmpty forgets node i once it has no channel. BOLT #7: "if
// there are no channels associated with the corresponding origin node: MAY
// purge the origin node from its set of known nodes." Called with mu held.
func (g *Graph) dropNodeIfEmpty(i uint32) {
	n := &g.nodes[i]
	if n.degree > 0 {
		return
	}
	g.features.release(n.features)
	delete(g.nodeIndex, n.id)
	*n = node{head: none}
	g.freeNodes = append(g.freeNodes, i)
	g.numNodes--
}

// addChannel stores a channel and links it into its nodes' lists. Called
// with mu held; the nodes are interned already.
func (g *Graph) addChannel(c channel) uint32 {
	var i uint32
	if k := len(g.freeChans); k > 0 {
		i = g.freeChans[k-1]
		g.freeChans = g.freeChans[:k-1]
	} else {
		i = uint32(len(g.chans))
		g.chans = append(g.chans, channel{})
		if g.cfg.KeepMessages {
			g.raw = append(g.raw, rawChannel{})
		}
	}
	for side := range c.node {
		n := &g.nodes[c.node[side]]
		c.next[side] = n.head
		n.head = i
		n.degree++
	}
	g.chans[i] = c
	g.chanIndex[c.scid] = i
	g.numChans++
	if k := len(g.sorted); !g.stale.Load() && (k == 0 || g.sorted[k-1] < c.scid) {
		g.sorted = append(g.sorted, c.scid)
	} else {
		g.stale.Store(true)
	}
	return i
}

// removeChannel unlinks channel i from its nodes, frees its slot, and
// drops nodes left without channels. Called with mu held.
func (g *Graph) removeChannel(i uint32) {
	c := &g.chans[i]
	for side := range c.node {
		ni := c.node[side]
		n := &g.nodes[ni]
		// Walk the node's list to the link that points at i.
		link := &n.head
		for *link != none && *link != i {
			ch := &g.chans[*link]
			if ch.node[0] == ni {
				link = &ch.next[0]
			} else {
				link = &ch.next[1]
			}
		}
		if *link == i {
			*link = c.next[side]
		}
		n.degree--
	}
	g.features.release(c.features &^ unknownRequired)
	delete(g.chanIndex, c.scid)
	nodes := c.node
	*c = channel{}
	if g.cfg.KeepMessages {
		g.raw[i] = rawChannel{}
	}
	g.freeChans = append(g.freeChans, i)
	g.numChans--
	g.stale.Store(true)
	for _, ni := range nodes {
		g.dropNodeIfEmpty(ni)
	}
}
