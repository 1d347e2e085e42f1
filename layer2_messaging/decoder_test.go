package messaging_test

import (
	"bytes"
	"errors"
	"math/rand/v2"
	"testing"

	"github.com/google/go-cmp/cmp"

	messaging "github.com/lnstack/lnstack/layer2_messaging"
	"github.com/lnstack/lnstack/layer2_messaging/msgtest"
	"github.com/lnstack/lnstack/layer2_messaging/wire"
)

// sameError reports whether two decode errors are the same failure: both
// nil, or wrapping the same sentinel of wire or of this package.
func sameError(a, b error) bool {
	if (a == nil) != (b == nil) {
		return false
	}
	for _, s := range []error{
		wire.ErrTruncated, wire.ErrNonMinimal, wire.ErrTLVOrder, wire.ErrTLVLength,
		wire.ErrRecordLength, wire.ErrUnknownEvenType, wire.ErrInvalidPoint,
		wire.ErrInvalidUTF8, wire.ErrInvalidValue, wire.ErrTrailingBytes,
		messaging.ErrMessageTooLarge, messaging.ErrUnknownRequiredMessage,
	} {
		if errors.Is(a, s) != errors.Is(b, s) {
			return false
		}
	}
	var ma, mb *messaging.MessageError
	if errors.As(a, &ma) != errors.As(b, &mb) || ma != nil && (ma.Type != mb.Type || ma.Name != mb.Name) {
		return false
	}
	var da, db *wire.DecodeError
	return errors.As(a, &da) == errors.As(b, &db) && (da == nil || *da == *db || da.Field == db.Field && da.Offset == db.Offset)
}

// checkDecoderAgrees decodes frame with the Codec and with a Decoder: the
// same message (or the same error) must come out.
func checkDecoderAgrees(t *testing.T, c *messaging.Codec, d *messaging.Decoder, frame []byte) {
	t.Helper()
	want, wantErr := c.Decode(frame)
	got, gotErr := d.Decode(append([]byte(nil), frame...))
	if !sameError(gotErr, wantErr) {
		t.Fatalf("%x: Decoder error %v, Codec error %v", frame, gotErr, wantErr)
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Fatalf("%x: Decoder and Codec disagree (-Codec +Decoder):\n%s", frame, diff)
	}
}

// randomFrames returns frames of random BOLT #1 messages, some cut short or
// with a byte changed, plus frames of unknown types.
func randomFrames(t *testing.T, rng *rand.Rand, n int) [][]byte {
	names := msgtest.Names(messaging.Messages())
	var frames [][]byte
	for range n {
		frame, err := messaging.Encode(nil, randomMessage(rng, names[rng.IntN(len(names))]))
		if err != nil {
			t.Fatal(err)
		}
		switch rng.IntN(4) {
		case 0:
			frame = frame[:rng.IntN(len(frame)+1)]
		case 1:
			frame[rng.IntN(len(frame))] ^= byte(1 + rng.IntN(255))
		}
		frames = append(frames, frame)
	}
	return append(frames,
		[]byte{0x80, 0x01, 0xaa}, []byte{0x80, 0x01}, []byte{0x80, 0x02}, []byte{0}, nil,
		make([]byte, messaging.MaxMessageSize+1))
}

func TestDecoderAgreesWithCodec(t *testing.T) {
	c := newCodec(t)
	d := c.NewDecoder()
	rng := rand.New(rand.NewPCG(41, 42))
	for _, frame := range randomFrames(t, rng, 1000) {
		checkDecoderAgrees(t, c, d, frame)
	}
	for _, frame := range appendixC(t) {
		checkDecoderAgrees(t, c, d, frame)
	}
}

// TestDecoderAliasesFrame checks the ownership contract: byte fields point
// into the frame, with no spare capacity, so an append never writes there.
func TestDecoderAliasesFrame(t *testing.T) {
	d := newCodec(t).NewDecoder()
	frame, err := messaging.Encode(nil, &messaging.Ping{NumPongBytes: 4, Ignored: []byte{1, 2, 3}, Extension: wire.Records{{Type: 1, Value: []byte{9}}}})
	if err != nil {
		t.Fatal(err)
	}
	m, err := d.Decode(frame)
	if err != nil {
		t.Fatal(err)
	}
	p := m.(*messaging.Ping)
	frame[6] = 7 // the first ignored byte: type (2), num_pong_bytes (2), byteslen (2)
	frame[len(frame)-1] = 8
	if p.Ignored[0] != 7 || p.Extension[0].Value[0] != 8 {
		t.Fatalf("ignored %x, extension %x: not aliases of the frame", p.Ignored, p.Extension[0].Value)
	}
	if cap(p.Ignored) != len(p.Ignored) || cap(p.Extension[0].Value) != 1 {
		t.Fatal("an alias has spare capacity into the frame")
	}
	u, err := d.Decode([]byte{0x80, 0x01, 0xaa})
	if err != nil || cap(u.(*messaging.Unknown).Payload) != 1 {
		t.Fatalf("unknown odd message: %#v, %v", u, err)
	}
}

// TestDecoderAllocatesOnlyTheMessage: with the byte fields aliased, a
// decode allocates the message and nothing else.
func TestDecoderAllocatesOnlyTheMessage(t *testing.T) {
	d := newCodec(t).NewDecoder()
	for _, m := range []messaging.Message{
		&messaging.Ping{NumPongBytes: 1000, Ignored: make([]byte, 80)},
		&messaging.Pong{Ignored: make([]byte, 1000)},
		&messaging.Error{ChannelID: wire.ChannelID{1}, Data: []byte("no")},
		&messaging.Warning{Data: []byte("careful")},
		&messaging.PeerStorage{Blob: make([]byte, 500)},
	} {
		frame, err := messaging.Encode(nil, m)
		if err != nil {
			t.Fatal(err)
		}
		allocs := testing.AllocsPerRun(100, func() {
			if _, err := d.Decode(frame); err != nil {
				t.Fatal(err)
			}
		})
		if allocs != 1 {
			t.Errorf("%T: %v allocations, want 1 (the message)", m, allocs)
		}
	}
}

// TestFastPathsMatchWalk checks the direct encoders of fastpath.go against
// the walk, the layouts' one definition, over random values: the same
// bytes after the same prefix, or the same error.
func TestFastPathsMatchWalk(t *testing.T) {
	rng := rand.New(rand.NewPCG(43, 44))
	long := make([]byte, 0x10000) // one byte more than a u16 length allows
	for _, name := range []string{"ping", "pong", "error", "warning", "peer_storage", "peer_storage_retrieval"} {
		for i := range 2000 {
			m := randomMessage(rng, name)
			if i%50 == 0 { // a field too long for its length prefix
				switch m := m.(type) {
				case *messaging.Ping:
					m.Ignored = long
				case *messaging.Pong:
					m.Ignored = long
				case *messaging.Error:
					m.Data = long
				case *messaging.Warning:
					m.Data = long
				case *messaging.PeerStorage:
					m.Blob = long
				case *messaging.PeerStorageRetrieval:
					m.Blob = long
				}
			}
			prefix := randomBytes(rng, 5)
			got, gotErr := m.Encode(append([]byte(nil), prefix...))
			want, wantErr := wire.Encode(append([]byte(nil), prefix...), m)
			if !bytes.Equal(got, want) || (gotErr == nil) != (wantErr == nil) || !errors.Is(gotErr, wire.ErrTooLarge) && gotErr != nil {
				t.Fatalf("%s %+v:\nEncode %x, %v\nwalk   %x, %v", name, m, got, gotErr, want, wantErr)
			}
		}
	}
}

// TestDecodeIntoMatchesDecode decodes random frames into one reused message
// per type: each decode gives what a decode into a new message gives,
// whatever the previous frame left in the message.
func TestDecodeIntoMatchesDecode(t *testing.T) {
	c := newCodec(t)
	d := c.NewDecoder()
	rng := rand.New(rand.NewPCG(45, 46))
	reused := map[uint16]messaging.Message{}
	for _, e := range c.Entries() {
		reused[e.Type] = e.New()
	}
	for _, frame := range randomFrames(t, rng, 1000) {
		want, wantErr := c.Decode(frame)
		into := reused[messaging.TypePing] // for frames too short for a type
		if len(frame) >= 2 {
			m, ok := reused[uint16(frame[0])<<8|uint16(frame[1])]
			if !ok {
				continue // an unknown type: no message to decode into
			}
			into = m
		}
		err := d.DecodeInto(append([]byte(nil), frame...), into)
		if !sameError(err, wantErr) {
			t.Fatalf("%x: DecodeInto error %v, Decode error %v", frame, err, wantErr)
		}
		if err != nil {
			continue
		}
		if diff := cmp.Diff(want, into); diff != "" {
			t.Fatalf("%x: DecodeInto and Decode disagree (-Decode +DecodeInto):\n%s", frame, diff)
		}
	}
}

func TestDecodeIntoTypeMismatch(t *testing.T) {
	d := newCodec(t).NewDecoder()
	frame, err := messaging.Encode(nil, &messaging.Pong{Ignored: []byte{1}})
	if err != nil {
		t.Fatal(err)
	}
	m := &messaging.Ping{NumPongBytes: 3}
	err = d.DecodeInto(frame, m)
	var mismatch *messaging.TypeMismatchError
	if !errors.Is(err, messaging.ErrTypeMismatch) || !errors.As(err, &mismatch) || mismatch.Type != messaging.TypePong || mismatch.Want != messaging.TypePing {
		t.Fatalf("pong into a ping: %v", err)
	}
	if m.NumPongBytes != 3 {
		t.Fatal("a mismatched decode changed the message")
	}
}

// TestDecodeIntoAllocatesNothing: into a reused message, with byte fields
// aliased, nothing is allocated.
func TestDecodeIntoAllocatesNothing(t *testing.T) {
	d := newCodec(t).NewDecoder()
	for _, m := range []messaging.Message{
		&messaging.Ping{NumPongBytes: 1000, Ignored: make([]byte, 80)},
		&messaging.Pong{Ignored: make([]byte, 1000)},
		&messaging.Error{ChannelID: wire.ChannelID{1}, Data: []byte("no")},
		&messaging.Warning{Data: []byte("careful")},
		&messaging.Init{Features: []byte{0x0a, 0x2a}},
	} {
		frame, err := messaging.Encode(nil, m)
		if err != nil {
			t.Fatal(err)
		}
		into := newLike(m)
		allocs := testing.AllocsPerRun(100, func() {
			if err := d.DecodeInto(frame, into); err != nil {
				t.Fatal(err)
			}
		})
		if allocs != 0 {
			t.Errorf("%T: %v allocations", m, allocs)
		}
	}
}

// newLike returns a new empty message of m's type.
func newLike(m messaging.Message) messaging.Message {
	for _, e := range messaging.Messages().Messages {
		if e.Type == m.Type() {
			return e.New()
		}
	}
	panic(m.Type())
}
