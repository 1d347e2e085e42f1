package commitment

import (
	"github.com/lnstack/lnstack/layer3_p2p/amount"
)

// HTLC is one HTLC committed to a commitment transaction, seen from the
// commitment's owner.
type HTLC struct {
	// Offered is true for an HTLC the owner offered (it pays the other
	// node on the preimage, and comes back through HTLC-timeout), false
	// for one the owner received (claimed through HTLC-success).
	Offered     bool
	Amount      amount.MilliSatoshi
	PaymentHash [32]byte
	CLTVExpiry  uint32
}

// secondStageFee is the fee of the HTLC transaction that spends h's output.
func (t ChannelType) secondStageFee(h HTLC, f amount.FeeratePerKw) amount.Satoshi {
	if h.Offered {
		return t.HTLCTimeoutFee(f)
	}
	return t.HTLCSuccessFee(f)
}

// IsTrimmed reports whether h gets no output in a commitment transaction
// of this type, at feerate f, for an owner whose dust limit is dust.
//
// BOLT #3 "Trimmed Outputs": "if the HTLC amount minus the HTLC-timeout fee
// would be less than dust_limit_satoshis set by the transaction owner: MUST
// NOT contain that output" (the HTLC-success fee for a received HTLC; both
// fees are 0 with option_anchors).
func (t ChannelType) IsTrimmed(h HTLC, f amount.FeeratePerKw, dust amount.Satoshi) bool {
	return h.Amount.ToSatoshi()-t.secondStageFee(h, f) < dust
}
