package channelmsg

import (
	"github.com/lnstack/lnstack/layer2_messaging/feature"
	"github.com/lnstack/lnstack/layer2_messaging/wire"
)

// Channel establishment v2, BOLT #2 "Channel Establishment v2":
// open_channel2 and accept_channel2. The funding transaction is then built
// with the interactive-tx messages (interactive.go).

// OpenChannel2 is open_channel2 (type 64), BOLT #2 "The open_channel2
// Message": the opener's proposal of a dual-funded channel.
type OpenChannel2 struct {
	ChainHash wire.ChainHash
	// TemporaryChannelID is derived with a zeroed peer basepoint
	// (TemporaryChannelIDV2).
	TemporaryChannelID       wire.ChannelID
	FundingFeeratePerKw      uint32
	CommitmentFeeratePerKw   uint32
	FundingSatoshis          uint64
	DustLimitSatoshis        uint64
	MaxHTLCValueInFlightMsat uint64
	HTLCMinimumMsat          uint64
	ToSelfDelay              uint16
	MaxAcceptedHTLCs         uint16
	// Locktime is the funding transaction's nLockTime.
	Locktime                 uint32
	Keys                     ChannelKeys
	SecondPerCommitmentPoint wire.Point
	ChannelFlags             byte
	// TLVs is the opening_tlvs stream.
	TLVs OpeningTLVs
}

// Type returns TypeOpenChannel2.
func (m *OpenChannel2) Type() uint16 { return TypeOpenChannel2 }

// Fields walks the BOLT #2 layout of open_channel2.
func (m *OpenChannel2) Fields(f *wire.Fields) {
	f.ChainHash("chain_hash", &m.ChainHash)
	f.ChannelID("temporary_channel_id", &m.TemporaryChannelID)
	f.U32("funding_feerate_perkw", &m.FundingFeeratePerKw)
	f.U32("commitment_feerate_perkw", &m.CommitmentFeeratePerKw)
	f.U64("funding_satoshis", &m.FundingSatoshis)
	f.U64("dust_limit_satoshis", &m.DustLimitSatoshis)
	f.U64("max_htlc_value_in_flight_msat", &m.MaxHTLCValueInFlightMsat)
	f.U64("htlc_minimum_msat", &m.HTLCMinimumMsat)
	f.U16("to_self_delay", &m.ToSelfDelay)
	f.U16("max_accepted_htlcs", &m.MaxAcceptedHTLCs)
	f.U32("locktime", &m.Locktime)
	m.Keys.walk(f)
	walkPoint(f, "second_per_commitment_point", &m.SecondPerCommitmentPoint)
	f.Byte("channel_flags", &m.ChannelFlags)
	m.TLVs.Walk(f, "tlvs")
}

// Encode appends the payload to dst.
func (m *OpenChannel2) Encode(dst []byte) ([]byte, error) {
	e := wire.NewEncoder(dst)
	m.Fields(&e)
	return e.Output()
}

// Decode decodes a payload; on failure m is unchanged.
func (m *OpenChannel2) Decode(payload []byte) error {
	var v OpenChannel2
	d := wire.NewDecoder(payload)
	v.Fields(&d)
	if err := d.Done(); err != nil {
		return err
	}
	*m = v
	return nil
}

// Announce reports whether the opener wants the channel announced.
func (m *OpenChannel2) Announce() bool { return m.ChannelFlags&AnnounceChannel != 0 }

// OpeningTLVs is the opening_tlvs stream of open_channel2; accept_tlvs of
// accept_channel2 has the same records (AcceptTLVs).
type OpeningTLVs struct {
	// HasUpfrontShutdownScript tells whether upfront_shutdown_script (type
	// 0) is present.
	HasUpfrontShutdownScript bool
	UpfrontShutdownScript    []byte

	// HasChannelType tells whether channel_type (type 1) is present; the
	// sender "MUST set channel_type".
	HasChannelType bool
	ChannelType    feature.Vector

	// RequireConfirmedInputs is the empty record of type 2: the sender
	// requires the receiver "to only use confirmed inputs".
	RequireConfirmedInputs bool

	// Unknown holds the unknown odd records, re-encoded unchanged.
	Unknown wire.Records
}

// AcceptTLVs is the accept_tlvs stream of accept_channel2.
type AcceptTLVs = OpeningTLVs

// Walk walks the stream as the message field name ("" on its own).
func (s *OpeningTLVs) Walk(f *wire.Fields, name string) {
	tlv := f.BeginStream(name, &s.Unknown)
	if tlv.Record(0, "upfront_shutdown_script", &s.HasUpfrontShutdownScript) {
		f.RestBytes("shutdown_scriptpubkey", &s.UpfrontShutdownScript)
	}
	if tlv.Record(1, "channel_type", &s.HasChannelType) {
		f.RestBytes("type", (*[]byte)(&s.ChannelType))
	}
	tlv.Record(2, "require_confirmed_inputs", &s.RequireConfirmedInputs)
	tlv.End()
}

// Fields implements wire.Walker for the stream on its own.
func (s *OpeningTLVs) Fields(f *wire.Fields) { s.Walk(f, "") }

// AcceptChannel2 is accept_channel2 (type 65), BOLT #2 "The accept_channel2
// Message": the accepter's answer, with its own contribution.
type AcceptChannel2 struct {
	// TemporaryChannelID is the one of open_channel2.
	TemporaryChannelID wire.ChannelID
	// FundingSatoshis is what the accepter contributes; it "MAY respond
	// with a funding_satoshis value of zero".
	FundingSatoshis          uint64
	DustLimitSatoshis        uint64
	MaxHTLCValueInFlightMsat uint64
	HTLCMinimumMsat          uint64
	MinimumDepth             uint32
	ToSelfDelay              uint16
	MaxAcceptedHTLCs         uint16
	Keys                     ChannelKeys
	SecondPerCommitmentPoint wire.Point
	// TLVs is the accept_tlvs stream.
	TLVs AcceptTLVs
}

// Type returns TypeAcceptChannel2.
func (m *AcceptChannel2) Type() uint16 { return TypeAcceptChannel2 }

// Fields walks the BOLT #2 layout of accept_channel2.
func (m *AcceptChannel2) Fields(f *wire.Fields) {
	f.ChannelID("temporary_channel_id", &m.TemporaryChannelID)
	f.U64("funding_satoshis", &m.FundingSatoshis)
	f.U64("dust_limit_satoshis", &m.DustLimitSatoshis)
	f.U64("max_htlc_value_in_flight_msat", &m.MaxHTLCValueInFlightMsat)
	f.U64("htlc_minimum_msat", &m.HTLCMinimumMsat)
	f.U32("minimum_depth", &m.MinimumDepth)
	f.U16("to_self_delay", &m.ToSelfDelay)
	f.U16("max_accepted_htlcs", &m.MaxAcceptedHTLCs)
	m.Keys.walk(f)
	walkPoint(f, "second_per_commitment_point", &m.SecondPerCommitmentPoint)
	m.TLVs.Walk(f, "tlvs")
}

// Encode appends the payload to dst.
func (m *AcceptChannel2) Encode(dst []byte) ([]byte, error) {
	e := wire.NewEncoder(dst)
	m.Fields(&e)
	return e.Output()
}

// Decode decodes a payload; on failure m is unchanged.
func (m *AcceptChannel2) Decode(payload []byte) error {
	var v AcceptChannel2
	d := wire.NewDecoder(payload)
	v.Fields(&d)
	if err := d.Done(); err != nil {
		return err
	}
	*m = v
	return nil
}
