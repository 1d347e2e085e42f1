package channelmsg_test

import (
	"errors"
	"reflect"
	"testing"

	messaging "github.com/lnstack/lnstack/layer2_messaging"
	"github.com/lnstack/lnstack/layer2_messaging/msgtest"
	"github.com/lnstack/lnstack/layer2_messaging/wire"
	"github.com/lnstack/lnstack/layer3_p2p/channelmsg"
)

// TestMessagesRoundTrip decodes random valid instances of every message,
// built from spec/, and runs the shared round-trip harness on each:
// decode, encode to the same bytes, decode to the same value, same JSON.
func TestMessagesRoundTrip(t *testing.T) {
	for _, e := range entries() {
		c := msgtest.Message(e.New)
		for _, p := range randomPayloads(t, e.Name, 200, 1) {
			msgtest.Valid(t, c, p)
		}
	}
}

// TestMessagesTruncations cuts random instances of every message at every
// offset: each prefix fails with a typed error (a wire sentinel), except a
// cut at a record boundary of the trailing TLV stream, a shorter valid
// message.
func TestMessagesTruncations(t *testing.T) {
	for _, e := range entries() {
		c := msgtest.Message(e.New)
		for _, p := range randomPayloads(t, e.Name, 8, 2) {
			m := e.New()
			if err := m.Decode(p); err != nil {
				t.Fatalf("%s: %v", e.Name, err)
			}
			msgtest.Truncations(t, c, p, msgtest.MessageBoundaries(t, m, p))
		}
	}
}

// TestTruncatedFixedPart checks the error of a cut inside the fixed part:
// ErrTruncated, with the offset where reading stopped.
func TestTruncatedFixedPart(t *testing.T) {
	for _, e := range entries() {
		p := msgtest.MustEncode(t, withPoints(e.New()))
		fixed := len(p) - len(msgtest.TrailingStream(t, e.New()))
		for n := 0; n < fixed; n++ {
			err := e.New().Decode(p[:n])
			var de *wire.DecodeError
			if !errors.Is(err, wire.ErrTruncated) || !errors.As(err, &de) || de.Offset > n {
				t.Fatalf("%s cut at %d: %v, want ErrTruncated at or before %d", e.Name, n, err, n)
			}
		}
	}
}

// TestDecodeLeavesMessageOnFailure decodes a valid message, then a
// truncated one into the same value: the value must not change.
func TestDecodeLeavesMessageOnFailure(t *testing.T) {
	for _, e := range entries() {
		p := randomPayloads(t, e.Name, 1, 3)[0]
		m := e.New()
		if err := m.Decode(p); err != nil {
			t.Fatal(err)
		}
		before := e.New()
		if err := before.Decode(p); err != nil {
			t.Fatal(err)
		}
		if err := m.Decode(p[:len(p)/2]); err == nil && len(p) > 1 {
			// A cut at a stream boundary decodes; then m may change.
			continue
		}
		if !reflect.DeepEqual(m, before) {
			t.Errorf("%s changed by a failed decode", e.Name)
		}
	}
}

// TestUnknownRecords checks the BOLT #1 TLV rules on every message's
// stream: an unknown odd record is kept and re-encoded, an unknown even one
// fails with ErrUnknownEvenType, records out of order fail with ErrTLVOrder.
func TestUnknownRecords(t *testing.T) {
	for _, e := range entries() {
		base := msgtest.MustEncode(t, withPoints(e.New()))
		odd := append(append([]byte(nil), base...), 0xfd, 0x01, 0x01, 0x02, 0xca, 0xfe) // type 257, 2 bytes
		m := e.New()
		if err := m.Decode(odd); err != nil {
			t.Fatalf("%s: unknown odd record: %v", e.Name, err)
		}
		if out := msgtest.MustEncode(t, m); string(out) != string(odd) {
			t.Fatalf("%s: unknown odd record not re-encoded:\n %x\n %x", e.Name, odd, out)
		}
		even := append(append([]byte(nil), base...), 0xfd, 0x01, 0x00, 0x00) // type 256
		if err := e.New().Decode(even); !errors.Is(err, wire.ErrUnknownEvenType) {
			t.Fatalf("%s: unknown even record: %v, want ErrUnknownEvenType", e.Name, err)
		}
		twice := append(append([]byte(nil), odd...), 0xfd, 0x01, 0x01, 0x00) // type 257 again
		if err := e.New().Decode(twice); !errors.Is(err, wire.ErrTLVOrder) {
			t.Fatalf("%s: repeated record: %v, want ErrTLVOrder", e.Name, err)
		}
	}
}

// TestInvalidPoint replaces each point of a message with bytes that are
// not a point: decoding fails with ErrInvalidPoint.
func TestInvalidPoint(t *testing.T) {
	for _, e := range entries() {
		p := msgtest.MustEncode(t, withPoints(e.New()))
		for i := 0; i+wire.PointLen <= len(p); i++ {
			if string(p[i:i+wire.PointLen]) != string(testPoint[:]) {
				continue
			}
			bad := append([]byte(nil), p...)
			bad[i] = 0x04 // an uncompressed prefix
			if err := e.New().Decode(bad); !errors.Is(err, wire.ErrInvalidPoint) {
				t.Errorf("%s: point at %d with prefix 04: %v, want ErrInvalidPoint", e.Name, i, err)
			}
		}
	}
}

// fixedRecords returns messages whose TLV records are all of fixed size,
// present: decoding them must not allocate either.
func fixedRecords() []messaging.Message {
	return []messaging.Message{
		&channelmsg.ChannelReady{TLVs: channelmsg.ChannelReadyTLVs{HasAlias: true, Alias: 0x0102030405060708}},
		&channelmsg.UpdateAddHTLC{TLVs: channelmsg.UpdateAddHTLCTLVs{HasBlindedPath: true}},
		&channelmsg.UpdateFulfillHTLC{TLVs: channelmsg.AttributionTLVs{HasAttributionData: true}},
		&channelmsg.CommitmentSigned{TLVs: channelmsg.CommitmentSignedTLVs{HasFundingTxid: true}},
		&channelmsg.ChannelReestablish{TLVs: channelmsg.ChannelReestablishTLVs{HasNextFunding: true, HasMyCurrentFundingLocked: true}},
		&channelmsg.ClosingSigned{TLVs: channelmsg.ClosingSignedTLVs{HasFeeRange: true}},
		&channelmsg.ClosingComplete{TLVs: channelmsg.ClosingTLVs{HasCloserOutputOnly: true, HasCloseeOutputOnly: true, HasCloserAndCloseeOutputs: true}},
		&channelmsg.TxInitRBF{TLVs: channelmsg.TxInitRBFTLVs{HasFundingOutputContribution: true, RequireConfirmedInputs: true}},
		&channelmsg.SpliceAck{TLVs: channelmsg.SpliceTLVs{RequireConfirmedInputs: true}},
		&channelmsg.StartBatch{BatchSize: 2, TLVs: channelmsg.StartBatchTLVs{HasMessageType: true, MessageType: 132}},
	}
}

// TestDecodeFixedFieldsAllocatesNothing decodes every message with its
// variable-size fields empty, and messages with fixed-size records present:
// no allocation at all.
func TestDecodeFixedFieldsAllocatesNothing(t *testing.T) {
	var msgs []messaging.Message
	for _, e := range entries() {
		msgs = append(msgs, e.New())
	}
	msgs = append(msgs, fixedRecords()...)
	for _, m := range msgs {
		withPoints(m)
		b := msgtest.MustEncode(t, m)
		allocs := testing.AllocsPerRun(100, func() {
			if err := m.Decode(b); err != nil {
				t.Fatal(err)
			}
		})
		if allocs != 0 {
			t.Errorf("%s: %v allocations", name(m), allocs)
		}
	}
}

// TestCountBoundsAllocation gives a commitment_signed and a tx_signatures a
// count far above what the input holds: decoding fails with ErrTruncated
// before allocating for the count.
func TestCountBoundsAllocation(t *testing.T) {
	cs := make([]byte, 32+64)
	cs = append(cs, 0xff, 0xff) // num_htlcs 65535, no signature follows
	ts := make([]byte, 32+32)
	ts = append(ts, 0xff, 0xff, 0, 0) // num_witnesses 65535, one empty witness
	for _, c := range []struct {
		m messaging.Message
		b []byte
	}{{&channelmsg.CommitmentSigned{}, cs}, {&channelmsg.TxSignatures{}, ts}} {
		allocs := testing.AllocsPerRun(20, func() {
			if err := c.m.Decode(c.b); !errors.Is(err, wire.ErrTruncated) {
				t.Fatalf("%s: %v, want ErrTruncated", name(c.m), err)
			}
		})
		// The error itself (a *wire.DecodeError) is the only allocation.
		if allocs > 1 {
			t.Errorf("%s: %v allocations for a count the input cannot hold", name(c.m), allocs)
		}
	}
}

// TestMessageTooLarge checks that a message whose encoding exceeds 65535
// bytes is refused by the framing.
func TestMessageTooLarge(t *testing.T) {
	m := &channelmsg.TxAddInput{PrevTx: make([]byte, 65535-2-32-8-2-4-4)}
	withPoints(m)
	if _, err := messaging.Encode(nil, m); err != nil {
		t.Fatalf("largest tx_add_input: %v", err)
	}
	m.PrevTx = append(m.PrevTx, 0)
	if _, err := messaging.Encode(nil, m); !errors.Is(err, messaging.ErrMessageTooLarge) {
		t.Fatalf("%v, want ErrMessageTooLarge", err)
	}
	m.PrevTx = make([]byte, 0x10000)
	if _, err := m.Encode(nil); !errors.Is(err, wire.ErrTooLarge) {
		t.Fatalf("prevtx of 65536 bytes: %v, want ErrTooLarge", err)
	}
}

// TestFrameDecode runs frames of every message through a Codec of layer 2's
// table and this one: the right message comes out.
func TestFrameDecode(t *testing.T) {
	c := newCodec(t)
	for _, e := range entries() {
		p := randomPayloads(t, e.Name, 1, 4)[0]
		frame := append([]byte{byte(e.Type >> 8), byte(e.Type)}, p...)
		m, err := c.Decode(frame)
		if err != nil {
			t.Fatalf("%s: %v", e.Name, err)
		}
		if m.Type() != e.Type || reflect.TypeOf(m) != reflect.TypeOf(e.New()) {
			t.Fatalf("%s: decoded as %T", e.Name, m)
		}
		d, err := c.DecodeJSON(frame)
		if err != nil || d.Name != e.Name {
			t.Fatalf("%s: DecodeJSON %q, %v", e.Name, d.Name, err)
		}
		var me *messaging.MessageError
		if _, err := c.Decode(frame[:3]); !errors.As(err, &me) || me.Name != e.Name || !wire.Malformed(err) {
			t.Fatalf("%s: truncated frame: %v", e.Name, err)
		}
	}
}
