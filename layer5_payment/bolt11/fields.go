package bolt11

// Tag is the type of a tagged field: a 5-bit value, written as the bech32
// character of that value. BOLT #11: "Each Tagged Field is of the form:"
// "`type` (5 bits)", "`data_length` (10 bits, big-endian)", "`data`
// (`data_length` x 5 bits)".
type Tag byte

// The tagged fields BOLT #11 defines, by the character that writes them.
const (
	TagPaymentHash        Tag = 1  // p: payment_hash, 52 values
	TagRouteHint          Tag = 3  // r: one route of hop hints
	TagFeatures           Tag = 5  // 9: invoice features
	TagExpiry             Tag = 6  // x: expiry in seconds
	TagFallback           Tag = 9  // f: on-chain fallback address
	TagDescription        Tag = 13 // d: UTF-8 description
	TagPaymentSecret      Tag = 16 // s: payment_secret, 52 values
	TagPayee              Tag = 19 // n: payee node id, 53 values
	TagDescriptionHash    Tag = 23 // h: SHA-256 of the description, 52 values
	TagMinFinalCLTVExpiry Tag = 24 // c: min_final_cltv_expiry_delta
	TagPaymentMetadata    Tag = 27 // m: payment_metadata
)

// String returns the bech32 character of the tag ("p", "9", ...).
func (t Tag) String() string {
	if t > 31 {
		return "?"
	}
	return charset[t : t+1]
}

// ParseTag returns the tag written as the bech32 character c (either case).
func ParseTag(c byte) (Tag, bool) {
	if charsetRev[c] < 0 {
		return 0, false
	}
	return Tag(charsetRev[c]), true
}

// Known reports whether BOLT #11 defines the tag.
func (t Tag) Known() bool {
	switch t {
	case TagPaymentHash, TagRouteHint, TagFeatures, TagExpiry, TagFallback, TagDescription,
		TagPaymentSecret, TagPayee, TagDescriptionHash, TagMinFinalCLTVExpiry, TagPaymentMetadata:
		return true
	}
	return false
}

// singleton reports whether a reader uses only the first field of the tag
// (every known tag but f and r, which may repeat).
func (t Tag) singleton() bool { return t.Known() && t != TagFallback && t != TagRouteHint }

// TaggedField is a field kept as written: its 5-bit values. Invoice.Ignored
// holds the fields a reader skips.
type TaggedField struct {
	// Index is the field's position among all the tagged fields, from 0.
	Index int
	Tag   Tag
	// Data holds the field's 5-bit values, one per byte.
	Data []byte
}

// Sizes, in 5-bit values.
const (
	timestampLen  = 7   // 35 bits
	signatureLen  = 104 // 520 bits: 64-byte R||S and the recovery id
	hashLen       = 52  // 256 bits, 4 of them padding
	pubkeyLen     = 53  // 264 bits, 1 of them padding
	maxFieldLen   = 1023
	fieldHeadLen  = 3  // type and data_length
	maxUint64Len  = 13 // 65 bits
	hopHintBytes  = 33 + 8 + 4 + 4 + 2
	maxRouteHops  = maxFieldLen * 5 / 8 / hopHintBytes // 12 hops in 639 bytes
	maxFieldBytes = maxFieldLen * 5 / 8                // 639
)

// DefaultExpiry and DefaultMinFinalCLTVExpiry are what an invoice without an
// x or c field means. BOLT #11: "Default is 3600 (1 hour) if not specified."
// and "Default is 18 if not specified."
const (
	DefaultExpiry             = 3600
	DefaultMinFinalCLTVExpiry = 18
)

// bytesLen returns how many bytes n 5-bit values hold, and whether they do
// so canonically: the padding left over is at most 4 bits (a fifth would be
// a whole value too many). The padding bits' values are checked apart.
func bytesLen(n int) (int, bool) {
	return n * 5 / 8, n*5%8 <= 4
}

// groupsLen returns how many 5-bit values hold n bytes, padded.
func groupsLen(n int) int { return (n*8 + 4) / 5 }

// appendBytes converts 5-bit values to bytes. With pad, a last partial byte
// is padded with zeros (the signed data); without, the leftover bits must
// be fewer than 5 and zero, and ok reports whether they are.
func appendBytes(dst, groups []byte, pad bool) (out []byte, ok bool) {
	var acc uint32
	n := uint(0)
	for _, g := range groups {
		acc = acc<<5 | uint32(g)
		n += 5
		if n >= 8 {
			n -= 8
			dst = append(dst, byte(acc>>n))
			acc &= 1<<n - 1
		}
	}
	if pad && n > 0 {
		return append(dst, byte(acc<<(8-n))), true
	}
	return dst, n <= 4 && acc == 0
}

// appendGroups converts bytes to 5-bit values, padding with zero bits.
// BOLT #11: "MUST pad field data to a multiple of 5 bits, using 0s."
func appendGroups(dst, b []byte) []byte {
	var acc uint32
	n := uint(0)
	for _, c := range b {
		acc = acc<<8 | uint32(c)
		n += 8
		for n >= 5 {
			n -= 5
			dst = append(dst, byte(acc>>n)&31)
		}
		acc &= 1<<n - 1
	}
	if n > 0 {
		dst = append(dst, byte(acc<<(5-n))&31)
	}
	return dst
}

// appendUint appends v as big-endian 5-bit values, as few as possible: none
// for 0. BOLT #11: "MUST use the minimum data_length possible, i.e. no
// leading 0 field-elements."
func appendUint(dst []byte, v uint64) []byte {
	n := 0
	for x := v; x != 0; x >>= 5 {
		n++
	}
	for i := n - 1; i >= 0; i-- {
		dst = append(dst, byte(v>>(5*uint(i)))&31)
	}
	return dst
}

// readUint reads big-endian 5-bit values. ok is false when the value does
// not fit in 64 bits: more than 13 values, or 13 whose first uses its top
// bit (bit 64).
func readUint(groups []byte) (v uint64, ok bool) {
	if len(groups) > maxUint64Len || len(groups) == maxUint64Len && groups[0] >= 1<<4 {
		return 0, false
	}
	for _, g := range groups {
		v = v<<5 | uint64(g)
	}
	return v, true
}

// appendField appends a tagged field's type, data_length and data.
func appendField(dst []byte, t Tag, data []byte) []byte {
	dst = append(dst, byte(t), byte(len(data)>>5), byte(len(data)&31))
	return append(dst, data...)
}
