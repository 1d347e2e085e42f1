package forward

import (
	"fmt"

	"github.com/lnstack/lnstack/layer4_routing/failure"
)

// finalBlindedFields are the payload types the final node of a blinded
// route may have: "MUST return an error if the payload contains other tlv
// fields than encrypted_recipient_data, current_path_key, amt_to_forward,
// outgoing_cltv_value and total_amount_msat".
const finalBlindedFields = blindedFields | Fields(1<<TypeAmtToForward|1<<TypeOutgoingCLTVValue|1<<TypeTotalAmountMsat)

// CheckFinal applies to an HTLC whose onion ends at this node the rules
// that need only the payload and the HTLC: BOLT #4 "payload format" for
// the final node and the final node's failures that compare the HTLC with
// its onion. minFinal is the min_final_cltv_expiry_delta the payment
// asked for. It returns nil when they pass; what needs the invoice
// (payment_hash, payment_secret, the amount expected, the HTLC set of a
// multi-part payment) is the receiver's to check next.
//
// Inside a blinded route, past its introduction point (path_key in
// update_add_htlc), every failure is invalid_onion_blinding; at an
// introduction point that is also the final node the failures are the
// ordinary ones. The order follows the BOLT's list:
// invalid_onion_payload, incorrect_or_unknown_payment_details (expiry too
// near), final_incorrect_cltv_expiry, final_incorrect_htlc_amount.
func CheckFinal(p *Payload, in *Incoming, height uint32, minFinal uint16) *Failure {
	var f *Failure
	if p.blinded(in) {
		f = checkFinalBlinded(p)
	} else {
		// "MUST return an error if amt_to_forward or outgoing_cltv_value
		// are not present."
		for _, t := range [...]uint64{TypeAmtToForward, TypeOutgoingCLTVValue} {
			if !p.Present.Has(t) {
				f = &Failure{Message: &failure.InvalidOnionPayload{Type: t}, Reason: ErrMissingField}
				break
			}
		}
	}
	if f == nil {
		f = checkFinalHTLC(p, in, height, minFinal)
	}
	if f != nil && in.PathKey {
		return &Failure{Message: &failure.InvalidOnionBlinding{SHA256OfOnion: in.OnionHash}, Malformed: true, Reason: f.Reason}
	}
	return f
}

// checkFinalBlinded checks the shape of a blinded final payload.
func checkFinalBlinded(p *Payload) *Failure {
	invalid := func(reason error) *Failure {
		return &Failure{Message: &failure.InvalidOnionPayload{}, Reason: reason}
	}
	switch {
	case !p.Present.Has(TypeEncryptedRecipientData):
		return invalid(fmt.Errorf("%w: path key without encrypted_recipient_data", ErrBlinding))
	case p.Blinded == nil:
		return invalid(fmt.Errorf("%w: encrypted_recipient_data does not decrypt", ErrBlinding))
	case p.Present&^finalBlindedFields != 0:
		return invalid(fmt.Errorf("%w: %w", ErrBlinding, ErrForbiddenField))
	}
	// "MUST return an error if amt_to_forward, outgoing_cltv_value or
	// total_amount_msat are not present."
	for _, t := range [...]uint64{TypeAmtToForward, TypeOutgoingCLTVValue, TypeTotalAmountMsat} {
		if !p.Present.Has(t) {
			return &Failure{Message: &failure.InvalidOnionPayload{Type: t}, Reason: ErrMissingField}
		}
	}
	return nil
}

// checkFinalHTLC compares the HTLC with its payload.
func checkFinalHTLC(p *Payload, in *Incoming, height uint32, minFinal uint16) *Failure {
	// "MUST return an error if: incoming cltv_expiry < current_block_height
	// + min_final_cltv_expiry_delta"; "if the cltv_expiry value is
	// unreasonably near the present: MUST fail the HTLC. MUST return an
	// incorrect_or_unknown_payment_details error."
	if uint64(in.CLTVExpiry) < uint64(height)+uint64(minFinal) {
		return &Failure{Message: &failure.IncorrectOrUnknownPaymentDetails{HTLCMsat: uint64(in.AmountMsat), Height: height}, Reason: ErrFinalExpiryTooSoon}
	}
	// "if the cltv_expiry from the final node's HTLC is below
	// outgoing_cltv_value: MUST return final_incorrect_cltv_expiry error."
	if in.CLTVExpiry < p.OutgoingCLTVValue {
		return &Failure{Message: &failure.FinalIncorrectCLTVExpiry{CLTVExpiry: in.CLTVExpiry}, Reason: ErrFinalCLTV}
	}
	// "if amount_msat from the final node's HTLC is below amt_to_forward:
	// MUST return a final_incorrect_htlc_amount error."
	if in.AmountMsat < p.AmtToForward {
		return &Failure{Message: &failure.FinalIncorrectHTLCAmount{IncomingHTLCAmt: uint64(in.AmountMsat)}, Reason: ErrFinalAmount}
	}
	return nil
}
