package bolt11

import (
	"encoding/hex"
	"encoding/json"
)

// invoiceJSON is the JSON form of an invoice, the one `lnstack decode
// invoice` prints. Byte strings are lower-case hex; expiry and
// min_final_cltv_expiry are the values in force, the defaults when the
// fields are absent; amount_msat, description or description_hash,
// payment_metadata and payee are absent when the invoice has none (payee:
// after DecodeUnverified without an n field).
type invoiceJSON struct {
	Network            string      `json:"network"`
	AmountMsat         *uint64     `json:"amount_msat,omitempty"`
	Timestamp          uint64      `json:"timestamp"`
	PaymentHash        string      `json:"payment_hash"`
	PaymentSecret      string      `json:"payment_secret"`
	Description        *string     `json:"description,omitempty"`
	DescriptionHash    string      `json:"description_hash,omitempty"`
	Expiry             uint64      `json:"expiry"`
	MinFinalCLTVExpiry uint64      `json:"min_final_cltv_expiry"`
	Payee              string      `json:"payee,omitempty"`
	Features           []uint16    `json:"features"`
	RouteHints         [][]hopJSON `json:"route_hints"`
	Fallbacks          []string    `json:"fallbacks"`
	PaymentMetadata    *string     `json:"payment_metadata,omitempty"`
	Signature          string      `json:"signature"`
}

// hopJSON is one hop of a route hint.
type hopJSON struct {
	Pubkey                    string `json:"pubkey"`
	ShortChannelID            string `json:"short_channel_id"`
	FeeBaseMsat               uint32 `json:"fee_base_msat"`
	FeeProportionalMillionths uint32 `json:"fee_proportional_millionths"`
	CLTVExpiryDelta           uint16 `json:"cltv_expiry_delta"`
}

// MarshalJSON writes the invoice's fields: network, amount_msat, timestamp,
// payment_hash, payment_secret, description or description_hash, expiry,
// min_final_cltv_expiry, payee, features (the bits set), route_hints,
// fallbacks (addresses on the invoice's network), payment_metadata and
// signature (R, S and the recovery id). Ignored fields are not shown.
func (inv *Invoice) MarshalJSON() ([]byte, error) {
	j := invoiceJSON{
		Network:            string(inv.Network),
		Timestamp:          inv.Timestamp,
		PaymentHash:        hex.EncodeToString(inv.PaymentHash[:]),
		PaymentSecret:      hex.EncodeToString(inv.PaymentSecret[:]),
		Expiry:             inv.ExpiryOrDefault(),
		MinFinalCLTVExpiry: inv.MinFinalCLTVExpiryDeltaOrDefault(),
		Features:           []uint16{},
		RouteHints:         [][]hopJSON{},
		Fallbacks:          []string{},
		Signature:          hex.EncodeToString(inv.Signature[:]),
	}
	if inv.HasAmount() {
		j.AmountMsat = &inv.AmountMsat
	}
	if inv.DescriptionHash != nil {
		j.DescriptionHash = hex.EncodeToString(inv.DescriptionHash[:])
	} else {
		j.Description = &inv.Description
	}
	if inv.Payee != ([33]byte{}) {
		j.Payee = hex.EncodeToString(inv.Payee[:])
	}
	for _, b := range inv.Features.Bits() {
		j.Features = append(j.Features, uint16(b))
	}
	for _, r := range inv.RouteHints {
		hops := make([]hopJSON, len(r))
		for i, h := range r {
			hops[i] = hopJSON{
				Pubkey:                    hex.EncodeToString(h.NodeID[:]),
				ShortChannelID:            h.ShortChannelID.String(),
				FeeBaseMsat:               h.FeeBaseMsat,
				FeeProportionalMillionths: h.FeeProportionalMillionths,
				CLTVExpiryDelta:           h.CLTVExpiryDelta,
			}
		}
		j.RouteHints = append(j.RouteHints, hops)
	}
	for _, f := range inv.Fallbacks {
		a, err := f.String(inv.Network)
		if err != nil {
			return nil, err
		}
		j.Fallbacks = append(j.Fallbacks, a)
	}
	if inv.PaymentMetadata != nil {
		m := hex.EncodeToString(inv.PaymentMetadata)
		j.PaymentMetadata = &m
	}
	return json.Marshal(j)
}
