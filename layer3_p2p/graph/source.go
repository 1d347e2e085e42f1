package graph

import (
	"slices"

	"github.com/btcsuite/btcd/btcec/v2"

	"github.com/lnstack/lnstack/layer2_messaging/wire"
	"github.com/lnstack/lnstack/layer3_p2p/gossip"
)

// The methods here answer other nodes' queries (BOLT #7 "Query
// Messages"): they make a Graph the source a query-sync responder reads
// (package gossipsync).

// ChannelRange calls fn with each channel whose short_channel_id is at
// least from and whose block is at most lastBlock, in ascending order,
// with the timestamps and checksums of its latest channel_updates (0 for a
// direction without one; checksums are 0 when the graph does not keep
// messages), until fn returns false. The read lock is held meanwhile.
func (g *Graph) ChannelRange(from wire.ShortChannelID, lastBlock uint32, fn func(scid wire.ShortChannelID, ts gossip.UpdateTimestamps, cs gossip.UpdateChecksums) bool) {
	g.mu.RLock()
	defer g.mu.RUnlock()
	g.sortMu.Lock()
	defer g.sortMu.Unlock()
	if g.stale.Load() {
		g.rebuildSortedLocked()
	}
	start, _ := slices.BinarySearch(g.sorted, from)
	for _, scid := range g.sorted[start:] {
		if scid.Block() > lastBlock {
			return
		}
		i := g.chanIndex[scid]
		c := &g.chans[i]
		ts := gossip.UpdateTimestamps{NodeID1: c.policy[0].Timestamp, NodeID2: c.policy[1].Timestamp}
		var cs gossip.UpdateChecksums
		if g.cfg.KeepMessages {
			cs = gossip.UpdateChecksums{NodeID1: g.raw[i].checksum[0], NodeID2: g.raw[i].checksum[1]}
		}
		if !fn(scid, ts, cs) {
			return
		}
	}
}

// rebuildSortedLocked rebuilds the sorted list of short_channel_ids.
// Called with mu read-locked and sortMu held.
func (g *Graph) rebuildSortedLocked() {
	ids := g.sorted[:0]
	for i := range g.chans {
		if !g.chans[i].free() {
			ids = append(ids, g.chans[i].scid)
		}
	}
	slices.Sort(ids)
	g.sorted = ids
	g.stale.Store(false)
}

// ChannelGossip returns the signed messages of channel scid: its
// channel_announcement and the latest channel_update of each direction
// (nil for none). ok is false when the channel is unknown or the graph
// does not keep messages.
func (g *Graph) ChannelGossip(scid wire.ShortChannelID) (ann *gossip.ChannelAnnouncement, updates [2]*gossip.ChannelUpdate, ok bool) {
	g.mu.RLock()
	defer g.mu.RUnlock()
	i, known := g.chanIndex[scid]
	if !known || !g.cfg.KeepMessages {
		return nil, updates, false
	}
	r := &g.raw[i]
	ann = new(gossip.ChannelAnnouncement)
	if ann.Decode(r.announcement) != nil {
		return nil, updates, false
	}
	for side, b := range r.update {
		if b == nil {
			continue
		}
		u := new(gossip.ChannelUpdate)
		if u.Decode(b) == nil {
			updates[side] = u
		}
	}
	return ann, updates, true
}

// NodeAnnouncement returns the latest node_announcement of node id, nil
// when there is none to give out (unknown node, none received, messages
// not kept, or one that must not be forwarded).
func (g *Graph) NodeAnnouncement(id wire.Point) *gossip.NodeAnnouncement {
	g.mu.RLock()
	defer g.mu.RUnlock()
	i, ok := g.nodeIndex[id]
	if !ok || g.nodes[i].ann == nil || g.nodes[i].ann.raw == nil {
		return nil
	}
	m := new(gossip.NodeAnnouncement)
	if m.Decode(g.nodes[i].ann.raw) != nil {
		return nil
	}
	return m
}

// ParsePubKey implements gossip.KeyParser: the key of a node of the graph
// as parsed when the node came in, or p parsed afresh.
func (g *Graph) ParsePubKey(p wire.Point) (*btcec.PublicKey, error) {
	g.mu.RLock()
	var k *btcec.PublicKey
	if i, ok := g.nodeIndex[p]; ok {
		k = g.nodes[i].key
	}
	g.mu.RUnlock()
	if k != nil {
		return k, nil
	}
	return btcec.ParsePubKey(p[:])
}

// HasChannel reports whether channel scid is in the graph.
func (g *Graph) HasChannel(scid wire.ShortChannelID) bool {
	g.mu.RLock()
	defer g.mu.RUnlock()
	_, ok := g.chanIndex[scid]
	return ok
}

// UpdateTimestamps returns the timestamps of the latest channel_update of
// each direction of channel scid (0 for none); ok is false for an unknown
// channel.
func (g *Graph) UpdateTimestamps(scid wire.ShortChannelID) (ts gossip.UpdateTimestamps, ok bool) {
	g.mu.RLock()
	defer g.mu.RUnlock()
	i, ok := g.chanIndex[scid]
	if !ok {
		return ts, false
	}
	c := &g.chans[i]
	return gossip.UpdateTimestamps{NodeID1: c.policy[0].Timestamp, NodeID2: c.policy[1].Timestamp}, true
}
