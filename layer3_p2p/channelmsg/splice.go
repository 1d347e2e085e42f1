package channelmsg

import "github.com/lnstack/lnstack/layer2_messaging/wire"

// Quiescence and splicing, BOLT #2 "Channel Quiescence" and "Channel
// Splicing": stfu, splice_init, splice_ack and splice_locked. The splice
// transaction itself is built with the interactive-tx messages.

// Stfu is stfu (type 2), BOLT #2 "stfu" ("SomeThing Fundamental is
// Underway"): the sender will send no more updates on the channel.
type Stfu struct {
	ChannelID wire.ChannelID
	// Initiator is 1 from the node starting quiescence and 0 in a reply
	// (BOLT #2: "if it is replying to an `stfu`: MUST set `initiator` to
	// 0" and "otherwise: MUST set `initiator` to 1"). It is kept as sent.
	Initiator byte
	// Extension holds unknown odd TLV records after the payload.
	Extension wire.Records
}

// Type returns TypeStfu.
func (m *Stfu) Type() uint16 { return TypeStfu }

// Fields walks the BOLT #2 layout of stfu.
func (m *Stfu) Fields(f *wire.Fields) {
	f.ChannelID("channel_id", &m.ChannelID)
	f.Byte("initiator", &m.Initiator)
	f.Extension(&m.Extension)
}

// Encode appends the payload to dst.
func (m *Stfu) Encode(dst []byte) ([]byte, error) {
	e := wire.NewEncoder(dst)
	m.Fields(&e)
	return e.Output()
}

// Decode decodes a payload; on failure m is unchanged.
func (m *Stfu) Decode(payload []byte) error {
	var v Stfu
	d := wire.NewDecoder(payload)
	v.Fields(&d)
	if err := d.Done(); err != nil {
		return err
	}
	*m = v
	return nil
}

// SpliceInit is splice_init (type 80), BOLT #2 "The splice_init Message":
// the quiescence initiator proposes a splice.
type SpliceInit struct {
	ChannelID wire.ChannelID
	// FundingContributionSatoshis is positive to splice in, negative to
	// splice out.
	FundingContributionSatoshis int64
	FundingFeeratePerKw         uint32
	Locktime                    uint32
	// FundingPubkey is the sender's key for the new funding output; it
	// "SHOULD use a different funding_pubkey than the one used for the
	// previous funding transaction".
	FundingPubkey wire.Point
	// TLVs is the splice_init_tlvs stream.
	TLVs SpliceTLVs
}

// Type returns TypeSpliceInit.
func (m *SpliceInit) Type() uint16 { return TypeSpliceInit }

// Fields walks the BOLT #2 layout of splice_init.
func (m *SpliceInit) Fields(f *wire.Fields) {
	f.ChannelID("channel_id", &m.ChannelID)
	f.S64("funding_contribution_satoshis", &m.FundingContributionSatoshis)
	f.U32("funding_feerate_perkw", &m.FundingFeeratePerKw)
	f.U32("locktime", &m.Locktime)
	walkPoint(f, "funding_pubkey", &m.FundingPubkey)
	m.TLVs.Walk(f, "tlvs")
}

// Encode appends the payload to dst.
func (m *SpliceInit) Encode(dst []byte) ([]byte, error) {
	e := wire.NewEncoder(dst)
	m.Fields(&e)
	return e.Output()
}

// Decode decodes a payload; on failure m is unchanged.
func (m *SpliceInit) Decode(payload []byte) error {
	var v SpliceInit
	d := wire.NewDecoder(payload)
	v.Fields(&d)
	if err := d.Done(); err != nil {
		return err
	}
	*m = v
	return nil
}

// SpliceTLVs is the splice_init_tlvs stream; splice_ack_tlvs has the same
// record.
type SpliceTLVs struct {
	// RequireConfirmedInputs is the empty record of type 2.
	RequireConfirmedInputs bool

	// Unknown holds the unknown odd records, re-encoded unchanged.
	Unknown wire.Records
}

// Walk walks the stream as the message field name ("" on its own).
func (s *SpliceTLVs) Walk(f *wire.Fields, name string) {
	tlv := f.BeginStream(name, &s.Unknown)
	tlv.Record(2, "require_confirmed_inputs", &s.RequireConfirmedInputs)
	tlv.End()
}

// Fields implements wire.Walker for the stream on its own.
func (s *SpliceTLVs) Fields(f *wire.Fields) { s.Walk(f, "") }

// SpliceAck is splice_ack (type 81), BOLT #2 "The splice_ack Message": the
// peer accepts the splice, with its own contribution.
type SpliceAck struct {
	ChannelID wire.ChannelID
	// FundingContributionSatoshis may be 0: the sender "MAY set
	// funding_contribution_satoshis to 0 if they don't want to contribute".
	FundingContributionSatoshis int64
	FundingPubkey               wire.Point
	// TLVs is the splice_ack_tlvs stream.
	TLVs SpliceTLVs
}

// Type returns TypeSpliceAck.
func (m *SpliceAck) Type() uint16 { return TypeSpliceAck }

// Fields walks the BOLT #2 layout of splice_ack.
func (m *SpliceAck) Fields(f *wire.Fields) {
	f.ChannelID("channel_id", &m.ChannelID)
	f.S64("funding_contribution_satoshis", &m.FundingContributionSatoshis)
	walkPoint(f, "funding_pubkey", &m.FundingPubkey)
	m.TLVs.Walk(f, "tlvs")
}

// Encode appends the payload to dst.
func (m *SpliceAck) Encode(dst []byte) ([]byte, error) {
	e := wire.NewEncoder(dst)
	m.Fields(&e)
	return e.Output()
}

// Decode decodes a payload; on failure m is unchanged.
func (m *SpliceAck) Decode(payload []byte) error {
	var v SpliceAck
	d := wire.NewDecoder(payload)
	v.Fields(&d)
	if err := d.Done(); err != nil {
		return err
	}
	*m = v
	return nil
}

// SpliceLocked is splice_locked (type 77), BOLT #2 "The splice_locked
// Message": a splice transaction reached acceptable depth.
type SpliceLocked struct {
	ChannelID  wire.ChannelID
	SpliceTxid wire.SHA256
	// Extension holds unknown odd TLV records after the payload.
	Extension wire.Records
}

// Type returns TypeSpliceLocked.
func (m *SpliceLocked) Type() uint16 { return TypeSpliceLocked }

// Fields walks the BOLT #2 layout of splice_locked.
func (m *SpliceLocked) Fields(f *wire.Fields) {
	f.ChannelID("channel_id", &m.ChannelID)
	f.SHA256("splice_txid", &m.SpliceTxid)
	f.Extension(&m.Extension)
}

// Encode appends the payload to dst.
func (m *SpliceLocked) Encode(dst []byte) ([]byte, error) {
	e := wire.NewEncoder(dst)
	m.Fields(&e)
	return e.Output()
}

// Decode decodes a payload; on failure m is unchanged.
func (m *SpliceLocked) Decode(payload []byte) error {
	var v SpliceLocked
	d := wire.NewDecoder(payload)
	v.Fields(&d)
	if err := d.Done(); err != nil {
		return err
	}
	*m = v
	return nil
}
