package sim

import (
	"bytes"
	"context"
	"fmt"
	"time"

	messaging "github.com/lnstack/lnstack/layer2_messaging"
	"github.com/lnstack/lnstack/layer2_messaging/wire"
	"github.com/lnstack/lnstack/layer3_p2p/gossip"
)

// channelGossip returns the signed channel_announcement of c and the
// channel_update of each end. BOLT #7: "`node_id_1` is the
// lexicographically-lesser of the two compressed keys"; the announcement carries the signatures of
// both node keys and both funding keys over its double-SHA256 (here both
// ends sign at once, standing in for announcement_signatures); each end
// signs its own channel_update, direction 0 for node_id_1.
func (nw *Network) channelGossip(c *channel, now time.Time) (*gossip.ChannelAnnouncement, [2]*gossip.ChannelUpdate, error) {
	first := 0
	if bytes.Compare(c.ends[1].ID[:], c.ends[0].ID[:]) < 0 {
		first = 1
	}
	n1, n2 := c.ends[first], c.ends[1-first]
	f1, f2 := nodeKey("funding "+c.scid.String()+" "+n1.Name), nodeKey("funding "+c.scid.String()+" "+n2.Name)
	ann := &gossip.ChannelAnnouncement{
		ChainHash: nw.chain, ShortChannelID: c.scid,
		NodeID1: n1.ID, NodeID2: n2.ID,
		BitcoinKey1: wire.PointFromPubKey(f1.PubKey()), BitcoinKey2: wire.PointFromPubKey(f2.PubKey()),
	}
	d, err := ann.Digest()
	if err != nil {
		return nil, [2]*gossip.ChannelUpdate{}, err
	}
	ann.NodeSignature1, ann.NodeSignature2 = gossip.SignDigest(n1.key, d), gossip.SignDigest(n2.key, d)
	ann.BitcoinSignature1, ann.BitcoinSignature2 = gossip.SignDigest(f1, d), gossip.SignDigest(f2, d)
	var upd [2]*gossip.ChannelUpdate
	for side, n := range c.ends {
		var dir byte
		if n != n1 {
			dir = gossip.ChannelFlagDirection
		}
		u := &gossip.ChannelUpdate{
			ChainHash: nw.chain, ShortChannelID: c.scid, Timestamp: uint32(now.Unix()),
			MessageFlags: gossip.MessageFlagMustBeOne, ChannelFlags: dir,
			CLTVExpiryDelta: c.policy.CLTVExpiryDelta, HTLCMinimumMsat: c.policy.HTLCMinimumMsat,
			FeeBaseMsat: c.policy.FeeBaseMsat, FeeProportionalMillionths: c.policy.FeeProportionalMillionths,
			HTLCMaximumMsat: c.policy.HTLCMaximumMsat,
		}
		if err := gossip.SignChannelUpdate(u, n.key); err != nil {
			return nil, upd, err
		}
		upd[side] = u
	}
	return ann, upd, nil
}

// announce has both ends of every channel take its gossip into their
// graphs and flood it to their peers, and waits until every graph has
// every channel with both directions.
func (nw *Network) announce(ctx context.Context) error {
	now := time.Now()
	for _, c := range nw.chans {
		ann, upd, err := nw.channelGossip(c, now)
		if err != nil {
			return err
		}
		for side, n := range c.ends {
			n.originate(ctx, []messaging.Message{ann, upd[side]})
		}
	}
	err := waitFor(ctx, func() bool {
		for _, n := range nw.nodes {
			s := n.graph.Stats()
			if s.Channels != len(nw.chans) || s.Directions != 2*len(nw.chans) {
				return false
			}
		}
		return true
	})
	if err != nil {
		return fmt.Errorf("sim: gossip did not converge: %w", err)
	}
	for _, n := range nw.nodes {
		s := n.graph.Stats()
		n.mu.Lock()
		accepted := n.gossipN
		n.mu.Unlock()
		nw.trace(3, 7, "%s learned %d channels and %d channel_updates (%d gossip messages accepted); every signature valid, every funding output found",
			n.Name, s.Channels, s.Directions, accepted)
	}
	return nil
}

// A node takes in and relays one gossip message at a time (gossipMu), so
// that it relays a channel_announcement before any channel_update of the
// channel: a peer drops an update for a channel it does not know.

// originate takes the node's own gossip into its graph and sends what it
// accepted to every peer.
func (n *Node) originate(ctx context.Context, msgs []messaging.Message) {
	n.gossipMu.Lock()
	defer n.gossipMu.Unlock()
	errs := n.ingest.Ingest(ctx, msgs)
	for i, m := range msgs {
		if errs[i] == nil {
			n.flood(wire.Point{}, m)
		}
	}
}

// gossipIn validates a gossip message from a peer (signatures, chain,
// funding output) and, when it is new, relays it to the other peers. BOLT
// #7 "Rebroadcasting": a node "SHOULD forward" the gossip it accepted.
func (n *Node) gossipIn(from wire.Point, m messaging.Message) {
	n.gossipMu.Lock()
	defer n.gossipMu.Unlock()
	if n.ingest.Ingest(n.nw.ctx, []messaging.Message{m})[0] != nil {
		return // known already, or invalid: not relayed
	}
	n.flood(from, m)
}

// flood sends m to every peer but except.
func (n *Node) flood(except wire.Point, m messaging.Message) {
	n.mu.Lock()
	n.gossipN++
	var to []wire.Point
	for id := range n.peers {
		if id != except {
			to = append(to, id)
		}
	}
	n.mu.Unlock()
	for _, id := range to {
		_ = n.send(id, m) // a peer that went away misses it
	}
}
