package wire_test

import (
	"bytes"
	"encoding/hex"
	"errors"
	"testing"

	"github.com/lnstack/lnstack/layer2_messaging/msgtest"
	"github.com/lnstack/lnstack/layer2_messaging/wire"
	"github.com/lnstack/lnstack/layer2_messaging/wire/wiretest"
	"github.com/lnstack/lnstack/testvectors"
)

// appendixB returns the Appendix B streams of the transcribed vectors: the
// valid ones decoded in n1, and the invalid ones for n1.
func appendixB(t testing.TB) (valid, invalid [][]byte) {
	files, err := testvectors.LoadAll()
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range files {
		for _, v := range f.Vectors {
			switch f.Kind {
			case "bolt01/tlv-decoding-successes", "bolt01/tlv-decoding-failures", "bolt01/tlv-stream-decoding-failures":
			default:
				continue
			}
			var raw map[string]any
			if err := v.Decode(&raw); err != nil {
				t.Fatal(err)
			}
			b, _ := hex.DecodeString(raw["stream"].(string))
			ns := raw["namespaces"].([]any)
			if ns[0] != "n1" {
				continue
			}
			if f.Kind == "bolt01/tlv-decoding-successes" {
				valid = append(valid, b)
			} else {
				invalid = append(invalid, b)
			}
		}
	}
	if len(valid) == 0 || len(invalid) == 0 {
		t.Fatal("no Appendix B vectors")
	}
	return valid, invalid
}

// TestAppendingStreams checks the two rules Appendix B states in prose:
// "Any appending of an invalid stream to a valid stream should trigger a
// decoding failure" and "Any appending of a higher-numbered valid stream to
// a lower-numbered valid stream should not trigger a decoding failure".
func TestAppendingStreams(t *testing.T) {
	valid, invalid := appendixB(t)
	for _, a := range valid {
		for _, b := range invalid {
			var s wiretest.N1
			if err := s.Decode(append(append([]byte{}, a...), b...)); err == nil || !wire.Malformed(err) {
				t.Errorf("%x + %x: %v, want a decoding failure", a, b, err)
			}
		}
		for _, b := range valid {
			ra, _ := wire.ParseRecords(a)
			rb, _ := wire.ParseRecords(b)
			if len(ra) == 0 || len(rb) == 0 || ra[len(ra)-1].Type >= rb[0].Type {
				continue
			}
			var s wiretest.N1
			ab := append(append([]byte{}, a...), b...)
			if err := s.Decode(ab); err != nil {
				t.Errorf("%x + %x: %v", a, b, err)
			}
			if re, err := s.Encode(nil); err != nil || !bytes.Equal(re, ab) {
				t.Errorf("%x + %x re-encodes as %x (%v)", a, b, re, err)
			}
		}
	}
}

// TestUnknownRecordsMergeInOrder checks that kept unknown records are
// written between the known ones by type.
func TestUnknownRecordsMergeInOrder(t *testing.T) {
	s := wiretest.N1{HasTLV1: true, AmountMsat: 1, HasTLV4: true, CLTVDelta: 2,
		Unknown: wire.Records{{Type: 5, Value: []byte{5}}, {Type: 301, Value: nil}}}
	b, err := s.Encode(nil)
	if err != nil {
		t.Fatal(err)
	}
	rs, err := wire.ParseRecords(b)
	if err != nil {
		t.Fatal(err)
	}
	var types []uint64
	for _, r := range rs {
		types = append(types, r.Type)
	}
	if want := []uint64{1, 5, 254, 301}; !equal(types, want) {
		t.Fatalf("types %v, want %v", types, want)
	}
	for _, bad := range []wire.Records{
		{{Type: 254, Value: nil}},                      // collides with tlv4
		{{Type: 7, Value: nil}, {Type: 5, Value: nil}}, // out of order
		{{Type: 7, Value: nil}, {Type: 7, Value: nil}}, // duplicate
	} {
		s.Unknown = bad
		if _, err := s.Encode(nil); !errors.Is(err, wire.ErrTLVOrder) {
			t.Errorf("unknown %v: %v, want ErrTLVOrder", bad, err)
		}
	}
}

func equal(a, b []uint64) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// badDecl declares its records out of order: a codec bug.
type badDecl struct {
	A, B    bool
	X, Y    uint16
	Unknown wire.Records
}

func (s *badDecl) Fields(f *wire.Fields) {
	tlv := f.BeginStream("", &s.Unknown)
	if tlv.Record(3, "b", &s.B) {
		f.U16("y", &s.Y)
	}
	if tlv.Record(1, "a", &s.A) {
		f.U16("x", &s.X)
	}
	tlv.End()
}

// unclosed never ends its stream.
type unclosed struct{ Unknown wire.Records }

func (s *unclosed) Fields(f *wire.Fields) { f.BeginStream("", &s.Unknown) }

func TestDeclarationErrors(t *testing.T) {
	if err := wire.Decode(nil, &badDecl{}); !errors.Is(err, wire.ErrDeclaration) {
		t.Errorf("decode out of order declaration: %v", err)
	}
	if _, err := wire.Encode(nil, &badDecl{A: true, B: true}); !errors.Is(err, wire.ErrDeclaration) {
		t.Errorf("encode out of order declaration: %v", err)
	}
	if err := wire.Decode(nil, &unclosed{}); !errors.Is(err, wire.ErrDeclaration) {
		t.Errorf("decode unclosed stream: %v", err)
	}
	if _, err := wire.MarshalJSON(&unclosed{}); !errors.Is(err, wire.ErrDeclaration) {
		t.Errorf("JSON of unclosed stream: %v", err)
	}
	if wire.Malformed(wire.ErrDeclaration) {
		t.Error("a codec bug counted as malformed input")
	}
}

// TestRecordErrorsNameTheRecord checks that a failure inside a known record
// says which record and field.
func TestRecordErrorsNameTheRecord(t *testing.T) {
	var s wiretest.N1
	err := s.Decode([]byte{0x03, 0x21, 0x04})
	var de *wire.DecodeError
	if !errors.As(err, &de) {
		t.Fatalf("%v is not a DecodeError", err)
	}
	// tlv3 claims 33 bytes but the stream holds 1: a length error first.
	if !errors.Is(err, wire.ErrTLVLength) {
		t.Fatalf("%v", err)
	}
	p := make([]byte, 33)
	p[0] = 4
	err = s.Decode(append([]byte{0x03, 0x21}, p...))
	if !errors.As(err, &de) || de.Field != "tlv3.node_id" || !errors.Is(err, wire.ErrInvalidPoint) {
		t.Fatalf("%v (field %q)", err, de.Field)
	}
}

func n1Seeds(t testing.TB) [][]byte {
	valid, invalid := appendixB(t)
	return append(valid, invalid...)
}

func FuzzStreamN1(f *testing.F) {
	msgtest.Seed(f, n1Seeds(f)...)
	c := msgtest.Walker[wiretest.N1]()
	f.Fuzz(func(t *testing.T, b []byte) { msgtest.RoundTrip(t, c, b) })
}

func FuzzStreamN2(f *testing.F) {
	msgtest.Seed(f, n1Seeds(f)...)
	msgtest.Seed(f, []byte{0x00, 0x01, 0x05, 0x0b, 0x02, 0x01, 0x00})
	c := msgtest.Walker[wiretest.N2]()
	f.Fuzz(func(t *testing.T, b []byte) { msgtest.RoundTrip(t, c, b) })
}

func FuzzFields(f *testing.F) {
	msgtest.Seed(f, sinkSeeds(f)...)
	c := sinkCodec()
	f.Fuzz(func(t *testing.T, b []byte) { msgtest.RoundTrip(t, c, b) })
}

// FuzzParseRecords checks the generic view: it never panics, fails only
// with typed errors, and its records re-encode to the input.
func FuzzParseRecords(f *testing.F) {
	msgtest.Seed(f, n1Seeds(f)...)
	f.Fuzz(func(t *testing.T, b []byte) {
		rs, err := wire.ParseRecords(b)
		if err != nil {
			if !wire.Malformed(err) {
				t.Fatalf("untyped error %v", err)
			}
			return
		}
		if re, err := rs.Append(nil); err != nil || !bytes.Equal(re, b) || rs.Len() != len(b) {
			t.Fatalf("%x re-encodes as %x (%v)", b, re, err)
		}
	})
}

// TestRecordLengthFixup encodes record values around the BigSize length
// boundaries: the encoder reserves one length byte and moves the value up
// when the length needs 3 or 5.
func TestRecordLengthFixup(t *testing.T) {
	for _, n := range []int{0, 252, 253, 65535, 65536, 70000} {
		s := sinkTLVs{HasBlob: true, Blob: bytes.Repeat([]byte{0xab}, n), HasInner: true,
			Unknown: wire.Records{{Type: 101, Value: []byte{1}}}}
		s.Inner.HasTLV2, s.Inner.CLTVExpiry = true, 7
		b, err := wire.Encode(nil, streamOnly{&s})
		if err != nil {
			t.Fatal(err)
		}
		want := append([]byte{0x09}, wire.AppendBigSize(nil, uint64(n))...)
		if !bytes.HasPrefix(b, want) {
			t.Fatalf("%d bytes: header %x, want %x", n, b[:min(len(b), 8)], want)
		}
		rs, err := wire.ParseRecords(b)
		if err != nil || len(rs) != 3 || len(rs[0].Value) != n || rs[2].Type != 101 {
			t.Fatalf("%d bytes: records %v, %v", n, len(rs), err)
		}
		var back sinkTLVs
		d := wire.NewDecoder(b)
		back.Walk(&d, "")
		if err := d.Done(); err != nil || !bytes.Equal(back.Blob, s.Blob) || back.Inner.CLTVExpiry != 7 {
			t.Fatalf("%d bytes: decoded %d bytes, %v", n, len(back.Blob), err)
		}
	}
}
