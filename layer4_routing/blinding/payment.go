package blinding

import (
	"github.com/lnstack/lnstack/layer2_messaging/wire"
	"github.com/lnstack/lnstack/layer4_routing/sphinx"
)

// Incoming is what a node knows of the HTLC an onion came with.
type Incoming struct {
	// AmountMsat is the HTLC's amount_msat.
	AmountMsat uint64
	// CLTVExpiry is the HTLC's cltv_expiry.
	CLTVExpiry uint32
	// PathKey is update_add_htlc's path_key, nil when absent.
	PathKey *wire.Point
}

// PaymentHop is a payment onion processed by one node: the layer peeled,
// the payload decoded and checked, and for a hop of a blinded path its
// encrypted data decrypted and applied.
type PaymentHop struct {
	sphinx.Peeled
	// Payload is the decoded payload.
	Payload sphinx.Payload
	// Blinded is true when the hop is part of a blinded path (the payload
	// holds encrypted_recipient_data).
	Blinded bool
	// Introduction is true at the introduction node: the path_key came in
	// the payload's current_path_key, not with the HTLC.
	Introduction bool
	// Data is the decrypted encrypted_data_tlv of a blinded hop; the final
	// node checks Data.PathID against the paths it created.
	Data Data
	// NextPathKey is the path_key to send with the outgoing HTLC of a
	// blinded hop that forwards.
	NextPathKey wire.Point

	// AmtToForward and OutgoingCLTV are the outgoing HTLC's amount and
	// expiry (for the final node: what the payload says it receives),
	// from the payload or, in a blinded path, from payment_relay.
	AmtToForward uint64
	OutgoingCLTV uint32
	// The next hop of a forwarding node: a channel, or in a blinded path
	// possibly a node id.
	HasShortChannelID bool
	ShortChannelID    wire.ShortChannelID
	HasNextNodeID     bool
	NextNodeID        wire.Point
}

// ProcessPayment processes the onion of an incoming HTLC at node key
// (BOLT #4 "Onion Decryption", "payload format" and "Route Blinding"),
// paymentHash being the associated data. A node inside a blinded path
// (in.PathKey set) peels with its blinded key; an introduction node finds
// the path key in its payload. It checks the payload's records for the
// hop's role, decrypts and checks encrypted_recipient_data, and computes the
// outgoing amount and expiry, applying payment_constraints. It does not
// check the node's own policy (fees and deltas of its channels, the final
// amount it expects), nor consult the replay log.
//
// Errors: the sphinx errors of Peel (BADONION), a payload that does not
// decode (a layer2_messaging/wire sentinel) or has the wrong records (a
// *sphinx.RecordError), and for a hop inside a blinded path or an
// introduction node any error wrapped in a *PathError.
func ProcessPayment(key *sphinx.NodeKey, pkt *sphinx.Packet, paymentHash []byte, in Incoming) (PaymentHop, error) {
	var out PaymentHop
	fail := func(err error) (PaymentHop, error) {
		if in.PathKey != nil || out.Introduction {
			return PaymentHop{}, &PathError{PathKeyInHTLC: in.PathKey != nil, Err: err}
		}
		return PaymentHop{}, err
	}
	var u Unblinded
	var err error
	if in.PathKey != nil {
		if u, err = Unblind(key, in.PathKey); err != nil {
			return fail(err)
		}
		out.Peeled, err = key.PeelBlinded(pkt, paymentHash, &u.Tweak)
	} else {
		out.Peeled, err = key.Peel(pkt, paymentHash)
	}
	if err != nil {
		return fail(err)
	}
	if err := out.Payload.Decode(out.Peeled.Payload); err != nil {
		return fail(err)
	}
	p := &out.Payload
	out.Blinded = p.HasEncryptedRecipientData
	out.Introduction = out.Blinded && in.PathKey == nil && p.HasCurrentPathKey && !out.Final
	if err := p.Check(sphinx.Role{Final: out.Final, PathKeyInHTLC: in.PathKey != nil}); err != nil {
		return fail(err)
	}
	if !out.Blinded {
		out.AmtToForward, out.OutgoingCLTV = p.AmtToForward, p.OutgoingCLTV
		out.HasShortChannelID, out.ShortChannelID = p.HasShortChannelID, p.ShortChannelID
		return out, nil
	}
	if in.PathKey == nil {
		if u, err = Unblind(key, &p.CurrentPathKey); err != nil {
			return fail(err)
		}
	}
	if out.Data, err = u.DecryptData(p.EncryptedRecipientData); err != nil {
		return fail(err)
	}
	if err := checkPaymentData(&out.Data, out.Final, in); err != nil {
		return fail(err)
	}
	if out.Final {
		out.AmtToForward, out.OutgoingCLTV = p.AmtToForward, p.OutgoingCLTV
		return out, nil
	}
	d := &out.Data
	var ok bool
	if out.AmtToForward, ok = d.PaymentRelay.AmountToForward(in.AmountMsat); !ok {
		return fail(ErrConstraints)
	}
	if out.OutgoingCLTV, ok = d.PaymentRelay.OutgoingCLTV(in.CLTVExpiry); !ok {
		return fail(ErrConstraints)
	}
	out.HasShortChannelID, out.ShortChannelID = d.HasShortChannelID, d.ShortChannelID
	out.HasNextNodeID, out.NextNodeID = d.HasNextNodeID, d.NextNodeID
	if out.NextPathKey, err = u.NextPathKeyFor(d); err != nil {
		return fail(err)
	}
	return out, nil
}

// checkPaymentData applies the reader requirements of BOLT #4 "payload
// format" to a blinded hop's decrypted data.
func checkPaymentData(d *Data, final bool, in Incoming) error {
	// "MUST return an error if: encrypted_recipient_data.allowed_features.
	// features contains an unknown feature bit (even if it is odd).
	// encrypted_recipient_data contains both short_channel_id and
	// next_node_id." No feature is defined for blinded payments at the
	// pinned BOLTs, so any bit set is unknown.
	if d.HasShortChannelID && d.HasNextNodeID || anyBit(d.AllowedFeatures) {
		return ErrInvalidData
	}
	// "If payment_constraints is present: MUST return an error if: the
	// expiry is greater than ... max_cltv_expiry. the amount is below ...
	// htlc_minimum_msat."
	if d.HasPaymentConstraints {
		c := d.PaymentConstraints
		if in.CLTVExpiry > c.MaxCLTVExpiry || in.AmountMsat < c.HTLCMinimumMsat {
			return ErrConstraints
		}
	}
	if final {
		return nil
	}
	// "If it is not the final node: ... MUST return an error if
	// encrypted_recipient_data does not contain either short_channel_id or
	// next_node_id. MUST return an error if encrypted_recipient_data does
	// not contain payment_relay."
	if !d.HasShortChannelID && !d.HasNextNodeID || !d.HasPaymentRelay {
		return ErrInvalidData
	}
	return nil
}

func anyBit(b []byte) bool {
	for _, x := range b {
		if x != 0 {
			return true
		}
	}
	return false
}
