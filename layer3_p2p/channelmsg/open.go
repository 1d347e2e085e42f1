package channelmsg

import (
	"github.com/lnstack/lnstack/layer2_messaging/feature"
	"github.com/lnstack/lnstack/layer2_messaging/wire"
)

// Channel establishment v1, BOLT #2 "Channel Establishment v1": open_channel,
// accept_channel, funding_created, funding_signed and channel_ready.

// AnnounceChannel is the one defined bit of channel_flags. BOLT #2: "Only
// the least-significant bit of channel_flags is currently defined:
// announce_channel."
const AnnounceChannel byte = 1

// ChannelKeys are the six points every open and accept message carries, in
// wire order: the 2-of-2 funding key, the four basepoints of BOLT #3 "Key
// Derivation" and the per-commitment point of the first commitment.
type ChannelKeys struct {
	FundingPubkey           wire.Point
	RevocationBasepoint     wire.Point
	PaymentBasepoint        wire.Point
	DelayedPaymentBasepoint wire.Point
	HTLCBasepoint           wire.Point
	FirstPerCommitmentPoint wire.Point
}

// walk walks the six points, BOLT names in wire order.
func (k *ChannelKeys) walk(f *wire.Fields) {
	walkPoint(f, "funding_pubkey", &k.FundingPubkey)
	walkPoint(f, "revocation_basepoint", &k.RevocationBasepoint)
	walkPoint(f, "payment_basepoint", &k.PaymentBasepoint)
	walkPoint(f, "delayed_payment_basepoint", &k.DelayedPaymentBasepoint)
	walkPoint(f, "htlc_basepoint", &k.HTLCBasepoint)
	walkPoint(f, "first_per_commitment_point", &k.FirstPerCommitmentPoint)
}

// OpenChannel is open_channel (type 32), BOLT #2 "The open_channel Message":
// the funder's proposal of a new channel and its side's parameters.
type OpenChannel struct {
	ChainHash wire.ChainHash
	// TemporaryChannelID names the channel until funding_created ("a
	// random nonce").
	TemporaryChannelID       wire.ChannelID
	FundingSatoshis          uint64
	PushMsat                 uint64
	DustLimitSatoshis        uint64
	MaxHTLCValueInFlightMsat uint64
	ChannelReserveSatoshis   uint64
	HTLCMinimumMsat          uint64
	FeeratePerKw             uint32
	ToSelfDelay              uint16
	MaxAcceptedHTLCs         uint16
	Keys                     ChannelKeys
	// ChannelFlags: bit 0 is AnnounceChannel; a receiver "MUST ... ignore
	// undefined bits", so they are kept as sent.
	ChannelFlags byte
	// TLVs is the open_channel_tlvs stream.
	TLVs OpenChannelTLVs
}

// Type returns TypeOpenChannel.
func (m *OpenChannel) Type() uint16 { return TypeOpenChannel }

// Fields walks the BOLT #2 layout of open_channel.
func (m *OpenChannel) Fields(f *wire.Fields) {
	f.ChainHash("chain_hash", &m.ChainHash)
	f.FixedBytes("temporary_channel_id", m.TemporaryChannelID[:])
	f.U64("funding_satoshis", &m.FundingSatoshis)
	f.U64("push_msat", &m.PushMsat)
	f.U64("dust_limit_satoshis", &m.DustLimitSatoshis)
	f.U64("max_htlc_value_in_flight_msat", &m.MaxHTLCValueInFlightMsat)
	f.U64("channel_reserve_satoshis", &m.ChannelReserveSatoshis)
	f.U64("htlc_minimum_msat", &m.HTLCMinimumMsat)
	f.U32("feerate_per_kw", &m.FeeratePerKw)
	f.U16("to_self_delay", &m.ToSelfDelay)
	f.U16("max_accepted_htlcs", &m.MaxAcceptedHTLCs)
	m.Keys.walk(f)
	f.Byte("channel_flags", &m.ChannelFlags)
	m.TLVs.Walk(f, "tlvs")
}

// Encode appends the payload to dst.
func (m *OpenChannel) Encode(dst []byte) ([]byte, error) {
	e := wire.NewEncoder(dst)
	m.Fields(&e)
	return e.Output()
}

// Decode decodes a payload; on failure m is unchanged.
func (m *OpenChannel) Decode(payload []byte) error {
	var v OpenChannel
	d := wire.NewDecoder(payload)
	v.Fields(&d)
	if err := d.Done(); err != nil {
		return err
	}
	*m = v
	return nil
}

// Announce reports whether the funder wants the channel announced.
func (m *OpenChannel) Announce() bool { return m.ChannelFlags&AnnounceChannel != 0 }

// OpenChannelTLVs is the open_channel_tlvs stream; accept_channel_tlvs has
// the same records (AcceptChannelTLVs).
type OpenChannelTLVs struct {
	// HasUpfrontShutdownScript tells whether upfront_shutdown_script (type
	// 0) is present; it may be present and empty ("a zero-length
	// shutdown_scriptpubkey (ie. 0x0000)").
	HasUpfrontShutdownScript bool
	UpfrontShutdownScript    []byte

	// HasChannelType tells whether channel_type (type 1) is present.
	// ChannelType is kept as sent; ParseChannelType reads it.
	HasChannelType bool
	ChannelType    feature.Vector

	// Unknown holds the unknown odd records, re-encoded unchanged.
	Unknown wire.Records
}

// AcceptChannelTLVs is the accept_channel_tlvs stream.
type AcceptChannelTLVs = OpenChannelTLVs

// Walk walks the stream as the message field name ("" on its own).
func (s *OpenChannelTLVs) Walk(f *wire.Fields, name string) {
	tlv := f.BeginStream(name, &s.Unknown)
	if tlv.Record(0, "upfront_shutdown_script", &s.HasUpfrontShutdownScript) {
		f.RestBytes("shutdown_scriptpubkey", &s.UpfrontShutdownScript)
	}
	if tlv.Record(1, "channel_type", &s.HasChannelType) {
		f.RestBytes("type", (*[]byte)(&s.ChannelType))
	}
	tlv.End()
}

// Fields implements wire.Walker for the stream on its own.
func (s *OpenChannelTLVs) Fields(f *wire.Fields) { s.Walk(f, "") }

// AcceptChannel is accept_channel (type 33), BOLT #2 "The accept_channel
// Message": the fundee's acceptance and its side's parameters.
type AcceptChannel struct {
	// TemporaryChannelID "MUST be the same as the temporary_channel_id in
	// the open_channel message".
	TemporaryChannelID       wire.ChannelID
	DustLimitSatoshis        uint64
	MaxHTLCValueInFlightMsat uint64
	ChannelReserveSatoshis   uint64
	HTLCMinimumMsat          uint64
	MinimumDepth             uint32
	ToSelfDelay              uint16
	MaxAcceptedHTLCs         uint16
	Keys                     ChannelKeys
	// TLVs is the accept_channel_tlvs stream.
	TLVs AcceptChannelTLVs
}

// Type returns TypeAcceptChannel.
func (m *AcceptChannel) Type() uint16 { return TypeAcceptChannel }

// Fields walks the BOLT #2 layout of accept_channel.
func (m *AcceptChannel) Fields(f *wire.Fields) {
	f.FixedBytes("temporary_channel_id", m.TemporaryChannelID[:])
	f.U64("dust_limit_satoshis", &m.DustLimitSatoshis)
	f.U64("max_htlc_value_in_flight_msat", &m.MaxHTLCValueInFlightMsat)
	f.U64("channel_reserve_satoshis", &m.ChannelReserveSatoshis)
	f.U64("htlc_minimum_msat", &m.HTLCMinimumMsat)
	f.U32("minimum_depth", &m.MinimumDepth)
	f.U16("to_self_delay", &m.ToSelfDelay)
	f.U16("max_accepted_htlcs", &m.MaxAcceptedHTLCs)
	m.Keys.walk(f)
	m.TLVs.Walk(f, "tlvs")
}

// Encode appends the payload to dst.
func (m *AcceptChannel) Encode(dst []byte) ([]byte, error) {
	e := wire.NewEncoder(dst)
	m.Fields(&e)
	return e.Output()
}

// Decode decodes a payload; on failure m is unchanged.
func (m *AcceptChannel) Decode(payload []byte) error {
	var v AcceptChannel
	d := wire.NewDecoder(payload)
	v.Fields(&d)
	if err := d.Done(); err != nil {
		return err
	}
	*m = v
	return nil
}

// FundingCreated is funding_created (type 34), BOLT #2 "The
// funding_created Message": the funding outpoint and the funder's signature
// of the fundee's first commitment transaction.
type FundingCreated struct {
	TemporaryChannelID wire.ChannelID
	// FundingTxid is the funding transaction id in wire (internal) byte
	// order.
	FundingTxid wire.SHA256
	// FundingOutputIndex is 2 bytes: BOLT #2 "that's how it's packed into
	// the channel_id".
	FundingOutputIndex uint16
	Signature          wire.Signature
	// Extension holds unknown odd TLV records after the payload.
	Extension wire.Records
}

// Type returns TypeFundingCreated.
func (m *FundingCreated) Type() uint16 { return TypeFundingCreated }

// Fields walks the BOLT #2 layout of funding_created.
func (m *FundingCreated) Fields(f *wire.Fields) {
	f.FixedBytes("temporary_channel_id", m.TemporaryChannelID[:])
	f.SHA256("funding_txid", &m.FundingTxid)
	f.U16("funding_output_index", &m.FundingOutputIndex)
	f.Signature("signature", &m.Signature)
	f.Extension(&m.Extension)
}

// Encode appends the payload to dst.
func (m *FundingCreated) Encode(dst []byte) ([]byte, error) {
	e := wire.NewEncoder(dst)
	m.Fields(&e)
	return e.Output()
}

// Decode decodes a payload; on failure m is unchanged.
func (m *FundingCreated) Decode(payload []byte) error {
	var v FundingCreated
	d := wire.NewDecoder(payload)
	v.Fields(&d)
	if err := d.Done(); err != nil {
		return err
	}
	*m = v
	return nil
}

// ChannelID returns the channel_id the funding outpoint gives (see
// ChannelIDFromOutpoint), the one funding_signed must carry.
func (m *FundingCreated) ChannelID() wire.ChannelID {
	return ChannelIDFromOutpoint(m.FundingTxid, m.FundingOutputIndex)
}

// FundingSigned is funding_signed (type 35), BOLT #2 "The funding_signed
// Message": the fundee's signature of the funder's first commitment
// transaction, under the channel_id.
type FundingSigned struct {
	ChannelID wire.ChannelID
	Signature wire.Signature
	// Extension holds unknown odd TLV records after the payload.
	Extension wire.Records
}

// Type returns TypeFundingSigned.
func (m *FundingSigned) Type() uint16 { return TypeFundingSigned }

// Fields walks the BOLT #2 layout of funding_signed.
func (m *FundingSigned) Fields(f *wire.Fields) {
	f.ChannelID("channel_id", &m.ChannelID)
	f.Signature("signature", &m.Signature)
	f.Extension(&m.Extension)
}

// Encode appends the payload to dst.
func (m *FundingSigned) Encode(dst []byte) ([]byte, error) {
	e := wire.NewEncoder(dst)
	m.Fields(&e)
	return e.Output()
}

// Decode decodes a payload; on failure m is unchanged.
func (m *FundingSigned) Decode(payload []byte) error {
	var v FundingSigned
	d := wire.NewDecoder(payload)
	v.Fields(&d)
	if err := d.Done(); err != nil {
		return err
	}
	*m = v
	return nil
}

// ChannelReady is channel_ready (type 36), BOLT #2 "The channel_ready
// Message" (formerly funding_locked): the funding transaction is deep
// enough for the sender.
type ChannelReady struct {
	ChannelID wire.ChannelID
	// SecondPerCommitmentPoint is "the per-commitment point to be used for
	// commitment transaction #1".
	SecondPerCommitmentPoint wire.Point
	// TLVs is the channel_ready_tlvs stream.
	TLVs ChannelReadyTLVs
}

// Type returns TypeChannelReady.
func (m *ChannelReady) Type() uint16 { return TypeChannelReady }

// Fields walks the BOLT #2 layout of channel_ready.
func (m *ChannelReady) Fields(f *wire.Fields) {
	f.ChannelID("channel_id", &m.ChannelID)
	walkPoint(f, "second_per_commitment_point", &m.SecondPerCommitmentPoint)
	m.TLVs.Walk(f, "tlvs")
}

// Encode appends the payload to dst.
func (m *ChannelReady) Encode(dst []byte) ([]byte, error) {
	e := wire.NewEncoder(dst)
	m.Fields(&e)
	return e.Output()
}

// Decode decodes a payload; on failure m is unchanged.
func (m *ChannelReady) Decode(payload []byte) error {
	var v ChannelReady
	d := wire.NewDecoder(payload)
	v.Fields(&d)
	if err := d.Done(); err != nil {
		return err
	}
	*m = v
	return nil
}

// ChannelReadyTLVs is the channel_ready_tlvs stream.
type ChannelReadyTLVs struct {
	// HasAlias tells whether the short_channel_id record (type 1) is
	// present. BOLT #2: "if option_scid_alias was negotiated: MUST set
	// short_channel_id alias."
	HasAlias bool
	Alias    wire.ShortChannelID

	// Unknown holds the unknown odd records, re-encoded unchanged.
	Unknown wire.Records
}

// Walk walks the stream as the message field name ("" on its own).
func (s *ChannelReadyTLVs) Walk(f *wire.Fields, name string) {
	tlv := f.BeginStream(name, &s.Unknown)
	if tlv.Record(1, "short_channel_id", &s.HasAlias) {
		f.ShortChannelID("alias", &s.Alias)
	}
	tlv.End()
}

// Fields implements wire.Walker for the stream on its own.
func (s *ChannelReadyTLVs) Fields(f *wire.Fields) { s.Walk(f, "") }
