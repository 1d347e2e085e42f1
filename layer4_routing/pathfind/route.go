package pathfind

import (
	"fmt"
	"strings"

	"github.com/lnstack/lnstack/layer2_messaging/wire"
	"github.com/lnstack/lnstack/layer3_p2p/amount"
)

// Route is a path from the source with the HTLC of every hop.
type Route struct {
	// Hops are the channels in order; Hops[i] is the HTLC offered over
	// Hops[i].SCID to Hops[i].NodeID. The onion payload of the node that
	// offers it (the source, then Hops[i-1].NodeID) asks for it:
	// short_channel_id = Hops[i].SCID, amt_to_forward = Hops[i].AmountMsat,
	// outgoing_cltv_value = Hops[i].CLTVExpiry. The last hop's are the
	// final node's values (or, with Blinded, the introduction point's
	// incoming HTLC).
	Hops []Hop
	// Blinded is the blinded path the route ends with, nil for none.
	Blinded *BlindedTail
	// Probability is the model's success probability of the route.
	Probability float64
	// Cost is what the search minimised: fees plus the prices of
	// Weights, in msat.
	Cost float64
}

// Hop is one channel of a route and the HTLC it carries.
type Hop struct {
	// NodeID is the node the HTLC goes to.
	NodeID wire.Point
	SCID   wire.ShortChannelID
	// Direction is the channel's direction (0 from node_id_1), for
	// learning about its liquidity.
	Direction uint8
	// CapacityMsat is the channel's capacity (UnknownCapacityMsat for a
	// route hint's or a first hop's bandwidth): learning decays towards
	// it.
	CapacityMsat amount.MilliSatoshi
	AmountMsat   amount.MilliSatoshi
	CLTVExpiry   uint32
	// Hint is set for a channel from a route hint rather than the graph.
	Hint bool
}

// BlindedTail is the blinded path a route ends with and what reaches the
// recipient through it.
type BlindedTail struct {
	// Path indexes Request.BlindedPaths.
	Path int
	// AmountMsat and CLTVExpiry are the final hop's amt_to_forward and
	// outgoing_cltv_value.
	AmountMsat amount.MilliSatoshi
	CLTVExpiry uint32
}

// AmountMsat is what the source sends: the first HTLC's amount.
func (r *Route) AmountMsat() amount.MilliSatoshi {
	if len(r.Hops) == 0 {
		return 0
	}
	return r.Hops[0].AmountMsat
}

// ReceivedMsat is what reaches the recipient.
func (r *Route) ReceivedMsat() amount.MilliSatoshi {
	if r.Blinded != nil {
		return r.Blinded.AmountMsat
	}
	if len(r.Hops) == 0 {
		return 0
	}
	return r.Hops[len(r.Hops)-1].AmountMsat
}

// FeeMsat is the fees the route pays.
func (r *Route) FeeMsat() amount.MilliSatoshi { return r.AmountMsat() - r.ReceivedMsat() }

// CLTVExpiry is the first HTLC's expiry.
func (r *Route) CLTVExpiry() uint32 {
	if len(r.Hops) == 0 {
		return 0
	}
	return r.Hops[0].CLTVExpiry
}

// String lists the hops, for logs and test failures.
func (r *Route) String() string {
	var b strings.Builder
	for i, h := range r.Hops {
		if i > 0 {
			b.WriteString(" -> ")
		}
		fmt.Fprintf(&b, "%s(%d msat, %d)", h.SCID, uint64(h.AmountMsat), h.CLTVExpiry)
	}
	if r.Blinded != nil {
		fmt.Fprintf(&b, " -> blinded path %d (%d msat, %d)", r.Blinded.Path, uint64(r.Blinded.AmountMsat), r.Blinded.CLTVExpiry)
	}
	fmt.Fprintf(&b, " p=%.3f", r.Probability)
	return b.String()
}
