package gossip

import (
	"fmt"
	"math"
	"math/bits"

	"github.com/lnstack/lnstack/layer3_p2p/amount"
)

// Policy is the relay policy one end of a channel announces in its
// channel_update: what it charges and the CLTV delta it needs to forward an
// HTLC over the channel.
type Policy struct {
	CLTVExpiryDelta           uint16
	FeeBaseMsat               uint32
	FeeProportionalMillionths uint32
	HTLCMinimumMsat           amount.MilliSatoshi
	HTLCMaximumMsat           amount.MilliSatoshi
}

// Policy returns the relay policy the update announces.
func (m *ChannelUpdate) Policy() Policy {
	return Policy{
		CLTVExpiryDelta:           m.CLTVExpiryDelta,
		FeeBaseMsat:               m.FeeBaseMsat,
		FeeProportionalMillionths: m.FeeProportionalMillionths,
		HTLCMinimumMsat:           m.HTLCMinimumMsat,
		HTLCMaximumMsat:           m.HTLCMaximumMsat,
	}
}

// Fee returns the fee for forwarding amountToForward. BOLT #7 "HTLC Fees":
// the origin node "SHOULD accept HTLCs that pay a fee equal to or greater
// than: fee_base_msat + ( amount_to_forward * fee_proportional_millionths /
// 1000000 )", the division rounding down. The product is taken on 128 bits,
// so only a fee past 2^64 msat fails (ErrAmountOverflow).
func (p Policy) Fee(amountToForward amount.MilliSatoshi) (amount.MilliSatoshi, error) {
	hi, lo := bits.Mul64(uint64(amountToForward), uint64(p.FeeProportionalMillionths))
	if hi >= 1_000_000 {
		return 0, fmt.Errorf("%w: fee on %s", ErrAmountOverflow, amountToForward)
	}
	prop, _ := bits.Div64(hi, lo, 1_000_000)
	fee, carry := bits.Add64(prop, uint64(p.FeeBaseMsat), 0)
	if carry != 0 {
		return 0, fmt.Errorf("%w: fee on %s", ErrAmountOverflow, amountToForward)
	}
	return amount.MilliSatoshi(fee), nil
}

// HTLC is what one update_add_htlc of a route carries: the HTLC's amount
// and expiry, and what its onion tells the receiving node to forward (or,
// at the last hop, to accept).
type HTLC struct {
	AmountMsat        amount.MilliSatoshi
	CLTVExpiry        uint32
	AmtToForward      amount.MilliSatoshi
	OutgoingCLTVValue uint32
}

// RouteHTLCs computes the HTLCs along a route, backward from the
// destination as BOLT #7 describes ("amounts and expiries for HTLCs need to
// be calculated backward from the destination to the source"), for a
// payment of amount that must reach the destination with the expiry
// finalCLTVExpiry (the current height plus the destination's
// min_final_cltv_expiry_delta and any shadow-route offset).
//
// policies are the channel_updates of the channels the intermediate nodes
// forward over, in route order: policies[i] belongs to the node that
// receives HTLC i and sends HTLC i+1. The sender pays itself no fee and
// adds no delta, so a route of n channels has n-1 policies; the result has
// one HTLC per channel, the sender's first. Each HTLC's onion asks to
// forward the next HTLC's amount and expiry; the last one's asks for the
// payment itself.
func RouteHTLCs(amt amount.MilliSatoshi, finalCLTVExpiry uint32, policies []Policy) ([]HTLC, error) {
	htlcs := make([]HTLC, len(policies)+1)
	next := HTLC{AmountMsat: amt, CLTVExpiry: finalCLTVExpiry, AmtToForward: amt, OutgoingCLTVValue: finalCLTVExpiry}
	htlcs[len(policies)] = next
	for i := len(policies) - 1; i >= 0; i-- {
		p := policies[i]
		fee, err := p.Fee(next.AmountMsat)
		if err != nil {
			return nil, err
		}
		in := HTLC{AmtToForward: next.AmountMsat, OutgoingCLTVValue: next.CLTVExpiry}
		if uint64(fee) > math.MaxUint64-uint64(next.AmountMsat) {
			return nil, fmt.Errorf("%w: %s plus fee %s", ErrAmountOverflow, next.AmountMsat, fee)
		}
		in.AmountMsat = next.AmountMsat + fee
		if uint64(next.CLTVExpiry)+uint64(p.CLTVExpiryDelta) > math.MaxUint32 {
			return nil, fmt.Errorf("%w: %d plus %d", ErrCLTVOverflow, next.CLTVExpiry, p.CLTVExpiryDelta)
		}
		in.CLTVExpiry = next.CLTVExpiry + uint32(p.CLTVExpiryDelta)
		htlcs[i] = in
		next = in
	}
	return htlcs, nil
}
