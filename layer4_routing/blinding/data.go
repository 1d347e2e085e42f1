package blinding

import "github.com/lnstack/lnstack/layer2_messaging/wire"

// Data is the encrypted_data_tlv stream (BOLT #4 "Inside
// encrypted_recipient_data: encrypted_data_tlv"): what the creator of a
// blinded path tells each node of it, encrypted to that node. Each record
// has its Has flag; unknown odd records are kept in Unknown, an unknown
// even one fails decoding ("contains unknown even fields: MUST return an
// error").
type Data struct {
	// HasPadding tells whether padding (type 1) is present.
	HasPadding bool
	// Padding evens out the lengths of a path's blobs.
	Padding []byte

	// HasShortChannelID tells whether short_channel_id (type 2) is present.
	HasShortChannelID bool
	// ShortChannelID is the channel to the next node.
	ShortChannelID wire.ShortChannelID

	// HasNextNodeID tells whether next_node_id (type 4) is present.
	HasNextNodeID bool
	// NextNodeID is the next node.
	NextNodeID wire.Point

	// HasPathID tells whether path_id (type 6) is present.
	HasPathID bool
	// PathID is the recipient's private data, for it to recognize its path.
	PathID []byte

	// HasNextPathKeyOverride tells whether next_path_key_override (type 8)
	// is present.
	HasNextPathKeyOverride bool
	// NextPathKeyOverride replaces the next path_key: where one blinded
	// path is joined to another.
	NextPathKeyOverride wire.Point

	// HasPaymentRelay tells whether payment_relay (type 10) is present.
	HasPaymentRelay bool
	// PaymentRelay is the fee and CLTV delta the node applies.
	PaymentRelay PaymentRelay

	// HasPaymentConstraints tells whether payment_constraints (type 12) is
	// present.
	HasPaymentConstraints bool
	// PaymentConstraints limits the payments the path may carry.
	PaymentConstraints PaymentConstraints

	// HasAllowedFeatures tells whether allowed_features (type 14) is
	// present.
	HasAllowedFeatures bool
	// AllowedFeatures are the features a payment over the path may use.
	AllowedFeatures []byte

	// Unknown holds the unknown odd records.
	Unknown wire.Records
}

// PaymentRelay is payment_relay: how a node of a blinded path forwards.
type PaymentRelay struct {
	CLTVExpiryDelta           uint16
	FeeProportionalMillionths uint32
	FeeBaseMsat               uint32
}

// PaymentConstraints is payment_constraints.
type PaymentConstraints struct {
	// MaxCLTVExpiry is "the largest block height at which the route is
	// allowed to be used".
	MaxCLTVExpiry uint32
	// HTLCMinimumMsat is the smallest HTLC the path takes.
	HTLCMinimumMsat uint64
}

// Record types of encrypted_data_tlv.
const (
	TypePadding             = 1
	TypeShortChannelID      = 2
	TypeNextNodeID          = 4
	TypePathID              = 6
	TypeNextPathKeyOverride = 8
	TypePaymentRelay        = 10
	TypePaymentConstraints  = 12
	TypeAllowedFeatures     = 14
)

// Walk walks the stream as the field name ("" on its own).
func (d *Data) Walk(f *wire.Fields, name string) {
	tlv := f.BeginStream(name, &d.Unknown)
	if tlv.Record(TypePadding, "padding", &d.HasPadding) {
		f.RestBytes("padding", &d.Padding)
	}
	if tlv.Record(TypeShortChannelID, "short_channel_id", &d.HasShortChannelID) {
		f.ShortChannelID("short_channel_id", &d.ShortChannelID)
	}
	if tlv.Record(TypeNextNodeID, "next_node_id", &d.HasNextNodeID) {
		f.Point("node_id", &d.NextNodeID)
	}
	if tlv.Record(TypePathID, "path_id", &d.HasPathID) {
		f.RestBytes("data", &d.PathID)
	}
	if tlv.Record(TypeNextPathKeyOverride, "next_path_key_override", &d.HasNextPathKeyOverride) {
		f.Point("path_key", &d.NextPathKeyOverride)
	}
	if tlv.Record(TypePaymentRelay, "payment_relay", &d.HasPaymentRelay) {
		f.U16("cltv_expiry_delta", &d.PaymentRelay.CLTVExpiryDelta)
		f.U32("fee_proportional_millionths", &d.PaymentRelay.FeeProportionalMillionths)
		f.TU32("fee_base_msat", &d.PaymentRelay.FeeBaseMsat)
	}
	if tlv.Record(TypePaymentConstraints, "payment_constraints", &d.HasPaymentConstraints) {
		f.U32("max_cltv_expiry", &d.PaymentConstraints.MaxCLTVExpiry)
		f.TU64("htlc_minimum_msat", &d.PaymentConstraints.HTLCMinimumMsat)
	}
	if tlv.Record(TypeAllowedFeatures, "allowed_features", &d.HasAllowedFeatures) {
		f.RestBytes("features", &d.AllowedFeatures)
	}
	tlv.End()
}

// Fields implements wire.Walker for the stream on its own.
func (d *Data) Fields(f *wire.Fields) { d.Walk(f, "") }

// Encode appends the stream to dst.
func (d *Data) Encode(dst []byte) ([]byte, error) {
	e := wire.NewEncoder(dst)
	d.Walk(&e, "")
	return e.Output()
}

// Decode decodes the stream; on failure d is unchanged.
func (d *Data) Decode(b []byte) error {
	var v Data
	r := wire.NewDecoder(b)
	v.Walk(&r, "")
	if err := r.Done(); err != nil {
		return err
	}
	*d = v
	return nil
}
