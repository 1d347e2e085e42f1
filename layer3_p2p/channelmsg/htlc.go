package channelmsg

import "github.com/lnstack/lnstack/layer2_messaging/wire"

// Normal operation updates, BOLT #2 "Adding an HTLC: update_add_htlc",
// "Removing an HTLC: update_fulfill_htlc, update_fail_htlc, and
// update_fail_malformed_htlc" and "Updating Fees: update_fee".

// OnionPacketLen is the size of onion_routing_packet: 1 (version) + 33
// (public key) + 1300 (hop payloads) + 32 (HMAC), BOLT #4 "Packet
// Structure".
const OnionPacketLen = 1366

// MaxCLTVExpiry bounds cltv_expiry. BOLT #2: a sending node "MUST set
// cltv_expiry less than 500000000" (larger values are timestamps in
// nLockTime).
const MaxCLTVExpiry = 500000000

// UpdateAddHTLC is update_add_htlc (type 128): the sender offers an HTLC.
type UpdateAddHTLC struct {
	ChannelID  wire.ChannelID
	ID         uint64
	AmountMsat uint64
	// PaymentHash is the hash the preimage must match.
	PaymentHash wire.SHA256
	CLTVExpiry  uint32
	// OnionRoutingPacket is the BOLT #4 onion, fixed at 1366 bytes.
	OnionRoutingPacket [OnionPacketLen]byte
	// TLVs is the update_add_htlc_tlvs stream.
	TLVs UpdateAddHTLCTLVs
}

// Type returns TypeUpdateAddHTLC.
func (m *UpdateAddHTLC) Type() uint16 { return TypeUpdateAddHTLC }

// Fields walks the BOLT #2 layout of update_add_htlc.
func (m *UpdateAddHTLC) Fields(f *wire.Fields) {
	f.ChannelID("channel_id", &m.ChannelID)
	f.U64("id", &m.ID)
	f.U64("amount_msat", &m.AmountMsat)
	f.SHA256("payment_hash", &m.PaymentHash)
	f.U32("cltv_expiry", &m.CLTVExpiry)
	f.FixedBytes("onion_routing_packet", m.OnionRoutingPacket[:])
	m.TLVs.Walk(f, "tlvs")
}

// Encode appends the payload to dst.
func (m *UpdateAddHTLC) Encode(dst []byte) ([]byte, error) {
	e := wire.NewEncoder(dst)
	m.Fields(&e)
	return e.Output()
}

// Decode decodes a payload; on failure m is unchanged.
func (m *UpdateAddHTLC) Decode(payload []byte) error {
	var v UpdateAddHTLC
	d := wire.NewDecoder(payload)
	v.Fields(&d)
	if err := d.Done(); err != nil {
		return err
	}
	*m = v
	return nil
}

// UpdateAddHTLCTLVs is the update_add_htlc_tlvs stream.
type UpdateAddHTLCTLVs struct {
	// HasBlindedPath tells whether blinded_path (type 0) is present: the
	// HTLC is inside a blinded route and PathKey is the BOLT #4 path_key.
	HasBlindedPath bool
	PathKey        wire.Point

	// Unknown holds the unknown odd records, re-encoded unchanged.
	Unknown wire.Records
}

// Walk walks the stream as the message field name ("" on its own).
func (s *UpdateAddHTLCTLVs) Walk(f *wire.Fields, name string) {
	tlv := f.BeginStream(name, &s.Unknown)
	if tlv.Record(0, "blinded_path", &s.HasBlindedPath) {
		walkPoint(f, "path_key", &s.PathKey)
	}
	tlv.End()
}

// Fields implements wire.Walker for the stream on its own.
func (s *UpdateAddHTLCTLVs) Fields(f *wire.Fields) { s.Walk(f, "") }

// The attribution_data record of update_fulfill_htlc and update_fail_htlc
// (BOLT #4 "Returning Errors", "Initialization of attribution_data"): one
// hold time per hop of a 20-hop route, and the truncated HMACs of the
// triangle of hop pairs (20 * 21 / 2).
const (
	AttributionHops  = 20
	AttributionHMACs = 210
	// AttributionHMACLen is the truncation of each HMAC: sha256[..4].
	AttributionHMACLen = 4
)

// AttributionData is the value of an attribution_data record: 20*4 + 210*4
// = 920 bytes, fixed, so decoding it allocates nothing.
type AttributionData struct {
	HTLCHoldTimes  [AttributionHops]uint32
	TruncatedHMACs [AttributionHMACs][AttributionHMACLen]byte
}

// walk walks [20*u32:htlc_hold_times][210*sha256[..4]:truncated_hmacs].
func (a *AttributionData) walk(f *wire.Fields) {
	f.BeginArray("htlc_hold_times")
	for i := range a.HTLCHoldTimes {
		f.U32("htlc_hold_times", &a.HTLCHoldTimes[i])
	}
	f.EndArray()
	f.BeginArray("truncated_hmacs")
	for i := range a.TruncatedHMACs {
		f.FixedBytes("truncated_hmacs", a.TruncatedHMACs[i][:])
	}
	f.EndArray()
}

// AttributionTLVs is the update_fulfill_htlc_tlvs stream; update_fail_htlc_tlvs
// has the same record.
type AttributionTLVs struct {
	// HasAttributionData tells whether attribution_data (type 1) is
	// present.
	HasAttributionData bool
	AttributionData    AttributionData

	// Unknown holds the unknown odd records, re-encoded unchanged.
	Unknown wire.Records
}

// Walk walks the stream as the message field name ("" on its own).
func (s *AttributionTLVs) Walk(f *wire.Fields, name string) {
	tlv := f.BeginStream(name, &s.Unknown)
	if tlv.Record(1, "attribution_data", &s.HasAttributionData) {
		s.AttributionData.walk(f)
	}
	tlv.End()
}

// Fields implements wire.Walker for the stream on its own.
func (s *AttributionTLVs) Fields(f *wire.Fields) { s.Walk(f, "") }

// UpdateFulfillHTLC is update_fulfill_htlc (type 130): the receiver of an
// HTLC settles it with the preimage.
type UpdateFulfillHTLC struct {
	ChannelID       wire.ChannelID
	ID              uint64
	PaymentPreimage [32]byte
	// TLVs is the update_fulfill_htlc_tlvs stream.
	TLVs AttributionTLVs
}

// Type returns TypeUpdateFulfillHTLC.
func (m *UpdateFulfillHTLC) Type() uint16 { return TypeUpdateFulfillHTLC }

// Fields walks the BOLT #2 layout of update_fulfill_htlc.
func (m *UpdateFulfillHTLC) Fields(f *wire.Fields) {
	f.ChannelID("channel_id", &m.ChannelID)
	f.U64("id", &m.ID)
	f.FixedBytes("payment_preimage", m.PaymentPreimage[:])
	m.TLVs.Walk(f, "tlvs")
}

// Encode appends the payload to dst.
func (m *UpdateFulfillHTLC) Encode(dst []byte) ([]byte, error) {
	e := wire.NewEncoder(dst)
	m.Fields(&e)
	return e.Output()
}

// Decode decodes a payload; on failure m is unchanged.
func (m *UpdateFulfillHTLC) Decode(payload []byte) error {
	var v UpdateFulfillHTLC
	d := wire.NewDecoder(payload)
	v.Fields(&d)
	if err := d.Done(); err != nil {
		return err
	}
	*m = v
	return nil
}

// UpdateFailHTLC is update_fail_htlc (type 131): the receiver of an HTLC
// fails it, with a failure onion for the payer.
type UpdateFailHTLC struct {
	ChannelID wire.ChannelID
	ID        uint64
	// Reason is the BOLT #4 encrypted failure, opaque here.
	Reason []byte
	// TLVs is the update_fail_htlc_tlvs stream.
	TLVs AttributionTLVs
}

// Type returns TypeUpdateFailHTLC.
func (m *UpdateFailHTLC) Type() uint16 { return TypeUpdateFailHTLC }

// Fields walks the BOLT #2 layout of update_fail_htlc.
func (m *UpdateFailHTLC) Fields(f *wire.Fields) {
	f.ChannelID("channel_id", &m.ChannelID)
	f.U64("id", &m.ID)
	f.Bytes16("len", "reason", &m.Reason)
	m.TLVs.Walk(f, "tlvs")
}

// Encode appends the payload to dst.
func (m *UpdateFailHTLC) Encode(dst []byte) ([]byte, error) {
	e := wire.NewEncoder(dst)
	m.Fields(&e)
	return e.Output()
}

// Decode decodes a payload; on failure m is unchanged.
func (m *UpdateFailHTLC) Decode(payload []byte) error {
	var v UpdateFailHTLC
	d := wire.NewDecoder(payload)
	v.Fields(&d)
	if err := d.Done(); err != nil {
		return err
	}
	*m = v
	return nil
}

// BadOnion is the BADONION bit of a BOLT #4 failure code. BOLT #2: the
// receiver "if the `BADONION` bit in `failure_code` is not set for
// `update_fail_malformed_htlc`: MUST send a `warning` and close the
// connection, or send an `error` and fail the channel."
const BadOnion uint16 = 0x8000

// UpdateFailMalformedHTLC is update_fail_malformed_htlc (type 135): the
// receiver could not parse the HTLC's onion.
type UpdateFailMalformedHTLC struct {
	ChannelID     wire.ChannelID
	ID            uint64
	SHA256OfOnion wire.SHA256
	FailureCode   uint16
	// Extension holds unknown odd TLV records after the payload.
	Extension wire.Records
}

// Type returns TypeUpdateFailMalformedHTLC.
func (m *UpdateFailMalformedHTLC) Type() uint16 { return TypeUpdateFailMalformedHTLC }

// Fields walks the BOLT #2 layout of update_fail_malformed_htlc.
func (m *UpdateFailMalformedHTLC) Fields(f *wire.Fields) {
	f.ChannelID("channel_id", &m.ChannelID)
	f.U64("id", &m.ID)
	f.SHA256("sha256_of_onion", &m.SHA256OfOnion)
	f.U16("failure_code", &m.FailureCode)
	f.Extension(&m.Extension)
}

// Encode appends the payload to dst.
func (m *UpdateFailMalformedHTLC) Encode(dst []byte) ([]byte, error) {
	e := wire.NewEncoder(dst)
	m.Fields(&e)
	return e.Output()
}

// Decode decodes a payload; on failure m is unchanged.
func (m *UpdateFailMalformedHTLC) Decode(payload []byte) error {
	var v UpdateFailMalformedHTLC
	d := wire.NewDecoder(payload)
	v.Fields(&d)
	if err := d.Done(); err != nil {
		return err
	}
	*m = v
	return nil
}

// HasBadOnion reports whether failure_code has the BADONION bit.
func (m *UpdateFailMalformedHTLC) HasBadOnion() bool { return m.FailureCode&BadOnion != 0 }

// UpdateFee is update_fee (type 134): the funder sets a new commitment
// feerate.
type UpdateFee struct {
	ChannelID    wire.ChannelID
	FeeratePerKw uint32
	// Extension holds unknown odd TLV records after the payload.
	Extension wire.Records
}

// Type returns TypeUpdateFee.
func (m *UpdateFee) Type() uint16 { return TypeUpdateFee }

// Fields walks the BOLT #2 layout of update_fee.
func (m *UpdateFee) Fields(f *wire.Fields) {
	f.ChannelID("channel_id", &m.ChannelID)
	f.U32("feerate_per_kw", &m.FeeratePerKw)
	f.Extension(&m.Extension)
}

// Encode appends the payload to dst.
func (m *UpdateFee) Encode(dst []byte) ([]byte, error) {
	e := wire.NewEncoder(dst)
	m.Fields(&e)
	return e.Output()
}

// Decode decodes a payload; on failure m is unchanged.
func (m *UpdateFee) Decode(payload []byte) error {
	var v UpdateFee
	d := wire.NewDecoder(payload)
	v.Fields(&d)
	if err := d.Done(); err != nil {
		return err
	}
	*m = v
	return nil
}
