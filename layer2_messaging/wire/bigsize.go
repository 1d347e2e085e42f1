package wire

import "encoding/binary"

// BigSize is BOLT #1's variable-length unsigned integer (Appendix A): like
// Bitcoin's CompactSize, but big-endian, and always minimally encoded.
//
//	x < 0xfd          1 byte:  x
//	x < 0x10000       3 bytes: 0xfd, be16(x)
//	x < 0x100000000   5 bytes: 0xfe, be32(x)
//	otherwise         9 bytes: 0xff, be64(x)

// MaxBigSizeLen is the longest BigSize encoding: 1 + 8 bytes.
const MaxBigSizeLen = 1 + 8

// BigSizeLen returns the length of the BigSize encoding of v.
func BigSizeLen(v uint64) int {
	switch {
	case v < 0xfd:
		return 1
	case v <= 0xffff:
		return 3
	case v <= 0xffffffff:
		return 5
	default:
		return 9
	}
}

// AppendBigSize appends the minimal BigSize encoding of v to dst.
//
// The 1-, 3- and 5-byte forms are one append each (one capacity check,
// stores the compiler merges); the 9-byte form, the rarest, takes two,
// because one append of nine bytes would make the function too large to
// inline.
func AppendBigSize(dst []byte, v uint64) []byte {
	switch {
	case v < 0xfd:
		return append(dst, byte(v))
	case v <= 0xffff:
		return append(dst, 0xfd, byte(v>>8), byte(v))
	case v <= 0xffffffff:
		return append(dst, 0xfe, byte(v>>24), byte(v>>16), byte(v>>8), byte(v))
	default:
		return binary.BigEndian.AppendUint64(append(dst, 0xff), v)
	}
}

// DecodeBigSize decodes the BigSize at the start of b and returns its value
// and length. It fails with ErrTruncated when b ends inside it and with
// ErrNonMinimal when a shorter encoding exists: BOLT #1 "All values decoded
// with BigSize should be checked to ensure they are minimally encoded."
func DecodeBigSize(b []byte) (v uint64, n int, err error) {
	if len(b) == 0 {
		return 0, 0, ErrTruncated
	}
	switch b[0] {
	case 0xfd:
		if len(b) < 3 {
			return 0, 0, ErrTruncated
		}
		v = uint64(binary.BigEndian.Uint16(b[1:]))
		n = 3
		if v < 0xfd {
			return 0, 0, ErrNonMinimal
		}
	case 0xfe:
		if len(b) < 5 {
			return 0, 0, ErrTruncated
		}
		v = uint64(binary.BigEndian.Uint32(b[1:]))
		n = 5
		if v <= 0xffff {
			return 0, 0, ErrNonMinimal
		}
	case 0xff:
		if len(b) < 9 {
			return 0, 0, ErrTruncated
		}
		v = binary.BigEndian.Uint64(b[1:])
		n = 9
		if v <= 0xffffffff {
			return 0, 0, ErrNonMinimal
		}
	default:
		return uint64(b[0]), 1, nil
	}
	return v, n, nil
}
