package sim

import (
	"crypto/sha256"
	"encoding/hex"
	"sync"
	"time"

	"github.com/lnstack/lnstack/layer2_messaging/wire"
	"github.com/lnstack/lnstack/layer3_p2p/amount"
	"github.com/lnstack/lnstack/layer3_p2p/channelmsg"
	"github.com/lnstack/lnstack/layer3_p2p/gossip"
	"github.com/lnstack/lnstack/layer4_routing/failure"
	"github.com/lnstack/lnstack/layer4_routing/forward"
	"github.com/lnstack/lnstack/layer4_routing/sphinx"
	"github.com/lnstack/lnstack/layer5_payment/receive"
)

// maxAcceptedHTLCs is the HTLC slots of every channel: BOLT #2's largest
// max_accepted_htlcs.
const maxAcceptedHTLCs = 483

// channel is a channel as the simulation keeps it: the two balances in
// memory, shared by its ends, in place of commitment transactions.
type channel struct {
	scid     wire.ShortChannelID
	cid      wire.ChannelID
	ends     [2]*Node
	capacity amount.Satoshi
	policy   gossip.Policy // both ends announce the same

	mu      sync.Mutex
	balance [2]amount.MilliSatoshi
	nextID  [2]uint64
	offered [2]map[uint64]amount.MilliSatoshi // HTLCs in flight, by offering side
}

func (c *channel) side(n *Node) int {
	if c.ends[0] == n {
		return 0
	}
	return 1
}

func (c *channel) other(n *Node) *Node { return c.ends[1-c.side(n)] }

// available is what side can offer now.
func (c *channel) available(side int) amount.MilliSatoshi {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.balance[side]
}

// offer takes amt from side's balance into a new HTLC and returns its id.
func (c *channel) offer(side int, amt amount.MilliSatoshi) (uint64, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.balance[side] < amt || len(c.offered[side]) >= maxAcceptedHTLCs {
		return 0, false
	}
	id := c.nextID[side]
	c.nextID[side]++
	c.balance[side] -= amt
	c.offered[side][id] = amt
	return id, true
}

// resolve ends HTLC id offered by side: its amount goes to the other side
// when settled, back to side when failed.
func (c *channel) resolve(side int, id uint64, settled bool) bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	amt, ok := c.offered[side][id]
	if !ok {
		return false
	}
	delete(c.offered[side], id)
	if settled {
		c.balance[1-side] += amt
	} else {
		c.balance[side] += amt
	}
	return true
}

// htlcRef names an HTLC by channel and id.
type htlcRef struct {
	scid wire.ShortChannelID
	id   uint64
}

// incoming is an HTLC that came in: where to answer it, and the secret
// shared with the payer that encrypts a failure.
type incoming struct {
	ch     *channel
	id     uint64
	secret sphinx.Secret
}

// onAdd takes an update_add_htlc: peel the onion (BOLT #4 "Onion
// Decryption"), then receive it (final hop) or decide whether to forward.
func (n *Node) onAdd(from wire.Point, m *channelmsg.UpdateAddHTLC) {
	n.mu.Lock()
	ch := n.byCID[m.ChannelID]
	n.mu.Unlock()
	if ch == nil {
		return
	}
	pkt, err := sphinx.DecodePaymentPacket(m.OnionRoutingPacket[:])
	var peeled sphinx.Peeled
	if err == nil {
		peeled, err = n.onion.Peel(&pkt, m.PaymentHash[:])
	}
	if err != nil {
		// No shared secret: BOLT #2 update_fail_malformed_htlc.
		msg, _ := failure.ForIncoming(err, &pkt, nil)
		if mal, err := failure.MalformedHTLC(ch.cid, m.ID, msg); err == nil {
			_ = n.send(from, mal)
		}
		return
	}
	in := incoming{ch: ch, id: m.ID, secret: peeled.Secret}
	var pl sphinx.Payload
	err = pl.Decode(peeled.Payload)
	if err == nil {
		err = pl.Check(sphinx.Role{Final: peeled.Final})
	}
	if err != nil {
		msg, _ := failure.ForIncoming(err, &pkt, peeled.Payload)
		n.failBack(in, msg)
		return
	}
	if peeled.Final {
		n.receive(in, m, &pl)
		return
	}
	n.forward(in, m, &pl, &peeled)
}

// forward applies the forwarding rules (layer4_routing/forward) and
// offers the HTLC on the next channel, or fails it back.
func (n *Node) forward(in incoming, m *channelmsg.UpdateAddHTLC, pl *sphinx.Payload, peeled *sphinx.Peeled) {
	n.mu.Lock()
	out := n.chans[pl.ShortChannelID]
	n.mu.Unlock()
	var fc *forward.Channel
	next := "?"
	if out != nil {
		next = out.other(n).Name
		state := forward.Usable
		if !n.hasPeer(out.other(n).ID) {
			state = forward.PeerOffline
		}
		fc = &forward.Channel{SCID: out.scid, State: state, Policy: out.policy,
			PeerHTLCMinimumMsat: 1, AvailableMsat: out.available(out.side(n)), FreeSlots: maxAcceptedHTLCs}
	}
	inc := forward.Incoming{AmountMsat: amount.MilliSatoshi(m.AmountMsat), CLTVExpiry: m.CLTVExpiry}
	dec := forward.Decide(forward.NewPayload(pl, nil), &inc, fc, n.nw.cfg.Height, nil)
	n.nw.trace(4, 4, "%s peeled the onion: forward to %s over scid %v, amt_to_forward %d msat, outgoing_cltv_value %d (incoming %d msat, cltv %d: fee %d msat, delta %d)",
		n.Name, next, pl.ShortChannelID, pl.AmtToForward, pl.OutgoingCLTV, m.AmountMsat, m.CLTVExpiry,
		m.AmountMsat-pl.AmtToForward, m.CLTVExpiry-pl.OutgoingCLTV)
	if !dec.Forward {
		n.nw.trace(4, 4, "%s refuses to forward: %v", n.Name, dec.Failure)
		n.failBack(in, dec.Failure.Message)
		return
	}
	side := out.side(n)
	id, ok := out.offer(side, dec.Out.AmountMsat)
	if !ok {
		n.failBack(in, &failure.TemporaryChannelFailure{})
		return
	}
	add := &channelmsg.UpdateAddHTLC{ChannelID: out.cid, ID: id, AmountMsat: uint64(dec.Out.AmountMsat),
		PaymentHash: m.PaymentHash, CLTVExpiry: dec.Out.CLTVExpiry}
	copy(add.OnionRoutingPacket[:], peeled.Next.Bytes())
	n.mu.Lock()
	n.fwd[htlcRef{out.scid, id}] = in
	n.mu.Unlock()
	n.nw.trace(3, 2, "%s -> %s: update_add_htlc id %d, %d msat, cltv_expiry %d, onion %d B",
		n.Name, next, id, add.AmountMsat, add.CLTVExpiry, len(add.OnionRoutingPacket))
	if err := n.send(out.other(n).ID, add); err != nil {
		n.mu.Lock()
		delete(n.fwd, htlcRef{out.scid, id})
		n.mu.Unlock()
		out.resolve(side, id, false)
		n.failBack(in, &failure.TemporaryChannelFailure{})
	}
}

// receive hands an HTLC that ends here to the invoice registry.
func (n *Node) receive(in incoming, m *channelmsg.UpdateAddHTLC, pl *sphinx.Payload) {
	key := receive.HTLCKey{SCID: in.ch.scid, ID: in.id}
	n.mu.Lock()
	n.final[htlcRef{key.SCID, key.ID}] = in
	n.mu.Unlock()
	n.nw.trace(4, 4, "%s peeled the onion: final hop, amt_to_forward %d msat, outgoing_cltv_value %d, total_msat %d",
		n.Name, pl.AmtToForward, pl.OutgoingCLTV, pl.TotalMsat)
	res := n.invoices.Accept(receive.HTLC{Key: key, PaymentHash: m.PaymentHash, AmountMsat: amount.MilliSatoshi(m.AmountMsat),
		CLTVExpiry: m.CLTVExpiry, Payload: pl}, n.nw.cfg.Height, time.Now())
	if res.Held() {
		n.nw.trace(5, 4, "%s holds the HTLC: the multi-part set has not reached total_msat yet", n.Name)
	}
	n.resolve(res)
}

// resolve carries out the registry's decision.
func (n *Node) resolve(res receive.Resolution) {
	if len(res.Settle) > 0 {
		n.nw.trace(5, 4, "%s: HTLC set of %d part(s) complete, payment_secret and amount match the invoice; settling with preimage %s",
			n.Name, len(res.Settle), hex.EncodeToString(res.Preimage[:]))
	}
	for _, k := range res.Settle {
		if in, ok := n.takeFinal(k); ok {
			n.fulfillBack(in, res.Preimage)
		}
	}
	for _, f := range res.Fail {
		if in, ok := n.takeFinal(f.Key); ok {
			n.nw.trace(5, 4, "%s fails the HTLC: %v", n.Name, f.Failure)
			n.failBack(in, f.Failure.Message)
		}
	}
}

func (n *Node) takeFinal(k receive.HTLCKey) (incoming, bool) {
	n.mu.Lock()
	defer n.mu.Unlock()
	ref := htlcRef{k.SCID, k.ID}
	in, ok := n.final[ref]
	delete(n.final, ref)
	return in, ok
}

// fulfillBack sends update_fulfill_htlc for in.
func (n *Node) fulfillBack(in incoming, preimage [32]byte) {
	to := in.ch.other(n)
	n.nw.trace(3, 2, "%s -> %s: update_fulfill_htlc id %d", n.Name, to.Name, in.id)
	_ = n.send(to.ID, &channelmsg.UpdateFulfillHTLC{ChannelID: in.ch.cid, ID: in.id, PaymentPreimage: preimage})
}

// failBack returns msg to the payer: BOLT #4 "Returning Errors", the
// erring node creates the failure onion with the secret it shares with
// the payer.
func (n *Node) failBack(in incoming, msg failure.Message) {
	b, err := failure.Encode(nil, msg)
	if err != nil {
		return
	}
	reason, err := failure.Create(&in.secret, b, failure.MinPaddedLen, nil, 0)
	if err != nil {
		return
	}
	n.sendFail(in, reason)
}

func (n *Node) sendFail(in incoming, reason []byte) {
	to := in.ch.other(n)
	n.nw.trace(3, 2, "%s -> %s: update_fail_htlc id %d (failure onion %d B)", n.Name, to.Name, in.id, len(reason))
	_ = n.send(to.ID, &channelmsg.UpdateFailHTLC{ChannelID: in.ch.cid, ID: in.id, Reason: reason})
}

// answered finds the HTLC of an answer from downstream: the channel, and
// what it was for (a forward or a payment of this node).
func (n *Node) answered(cid wire.ChannelID, id uint64, settled bool) (fwd *incoming, pay *payRef) {
	n.mu.Lock()
	ch := n.byCID[cid]
	if ch == nil {
		n.mu.Unlock()
		return nil, nil
	}
	ref := htlcRef{ch.scid, id}
	in, isFwd := n.fwd[ref]
	pr, isPay := n.pays[ref]
	delete(n.fwd, ref)
	delete(n.pays, ref)
	n.mu.Unlock()
	if !ch.resolve(ch.side(n), id, settled) {
		return nil, nil
	}
	if isFwd {
		fwd = &in
	}
	if isPay {
		pay = &pr
	}
	return fwd, pay
}

// onFulfill passes a preimage back towards the payer. BOLT #2: a node
// "MUST fulfill" the incoming HTLC once the outgoing one is fulfilled.
func (n *Node) onFulfill(m *channelmsg.UpdateFulfillHTLC) {
	fwd, pay := n.answered(m.ChannelID, m.ID, true)
	if fwd != nil {
		n.fulfillBack(*fwd, m.PaymentPreimage)
	}
	if pay != nil {
		pre := m.PaymentPreimage
		if sha256.Sum256(pre[:]) != pay.hash {
			return // a wrong preimage settles nothing
		}
		pay.deliver(result{attempt: pay.attempt, preimage: &pre})
	}
}

// onFail passes a failure back: per BOLT #4 "Returning Errors", each hop
// on the way back obfuscates the packet again with its own shared secret.
func (n *Node) onFail(m *channelmsg.UpdateFailHTLC) {
	fwd, pay := n.answered(m.ChannelID, m.ID, false)
	reason := append([]byte(nil), m.Reason...)
	if fwd != nil {
		failure.Relay(&fwd.secret, reason, nil, 0)
		n.sendFail(*fwd, reason)
	}
	if pay != nil {
		pay.deliver(result{attempt: pay.attempt, reason: reason})
	}
}

// onMalformed turns update_fail_malformed_htlc into an encrypted failure:
// BOLT #2 "MUST return an error in the update_fail_htlc sent to the link
// which originally sent the HTLC, using the failure_code given".
func (n *Node) onMalformed(m *channelmsg.UpdateFailMalformedHTLC) {
	fwd, pay := n.answered(m.ChannelID, m.ID, false)
	msg, err := failure.FromMalformed(m)
	if err != nil {
		msg = &failure.TemporaryNodeFailure{}
	}
	if fwd != nil {
		n.failBack(*fwd, msg)
	}
	if pay != nil {
		pay.deliver(result{attempt: pay.attempt, local: msg, erring: 1})
	}
}
