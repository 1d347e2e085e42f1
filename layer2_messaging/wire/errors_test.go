package wire_test

import (
	"encoding/hex"
	"errors"
	"strings"
	"testing"

	"github.com/lnstack/lnstack/layer2_messaging/wire"
)

// shapes is a small walker per kind of field, for the typed-error table.
type shapes struct {
	kind    string
	U32     uint32
	Text    string
	Amount  uint64
	Node    wire.Point
	Dir     wire.SciddirOrPubkey
	Hashes  []wire.SHA256
	Sigs    []wire.Signature
	Big     uint64
	Has     bool
	Unknown wire.Records
}

func (s *shapes) Fields(f *wire.Fields) {
	switch s.kind {
	case "u32":
		f.U32("u32", &s.U32)
	case "string16":
		f.String16("len", "text", &s.Text)
	case "reststring":
		f.RestString("text", &s.Text)
	case "point":
		f.Point("node", &s.Node)
	case "sciddir":
		f.SciddirOrPubkey("dir", &s.Dir)
	case "bigsize":
		f.BigSize("big", &s.Big)
	case "rest":
		s.Hashes = wire.Rest(f, "hashes", s.Hashes, wire.SHA256Len)
		for i := range s.Hashes {
			f.SHA256("hashes", &s.Hashes[i])
		}
	case "counted":
		n := f.Count16("num", len(s.Sigs))
		s.Sigs = wire.Counted(f, "sigs", s.Sigs, n, wire.SignatureLen)
		for i := range s.Sigs {
			f.Signature("sigs", &s.Sigs[i])
		}
	case "countbigsize":
		n := f.CountBigSize("num", len(s.Sigs))
		s.Sigs = wire.Counted(f, "sigs", s.Sigs, n, wire.SignatureLen)
		for i := range s.Sigs {
			f.Signature("sigs", &s.Sigs[i])
		}
	case "tu32":
		tlv := f.BeginStream("", &s.Unknown)
		if tlv.Record(1, "amount", &s.Has) {
			f.TU32("amount", (*uint32)(&s.U32))
		}
		tlv.End()
	}
}

func mustHex(s string) []byte {
	b, err := hex.DecodeString(s)
	if err != nil {
		panic(err)
	}
	return b
}

// TestTypedErrors feeds each kind of bad input to the field that must
// reject it and checks the sentinel.
func TestTypedErrors(t *testing.T) {
	p := testPoints(1)[0]
	badPoint := p
	badPoint[0] = 5
	for _, tc := range []struct {
		kind string
		in   string
		err  error
	}{
		{"u32", "000102", wire.ErrTruncated},
		{"u32", "0001020304", wire.ErrTrailingBytes},
		{"string16", "0002c328", wire.ErrInvalidUTF8}, // invalid 2-byte sequence
		{"string16", "0003616263", nil},
		{"string16", "0004616263", wire.ErrTruncated},
		{"reststring", "ff", wire.ErrInvalidUTF8},
		{"reststring", "e282ac", nil},
		{"point", badPoint.String(), wire.ErrInvalidPoint},
		{"point", "02" + strings.Repeat("ff", 32), wire.ErrInvalidPoint}, // x above the field prime
		{"point", p.String(), nil},
		{"sciddir", "05", wire.ErrInvalidValue},
		{"sciddir", "010000", wire.ErrTruncated},
		{"bigsize", "fe0000ffff", wire.ErrNonMinimal},
		{"bigsize", "ff00", wire.ErrTruncated},
		{"rest", strings.Repeat("00", 33), wire.ErrTruncated},
		{"rest", strings.Repeat("00", 64), nil},
		{"counted", "ffff" + strings.Repeat("00", 64), wire.ErrTruncated},
		{"countbigsize", "ff0000000100000000", wire.ErrTruncated},
		{"tu32", "010500000000ff", wire.ErrRecordLength},
		{"tu32", "01020001", wire.ErrNonMinimal},
		{"tu32", "0103010000", nil},
		{"tu32", "0101", wire.ErrTLVLength},
		{"tu32", "01", wire.ErrTruncated},
		{"tu32", "03000100", wire.ErrTLVOrder},
		{"tu32", "0100" + "0100", wire.ErrTLVOrder},
		{"tu32", "0200", wire.ErrUnknownEvenType},
		{"tu32", "fd000300", wire.ErrNonMinimal},
	} {
		s := &shapes{kind: tc.kind}
		err := wire.Decode(mustHex(tc.in), s)
		if tc.err == nil && err != nil || tc.err != nil && !errors.Is(err, tc.err) {
			t.Errorf("%s %s: %v, want %v", tc.kind, tc.in, err, tc.err)
		}
		if err != nil && !wire.Malformed(err) {
			t.Errorf("%s %s: %v is not Malformed", tc.kind, tc.in, err)
		}
	}
}

func TestEncodeErrors(t *testing.T) {
	for _, tc := range []struct {
		s   *shapes
		err error
	}{
		{&shapes{kind: "string16", Text: strings.Repeat("a", 65536)}, wire.ErrTooLarge},
		{&shapes{kind: "string16", Text: "\xff"}, wire.ErrInvalidUTF8},
		{&shapes{kind: "reststring", Text: "\xc3"}, wire.ErrInvalidUTF8},
		{&shapes{kind: "counted", Sigs: make([]wire.Signature, 65536)}, wire.ErrTooLarge},
	} {
		dst := []byte{7}
		out, err := wire.Encode(dst, tc.s)
		if !errors.Is(err, tc.err) || string(out) != "\x07" {
			t.Errorf("%s: %v (output %d bytes), want %v and dst unchanged", tc.s.kind, err, len(out), tc.err)
		}
	}
	if _, err := wire.MarshalJSON(&shapes{kind: "reststring", Text: "\xff"}); !errors.Is(err, wire.ErrInvalidUTF8) {
		t.Errorf("JSON of invalid UTF-8: %v", err)
	}
}
