package bolt11

import "fmt"

// The bech32 envelope, BIP-0173 without its 90-character limit. BOLT #11: a
// reader "MUST parse the address as Bech32, as specified in BIP-0173 (also
// without the character limit)." btcutil's bech32.DecodeNoLimit does the same
// job; this one is written for the invoice path: one pass over the string,
// no lower-cased copy, the 5-bit values written into a buffer the caller
// owns, and errors that are this package's sentinels. The tests check it
// against btcutil.

// MaxLength is the longest invoice Decode reads and Encode writes: 7089
// characters, the most a QR code holds and the limit lnd, Core Lightning and
// LDK apply.
const MaxLength = 7089

const (
	// charset maps 5-bit values to bech32 characters.
	charset = "qpzry9x8gf2tvdw0s3jn54khce6mua7l"
	// checksumLen is the number of checksum characters.
	checksumLen = 6
	// minBech32Len is the shortest bech32 string: one HRP character, the
	// separator and the checksum.
	minBech32Len = 1 + 1 + checksumLen
)

// charsetRev maps a character, in either case, to its 5-bit value, or -1.
var charsetRev = func() (t [256]int8) {
	for i := range t {
		t[i] = -1
	}
	for i := 0; i < len(charset); i++ {
		c := charset[i]
		t[c] = int8(i)
		if c >= 'a' && c <= 'z' {
			t[c-'a'+'A'] = int8(i)
		}
	}
	return t
}()

// polymodGen is the BIP-0173 generator: bit i of the checksum's top five
// bits adds polymodGen[i].
var polymodGen = [5]uint32{0x3b6a57b2, 0x26508e6d, 0x1ea119fa, 0x3d4233dd, 0x2a1462b3}

// polymodTable holds, for each value of the top five bits, the XOR of the
// generators they select, so a step is one lookup instead of five tests.
var polymodTable = func() (t [32]uint32) {
	for top := range t {
		for i, g := range polymodGen {
			if top>>i&1 != 0 {
				t[top] ^= g
			}
		}
	}
	return t
}()

// polymodStep feeds one 5-bit value into the BIP-0173 checksum.
func polymodStep(chk uint32, v byte) uint32 {
	return (chk&0x1ffffff)<<5 ^ uint32(v) ^ polymodTable[chk>>25]
}

// lower returns c lower-cased if it is an ASCII upper-case letter.
func lower(c byte) byte {
	if c >= 'A' && c <= 'Z' {
		return c + ('a' - 'A')
	}
	return c
}

// hrpChecksum returns the checksum state after the expanded human-readable
// part (high bits of each character, a zero, low bits), lower-cased.
func hrpChecksum(hrp string) uint32 {
	chk := uint32(1)
	for i := 0; i < len(hrp); i++ {
		chk = polymodStep(chk, lower(hrp[i])>>5)
	}
	chk = polymodStep(chk, 0)
	for i := 0; i < len(hrp); i++ {
		chk = polymodStep(chk, lower(hrp[i])&31)
	}
	return chk
}

// decodeBech32 checks s as a bech32 string and returns its human-readable
// part (as written: it may be upper case) and its data part as 5-bit
// values, checksum removed, appended to buf.
func decodeBech32(s string, buf []byte) (hrp string, data []byte, err error) {
	if len(s) > MaxLength {
		return "", nil, ErrTooLong
	}
	if len(s) < minBech32Len {
		return "", nil, fmt.Errorf("%w: %d characters", ErrTooShort, len(s))
	}
	hasLower, hasUpper := false, false
	sep := -1
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c < 33 || c > 126:
			return "", nil, fmt.Errorf("%w: byte 0x%02x at %d", ErrInvalidCharacter, c, i)
		case c >= 'a' && c <= 'z':
			hasLower = true
		case c >= 'A' && c <= 'Z':
			hasUpper = true
		case c == '1':
			sep = i
		}
	}
	if hasLower && hasUpper {
		return "", nil, ErrMixedCase
	}
	if sep < 1 || sep+1+checksumLen > len(s) {
		return "", nil, ErrMissingSeparator
	}
	hrp = s[:sep]
	chk := hrpChecksum(hrp)
	end := len(s) - checksumLen
	for i := sep + 1; i < len(s); i++ {
		v := charsetRev[s[i]]
		if v < 0 {
			return "", nil, fmt.Errorf("%w: %q at %d", ErrInvalidCharacter, s[i], i)
		}
		chk = polymodStep(chk, byte(v))
		if i < end {
			buf = append(buf, byte(v))
		}
	}
	if chk != checksumBech32 {
		return "", nil, ErrChecksum
	}
	return hrp, buf, nil
}

// The constants a valid checksum leaves: BIP-0173 bech32, which invoices
// use, and BIP-0350 bech32m, which witness addresses of version 1 and above
// use (for fallback addresses btcutil does not write).
const (
	checksumBech32  uint32 = 1
	checksumBech32m uint32 = 0x2bc830a3
)

// appendBech32 appends to dst the string of hrp (lower case) and the 5-bit
// values data, with the checksum of the given variant.
func appendBech32(dst []byte, hrp string, data []byte, variant uint32) []byte {
	chk := hrpChecksum(hrp)
	dst = append(dst, hrp...)
	dst = append(dst, '1')
	for _, v := range data {
		chk = polymodStep(chk, v)
		dst = append(dst, charset[v])
	}
	for range checksumLen {
		chk = polymodStep(chk, 0)
	}
	chk ^= variant
	for i := range checksumLen {
		dst = append(dst, charset[(chk>>(5*(checksumLen-1-i)))&31])
	}
	return dst
}
