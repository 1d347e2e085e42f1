package sim

import (
	"context"
	"encoding/hex"
	"fmt"
	"strings"
	"time"

	"github.com/lnstack/lnstack/layer3_p2p/amount"
	"github.com/lnstack/lnstack/layer3_p2p/channelmsg"
	"github.com/lnstack/lnstack/layer4_routing/failure"
	"github.com/lnstack/lnstack/layer4_routing/pathfind"
	"github.com/lnstack/lnstack/layer5_payment/bolt11"
	"github.com/lnstack/lnstack/layer5_payment/pay"
	"github.com/lnstack/lnstack/layer5_payment/receive"
)

// tickEvery is how often a running payment is told the time (its
// timeout).
const tickEvery = 100 * time.Millisecond

// payRef is an HTLC of one of the node's payments: where its result goes.
type payRef struct {
	attempt int
	hash    [32]byte
	events  chan result
}

// result is what came back for an HTLC of a payment.
type result struct {
	attempt  int
	preimage *[32]byte
	reason   []byte          // update_fail_htlc's failure onion
	local    failure.Message // a failure without an onion
	erring   int
}

// deliver hands r to the payment; a payment that gave up does not read.
func (p payRef) deliver(r result) {
	select {
	case p.events <- r:
	default:
	}
}

// invoice registers an invoice and writes it as BOLT #11, signed by the
// node key.
func (n *Node) invoice(amt amount.MilliSatoshi, description string) (string, error) {
	inv, err := n.invoices.Create(receive.InvoiceRequest{AmountMsat: amt}, time.Now())
	if err != nil {
		return "", err
	}
	s, err := inv.Bolt11(bolt11.Regtest, description).Encode(bolt11.NewKeySigner(n.key))
	if err != nil {
		return "", err
	}
	n.nw.trace(5, 11, "%s created invoice %s...%s: %d msat, payment_hash %s, payment_secret, features %s",
		n.Name, s[:16], s[len(s)-8:], amt, hex.EncodeToString(inv.PaymentHash[:8]), strings.Join(inv.Features.Names(), ", "))
	return s, nil
}

// pay runs a payment to its end: the state machine of layer5_payment/pay
// asks for routes, which the node finds on its graph, and for HTLCs,
// which it offers to its peers; the answers go back into it.
func (n *Node) pay(ctx context.Context, s string) (*pay.Outcome, error) {
	inv, err := bolt11.Decode(s)
	if err != nil {
		return nil, err
	}
	now := time.Now()
	cfg, err := pay.FromInvoice(inv, n.ID, 0, n.nw.cfg.Height, now)
	if err != nil {
		return nil, err
	}
	cfg.Liquidity = n.liquidity
	p, err := pay.New(cfg)
	if err != nil {
		return nil, err
	}
	n.nw.trace(5, 11, "%s decoded the invoice: pay %d msat to %s, signature valid, min_final_cltv_expiry_delta %d",
		n.Name, cfg.AmountMsat, n.nw.name(cfg.Payee), cfg.FinalCLTVDelta)
	n.payMu.Lock()
	defer n.payMu.Unlock()
	events := make(chan result, 64)
	tick := time.NewTicker(tickEvery)
	defer tick.Stop()
	actions := p.Start(now)
	for {
		for len(actions) > 0 {
			a := actions[0]
			actions = actions[1:]
			switch a := a.(type) {
			case pay.FindRoutes:
				actions = append(actions, n.findRoutes(p, a.Request)...)
			case pay.SendHTLC:
				actions = append(actions, n.sendHTLC(p, a, cfg.PaymentHash, events)...)
			case pay.Done:
				return a.Outcome, nil
			}
		}
		select {
		case r := <-events:
			actions = n.payResult(p, r)
		case <-tick.C:
			actions = p.Tick(time.Now())
		case <-ctx.Done():
			return nil, ctx.Err()
		}
	}
}

// findRoutes runs pathfinding on the node's graph, with its own channels'
// balances as first hops.
func (n *Node) findRoutes(p *pay.Payment, req pathfind.Request) []pay.Action {
	for _, c := range n.chans {
		other := c.other(n)
		if n.hasPeer(other.ID) {
			req.FirstHops = append(req.FirstHops, pathfind.FirstHop{SCID: c.scid, Peer: other.ID, BandwidthMsat: c.available(c.side(n))})
		}
	}
	rs, err := n.finder.FindRoutes(n.graph, &req)
	if err != nil {
		n.nw.trace(4, 4, "%s finds no route for %d msat: %v", n.Name, req.AmountMsat, err)
	}
	for i := range rs {
		r := &rs[i]
		names := []string{n.Name}
		for _, h := range r.Hops {
			names = append(names, n.nw.name(h.NodeID))
		}
		part := ""
		if len(rs) > 1 {
			part = fmt.Sprintf(" (part %d of %d)", i+1, len(rs))
		}
		n.nw.trace(4, 4, "route%s %s: delivers %d msat, fees %d msat, first cltv_expiry %d, success probability %.2f",
			part, strings.Join(names, "->"), r.ReceivedMsat(), r.FeeMsat(), r.CLTVExpiry(), r.Probability)
	}
	return p.RoutesFound(rs, err, time.Now())
}

// sendHTLC offers one HTLC of a payment on its first channel.
func (n *Node) sendHTLC(p *pay.Payment, a pay.SendHTLC, hash [32]byte, events chan result) []pay.Action {
	var hops []string
	for _, h := range a.Route.Hops {
		hops = append(hops, n.nw.name(h.NodeID))
	}
	n.nw.trace(4, 4, "%s built the onion: %d B, one encrypted layer per hop (%s), each readable only with that hop's node key",
		n.Name, a.Onion.Len(), strings.Join(hops, ", "))
	fail := func() []pay.Action {
		return p.FailedLocally(a.Attempt, 0, &failure.TemporaryChannelFailure{}, time.Now())
	}
	c := n.chans[a.SCID]
	if c == nil {
		return fail()
	}
	side := c.side(n)
	id, ok := c.offer(side, a.AmountMsat)
	if !ok {
		return fail()
	}
	add := &channelmsg.UpdateAddHTLC{ChannelID: c.cid, ID: id, AmountMsat: uint64(a.AmountMsat), PaymentHash: a.PaymentHash, CLTVExpiry: a.CLTVExpiry}
	copy(add.OnionRoutingPacket[:], a.Onion.Bytes())
	ref := htlcRef{c.scid, id}
	n.mu.Lock()
	n.pays[ref] = payRef{attempt: a.Attempt, hash: hash, events: events}
	n.mu.Unlock()
	to := c.other(n)
	n.nw.trace(3, 2, "%s -> %s: update_add_htlc id %d, %d msat, cltv_expiry %d, payment_hash %s",
		n.Name, to.Name, id, add.AmountMsat, add.CLTVExpiry, hex.EncodeToString(hash[:8]))
	if err := n.send(to.ID, add); err != nil {
		n.mu.Lock()
		delete(n.pays, ref)
		n.mu.Unlock()
		c.resolve(side, id, false)
		return fail()
	}
	return nil
}

// payResult feeds an HTLC's result to the payment.
func (n *Node) payResult(p *pay.Payment, r result) []pay.Action {
	now := time.Now()
	switch {
	case r.preimage != nil:
		n.nw.trace(5, 4, "%s got the preimage %s: the HTLC settled", n.Name, hex.EncodeToString(r.preimage[:]))
		return p.Settled(r.attempt, *r.preimage, now)
	case r.reason != nil:
		acts := p.Failed(r.attempt, r.reason, now)
		if a := p.Attempts()[r.attempt]; a.Failure != nil {
			who := n.Name
			if a.FailedAt > 0 {
				who = n.nw.name(a.Route.Hops[a.FailedAt-1].NodeID)
			}
			n.nw.trace(4, 4, "%s decrypted the failure onion: %v from %s; learned, retrying if it can", n.Name, a.Failure.Code(), who)
		}
		return acts
	default:
		return p.FailedLocally(r.attempt, r.erring, r.local, now)
	}
}
