package msgtest

import (
	"bytes"
	"encoding/json"
	"errors"
	"reflect"
	"testing"

	"github.com/google/go-cmp/cmp"

	messaging "github.com/lnstack/lnstack/layer2_messaging"
	"github.com/lnstack/lnstack/layer2_messaging/wire"
)

// Codec is what the harness knows about one kind of value.
type Codec[T any] struct {
	// Decode decodes b. It must not panic, whatever b holds.
	Decode func(b []byte) (T, error)
	// Encode encodes a value.
	Encode func(v T) ([]byte, error)
	// JSON, when set, prints a value; the harness checks the output is
	// valid JSON and the same for both decodes.
	JSON func(v T) ([]byte, error)
	// Canonical says that encoding a decoded value gives back the input
	// exactly (true of every codec that keeps unknown records and rejects
	// non-minimal encodings).
	Canonical bool
	// Typed reports whether a decode error is one the codec documents;
	// nil means wire.Malformed.
	Typed func(error) bool
}

func (c Codec[T]) typed(err error) bool {
	if c.Typed != nil {
		return c.Typed(err)
	}
	return wire.Malformed(err)
}

// RoundTrip runs the harness on one input: decode it; a failure must be a
// typed error. Otherwise encode the value, decode the encoding, and require
// the same value, the same encoding again, the input itself when the codec
// is canonical, and the same JSON.
func RoundTrip[T any](t testing.TB, c Codec[T], in []byte) {
	t.Helper()
	v1, err := c.Decode(in)
	if err != nil {
		if !c.typed(err) {
			t.Fatalf("decode %x: untyped error %v", in, err)
		}
		return
	}
	enc1, err := c.Encode(v1)
	if err != nil {
		t.Fatalf("decode %x: ok, then encode: %v", in, err)
	}
	if c.Canonical && !bytes.Equal(enc1, in) {
		t.Fatalf("decode then encode changed the bytes:\n in  %x\n out %x", in, enc1)
	}
	v2, err := c.Decode(enc1)
	if err != nil {
		t.Fatalf("decode of own encoding %x: %v", enc1, err)
	}
	// reflect.DeepEqual decides (it is fast on long byte slices); cmp
	// explains.
	if !reflect.DeepEqual(v1, v2) {
		diff := cmp.Diff(v1, v2, cmp.Exporter(func(reflect.Type) bool { return true }))
		t.Fatalf("decode(encode(v)) != v (-first +second):\n%s", diff)
	}
	enc2, err := c.Encode(v2)
	if err != nil || !bytes.Equal(enc1, enc2) {
		t.Fatalf("second encode differs (%v):\n %x\n %x", err, enc1, enc2)
	}
	if c.JSON == nil {
		return
	}
	j1, err1 := c.JSON(v1)
	j2, err2 := c.JSON(v2)
	if err1 != nil || err2 != nil {
		t.Fatalf("JSON: %v, %v", err1, err2)
	}
	if !json.Valid(j1) || !bytes.Equal(j1, j2) {
		t.Fatalf("JSON invalid or unstable:\n %s\n %s", j1, j2)
	}
}

// Valid runs RoundTrip on an input that must decode: the property tests'
// form, for encodings of random values.
func Valid[T any](t testing.TB, c Codec[T], in []byte) {
	t.Helper()
	if _, err := c.Decode(in); err != nil {
		t.Fatalf("decode %x: %v", in, err)
	}
	RoundTrip(t, c, in)
}

// Truncations decodes every proper prefix of valid, which must decode. Each
// must fail with a typed error, except where mayDecode(n) allows the prefix
// of length n to decode (a cut at a TLV record boundary of an extension
// gives a shorter valid message); a prefix that decodes must re-encode to
// itself when the codec is canonical. mayDecode nil means no prefix may.
func Truncations[T any](t testing.TB, c Codec[T], valid []byte, mayDecode func(n int) bool) {
	t.Helper()
	if _, err := c.Decode(valid); err != nil {
		t.Fatalf("the whole input %x does not decode: %v", valid, err)
	}
	for n := 0; n < len(valid); n++ {
		prefix := valid[:n:n]
		v, err := c.Decode(prefix)
		switch {
		case err != nil && !c.typed(err):
			t.Fatalf("prefix of %d bytes: untyped error %v", n, err)
		case err == nil && (mayDecode == nil || !mayDecode(n)):
			t.Fatalf("prefix of %d bytes decodes, want an error", n)
		case err == nil && c.Canonical:
			if enc, err := c.Encode(v); err != nil || !bytes.Equal(enc, prefix) {
				t.Fatalf("prefix of %d bytes decodes but re-encodes as %x (%v)", n, enc, err)
			}
		}
	}
}

// Seed adds each input to a fuzz target's seed corpus.
func Seed(f *testing.F, inputs ...[]byte) {
	for _, in := range inputs {
		f.Add(in)
	}
}

// MustEncode returns v's encoding, Encode(nil); an encoding error fails the
// test.
func MustEncode(t testing.TB, v interface{ Encode([]byte) ([]byte, error) }) []byte {
	t.Helper()
	b, err := v.Encode(nil)
	if err != nil {
		t.Fatalf("%T: %v", v, err)
	}
	return b
}

// Message returns the harness codec of a message's payload (the bytes after
// the type), through the message's own Encode and Decode.
func Message(newMsg func() messaging.Message) Codec[messaging.Message] {
	return Codec[messaging.Message]{
		Decode: func(b []byte) (messaging.Message, error) {
			m := newMsg()
			return m, m.Decode(b)
		},
		Encode:    func(m messaging.Message) ([]byte, error) { return m.Encode(nil) },
		JSON:      messaging.FieldsJSON,
		Canonical: true,
	}
}

// Frame returns the harness codec of whole frames through a Codec, with its
// framing errors counted as typed.
func Frame(c *messaging.Codec) Codec[messaging.Message] {
	return Codec[messaging.Message]{
		Decode:    c.Decode,
		Encode:    func(m messaging.Message) ([]byte, error) { return c.Encode(nil, m) },
		JSON:      messaging.FieldsJSON,
		Canonical: true,
		Typed:     FrameErrorTyped,
	}
}

// FrameErrorTyped reports whether err is one a Codec documents for a frame:
// a wire sentinel or a messaging one.
func FrameErrorTyped(err error) bool {
	var um *messaging.UnknownMessageError
	return wire.Malformed(err) || errors.As(err, &um) || errors.Is(err, messaging.ErrMessageTooLarge)
}

// Walker returns the harness codec of any value written as a wire.Walker
// (a TLV stream, a subtype), through the generic wire.Decode and wire.Encode.
func Walker[T any, P interface {
	*T
	wire.Walker
}]() Codec[P] {
	return Codec[P]{
		Decode: func(b []byte) (P, error) {
			v := P(new(T))
			return v, wire.Decode(b, v)
		},
		Encode:    func(v P) ([]byte, error) { return wire.Encode(nil, v) },
		JSON:      func(v P) ([]byte, error) { return wire.MarshalJSON(v) },
		Canonical: true,
	}
}
