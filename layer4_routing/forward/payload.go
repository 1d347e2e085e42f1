package forward

import (
	"github.com/lnstack/lnstack/layer2_messaging/wire"
	"github.com/lnstack/lnstack/layer3_p2p/amount"
	"github.com/lnstack/lnstack/layer4_routing/blinding"
	"github.com/lnstack/lnstack/layer4_routing/sphinx"
)

// The TLV types of the BOLT #4 payload a decision looks at.
const (
	TypeAmtToForward           uint64 = 2
	TypeOutgoingCLTVValue      uint64 = 4
	TypeShortChannelID         uint64 = 6
	TypePaymentData            uint64 = 8
	TypeEncryptedRecipientData uint64 = 10
	TypeCurrentPathKey         uint64 = 12
	TypePaymentMetadata        uint64 = 16
	TypeTotalAmountMsat        uint64 = 18
)

// Fields is the set of payload TLV types present, one bit per type (bit t
// for type t; the payload's types are all below 64).
type Fields uint64

// Field returns the bit of TLV type t (0 for a type of 64 or more, which
// no payload field has).
func Field(t uint64) Fields {
	if t >= 64 {
		return 0
	}
	return 1 << t
}

// Has reports whether type t is present.
func (f Fields) Has(t uint64) bool { return f&Field(t) != 0 }

// Payload is what a decrypted hop payload tells this node: the fields of
// BOLT #4 "payload format" a forwarding decision needs, with which of them
// were present, and the decrypted encrypted_recipient_data. NewPayload
// makes one from package sphinx's decoded payload.
type Payload struct {
	// Present has a bit for every TLV type the payload held.
	Present           Fields
	AmtToForward      amount.MilliSatoshi
	OutgoingCLTVValue uint32
	ShortChannelID    wire.ShortChannelID
	// TotalMsat is payment_data's total_msat or total_amount_msat, the
	// final node's.
	TotalMsat amount.MilliSatoshi
	// Blinded is encrypted_recipient_data decrypted with the path key
	// (package blinding), nil when absent or when it did not decrypt into
	// an encrypted_data_tlv (a failure either way once
	// encrypted_recipient_data is present).
	Blinded *blinding.Data
}

// NewPayload returns the Payload of a payload decoded by package sphinx
// and, when it had encrypted_recipient_data that decrypted, its
// encrypted_data_tlv (nil otherwise).
func NewPayload(p *sphinx.Payload, data *blinding.Data) *Payload {
	out := &Payload{
		AmtToForward:      amount.MilliSatoshi(p.AmtToForward),
		OutgoingCLTVValue: p.OutgoingCLTV,
		ShortChannelID:    p.ShortChannelID,
		Blinded:           data,
	}
	for _, r := range [...]struct {
		has bool
		t   uint64
	}{
		{p.HasAmtToForward, TypeAmtToForward}, {p.HasOutgoingCLTV, TypeOutgoingCLTVValue},
		{p.HasShortChannelID, TypeShortChannelID}, {p.HasPaymentData, TypePaymentData},
		{p.HasEncryptedRecipientData, TypeEncryptedRecipientData}, {p.HasCurrentPathKey, TypeCurrentPathKey},
		{p.HasPaymentMetadata, TypePaymentMetadata}, {p.HasTotalAmount, TypeTotalAmountMsat},
	} {
		if r.has {
			out.Present |= Field(r.t)
		}
	}
	switch {
	case p.HasPaymentData:
		out.TotalMsat = amount.MilliSatoshi(p.TotalMsat)
	case p.HasTotalAmount:
		out.TotalMsat = amount.MilliSatoshi(p.TotalAmountMsat)
	}
	return out
}

// Incoming is the HTLC as update_add_htlc brought it.
type Incoming struct {
	AmountMsat amount.MilliSatoshi
	CLTVExpiry uint32
	// PathKey is set when update_add_htlc had the blinded_path TLV: this
	// node is inside a blinded route, past its introduction point.
	PathKey bool
	// OnionHash is the SHA-256 of the onion_routing_packet received, the
	// sha256_of_onion of invalid_onion_blinding.
	OnionHash wire.SHA256
}

// blinded reports whether the HTLC reaches this node as part of a blinded
// route: as its introduction point (current_path_key) or inside it
// (path_key in update_add_htlc).
func (p *Payload) blinded(in *Incoming) bool {
	return in.PathKey || p.Present.Has(TypeCurrentPathKey) || p.Present.Has(TypeEncryptedRecipientData)
}

// Total is the payment's total_msat: BOLT #4, the final node "MUST treat
// total_msat as if it were equal to amt_to_forward if it is not present".
func (p *Payload) Total() amount.MilliSatoshi {
	if p.Present.Has(TypePaymentData) || p.Present.Has(TypeTotalAmountMsat) {
		return p.TotalMsat
	}
	return p.AmtToForward
}
