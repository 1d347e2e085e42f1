package blinding

import (
	"math"
	"math/bits"
)

// million is the denominator of proportional fees.
const million = 1_000_000

// AmountToForward returns the amount a node of a blinded path forwards for
// an incoming HTLC of amount msat. BOLT #4: "amt_to_forward = ((amount_msat
// - fee_base_msat) * 1000000 + 1000000 + fee_proportional_millionths - 1) /
// (1000000 + fee_proportional_millionths)". It fails (false) when the
// amount does not cover the base fee. The products are computed in 128
// bits, so no amount overflows.
func (r PaymentRelay) AmountToForward(amount uint64) (uint64, bool) {
	if amount < uint64(r.FeeBaseMsat) {
		return 0, false
	}
	hi, lo := bits.Mul64(amount-uint64(r.FeeBaseMsat), million)
	var carry uint64
	lo, carry = bits.Add64(lo, million+uint64(r.FeeProportionalMillionths)-1, 0)
	hi += carry
	d := million + uint64(r.FeeProportionalMillionths)
	if hi >= d {
		return 0, false // the quotient does not fit 64 bits
	}
	q, _ := bits.Div64(hi, lo, d)
	return q, true
}

// OutgoingCLTV returns cltv_expiry - cltv_expiry_delta (BOLT #4:
// "outgoing_cltv_value = cltv_expiry - payment_relay.cltv_expiry_delta"),
// failing when the expiry is below the delta.
func (r PaymentRelay) OutgoingCLTV(expiry uint32) (uint32, bool) {
	if expiry < uint32(r.CLTVExpiryDelta) {
		return 0, false
	}
	return expiry - uint32(r.CLTVExpiryDelta), true
}

// PayInfo is what the creator of a blinded path tells the sender the whole
// path costs (BOLT #12's blinded_payinfo carries it).
type PayInfo struct {
	FeeBaseMsat               uint64
	FeeProportionalMillionths uint64
	CLTVExpiryDelta           uint32
}

// AggregateRelay sums the payment_relay of a path's forwarding nodes,
// introduction node first, as BOLT #4 requires the creator to ("MUST
// compute the total fees and CLTV delta of the route as follows"), from the
// node nearest the recipient back to the introduction node:
//
//	total_fee_base_msat(n+1) = (fee_base_msat(n+1) * 1000000 +
//	  total_fee_base_msat(n) * (1000000 + fee_proportional_millionths(n+1))
//	  + 1000000 - 1) / 1000000
//	total_fee_proportional_millionths(n+1) = ((total(n) + prop(n+1)) *
//	  1000000 + total(n) * prop(n+1) + 1000000 - 1) / 1000000
//	total_cltv_delta = the sum of the deltas + min_final_cltv_expiry_delta
func AggregateRelay(relays []PaymentRelay, minFinalCLTVDelta uint32) PayInfo {
	var p PayInfo
	for i := len(relays) - 1; i >= 0; i-- {
		r := relays[i]
		base, prop := uint64(r.FeeBaseMsat), uint64(r.FeeProportionalMillionths)
		p.FeeBaseMsat = (base*million + p.FeeBaseMsat*(million+prop) + million - 1) / million
		p.FeeProportionalMillionths = ((p.FeeProportionalMillionths+prop)*million + p.FeeProportionalMillionths*prop + million - 1) / million
		p.CLTVExpiryDelta += uint32(r.CLTVExpiryDelta)
	}
	p.CLTVExpiryDelta += minFinalCLTVDelta
	return p
}

// Fee returns what the sender adds to amount for the path: the base fee
// plus the proportional fee, rounded down as BOLT #7 fees are
// ("fee_base_msat + ( amount_to_forward * fee_proportional_millionths /
// 1000000 )"), saturating at the largest uint64.
func (p PayInfo) Fee(amount uint64) uint64 {
	hi, lo := bits.Mul64(amount, p.FeeProportionalMillionths)
	if hi >= million {
		return math.MaxUint64
	}
	q, _ := bits.Div64(hi, lo, million)
	if fee, carry := bits.Add64(p.FeeBaseMsat, q, 0); carry == 0 {
		return fee
	}
	return math.MaxUint64
}
