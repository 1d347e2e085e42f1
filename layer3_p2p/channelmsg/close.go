package channelmsg

import (
	"fmt"

	"github.com/lnstack/lnstack/layer2_messaging/feature"
	"github.com/lnstack/lnstack/layer2_messaging/wire"
)

// Channel close, BOLT #2 "Channel Close": shutdown, closing_complete and
// closing_sig (option_simple_close), and the legacy closing_signed.

// Shutdown is shutdown (type 38), BOLT #2 "Closing Initiation: shutdown":
// the sender starts closing and names the script it wants to be paid to.
type Shutdown struct {
	ChannelID wire.ChannelID
	// ScriptPubkey must be in one of the forms CheckShutdownScript allows.
	ScriptPubkey []byte
	// Extension holds unknown odd TLV records after the payload.
	Extension wire.Records
}

// Type returns TypeShutdown.
func (m *Shutdown) Type() uint16 { return TypeShutdown }

// Fields walks the BOLT #2 layout of shutdown.
func (m *Shutdown) Fields(f *wire.Fields) {
	f.ChannelID("channel_id", &m.ChannelID)
	f.Bytes16("len", "scriptpubkey", &m.ScriptPubkey)
	f.Extension(&m.Extension)
}

// Encode appends the payload to dst.
func (m *Shutdown) Encode(dst []byte) ([]byte, error) {
	e := wire.NewEncoder(dst)
	m.Fields(&e)
	return e.Output()
}

// Decode decodes a payload; on failure m is unchanged.
func (m *Shutdown) Decode(payload []byte) error {
	var v Shutdown
	d := wire.NewDecoder(payload)
	v.Fields(&d)
	if err := d.Done(); err != nil {
		return err
	}
	*m = v
	return nil
}

// Script opcodes of the shutdown forms.
const (
	opFalse     = 0x00
	op1         = 0x51
	op16        = 0x60
	opReturn    = 0x6a
	opPushData1 = 0x4c
)

// CheckShutdownScript checks a shutdown scriptpubkey (also the
// upfront_shutdown_script of the open and accept messages, and the
// closer_scriptpubkey of closing_complete) against the forms BOLT #2
// allows, given the features the init exchange negotiated:
//
//  1. OP_0 20 20-bytes (P2WPKH), or
//  2. OP_0 32 32-bytes (P2WSH), or
//  3. "if (and only if) option_shutdown_anysegwit is negotiated": OP_1
//     through OP_16 "followed by a single push of 2 to 40 bytes", or
//  4. "if (and only if) option_simple_close is negotiated": OP_RETURN
//     followed by "6 to 75 inclusive followed by exactly that many bytes",
//     or "76 followed by 76 to 80 followed by exactly that many bytes".
//
// It fails with ErrShutdownScript; the receiver of such a shutdown "SHOULD
// send a warning".
func CheckShutdownScript(script []byte, negotiated feature.Vector) error {
	n := len(script)
	switch {
	case n == 22 && script[0] == opFalse && script[1] == 20,
		n == 34 && script[0] == opFalse && script[1] == 32:
		return nil
	case n >= 2 && script[0] >= op1 && script[0] <= op16:
		if !negotiated.Has(feature.ShutdownAnySegwit) {
			return fmt.Errorf("%w: segwit v%d needs option_shutdown_anysegwit", ErrShutdownScript, script[0]-op1+1)
		}
		if l := int(script[1]); l >= 2 && l <= 40 && n == 2+l {
			return nil
		}
	case n >= 2 && script[0] == opReturn:
		if !negotiated.Has(feature.SimpleClose) {
			return fmt.Errorf("%w: OP_RETURN needs option_simple_close", ErrShutdownScript)
		}
		if l := int(script[1]); l >= 6 && l <= 75 && n == 2+l {
			return nil
		}
		if n >= 3 && script[1] == opPushData1 {
			if l := int(script[2]); l >= 76 && l <= 80 && n == 3+l {
				return nil
			}
		}
	}
	return fmt.Errorf("%w: %x", ErrShutdownScript, script)
}

// ClosingSigned is closing_signed (type 39), BOLT #2 "Legacy Closing
// Negotiation: closing_signed": a fee proposal and the signature of the
// closing transaction at that fee.
type ClosingSigned struct {
	ChannelID   wire.ChannelID
	FeeSatoshis uint64
	Signature   wire.Signature
	// TLVs is the closing_signed_tlvs stream.
	TLVs ClosingSignedTLVs
}

// Type returns TypeClosingSigned.
func (m *ClosingSigned) Type() uint16 { return TypeClosingSigned }

// Fields walks the BOLT #2 layout of closing_signed.
func (m *ClosingSigned) Fields(f *wire.Fields) {
	f.ChannelID("channel_id", &m.ChannelID)
	f.U64("fee_satoshis", &m.FeeSatoshis)
	f.Signature("signature", &m.Signature)
	m.TLVs.Walk(f, "tlvs")
}

// Encode appends the payload to dst.
func (m *ClosingSigned) Encode(dst []byte) ([]byte, error) {
	e := wire.NewEncoder(dst)
	m.Fields(&e)
	return e.Output()
}

// Decode decodes a payload; on failure m is unchanged.
func (m *ClosingSigned) Decode(payload []byte) error {
	var v ClosingSigned
	d := wire.NewDecoder(payload)
	v.Fields(&d)
	if err := d.Done(); err != nil {
		return err
	}
	*m = v
	return nil
}

// ClosingSignedTLVs is the closing_signed_tlvs stream.
type ClosingSignedTLVs struct {
	// HasFeeRange tells whether fee_range (type 1) is present: "the
	// minimum and maximum fees it is prepared to pay for a close
	// transaction".
	HasFeeRange    bool
	MinFeeSatoshis uint64
	MaxFeeSatoshis uint64

	// Unknown holds the unknown odd records, re-encoded unchanged.
	Unknown wire.Records
}

// Walk walks the stream as the message field name ("" on its own).
func (s *ClosingSignedTLVs) Walk(f *wire.Fields, name string) {
	tlv := f.BeginStream(name, &s.Unknown)
	if tlv.Record(1, "fee_range", &s.HasFeeRange) {
		f.U64("min_fee_satoshis", &s.MinFeeSatoshis)
		f.U64("max_fee_satoshis", &s.MaxFeeSatoshis)
	}
	tlv.End()
}

// Fields implements wire.Walker for the stream on its own.
func (s *ClosingSignedTLVs) Fields(f *wire.Fields) { s.Walk(f, "") }

// ClosingComplete is closing_complete (type 40), BOLT #2 "Closing
// Negotiation: closing_complete and closing_sig": the closer's closing
// transaction, where it pays the fee, with its signatures of the variants
// it offers.
type ClosingComplete struct {
	ChannelID wire.ChannelID
	// CloserScriptPubkey is the sender's output script.
	CloserScriptPubkey []byte
	// CloseeScriptPubkey is "the last script it received from its peer".
	CloseeScriptPubkey []byte
	FeeSatoshis        uint64
	Locktime           uint32
	// TLVs is the closing_tlvs stream: one signature per variant.
	TLVs ClosingTLVs
}

// Type returns TypeClosingComplete.
func (m *ClosingComplete) Type() uint16 { return TypeClosingComplete }

// Fields walks the BOLT #2 layout of closing_complete.
func (m *ClosingComplete) Fields(f *wire.Fields) {
	walkClosing(f, &m.ChannelID, &m.CloserScriptPubkey, &m.CloseeScriptPubkey, &m.FeeSatoshis, &m.Locktime, &m.TLVs)
}

// Encode appends the payload to dst.
func (m *ClosingComplete) Encode(dst []byte) ([]byte, error) {
	e := wire.NewEncoder(dst)
	m.Fields(&e)
	return e.Output()
}

// Decode decodes a payload; on failure m is unchanged.
func (m *ClosingComplete) Decode(payload []byte) error {
	var v ClosingComplete
	d := wire.NewDecoder(payload)
	v.Fields(&d)
	if err := d.Done(); err != nil {
		return err
	}
	*m = v
	return nil
}

// ClosingSig is closing_sig (type 41): the closee's signature of one of the
// variants closing_complete offered, echoing its fields.
type ClosingSig struct {
	ChannelID          wire.ChannelID
	CloserScriptPubkey []byte
	CloseeScriptPubkey []byte
	FeeSatoshis        uint64
	Locktime           uint32
	// TLVs is the closing_tlvs stream: the signature of the chosen variant.
	TLVs ClosingTLVs
}

// Type returns TypeClosingSig.
func (m *ClosingSig) Type() uint16 { return TypeClosingSig }

// Fields walks the BOLT #2 layout of closing_sig.
func (m *ClosingSig) Fields(f *wire.Fields) {
	walkClosing(f, &m.ChannelID, &m.CloserScriptPubkey, &m.CloseeScriptPubkey, &m.FeeSatoshis, &m.Locktime, &m.TLVs)
}

// Encode appends the payload to dst.
func (m *ClosingSig) Encode(dst []byte) ([]byte, error) {
	e := wire.NewEncoder(dst)
	m.Fields(&e)
	return e.Output()
}

// Decode decodes a payload; on failure m is unchanged.
func (m *ClosingSig) Decode(payload []byte) error {
	var v ClosingSig
	d := wire.NewDecoder(payload)
	v.Fields(&d)
	if err := d.Done(); err != nil {
		return err
	}
	*m = v
	return nil
}

// walkClosing walks the layout closing_complete and closing_sig share.
func walkClosing(f *wire.Fields, id *wire.ChannelID, closer, closee *[]byte, fee *uint64, locktime *uint32, tlvs *ClosingTLVs) {
	f.ChannelID("channel_id", id)
	f.Bytes16("closer_scriptpubkey_len", "closer_scriptpubkey", closer)
	f.Bytes16("closee_scriptpubkey_len", "closee_scriptpubkey", closee)
	f.U64("fee_satoshis", fee)
	f.U32("locktime", locktime)
	tlvs.Walk(f, "tlvs")
}

// ClosingTLVs is the closing_tlvs stream of closing_complete and
// closing_sig: a signature for each closing transaction variant.
type ClosingTLVs struct {
	// HasCloserOutputOnly: closer_output_only (type 1), the transaction
	// with only the closer's output.
	HasCloserOutputOnly bool
	CloserOutputOnly    wire.Signature
	// HasCloseeOutputOnly: closee_output_only (type 2), only the closee's
	// output.
	HasCloseeOutputOnly bool
	CloseeOutputOnly    wire.Signature
	// HasCloserAndCloseeOutputs: closer_and_closee_outputs (type 3), both.
	HasCloserAndCloseeOutputs bool
	CloserAndCloseeOutputs    wire.Signature

	// Unknown holds the unknown odd records, re-encoded unchanged.
	Unknown wire.Records
}

// Walk walks the stream as the message field name ("" on its own).
func (s *ClosingTLVs) Walk(f *wire.Fields, name string) {
	tlv := f.BeginStream(name, &s.Unknown)
	if tlv.Record(1, "closer_output_only", &s.HasCloserOutputOnly) {
		f.Signature("sig", &s.CloserOutputOnly)
	}
	if tlv.Record(2, "closee_output_only", &s.HasCloseeOutputOnly) {
		f.Signature("sig", &s.CloseeOutputOnly)
	}
	if tlv.Record(3, "closer_and_closee_outputs", &s.HasCloserAndCloseeOutputs) {
		f.Signature("sig", &s.CloserAndCloseeOutputs)
	}
	tlv.End()
}

// Fields implements wire.Walker for the stream on its own.
func (s *ClosingTLVs) Fields(f *wire.Fields) { s.Walk(f, "") }
