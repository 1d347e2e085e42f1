package graph

import (
	"github.com/lnstack/lnstack/layer3_p2p/amount"
	"github.com/lnstack/lnstack/layer3_p2p/gossip"
)

// Policy is one direction of a channel as its origin node last announced it
// in a channel_update: the relay fees, CLTV delta and HTLC limits, the
// flags and the timestamp. It is the packed form the graph stores (32
// bytes, no padding: the two u64 first, then the u32, the u16 and the two
// flag bytes), two per channel.
//
// The zero Policy, Timestamp 0, means no channel_update has been accepted
// for the direction: BOLT #7 has the origin "set timestamp to greater than
// 0", so no real update has it.
type Policy struct {
	HTLCMinimumMsat           amount.MilliSatoshi
	HTLCMaximumMsat           amount.MilliSatoshi
	FeeBaseMsat               uint32
	FeeProportionalMillionths uint32
	Timestamp                 uint32
	CLTVExpiryDelta           uint16
	MessageFlags              byte
	ChannelFlags              byte
}

// policyFromUpdate packs the fields of a channel_update.
func policyFromUpdate(m *gossip.ChannelUpdate) Policy {
	return Policy{
		HTLCMinimumMsat:           m.HTLCMinimumMsat,
		HTLCMaximumMsat:           m.HTLCMaximumMsat,
		FeeBaseMsat:               m.FeeBaseMsat,
		FeeProportionalMillionths: m.FeeProportionalMillionths,
		Timestamp:                 m.Timestamp,
		CLTVExpiryDelta:           m.CLTVExpiryDelta,
		MessageFlags:              m.MessageFlags,
		ChannelFlags:              m.ChannelFlags,
	}
}

// Known reports whether a channel_update has been accepted for the
// direction.
func (p *Policy) Known() bool { return p.Timestamp != 0 }

// Disabled reports whether the update sets the disable bit of
// channel_flags.
func (p *Policy) Disabled() bool { return p.ChannelFlags&gossip.ChannelFlagDisable != 0 }

// Relay returns the fee and CLTV part of the policy, whose Fee method
// computes "HTLC Fees".
func (p *Policy) Relay() gossip.Policy {
	return gossip.Policy{
		CLTVExpiryDelta:           p.CLTVExpiryDelta,
		FeeBaseMsat:               p.FeeBaseMsat,
		FeeProportionalMillionths: p.FeeProportionalMillionths,
		HTLCMinimumMsat:           p.HTLCMinimumMsat,
		HTLCMaximumMsat:           p.HTLCMaximumMsat,
	}
}

// Usable reports whether a route may use the direction: an update is
// known, the channel is not disabled, and the HTLC limits make sense for
// the channel's capacity (0: unknown, not checked). BOLT #7: "if
// htlc_maximum_msat < htlc_minimum_msat: SHOULD ignore this channel during
// route considerations" and "if htlc_maximum_msat is greater than channel
// capacity: ... SHOULD ignore this channel during route considerations."
func (p *Policy) Usable(capacity amount.Satoshi) bool {
	if !p.Known() || p.Disabled() || p.HTLCMaximumMsat < p.HTLCMinimumMsat {
		return false
	}
	return capacity == 0 || p.HTLCMaximumMsat <= capacity.ToMilliSatoshi()
}
