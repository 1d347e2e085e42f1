package bolt12

import (
	"fmt"
	"strings"
)

// The human-readable prefixes of BOLT #12 strings.
const (
	// PrefixOffer: "The human-readable prefix for offers is `lno`."
	PrefixOffer = "lno"
	// PrefixInvoiceRequest: "the human-readable prefix for invoice
	// requests is `lnr`."
	PrefixInvoiceRequest = "lnr"
	// PrefixInvoice is the prefix of invoices in string form, which the
	// BOLT's examples and every implementation use.
	PrefixInvoice = "lni"
)

// charset is the bech32 alphabet: the character for each 5-bit value.
const charset = "qpzry9x8gf2tvdw0s3jn54khce6mua7l"

// EncodeString returns the string form of a TLV stream (BOLT #12
// "Encoding"): the prefix, '1', and the stream as bech32 data characters,
// with no checksum. It is lower case: writers "SHOULD use lower case
// otherwise" than in QR codes, where strings.ToUpper of it is the form.
func EncodeString(prefix string, stream []byte) string {
	var b strings.Builder
	b.Grow(len(prefix) + 1 + (len(stream)*8+4)/5)
	b.WriteString(prefix)
	b.WriteByte('1')
	var acc uint32
	bits := 0
	for _, c := range stream {
		acc = acc<<8 | uint32(c)
		bits += 8
		for bits >= 5 {
			bits -= 5
			b.WriteByte(charset[acc>>uint(bits)&31])
		}
	}
	if bits > 0 {
		// Pad the last group with zero bits.
		b.WriteByte(charset[acc<<uint(5-bits)&31])
	}
	return b.String()
}

// DecodeString returns the prefix (lower case) and the TLV stream of a BOLT
// #12 string. It applies the reader's rules of "Encoding": a '+' followed by
// white space between two characters joins them, and the string is all lower
// or all upper case. It does not check the stream.
func DecodeString(s string) (prefix string, stream []byte, err error) {
	joined, err := join(s)
	if err != nil {
		return "", nil, err
	}
	sep := strings.LastIndexByte(joined, '1')
	if sep < 1 {
		return "", nil, fmt.Errorf("%w: no prefix before '1'", ErrPrefix)
	}
	prefix = strings.ToLower(joined[:sep])
	stream, err = decodeData(joined[sep+1:], sep+1)
	if err != nil {
		return "", nil, err
	}
	return prefix, stream, nil
}

// decodeString is DecodeString for one expected prefix.
func decodeString(s, want string) ([]byte, error) {
	prefix, stream, err := DecodeString(s)
	if err != nil {
		return nil, err
	}
	if prefix != want {
		return nil, fmt.Errorf("%w: %q, want %q", ErrPrefix, prefix, want)
	}
	return stream, nil
}

// join removes each '+' and the white space after it, and checks the
// characters and their case.
func join(s string) (string, error) {
	// BOLT #12: "if it encounters a `+` followed by zero or more whitespace
	// characters between two bech32 characters: MUST remove the `+` and
	// whitespace." Anything else around a '+' is not a bolt12 string.
	var b []byte
	if strings.IndexByte(s, '+') >= 0 {
		b = make([]byte, 0, len(s))
	}
	lower, upper := false, false
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == '+':
			if i == 0 {
				return "", fmt.Errorf("%w: at byte 0", ErrContinuation)
			}
			j := i + 1
			for j < len(s) && isSpace(s[j]) {
				j++
			}
			if j == len(s) || s[j] == '+' {
				return "", fmt.Errorf("%w: at byte %d", ErrContinuation, i)
			}
			i = j - 1
			continue
		case isSpace(c):
			return "", fmt.Errorf("%w: white space not after '+' at byte %d", ErrContinuation, i)
		case c < 33 || c > 126:
			return "", fmt.Errorf("%w: byte %#02x at %d", ErrCharacter, c, i)
		case 'a' <= c && c <= 'z':
			lower = true
		case 'A' <= c && c <= 'Z':
			upper = true
		}
		if b != nil {
			b = append(b, c)
		}
	}
	if lower && upper {
		return "", ErrMixedCase
	}
	if b == nil {
		return s, nil
	}
	return string(b), nil
}

func isSpace(c byte) bool {
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'
}

// decodeData converts bech32 data characters to bytes; off is the offset of
// data in the joined string, for errors.
func decodeData(data string, off int) ([]byte, error) {
	out := make([]byte, 0, len(data)*5/8)
	var acc uint32
	bits := 0
	for i := 0; i < len(data); i++ {
		c := data[i]
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		v := strings.IndexByte(charset, c)
		if v < 0 {
			return nil, fmt.Errorf("%w: %q at %d is not a bech32 character", ErrCharacter, data[i], off+i)
		}
		acc = acc<<5 | uint32(v)
		bits += 5
		if bits >= 8 {
			bits -= 8
			out = append(out, byte(acc>>uint(bits)))
		}
	}
	// The bits left over are the writer's zero padding of the last
	// character: fewer than 5, all zero (as BIP-173 requires of bech32
	// data converted to bytes).
	if bits >= 5 || acc&(1<<uint(bits)-1) != 0 {
		return nil, fmt.Errorf("%w: %d bits left over", ErrPadding, bits)
	}
	return out, nil
}
