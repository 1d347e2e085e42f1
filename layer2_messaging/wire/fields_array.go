package wire

import (
	"encoding/hex"
	"strings"
	"unicode/utf8"
	"unsafe"
)

// Arrays of non-byte types, and subtypes. A counted array is walked as
//
//	n := f.Count16("num_htlcs", len(m.HTLCSignatures))
//	m.HTLCSignatures = wire.Counted(f, "htlc_signature", m.HTLCSignatures, n, wire.SignatureLen)
//	f.BeginArray("htlc_signature")
//	for i := range m.HTLCSignatures {
//		f.Signature("htlc_signature", &m.HTLCSignatures[i])
//	}
//	f.EndArray()
//
// and an array that takes the rest of its record ([...*chain_hash:chains])
// with Rest in place of Count16 and Counted. Count fields are left out of the
// JSON form: the array's length gives them.

// Count8 walks a byte that counts the elements of a later array. Encoding
// writes n (ErrTooLarge above 255); decoding returns the count read.
func (f *Fields) Count8(name string, n int) int {
	switch f.mode {
	case ModeDecode:
		n = int(f.r.Byte())
		f.Check(name)
	case ModeEncode:
		if n > 0xff {
			f.Fail(name, ErrTooLarge)
			return 0
		}
		f.out = append(f.out, byte(n))
	}
	return n
}

// Count16 walks a u16 that counts the elements of a later array, like Count8.
func (f *Fields) Count16(name string, n int) int {
	switch f.mode {
	case ModeDecode:
		n = int(f.r.U16())
		f.Check(name)
	case ModeEncode:
		if n > 0xffff {
			f.Fail(name, ErrTooLarge)
			return 0
		}
		f.out = AppendU16(f.out, uint16(n))
	}
	return n
}

// CountBigSize walks a bigsize that counts the elements of a later array.
// Decoding fails with ErrTruncated when the count exceeds the bytes left,
// as every element takes at least one byte.
func (f *Fields) CountBigSize(name string, n int) int {
	switch f.mode {
	case ModeDecode:
		v := f.r.BigSize()
		f.Check(name)
		if f.r.err == nil && v > uint64(f.r.Len()) {
			f.Fail(name, f.r.short())
		}
		if f.r.err != nil {
			return 0
		}
		n = int(v)
	case ModeEncode:
		f.out = AppendBigSize(f.out, uint64(n))
	}
	return n
}

// Counted returns the slice that holds an array of n elements. Decoding
// allocates it only after checking that the input holds n elements of at
// least minSize bytes each, so a count field cannot make it allocate more
// than the input justifies; the other walks return s as it is. An encoding
// walk fails with ErrInvalidValue when len(s) is not n.
//
// When s has room for n elements, decoding reuses its backing array,
// cleared, instead of allocating: a decoding walk starts from an empty
// value, whose s is nil, except after a message's Reset (see
// messaging.Resetter) kept the array of the previous decode for
// messaging.Decoder.DecodeInto, which then decodes a commitment_signed's
// HTLC signatures without allocating.
func Counted[T any](f *Fields, name string, s []T, n, minSize int) []T {
	switch f.mode {
	case ModeDecode:
		if f.r.err != nil {
			return nil
		}
		// Every element takes at least a byte, whatever minSize says.
		if n < 0 || n > f.r.Len()/max(minSize, 1) {
			f.Fail(name, f.r.short())
			return nil
		}
		if n == 0 {
			return nil
		}
		if n <= cap(s) {
			s = s[:n]
			clear(s)
			return s
		}
		return make([]T, n)
	case ModeEncode:
		if len(s) != n {
			f.Fail(name, ErrInvalidValue)
		}
	}
	return s
}

// Signatures walks the elements of an array of signatures, as a loop of
// Signature over s would, in every walk:
//
//	n := f.Count16("num_htlcs", len(m.HTLCSignatures))
//	m.HTLCSignatures = wire.Counted(f, "htlc_signature", m.HTLCSignatures, n, wire.SignatureLen)
//	f.BeginArray("htlc_signature")
//	f.Signatures("htlc_signature", m.HTLCSignatures)
//	f.EndArray()
//
// Decoding an input that holds them all (Counted has checked it does)
// copies them in one copy, without a call per signature: the calls cost
// more than the bytes, and commitment_signed carries one signature per
// HTLC, up to 966. Any other case walks the loop, which reports the errors.
func (f *Fields) Signatures(name string, s []Signature) {
	if r := &f.r; f.mode == ModeDecode && len(s) > 0 && r.err == nil && r.end-r.off >= len(s)*SignatureLen {
		// The bytes of s, seen as one []byte: a Signature is a
		// [64]byte, of size 64 and alignment 1, so the elements of s
		// are len(s)*64 contiguous bytes with nothing between them.
		dst := unsafe.Slice(&s[0][0], len(s)*SignatureLen)
		r.off += copy(dst, r.buf[r.off:r.end])
		return
	}
	for i := range s {
		f.Signature(name, &s[i])
	}
}

// Rest returns the slice that holds an array taking the rest of the message
// or record, of elements of exactly size bytes. Decoding fails when the bytes
// left are not a whole number of elements (ErrTruncated, or ErrRecordLength
// inside a record); the other walks return s as it is.
func Rest[T any](f *Fields, name string, s []T, size int) []T {
	if f.mode != ModeDecode {
		return s
	}
	if f.r.err != nil {
		return nil
	}
	left := f.r.Len()
	if size <= 0 || left%size != 0 {
		f.Fail(name, f.r.short())
		return nil
	}
	if left == 0 {
		return nil
	}
	return make([]T, left/size)
}

// More reports, in a decoding walk, whether input is left in the message or
// record: the loop condition for an array of variable-size elements that
// takes the rest. It is false in the other walks, which loop over the slice.
func (f *Fields) More() bool {
	return f.mode == ModeDecode && f.r.err == nil && f.r.Len() > 0
}

// BeginArray starts the JSON array of field name; elements walked until
// EndArray are its members. It does nothing in the other walks.
func (f *Fields) BeginArray(name string) {
	if f.mode == ModeJSON {
		f.open(name, '[')
	}
}

// EndArray ends the JSON array started by BeginArray.
func (f *Fields) EndArray() {
	if f.mode == ModeJSON {
		f.close(']')
	}
}

// BeginObject starts the JSON object of a subtype field; its fields walked
// until EndObject are its members. It does nothing in the other walks.
func (f *Fields) BeginObject(name string) {
	if f.mode == ModeJSON {
		f.open(name, '{')
	}
}

// EndObject ends the JSON object started by BeginObject.
func (f *Fields) EndObject() {
	if f.mode == ModeJSON {
		f.close('}')
	}
}

// RawJSON adds field name with raw as its JSON value, for a field the methods
// of Fields do not cover. raw must be valid JSON.
func (f *Fields) RawJSON(name string, raw []byte) {
	if f.mode == ModeJSON && f.r.err == nil {
		f.key(name)
		f.out = append(f.out, raw...)
		f.js.comma = true
	}
}

// JSON output. Members are written as they are walked: key emits the comma
// and the key (none inside an array), open and close nest containers.

func (f *Fields) inArray() bool { return f.js.arrays&(1<<uint(f.js.depth-1)) != 0 }

func (f *Fields) key(name string) {
	if f.js.comma {
		f.out = append(f.out, ',')
	}
	if !f.inArray() {
		f.out = appendJSONString(f.out, name)
		f.out = append(f.out, ':')
	}
}

func (f *Fields) open(name string, c byte) {
	if f.r.err != nil {
		return
	}
	if f.js.depth >= maxDepth {
		// The error names a copy: name itself must not reach the heap,
		// for a TLV stream's name comes from its Stream (see Stream).
		f.Fail(strings.Clone(name), ErrTooLarge)
		return
	}
	f.key(name)
	f.out = append(f.out, c)
	if c == '[' {
		f.js.arrays |= 1 << uint(f.js.depth)
	} else {
		f.js.arrays &^= 1 << uint(f.js.depth)
	}
	f.js.depth++
	f.js.comma = false
}

func (f *Fields) close(c byte) {
	if f.r.err != nil {
		return
	}
	f.out = append(f.out, c)
	f.js.depth--
	f.js.comma = true
}

func (f *Fields) jsonUint(name string, v uint64) {
	f.key(name)
	f.out = appendUint(f.out, v)
	f.js.comma = true
}

func (f *Fields) jsonInt(name string, v int64) {
	f.key(name)
	if v < 0 {
		f.out = append(f.out, '-')
		f.out = appendUint(f.out, uint64(-(v+1))+1)
	} else {
		f.out = appendUint(f.out, uint64(v))
	}
	f.js.comma = true
}

func (f *Fields) jsonHex(name string, b []byte) {
	f.key(name)
	f.out = append(f.out, '"')
	f.out = hex.AppendEncode(f.out, b)
	f.out = append(f.out, '"')
	f.js.comma = true
}

func (f *Fields) jsonString(name, s string) {
	if !utf8.ValidString(s) {
		f.Fail(name, ErrInvalidUTF8)
		return
	}
	f.key(name)
	f.out = appendJSONString(f.out, s)
	f.js.comma = true
}

func appendUint(dst []byte, v uint64) []byte {
	var b [20]byte
	i := len(b)
	for {
		i--
		b[i] = byte('0' + v%10)
		v /= 10
		if v == 0 {
			break
		}
	}
	return append(dst, b[i:]...)
}

// appendJSONString appends s, valid UTF-8, as a JSON string.
func appendJSONString(dst []byte, s string) []byte {
	const digits = "0123456789abcdef"
	dst = append(dst, '"')
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == '"' || c == '\\':
			dst = append(dst, '\\', c)
		case c < 0x20 || c == 0x7f:
			dst = append(dst, '\\', 'u', '0', '0', digits[c>>4], digits[c&0xf])
		default:
			dst = append(dst, c)
		}
	}
	return append(dst, '"')
}
