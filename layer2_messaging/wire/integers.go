package wire

import (
	"encoding/binary"
	"math/bits"
)

// Truncated integers (tu16, tu32, tu64) are the last value of a TLV record:
// big-endian with the leading zero bytes left out, so zero is no bytes at
// all. BOLT #1: "Leading zeros in truncated integers MUST be omitted."
//
// Signed integers (s8, s16, s32, s64) are big-endian two's complement
// (Appendix D); they need no code beyond a conversion to the unsigned type of
// the same width, so the Reader and the Append functions read and write them
// through that.

// TULen returns the length of the truncated encoding of v: 0 to 8 bytes.
func TULen(v uint64) int { return (bits.Len64(v) + 7) / 8 }

// AppendTU appends the truncated (minimal) encoding of v; it serves tu16,
// tu32 and tu64, whose encodings differ only in their maximum length.
func AppendTU(dst []byte, v uint64) []byte {
	n := TULen(v)
	var b [8]byte
	binary.BigEndian.PutUint64(b[:], v)
	return append(dst, b[8-n:]...)
}

// DecodeTU decodes b, all of it, as a truncated integer of at most max bytes
// (2 for tu16, 4 for tu32, 8 for tu64). It fails with ErrRecordLength when b
// is longer than max (the record is longer than its encoding allows) and
// with ErrNonMinimal when b starts with a zero byte.
func DecodeTU(b []byte, max int) (uint64, error) {
	if len(b) > max {
		return 0, ErrRecordLength
	}
	if len(b) > 0 && b[0] == 0 {
		return 0, ErrNonMinimal
	}
	var v uint64
	for _, c := range b {
		v = v<<8 | uint64(c)
	}
	return v, nil
}

// AppendU16 appends v big-endian.
func AppendU16(dst []byte, v uint16) []byte { return binary.BigEndian.AppendUint16(dst, v) }

// AppendU32 appends v big-endian.
func AppendU32(dst []byte, v uint32) []byte { return binary.BigEndian.AppendUint32(dst, v) }

// AppendU64 appends v big-endian.
func AppendU64(dst []byte, v uint64) []byte { return binary.BigEndian.AppendUint64(dst, v) }

// AppendS8 appends v as one byte of two's complement.
func AppendS8(dst []byte, v int8) []byte { return append(dst, byte(v)) }

// AppendS16 appends v big-endian two's complement.
func AppendS16(dst []byte, v int16) []byte { return AppendU16(dst, uint16(v)) }

// AppendS32 appends v big-endian two's complement.
func AppendS32(dst []byte, v int32) []byte { return AppendU32(dst, uint32(v)) }

// AppendS64 appends v big-endian two's complement.
func AppendS64(dst []byte, v int64) []byte { return AppendU64(dst, uint64(v)) }
