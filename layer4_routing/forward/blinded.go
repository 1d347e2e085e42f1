package forward

import (
	"fmt"

	"github.com/lnstack/lnstack/layer2_messaging/feature"
	"github.com/lnstack/lnstack/layer3_p2p/amount"
	"github.com/lnstack/lnstack/layer4_routing/failure"
)

// blindedFields are the payload types a non-final node in a blinded route
// may have: "MUST return an error if the payload contains other tlv fields
// than encrypted_recipient_data and current_path_key".
const blindedFields = Fields(1<<TypeEncryptedRecipientData | 1<<TypeCurrentPathKey)

// decideBlinded is Decide for a node inside a blinded route or at its
// introduction point. BOLT #4: "if path_key is set in the incoming
// update_add_htlc: MUST return an invalid_onion_blinding error. if
// current_path_key is set in the onion payload and it is not the final
// node: MUST return an invalid_onion_blinding error."
func decideBlinded(p *Payload, in *Incoming, out *Channel, height uint32, cfg *Config) Decision {
	blame := func(reason error) Decision {
		return fail(&Failure{Message: &failure.InvalidOnionBlinding{SHA256OfOnion: in.OnionHash}, Malformed: in.PathKey, Reason: reason})
	}
	switch cfg.status() {
	case NodeUnavailable:
		return blame(ErrNodeUnavailable)
	case NodeRetired:
		return blame(ErrNodeRetired)
	}
	hasKey := p.Present.Has(TypeCurrentPathKey)
	switch {
	case in.PathKey && hasKey:
		// "If path_key is set in the incoming update_add_htlc: MUST return
		// an error if current_path_key is present."
		return blame(fmt.Errorf("%w: path_key and current_path_key both set", ErrBlinding))
	case !in.PathKey && !hasKey:
		// "Otherwise: MUST return an error if current_path_key is not
		// present."
		return blame(fmt.Errorf("%w: no path_key", ErrBlinding))
	case !p.Present.Has(TypeEncryptedRecipientData):
		// Outside a blinded route: "MUST return an error if path_key is
		// set in the incoming update_add_htlc or current_path_key is
		// present."
		return blame(fmt.Errorf("%w: path key without encrypted_recipient_data", ErrBlinding))
	case p.Blinded == nil:
		// "MUST return an error if encrypted_recipient_data does not
		// decrypt using the path_key"; an encrypted_data_tlv with an
		// unknown even field does not decode either.
		return blame(fmt.Errorf("%w: encrypted_recipient_data does not decrypt", ErrBlinding))
	case p.Present&^blindedFields != 0:
		return blame(fmt.Errorf("%w: %w", ErrBlinding, ErrForbiddenField))
	}
	d := p.Blinded
	// "MUST return an error if: encrypted_recipient_data.allowed_features.
	// features contains an unknown feature bit (even if it is odd)". No
	// payment onion field uses a feature, so the payment uses none that
	// allowed_features lacks.
	for _, b := range feature.Vector(d.AllowedFeatures).Bits() {
		if f, ok := feature.Lookup(b); !ok || f.Contexts&feature.InBlindedPath == 0 {
			return blame(fmt.Errorf("%w: unknown allowed feature %d", ErrBlinding, b))
		}
	}
	switch {
	case d.HasShortChannelID && d.HasNextNodeID:
		return blame(fmt.Errorf("%w: both short_channel_id and next_node_id", ErrBlinding))
	case !d.HasShortChannelID && !d.HasNextNodeID:
		return blame(fmt.Errorf("%w: neither short_channel_id nor next_node_id", ErrBlinding))
	case !d.HasPaymentRelay:
		return blame(fmt.Errorf("%w: no payment_relay", ErrBlinding))
	}
	// "If payment_constraints is present: MUST return an error if: the
	// expiry is greater than max_cltv_expiry; the amount is below
	// htlc_minimum_msat." Both are the incoming HTLC's: the recipient
	// built max_cltv_expiry adding each hop's delta towards this one.
	if c := d.PaymentConstraints; d.HasPaymentConstraints {
		if in.CLTVExpiry > c.MaxCLTVExpiry {
			return blame(fmt.Errorf("%w: expiry %d past max_cltv_expiry %d", ErrConstraints, in.CLTVExpiry, c.MaxCLTVExpiry))
		}
		if uint64(in.AmountMsat) < c.HTLCMinimumMsat {
			return blame(fmt.Errorf("%w: amount below htlc_minimum_msat %d", ErrConstraints, c.HTLCMinimumMsat))
		}
	}
	// "MUST use values from encrypted_recipient_data.payment_relay to
	// calculate amt_to_forward and outgoing_cltv_value".
	amt, ok := d.PaymentRelay.AmountToForward(uint64(in.AmountMsat))
	if !ok {
		return blame(fmt.Errorf("%w: amount below fee_base_msat", ErrFee))
	}
	outCLTV, ok := d.PaymentRelay.OutgoingCLTV(in.CLTVExpiry)
	if !ok {
		return blame(fmt.Errorf("%w: expiry below cltv_expiry_delta", ErrCLTVDelta))
	}
	if out == nil {
		return blame(ErrUnknownChannel)
	}
	if f := checkChannel(out, in.AmountMsat, amount.MilliSatoshi(amt), in.CLTVExpiry, outCLTV, height, cfg); f != nil {
		return blame(f.Reason)
	}
	return Decision{Forward: true, Out: Outgoing{SCID: out.SCID, AmountMsat: amount.MilliSatoshi(amt), CLTVExpiry: outCLTV, Blinded: true}}
}
