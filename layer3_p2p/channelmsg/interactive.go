package channelmsg

import (
	"fmt"

	messaging "github.com/lnstack/lnstack/layer2_messaging"
	"github.com/lnstack/lnstack/layer2_messaging/wire"
)

// Interactive transaction construction, BOLT #2 "Interactive Transaction
// Construction": tx_add_input, tx_add_output, tx_remove_input,
// tx_remove_output, tx_complete, tx_signatures, tx_init_rbf, tx_ack_rbf and
// tx_abort.

// MaxSequence is the largest nSequence a tx_add_input may carry. BOLT #2:
// the sender "MUST set sequence to be less than or equal to 4294967293
// (0xFFFFFFFD)" (the input signals replaceability).
const MaxSequence = 0xFFFFFFFD

// TxAddInput is tx_add_input (type 66), BOLT #2 "The tx_add_input Message":
// one input of the transaction being built.
type TxAddInput struct {
	ChannelID wire.ChannelID
	// SerialID orders the inputs; the initiator sends even ones, the
	// non-initiator odd ones.
	SerialID uint64
	// PrevTx is the whole transaction holding the spent output; empty for
	// the shared input of a splice (TLVs.SharedInputTxid names it).
	PrevTx     []byte
	PrevTxVout uint32
	Sequence   uint32
	// TLVs is the tx_add_input_tlvs stream.
	TLVs TxAddInputTLVs
}

// Type returns TypeTxAddInput.
func (m *TxAddInput) Type() uint16 { return TypeTxAddInput }

// Fields walks the BOLT #2 layout of tx_add_input.
func (m *TxAddInput) Fields(f *wire.Fields) {
	f.ChannelID("channel_id", &m.ChannelID)
	f.U64("serial_id", &m.SerialID)
	f.Bytes16("prevtx_len", "prevtx", &m.PrevTx)
	f.U32("prevtx_vout", &m.PrevTxVout)
	f.U32("sequence", &m.Sequence)
	m.TLVs.Walk(f, "tlvs")
}

// Encode appends the payload to dst.
func (m *TxAddInput) Encode(dst []byte) ([]byte, error) {
	e := wire.NewEncoder(dst)
	m.Fields(&e)
	return e.Output()
}

// Decode decodes a payload; on failure m is unchanged.
func (m *TxAddInput) Decode(payload []byte) error {
	var v TxAddInput
	d := wire.NewDecoder(payload)
	v.Fields(&d)
	if err := d.Done(); err != nil {
		return err
	}
	*m = v
	return nil
}

// TxAddInputTLVs is the tx_add_input_tlvs stream.
type TxAddInputTLVs struct {
	// HasSharedInputTxid tells whether shared_input_txid (type 0) is
	// present: the input is the channel's current funding output.
	HasSharedInputTxid bool
	SharedInputTxid    wire.SHA256

	// Unknown holds the unknown odd records, re-encoded unchanged.
	Unknown wire.Records
}

// Walk walks the stream as the message field name ("" on its own).
func (s *TxAddInputTLVs) Walk(f *wire.Fields, name string) {
	tlv := f.BeginStream(name, &s.Unknown)
	if tlv.Record(0, "shared_input_txid", &s.HasSharedInputTxid) {
		f.SHA256("funding_txid", &s.SharedInputTxid)
	}
	tlv.End()
}

// Fields implements wire.Walker for the stream on its own.
func (s *TxAddInputTLVs) Fields(f *wire.Fields) { s.Walk(f, "") }

// TxAddOutput is tx_add_output (type 67), BOLT #2 "The tx_add_output
// Message": one output of the transaction being built.
type TxAddOutput struct {
	ChannelID wire.ChannelID
	SerialID  uint64
	Sats      uint64
	Script    []byte
	// Extension holds unknown odd TLV records after the payload.
	Extension wire.Records
}

// Type returns TypeTxAddOutput.
func (m *TxAddOutput) Type() uint16 { return TypeTxAddOutput }

// Fields walks the BOLT #2 layout of tx_add_output.
func (m *TxAddOutput) Fields(f *wire.Fields) {
	f.ChannelID("channel_id", &m.ChannelID)
	f.U64("serial_id", &m.SerialID)
	f.U64("sats", &m.Sats)
	f.Bytes16("scriptlen", "script", &m.Script)
	f.Extension(&m.Extension)
}

// Encode appends the payload to dst.
func (m *TxAddOutput) Encode(dst []byte) ([]byte, error) {
	e := wire.NewEncoder(dst)
	m.Fields(&e)
	return e.Output()
}

// Decode decodes a payload; on failure m is unchanged.
func (m *TxAddOutput) Decode(payload []byte) error {
	var v TxAddOutput
	d := wire.NewDecoder(payload)
	v.Fields(&d)
	if err := d.Done(); err != nil {
		return err
	}
	*m = v
	return nil
}

// TxRemoveInput is tx_remove_input (type 68): the sender withdraws an input
// it added.
type TxRemoveInput struct {
	ChannelID wire.ChannelID
	SerialID  uint64
	// Extension holds unknown odd TLV records after the payload.
	Extension wire.Records
}

// Type returns TypeTxRemoveInput.
func (m *TxRemoveInput) Type() uint16 { return TypeTxRemoveInput }

// Fields walks the BOLT #2 layout of tx_remove_input.
func (m *TxRemoveInput) Fields(f *wire.Fields) {
	f.ChannelID("channel_id", &m.ChannelID)
	f.U64("serial_id", &m.SerialID)
	f.Extension(&m.Extension)
}

// Encode appends the payload to dst.
func (m *TxRemoveInput) Encode(dst []byte) ([]byte, error) {
	e := wire.NewEncoder(dst)
	m.Fields(&e)
	return e.Output()
}

// Decode decodes a payload; on failure m is unchanged.
func (m *TxRemoveInput) Decode(payload []byte) error {
	var v TxRemoveInput
	d := wire.NewDecoder(payload)
	v.Fields(&d)
	if err := d.Done(); err != nil {
		return err
	}
	*m = v
	return nil
}

// TxRemoveOutput is tx_remove_output (type 69): the sender withdraws an
// output it added.
type TxRemoveOutput struct {
	ChannelID wire.ChannelID
	SerialID  uint64
	// Extension holds unknown odd TLV records after the payload.
	Extension wire.Records
}

// Type returns TypeTxRemoveOutput.
func (m *TxRemoveOutput) Type() uint16 { return TypeTxRemoveOutput }

// Fields walks the BOLT #2 layout of tx_remove_output.
func (m *TxRemoveOutput) Fields(f *wire.Fields) {
	f.ChannelID("channel_id", &m.ChannelID)
	f.U64("serial_id", &m.SerialID)
	f.Extension(&m.Extension)
}

// Encode appends the payload to dst.
func (m *TxRemoveOutput) Encode(dst []byte) ([]byte, error) {
	e := wire.NewEncoder(dst)
	m.Fields(&e)
	return e.Output()
}

// Decode decodes a payload; on failure m is unchanged.
func (m *TxRemoveOutput) Decode(payload []byte) error {
	var v TxRemoveOutput
	d := wire.NewDecoder(payload)
	v.Fields(&d)
	if err := d.Done(); err != nil {
		return err
	}
	*m = v
	return nil
}

// TxComplete is tx_complete (type 70), BOLT #2 "The tx_complete Message":
// the sender has nothing more to add; two in a row end the construction.
type TxComplete struct {
	ChannelID wire.ChannelID
	// Extension holds unknown odd TLV records after the payload.
	Extension wire.Records
}

// Type returns TypeTxComplete.
func (m *TxComplete) Type() uint16 { return TypeTxComplete }

// Fields walks the BOLT #2 layout of tx_complete.
func (m *TxComplete) Fields(f *wire.Fields) {
	f.ChannelID("channel_id", &m.ChannelID)
	f.Extension(&m.Extension)
}

// Encode appends the payload to dst.
func (m *TxComplete) Encode(dst []byte) ([]byte, error) {
	e := wire.NewEncoder(dst)
	m.Fields(&e)
	return e.Output()
}

// Decode decodes a payload; on failure m is unchanged.
func (m *TxComplete) Decode(payload []byte) error {
	var v TxComplete
	d := wire.NewDecoder(payload)
	v.Fields(&d)
	if err := d.Done(); err != nil {
		return err
	}
	*m = v
	return nil
}

// TxSignatures is tx_signatures (type 71), BOLT #2 "The tx_signatures
// Message": the sender's witnesses for the inputs it added, ordered by
// serial_id.
type TxSignatures struct {
	ChannelID wire.ChannelID
	Txid      wire.SHA256
	Witnesses []Witness
	// TLVs is the tx_signatures_tlvs stream.
	TLVs TxSignaturesTLVs
}

// Witness is the witness subtype of tx_signatures: one input's witness
// stack in Bitcoin's serialization (Items parses it).
type Witness struct {
	Data []byte
}

// Type returns TypeTxSignatures.
func (m *TxSignatures) Type() uint16 { return TypeTxSignatures }

// Fields walks the BOLT #2 layout of tx_signatures.
func (m *TxSignatures) Fields(f *wire.Fields) {
	f.ChannelID("channel_id", &m.ChannelID)
	f.SHA256("txid", &m.Txid)
	n := f.Count16("num_witnesses", len(m.Witnesses))
	// Each witness takes at least its 2-byte len.
	m.Witnesses = wire.Counted(f, "witnesses", m.Witnesses, n, 2)
	f.BeginArray("witnesses")
	for i := range m.Witnesses {
		f.BeginObject("witnesses")
		f.Bytes16("len", "witness_data", &m.Witnesses[i].Data)
		f.EndObject()
	}
	f.EndArray()
	m.TLVs.Walk(f, "tlvs")
}

// Encode appends the payload to dst.
func (m *TxSignatures) Encode(dst []byte) ([]byte, error) {
	e := wire.NewEncoder(dst)
	m.Fields(&e)
	return e.Output()
}

// Decode decodes a payload; on failure m is unchanged.
func (m *TxSignatures) Decode(payload []byte) error {
	var v TxSignatures
	d := wire.NewDecoder(payload)
	v.Fields(&d)
	if err := d.Done(); err != nil {
		return err
	}
	*m = v
	return nil
}

// TxSignaturesTLVs is the tx_signatures_tlvs stream.
type TxSignaturesTLVs struct {
	// HasSharedInputSignature tells whether shared_input_signature (type
	// 0) is present: the sender's signature for the shared funding input
	// of a splice.
	HasSharedInputSignature bool
	SharedInputSignature    wire.Signature

	// Unknown holds the unknown odd records, re-encoded unchanged.
	Unknown wire.Records
}

// Walk walks the stream as the message field name ("" on its own).
func (s *TxSignaturesTLVs) Walk(f *wire.Fields, name string) {
	tlv := f.BeginStream(name, &s.Unknown)
	if tlv.Record(0, "shared_input_signature", &s.HasSharedInputSignature) {
		f.Signature("signature", &s.SharedInputSignature)
	}
	tlv.End()
}

// Fields implements wire.Walker for the stream on its own.
func (s *TxSignaturesTLVs) Fields(f *wire.Fields) { s.Walk(f, "") }

// NewWitness serializes a witness stack the way BOLT #2 says witness_data
// is "encoded as per bitcoin's wire protocol (a CompactSize number of
// elements, with each element a CompactSize length and that many bytes
// following)".
func NewWitness(items [][]byte) Witness {
	n := compactSizeLen(uint64(len(items)))
	for _, it := range items {
		n += compactSizeLen(uint64(len(it))) + len(it)
	}
	b := make([]byte, 0, n)
	b = appendCompactSize(b, uint64(len(items)))
	for _, it := range items {
		b = appendCompactSize(b, uint64(len(it)))
		b = append(b, it...)
	}
	return Witness{Data: b}
}

// Items parses the witness stack. It fails with ErrWitness when the data or
// the stack is empty, the data is not a whole stack, or bytes follow it;
// each item aliases Data.
func (w Witness) Items() ([][]byte, error) {
	b := w.Data
	if len(b) == 0 {
		return nil, fmt.Errorf("%w: empty witness", ErrWitness)
	}
	count, n, ok := readCompactSize(b)
	if !ok {
		return nil, fmt.Errorf("%w: bad element count", ErrWitness)
	}
	b = b[n:]
	if count == 0 {
		return nil, fmt.Errorf("%w: no elements", ErrWitness)
	}
	// Every element takes at least its 1-byte length: a count above the
	// bytes left cannot be right, and must not size the allocation.
	if count > uint64(len(b)) {
		return nil, fmt.Errorf("%w: %d elements in %d bytes", ErrWitness, count, len(b))
	}
	items := make([][]byte, 0, count)
	for i := uint64(0); i < count; i++ {
		l, n, ok := readCompactSize(b)
		if !ok || l > uint64(len(b)-n) {
			return nil, fmt.Errorf("%w: element %d runs past the end", ErrWitness, i)
		}
		b = b[n:]
		items = append(items, b[:l:l])
		b = b[l:]
	}
	if len(b) != 0 {
		return nil, fmt.Errorf("%w: %d bytes after the last element", ErrWitness, len(b))
	}
	return items, nil
}

// Bitcoin's CompactSize: one byte below 0xfd, else a marker and 2, 4 or 8
// little-endian bytes. Non-minimal forms are rejected, as Bitcoin Core
// does when it deserializes a witness.
func compactSizeLen(v uint64) int {
	switch {
	case v < 0xfd:
		return 1
	case v <= 0xffff:
		return 3
	case v <= 0xffffffff:
		return 5
	}
	return 9
}

func appendCompactSize(b []byte, v uint64) []byte {
	switch {
	case v < 0xfd:
		return append(b, byte(v))
	case v <= 0xffff:
		return append(b, 0xfd, byte(v), byte(v>>8))
	case v <= 0xffffffff:
		return append(b, 0xfe, byte(v), byte(v>>8), byte(v>>16), byte(v>>24))
	}
	return append(b, 0xff, byte(v), byte(v>>8), byte(v>>16), byte(v>>24),
		byte(v>>32), byte(v>>40), byte(v>>48), byte(v>>56))
}

func readCompactSize(b []byte) (v uint64, n int, ok bool) {
	if len(b) == 0 {
		return 0, 0, false
	}
	switch b[0] {
	case 0xfd:
		n = 3
	case 0xfe:
		n = 5
	case 0xff:
		n = 9
	default:
		return uint64(b[0]), 1, true
	}
	if len(b) < n {
		return 0, 0, false
	}
	for i := n - 1; i >= 1; i-- {
		v = v<<8 | uint64(b[i])
	}
	return v, n, compactSizeLen(v) == n
}

// TxInitRBF is tx_init_rbf (type 72), BOLT #2 "The tx_init_rbf Message":
// start building a replacement of the completed transaction.
type TxInitRBF struct {
	ChannelID wire.ChannelID
	Locktime  uint32
	// Feerate must be at least 25/24 of the replaced transaction's.
	Feerate uint32
	// TLVs is the tx_init_rbf_tlvs stream.
	TLVs TxInitRBFTLVs
}

// Type returns TypeTxInitRBF.
func (m *TxInitRBF) Type() uint16 { return TypeTxInitRBF }

// Fields walks the BOLT #2 layout of tx_init_rbf.
func (m *TxInitRBF) Fields(f *wire.Fields) {
	f.ChannelID("channel_id", &m.ChannelID)
	f.U32("locktime", &m.Locktime)
	f.U32("feerate", &m.Feerate)
	m.TLVs.Walk(f, "tlvs")
}

// Encode appends the payload to dst.
func (m *TxInitRBF) Encode(dst []byte) ([]byte, error) {
	e := wire.NewEncoder(dst)
	m.Fields(&e)
	return e.Output()
}

// Decode decodes a payload; on failure m is unchanged.
func (m *TxInitRBF) Decode(payload []byte) error {
	var v TxInitRBF
	d := wire.NewDecoder(payload)
	v.Fields(&d)
	if err := d.Done(); err != nil {
		return err
	}
	*m = v
	return nil
}

// TxInitRBFTLVs is the tx_init_rbf_tlvs stream; tx_ack_rbf_tlvs has the
// same records (TxAckRBFTLVs).
type TxInitRBFTLVs struct {
	// HasFundingOutputContribution tells whether
	// funding_output_contribution (type 0) is present: "If omitted, the
	// sender is not contributing to the funding output."
	HasFundingOutputContribution bool
	FundingOutputContribution    int64

	// RequireConfirmedInputs is the empty record of type 2.
	RequireConfirmedInputs bool

	// Unknown holds the unknown odd records, re-encoded unchanged.
	Unknown wire.Records
}

// TxAckRBFTLVs is the tx_ack_rbf_tlvs stream.
type TxAckRBFTLVs = TxInitRBFTLVs

// Walk walks the stream as the message field name ("" on its own).
func (s *TxInitRBFTLVs) Walk(f *wire.Fields, name string) {
	tlv := f.BeginStream(name, &s.Unknown)
	if tlv.Record(0, "funding_output_contribution", &s.HasFundingOutputContribution) {
		f.S64("satoshis", &s.FundingOutputContribution)
	}
	tlv.Record(2, "require_confirmed_inputs", &s.RequireConfirmedInputs)
	tlv.End()
}

// Fields implements wire.Walker for the stream on its own.
func (s *TxInitRBFTLVs) Fields(f *wire.Fields) { s.Walk(f, "") }

// TxAckRBF is tx_ack_rbf (type 73), BOLT #2 "The tx_ack_rbf Message": the
// peer agrees to build the replacement.
type TxAckRBF struct {
	ChannelID wire.ChannelID
	// TLVs is the tx_ack_rbf_tlvs stream.
	TLVs TxAckRBFTLVs
}

// Type returns TypeTxAckRBF.
func (m *TxAckRBF) Type() uint16 { return TypeTxAckRBF }

// Fields walks the BOLT #2 layout of tx_ack_rbf.
func (m *TxAckRBF) Fields(f *wire.Fields) {
	f.ChannelID("channel_id", &m.ChannelID)
	m.TLVs.Walk(f, "tlvs")
}

// Encode appends the payload to dst.
func (m *TxAckRBF) Encode(dst []byte) ([]byte, error) {
	e := wire.NewEncoder(dst)
	m.Fields(&e)
	return e.Output()
}

// Decode decodes a payload; on failure m is unchanged.
func (m *TxAckRBF) Decode(payload []byte) error {
	var v TxAckRBF
	d := wire.NewDecoder(payload)
	v.Fields(&d)
	if err := d.Done(); err != nil {
		return err
	}
	*m = v
	return nil
}

// TxAbort is tx_abort (type 74), BOLT #2 "The tx_abort Message": cancel the
// negotiation in progress, with an optional diagnostic.
type TxAbort struct {
	ChannelID wire.ChannelID
	Data      []byte
	// Extension holds unknown odd TLV records after the payload.
	Extension wire.Records
}

// Type returns TypeTxAbort.
func (m *TxAbort) Type() uint16 { return TypeTxAbort }

// Fields walks the BOLT #2 layout of tx_abort.
func (m *TxAbort) Fields(f *wire.Fields) {
	f.ChannelID("channel_id", &m.ChannelID)
	f.Bytes16("len", "data", &m.Data)
	f.Extension(&m.Extension)
}

// Encode appends the payload to dst.
func (m *TxAbort) Encode(dst []byte) ([]byte, error) {
	e := wire.NewEncoder(dst)
	m.Fields(&e)
	return e.Output()
}

// Decode decodes a payload; on failure m is unchanged.
func (m *TxAbort) Decode(payload []byte) error {
	var v TxAbort
	d := wire.NewDecoder(payload)
	v.Fields(&d)
	if err := d.Done(); err != nil {
		return err
	}
	*m = v
	return nil
}

// Text returns data safe to print. BOLT #2: "if data is not composed solely
// of printable ASCII characters ...: SHOULD NOT print out data verbatim."
func (m *TxAbort) Text() string { return messaging.PrintableText(m.Data) }
