package wire

import (
	"errors"
	"fmt"
)

// The closed set of reasons a decoder in this package (and in every message
// codec built on it) rejects its input. Each error a decoder returns wraps
// exactly one of them, so callers tell cases apart with errors.Is; Malformed
// reports whether an error is any of them.
var (
	// ErrTruncated: the input ends inside a field (a fixed-size field, a
	// BigSize, or a length-prefixed field whose length runs past the end).
	// BOLT #1: "upon receiving a known message with insufficient length for
	// the contents: MUST close the connection."
	ErrTruncated = errors.New("wire: truncated")

	// ErrNonMinimal: a BigSize, or a truncated integer (tu16, tu32, tu64),
	// is not minimally encoded.
	ErrNonMinimal = errors.New("wire: not minimally encoded")

	// ErrTLVOrder: TLV record types are not strictly increasing, which
	// includes two records of the same type (the BOLT states both as one
	// rule: "if decoded types are not strictly-increasing (including
	// situations when two or more occurrences of the same type are met)").
	ErrTLVOrder = errors.New("wire: TLV types not strictly increasing")

	// ErrTLVLength: a TLV record's length exceeds the bytes left in the
	// stream.
	ErrTLVLength = errors.New("wire: TLV length past the end of the stream")

	// ErrRecordLength: a known TLV record's length is not exactly the length
	// its encoding requires (too short for its fields, or bytes left over).
	ErrRecordLength = errors.New("wire: TLV record length does not match its encoding")

	// ErrUnknownEvenType: a TLV record of unknown even type.
	ErrUnknownEvenType = errors.New("wire: unknown even TLV type")

	// ErrInvalidPoint: a point field is not a compressed secp256k1 point.
	ErrInvalidPoint = errors.New("wire: invalid point")

	// ErrInvalidUTF8: a utf8 field is not valid UTF-8.
	ErrInvalidUTF8 = errors.New("wire: invalid UTF-8")

	// ErrInvalidValue: a field holds a value its type does not allow, such
	// as a sciddir_or_pubkey whose first byte is not 0 to 3, or an array
	// whose length is not a whole number of elements.
	ErrInvalidValue = errors.New("wire: invalid value")

	// ErrTrailingBytes: bytes are left after the last field of a value that
	// has no extension stream.
	ErrTrailingBytes = errors.New("wire: trailing bytes")
)

// Errors of the encoding side and of the way a codec is written; they never
// come from bad input, so Malformed does not count them.
var (
	// ErrTooLarge: a value does not fit its length prefix (a byte array
	// longer than 65535 behind a u16 length) or its type (a short channel id
	// part out of range).
	ErrTooLarge = errors.New("wire: value too large for its encoding")

	// ErrDeclaration: a codec walked its TLV records out of increasing type
	// order, or closed a stream it did not open. It is a bug in the codec.
	ErrDeclaration = errors.New("wire: codec declares TLV records out of order")
)

// malformed is the closed set, in the order of the documentation above.
var malformed = [...]error{
	ErrTruncated, ErrNonMinimal, ErrTLVOrder, ErrTLVLength, ErrRecordLength,
	ErrUnknownEvenType, ErrInvalidPoint, ErrInvalidUTF8, ErrInvalidValue, ErrTrailingBytes,
}

// Malformed reports whether err says the input was malformed: it wraps one of
// the decoding sentinels of this package. A peer that receives a malformed
// known message closes the connection (BOLT #1).
func Malformed(err error) bool {
	for _, m := range malformed {
		if errors.Is(err, m) {
			return true
		}
	}
	return false
}

// DecodeError says where decoding stopped: the field being read and the
// offset of the byte where reading failed. It wraps one of the sentinels.
type DecodeError struct {
	// Field is the BOLT name of the field, or of the TLV record, being read.
	Field string
	// Offset is the index in the input where reading failed.
	Offset int
	// Err is the reason, one of the sentinel errors.
	Err error
}

// Error says which field failed, where, and why.
func (e *DecodeError) Error() string {
	if e.Field == "" {
		return fmt.Sprintf("at byte %d: %v", e.Offset, e.Err)
	}
	return fmt.Sprintf("%s at byte %d: %v", e.Field, e.Offset, e.Err)
}

// Unwrap returns the reason, so errors.Is sees the sentinel.
func (e *DecodeError) Unwrap() error { return e.Err }
