package feature

import "strings"

// Vector is a feature field in its wire form: big-endian bytes, bit 0 the
// least significant bit of the last byte (BOLT #1 "The init Message", BOLT
// #9). A decoded Vector keeps the bytes it was sent, leading zero bytes
// included, so a signed message re-encodes byte for byte; Set and New build
// minimal vectors ("SHOULD use the minimum length required to represent the
// features field").
type Vector []byte

// New returns the minimal vector with the given bits set.
func New(bits ...Bit) Vector {
	var v Vector
	for _, b := range bits {
		v.Set(b)
	}
	return v
}

// IsSet reports whether bit b is set.
func (v Vector) IsSet(b Bit) bool {
	i := len(v) - 1 - int(b/8)
	return i >= 0 && v[i]&(1<<(b%8)) != 0
}

// Has reports whether the feature whose pair holds b is offered: either of
// its bits is set.
func (v Vector) Has(b Bit) bool { return v.IsSet(b.Pair()) || v.IsSet(b.Optional()) }

// Requires reports whether the feature whose pair holds b is compulsory: its
// even bit is set. BOLT #9: "if both the optional and the mandatory feature
// bits in a pair are set, the feature should be treated as mandatory."
func (v Vector) Requires(b Bit) bool { return v.IsSet(b.Pair()) }

// Set sets bit b, growing the vector at the front when needed.
func (v *Vector) Set(b Bit) {
	n := int(b/8) + 1
	if n > len(*v) {
		grown := make(Vector, n)
		copy(grown[n-len(*v):], *v)
		*v = grown
	}
	(*v)[len(*v)-1-int(b/8)] |= 1 << (b % 8)
}

// Clear clears bit b; the vector keeps its length (see Minimal).
func (v Vector) Clear(b Bit) {
	if i := len(v) - 1 - int(b/8); i >= 0 {
		v[i] &^= 1 << (b % 8)
	}
}

// Minimal returns v without its leading zero bytes (sharing v's memory).
func (v Vector) Minimal() Vector {
	i := 0
	for i < len(v) && v[i] == 0 {
		i++
	}
	return v[i:]
}

// Equal reports whether v and w set the same bits, whatever their lengths.
func (v Vector) Equal(w Vector) bool {
	v, w = v.Minimal(), w.Minimal()
	return string(v) == string(w)
}

// Bits returns the set bits in increasing order.
func (v Vector) Bits() []Bit {
	var bits []Bit
	for i := len(v) - 1; i >= 0; i-- {
		for j := 0; j < 8; j++ {
			if v[i]&(1<<j) != 0 {
				bits = append(bits, Bit((len(v)-1-i)*8+j))
			}
		}
	}
	return bits
}

// Or returns the bitwise OR of a and b, minimal. BOLT #1: the receiving node
// "MUST combine (bitwise OR) the two feature bitmaps into one logical
// features map" (globalfeatures and features of init).
func Or(a, b Vector) Vector {
	a, b = a.Minimal(), b.Minimal()
	if len(a) < len(b) {
		a, b = b, a
	}
	out := make(Vector, len(a))
	copy(out, a)
	off := len(a) - len(b)
	for i, c := range b {
		out[off+i] |= c
	}
	return out
}

// Names returns the name of each feature offered, in bit order, once per
// pair: e.g. ["option_data_loss_protect", "var_onion_optin"]. Bits outside
// the table read "unknown_bit_<n>".
func (v Vector) Names() []string {
	var names []string
	last := -1
	for _, b := range v.Bits() {
		if lookup(b) != nil && int(b.Pair()) == last {
			continue // the optional bit of a pair whose required bit is set
		}
		last = int(b.Pair())
		names = append(names, Name(b))
	}
	return names
}

// String lists the features offered, each with its parity: e.g.
// "option_data_loss_protect(required),var_onion_optin(optional)".
func (v Vector) String() string {
	var sb strings.Builder
	last := -1
	for _, b := range v.Bits() {
		known := lookup(b) != nil
		if known && int(b.Pair()) == last {
			continue // the optional bit of a pair whose required bit is set
		}
		last = int(b.Pair())
		if sb.Len() > 0 {
			sb.WriteByte(',')
		}
		sb.WriteString(Name(b))
		if !known {
			continue
		}
		if v.Requires(b) {
			sb.WriteString("(required)")
		} else {
			sb.WriteString("(optional)")
		}
	}
	return sb.String()
}
