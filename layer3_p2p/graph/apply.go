package graph

import (
	"errors"
	"fmt"

	"github.com/btcsuite/btcd/btcec/v2"

	"github.com/lnstack/lnstack/layer3_p2p/gossip"
)

// The apply step of each message, in two halves: a check under the read
// lock before the (expensive) signature verification, so that gossip the
// graph would ignore anyway costs no verification, and the apply proper
// under the write lock, which checks again (another Ingester may have
// applied something in between). All functions here are called with g.mu
// held as their names say.

// checkAnnouncementLocked reports whether a channel_announcement would be
// new: ErrKnownChannel or ErrConflictingChannel otherwise.
func (g *Graph) checkAnnouncementLocked(m *gossip.ChannelAnnouncement) error {
	i, ok := g.chanIndex[m.ShortChannelID]
	if !ok {
		return nil
	}
	c := &g.chans[i]
	if g.nodes[c.node[0]].id == m.NodeID1 && g.nodes[c.node[1]].id == m.NodeID2 {
		return ErrKnownChannel
	}
	return ErrConflictingChannel
}

// applyAnnouncementLocked adds a validated channel. unknownReq marks a
// channel whose features have an unknown even bit; raw is the signed
// payload to keep (nil when not kept); now is the Unix time.
func (g *Graph) applyAnnouncementLocked(m *gossip.ChannelAnnouncement, info gossip.ChannelInfo, unknownReq bool, raw []byte, now uint32) error {
	if err := g.checkAnnouncementLocked(m); err != nil {
		return err
	}
	if g.numChans >= g.cfg.MaxChannels {
		return ErrGraphFull
	}
	n1, err := g.internNode(m.NodeID1, info.NodeKey1)
	if err != nil {
		return err
	}
	n2, err := g.internNode(m.NodeID2, info.NodeKey2)
	if err != nil {
		g.dropNodeIfEmpty(n1)
		return err
	}
	c := channel{
		scid:     m.ShortChannelID,
		capacity: uint64(info.Capacity),
		node:     [2]uint32{n1, n2},
		features: g.features.intern(m.Features),
		added:    max(now, 1),
	}
	if unknownReq {
		c.features |= unknownRequired
	}
	i := g.addChannel(c)
	if g.cfg.KeepMessages {
		g.raw[i].announcement = raw
	}
	return nil
}

// updateKeyLocked returns the key that must have signed a
// channel_update, or why the update is to be ignored without checking it:
// ErrUnknownChannel, or gossip.ErrOutdated for a timestamp older than the
// direction's last (an equal one is decided after the signature check).
func (g *Graph) updateKeyLocked(m *gossip.ChannelUpdate) (*btcec.PublicKey, error) {
	i, ok := g.chanIndex[m.ShortChannelID]
	if !ok {
		return nil, ErrUnknownChannel
	}
	c := &g.chans[i]
	side := direction(m)
	if p := &c.policy[side]; m.Timestamp < p.Timestamp {
		return nil, fmt.Errorf("%w: %d < %d", gossip.ErrOutdated, m.Timestamp, p.Timestamp)
	}
	return g.nodes[c.node[side]].key, nil
}

// direction returns 0 for an update from node_id_1, 1 from node_id_2.
func direction(m *gossip.ChannelUpdate) int {
	if m.Direction() == gossip.Node2 {
		return 1
	}
	return 0
}

// applyUpdateLocked stores a validated channel_update after the order
// check against the direction's last one (gossip.CheckUpdateOrder: an
// older one, a repeat, or a change without a new timestamp are refused).
// allow, when not nil, is the flood limiter's verdict, asked only for an
// update that would be applied.
func (g *Graph) applyUpdateLocked(m *gossip.ChannelUpdate, raw []byte, checksum uint32, allow func(*gossip.ChannelUpdate) error) error {
	i, ok := g.chanIndex[m.ShortChannelID]
	if !ok {
		return ErrUnknownChannel
	}
	c := &g.chans[i]
	side := direction(m)
	p := &c.policy[side]
	if p.Known() {
		if err := g.checkOrderLocked(i, side, m); err != nil {
			return err
		}
	}
	if allow != nil {
		if err := allow(m); err != nil {
			return err
		}
	}
	*p = policyFromUpdate(m)
	if g.cfg.KeepMessages {
		g.raw[i].update[side] = raw
		g.raw[i].checksum[side] = checksum
	}
	return nil
}

// checkOrderLocked compares m with the last update of direction side of
// channel i. With the signed message kept, gossip.CheckUpdateOrder decides
// (unknown TLV records count as fields); without it, the stored policy
// fields do.
func (g *Graph) checkOrderLocked(i uint32, side int, m *gossip.ChannelUpdate) error {
	p := &g.chans[i].policy[side]
	if g.cfg.KeepMessages {
		var prev gossip.ChannelUpdate
		if err := prev.Decode(g.raw[i].update[side]); err == nil {
			return gossip.CheckUpdateOrder(&prev, m)
		}
	}
	switch next := policyFromUpdate(m); {
	case m.Timestamp > p.Timestamp:
		return nil
	case m.Timestamp < p.Timestamp:
		return fmt.Errorf("%w: %d < %d", gossip.ErrOutdated, m.Timestamp, p.Timestamp)
	case next == *p:
		return gossip.ErrDuplicate
	}
	return gossip.ErrConflictingUpdate
}

// checkNodeLocked reports whether a node_announcement would be applied:
// ErrUnknownNode, or gossip.ErrOutdated for a timestamp not newer than the
// last one.
func (g *Graph) checkNodeLocked(m *gossip.NodeAnnouncement) error {
	i, ok := g.nodeIndex[m.NodeID]
	if !ok {
		return ErrUnknownNode
	}
	return gossip.CheckNodeAnnouncementOrder(g.nodes[i].timestamp, m)
}

// applyNodeLocked stores a validated node_announcement. relay is false for
// a valid announcement that must not be forwarded (more than one DNS
// hostname); its signed message is then not kept for others.
func (g *Graph) applyNodeLocked(m *gossip.NodeAnnouncement, raw []byte, relay bool) error {
	if err := g.checkNodeLocked(m); err != nil {
		return err
	}
	addrs, err := m.Addresses.Append(nil)
	if err != nil {
		return err
	}
	n := &g.nodes[g.nodeIndex[m.NodeID]]
	old := n.features
	n.features = g.features.intern(m.Features)
	g.features.release(old)
	n.timestamp = m.Timestamp
	ann := &nodeAnnouncement{alias: m.AliasString(), color: m.RGBColor, addresses: addrs}
	if g.cfg.KeepMessages && relay {
		ann.raw = raw
	}
	n.ann = ann
	return nil
}

// errIgnoredFeature tells whether a validation error leaves the message
// valid, to be stored with restrictions: an unknown even feature (not to
// be routed through) or several DNS hostnames (not to be forwarded).
func errIgnoredFeature(err error) bool {
	return errors.Is(err, gossip.ErrUnknownRequiredFeature) || errors.Is(err, gossip.ErrMultipleHostnames)
}
