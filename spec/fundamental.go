package spec

import (
	"strconv"
	"strings"
)

// Kind says how a fundamental type is encoded and how it appears in the JSON
// form of a message (see docs/spec.md).
type Kind int

// The kinds of fundamental types of BOLT #1 "Fundamental Types".
const (
	// KindUnsigned is a fixed-width big-endian unsigned integer (byte, u16,
	// u32, u64). JSON: a number.
	KindUnsigned Kind = iota + 1
	// KindSigned is a fixed-width big-endian two's complement integer (s8,
	// s16, s32, s64). JSON: a number.
	KindSigned
	// KindTruncated is a truncated unsigned integer (tu16, tu32, tu64): the
	// minimal big-endian encoding, allowed only as the last field of a TLV
	// record. JSON: a number.
	KindTruncated
	// KindBigSize is the BOLT #1 BigSize variable-length integer. JSON: a number.
	KindBigSize
	// KindBytes is an opaque fixed-size byte string (chain_hash, channel_id,
	// sha256, signature, bip340sig, a truncated hash). JSON: lower-case hex.
	KindBytes
	// KindPoint is a 33-byte compressed secp256k1 point. JSON: lower-case hex.
	KindPoint
	// KindShortChannelID is the 8-byte short_channel_id. JSON: "BLOCKxTXxOUT".
	KindShortChannelID
	// KindSciddirOrPubkey is 9 bytes (direction byte 0 or 1 and a
	// short_channel_id) or a 33-byte point. JSON: lower-case hex of the wire
	// encoding.
	KindSciddirOrPubkey
	// KindUTF8 is one byte of a UTF-8 string; arrays of it are JSON strings.
	KindUTF8
)

// Fundamental describes one fundamental type of BOLT #1.
type Fundamental struct {
	// Name is the type's name as the BOLTs write it (e.g. "u16", "point",
	// "sha256[..4]").
	Name string
	// Kind says how the type is encoded.
	Kind Kind
	// Size is the encoded width in bytes, or 0 when the width varies
	// (truncated integers, bigsize, sciddir_or_pubkey).
	Size int
	// Max is the largest width in bytes: Size for fixed types, 2, 4, 8 for
	// tu16, tu32, tu64, 9 for bigsize, 33 for sciddir_or_pubkey.
	Max int
}

// Variable reports whether the type's encoded width depends on its value.
func (f Fundamental) Variable() bool { return f.Size == 0 }

// Integer reports whether the type holds an integer (JSON number).
func (f Fundamental) Integer() bool {
	switch f.Kind {
	case KindUnsigned, KindSigned, KindTruncated, KindBigSize:
		return true
	}
	return false
}

// LookupFundamental returns the fundamental type named name, or false when
// name is not one (it may then be a subtype or a TLV stream).
//
// A truncated form "<type>[..N]", as in BOLT #2's `210*sha256[..4]`, is the
// first N bytes of a fixed-size byte type.
func LookupFundamental(name string) (Fundamental, bool) {
	if base, n, ok := truncatedForm(name); ok {
		f, ok := LookupFundamental(base)
		if !ok || f.Variable() || f.Integer() || n <= 0 || n > f.Size {
			return Fundamental{}, false
		}
		return Fundamental{Name: name, Kind: KindBytes, Size: n, Max: n}, true
	}
	// BOLT #1: "Various fundamental types are referred to in the message
	// specifications".
	switch name {
	case "byte":
		return Fundamental{name, KindUnsigned, 1, 1}, true
	case "u8":
		// Not in BOLT #1's list, but BOLT #2 (stfu) and BOLT #12
		// (invreq_bip_353_name) use it for a byte read as a number.
		return Fundamental{name, KindUnsigned, 1, 1}, true
	case "u16":
		return Fundamental{name, KindUnsigned, 2, 2}, true
	case "u32":
		return Fundamental{name, KindUnsigned, 4, 4}, true
	case "u64":
		return Fundamental{name, KindUnsigned, 8, 8}, true
	case "s8":
		return Fundamental{name, KindSigned, 1, 1}, true
	case "s16":
		return Fundamental{name, KindSigned, 2, 2}, true
	case "s32":
		return Fundamental{name, KindSigned, 4, 4}, true
	case "s64":
		return Fundamental{name, KindSigned, 8, 8}, true
	case "tu16":
		return Fundamental{name, KindTruncated, 0, 2}, true
	case "tu32":
		return Fundamental{name, KindTruncated, 0, 4}, true
	case "tu64":
		return Fundamental{name, KindTruncated, 0, 8}, true
	case "bigsize":
		return Fundamental{name, KindBigSize, 0, 9}, true
	case "chain_hash", "channel_id", "sha256":
		return Fundamental{name, KindBytes, 32, 32}, true
	case "signature", "bip340sig":
		return Fundamental{name, KindBytes, 64, 64}, true
	case "point":
		return Fundamental{name, KindPoint, 33, 33}, true
	case "short_channel_id":
		return Fundamental{name, KindShortChannelID, 8, 8}, true
	case "sciddir_or_pubkey":
		return Fundamental{name, KindSciddirOrPubkey, 0, 33}, true
	case "utf8":
		return Fundamental{name, KindUTF8, 1, 1}, true
	}
	return Fundamental{}, false
}

// truncatedForm splits "sha256[..4]" into "sha256" and 4.
func truncatedForm(name string) (base string, n int, ok bool) {
	base, rest, found := strings.Cut(name, "[..")
	if !found || !strings.HasSuffix(rest, "]") {
		return "", 0, false
	}
	n, err := strconv.Atoi(strings.TrimSuffix(rest, "]"))
	if err != nil {
		return "", 0, false
	}
	return base, n, true
}
