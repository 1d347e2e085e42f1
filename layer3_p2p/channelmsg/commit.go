package channelmsg

import "github.com/lnstack/lnstack/layer2_messaging/wire"

// Committing updates, BOLT #2 "Committing Updates So Far:
// commitment_signed", "Completing the Transition to the Updated State:
// revoke_and_ack" and "Batching channel messages": commitment_signed,
// revoke_and_ack and start_batch.

// CommitmentSigned is commitment_signed (type 132): the signature of the
// receiver's next commitment transaction and of its HTLC transactions.
type CommitmentSigned struct {
	ChannelID wire.ChannelID
	Signature wire.Signature
	// HTLCSignatures holds one signature per HTLC output, in the order of
	// the outputs of the commitment transaction.
	HTLCSignatures []wire.Signature
	// TLVs is the commitment_signed_tlvs stream.
	TLVs CommitmentSignedTLVs
}

// Type returns TypeCommitmentSigned.
func (m *CommitmentSigned) Type() uint16 { return TypeCommitmentSigned }

// Reset clears m for messaging.Decoder.DecodeInto (see messaging.Resetter),
// keeping the array of HTLCSignatures for the next decode to fill: a
// commitment_signed comes after every update, with as many signatures as
// the last one, give or take.
func (m *CommitmentSigned) Reset() {
	*m = CommitmentSigned{HTLCSignatures: m.HTLCSignatures[:0]}
}

// Fields walks the BOLT #2 layout of commitment_signed.
func (m *CommitmentSigned) Fields(f *wire.Fields) {
	f.ChannelID("channel_id", &m.ChannelID)
	f.Signature("signature", &m.Signature)
	n := f.Count16("num_htlcs", len(m.HTLCSignatures))
	m.HTLCSignatures = wire.Counted(f, "htlc_signature", m.HTLCSignatures, n, wire.SignatureLen)
	f.BeginArray("htlc_signature")
	f.Signatures("htlc_signature", m.HTLCSignatures)
	f.EndArray()
	m.TLVs.Walk(f, "tlvs")
}

// Encode appends the payload to dst.
func (m *CommitmentSigned) Encode(dst []byte) ([]byte, error) {
	e := wire.NewEncoder(dst)
	m.Fields(&e)
	return e.Output()
}

// Decode decodes a payload; on failure m is unchanged.
func (m *CommitmentSigned) Decode(payload []byte) error {
	var v CommitmentSigned
	d := wire.NewDecoder(payload)
	v.Fields(&d)
	if err := d.Done(); err != nil {
		return err
	}
	*m = v
	return nil
}

// CommitmentSignedTLVs is the commitment_signed_tlvs stream.
type CommitmentSignedTLVs struct {
	// HasFundingTxid tells whether funding_txid (type 1) is present: while
	// a splice is pending, the funding transaction this commitment spends.
	HasFundingTxid bool
	FundingTxid    wire.SHA256

	// Unknown holds the unknown odd records, re-encoded unchanged.
	Unknown wire.Records
}

// Walk walks the stream as the message field name ("" on its own).
func (s *CommitmentSignedTLVs) Walk(f *wire.Fields, name string) {
	tlv := f.BeginStream(name, &s.Unknown)
	if tlv.Record(1, "funding_txid", &s.HasFundingTxid) {
		f.SHA256("funding_txid", &s.FundingTxid)
	}
	tlv.End()
}

// Fields implements wire.Walker for the stream on its own.
func (s *CommitmentSignedTLVs) Fields(f *wire.Fields) { s.Walk(f, "") }

// RevokeAndAck is revoke_and_ack (type 133): the sender revokes its
// previous commitment and gives the point of its next one.
type RevokeAndAck struct {
	ChannelID wire.ChannelID
	// PerCommitmentSecret is "the secret used to generate keys for the
	// previous commitment transaction".
	PerCommitmentSecret    [32]byte
	NextPerCommitmentPoint wire.Point
	// Extension holds unknown odd TLV records after the payload.
	Extension wire.Records
}

// Type returns TypeRevokeAndAck.
func (m *RevokeAndAck) Type() uint16 { return TypeRevokeAndAck }

// Fields walks the BOLT #2 layout of revoke_and_ack.
func (m *RevokeAndAck) Fields(f *wire.Fields) {
	f.ChannelID("channel_id", &m.ChannelID)
	f.FixedBytes("per_commitment_secret", m.PerCommitmentSecret[:])
	walkPoint(f, "next_per_commitment_point", &m.NextPerCommitmentPoint)
	f.Extension(&m.Extension)
}

// Encode appends the payload to dst.
func (m *RevokeAndAck) Encode(dst []byte) ([]byte, error) {
	e := wire.NewEncoder(dst)
	m.Fields(&e)
	return e.Output()
}

// Decode decodes a payload; on failure m is unchanged.
func (m *RevokeAndAck) Decode(payload []byte) error {
	var v RevokeAndAck
	d := wire.NewDecoder(payload)
	v.Fields(&d)
	if err := d.Done(); err != nil {
		return err
	}
	*m = v
	return nil
}

// MaxBatchSize is the largest batch_size of start_batch. BOLT #2: a sending
// node "MUST set batch_size to a value lower than or equal to 20".
const MaxBatchSize = 20

// StartBatch is start_batch (type 127), BOLT #2 "Batching channel
// messages": the next batch_size messages (commitment_signed, one per
// pending splice transaction) form one logical message.
type StartBatch struct {
	ChannelID wire.ChannelID
	BatchSize uint16
	// TLVs is the start_batch_tlvs stream.
	TLVs StartBatchTLVs
}

// Type returns TypeStartBatch.
func (m *StartBatch) Type() uint16 { return TypeStartBatch }

// Fields walks the BOLT #2 layout of start_batch.
func (m *StartBatch) Fields(f *wire.Fields) {
	f.ChannelID("channel_id", &m.ChannelID)
	f.U16("batch_size", &m.BatchSize)
	m.TLVs.Walk(f, "tlvs")
}

// Encode appends the payload to dst.
func (m *StartBatch) Encode(dst []byte) ([]byte, error) {
	e := wire.NewEncoder(dst)
	m.Fields(&e)
	return e.Output()
}

// Decode decodes a payload; on failure m is unchanged.
func (m *StartBatch) Decode(payload []byte) error {
	var v StartBatch
	d := wire.NewDecoder(payload)
	v.Fields(&d)
	if err := d.Done(); err != nil {
		return err
	}
	*m = v
	return nil
}

// BatchesCommitments reports whether the receiver groups the next
// batch_size messages. BOLT #2: "If message_type is missing or not set to
// the type for commitment_signed: MUST ignore the start_batch message", and
// "If batch_size is not strictly greater than 1: MUST ignore the
// start_batch message." A batch_size above MaxBatchSize is the caller's to
// reject (warning and close, or error).
func (m *StartBatch) BatchesCommitments() bool {
	return m.TLVs.HasMessageType && m.TLVs.MessageType == TypeCommitmentSigned && m.BatchSize > 1
}

// StartBatchTLVs is the start_batch_tlvs stream.
type StartBatchTLVs struct {
	// HasMessageType tells whether message_type (type 1) is present; the
	// sender "MUST set message_type to 132".
	HasMessageType bool
	MessageType    uint16

	// Unknown holds the unknown odd records, re-encoded unchanged.
	Unknown wire.Records
}

// Walk walks the stream as the message field name ("" on its own).
func (s *StartBatchTLVs) Walk(f *wire.Fields, name string) {
	tlv := f.BeginStream(name, &s.Unknown)
	if tlv.Record(1, "message_type", &s.HasMessageType) {
		f.U16("message_type", &s.MessageType)
	}
	tlv.End()
}

// Fields implements wire.Walker for the stream on its own.
func (s *StartBatchTLVs) Fields(f *wire.Fields) { s.Walk(f, "") }
