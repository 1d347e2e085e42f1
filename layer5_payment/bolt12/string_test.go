package bolt12_test

import (
	"bytes"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/lnstack/lnstack/layer5_payment/bolt12"
)

// TestStringRoundTrip encodes random byte strings and decodes them back, in
// lower case, upper case, and split by '+' and white space at random.
func TestStringRoundTrip(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for n := 0; n < 200; n++ {
		b := make([]byte, rng.IntN(300))
		for i := range b {
			b[i] = byte(rng.Uint32())
		}
		s := bolt12.EncodeString("lno", b)
		if strings.ToLower(s) != s || !strings.HasPrefix(s, "lno1") {
			t.Fatalf("%q: not a lower-case lno1 string", s)
		}
		forms := []string{s, strings.ToUpper(s), split(rng, s)}
		for _, f := range forms {
			prefix, got, err := bolt12.DecodeString(f)
			if err != nil || prefix != "lno" || !bytes.Equal(got, b) {
				t.Fatalf("%q: decoded %q %x (%v), want lno %x", f, prefix, got, err, b)
			}
		}
	}
}

// split cuts s with '+' and white space at random places between two
// characters.
func split(rng *rand.Rand, s string) string {
	var b strings.Builder
	spaces := []string{"", " ", "\n", "\r\n  ", "\t"}
	for i := 0; i < len(s); i++ {
		b.WriteByte(s[i])
		if i < len(s)-1 && rng.IntN(8) == 0 {
			b.WriteString("+" + spaces[rng.IntN(len(spaces))])
		}
	}
	return b.String()
}

func TestDecodeStringErrors(t *testing.T) {
	valid := bolt12.EncodeString("lno", []byte{0x16, 0x01, 0x02})
	for _, c := range []struct {
		s    string
		want error
	}{
		{"", bolt12.ErrPrefix},
		{"qpzry", bolt12.ErrPrefix},
		{"1qpzry", bolt12.ErrPrefix},
		{"lno1qpzb", bolt12.ErrCharacter},      // 'b' is not bech32
		{"lno1qpzo", bolt12.ErrCharacter},      // nor 'o' after the separator
		{"lno1qp\x00z", bolt12.ErrCharacter},   // control byte
		{"lno1qp\u00e9z", bolt12.ErrCharacter}, // not ASCII
		{"lno1qp z", bolt12.ErrContinuation},   // space without '+'
		{"lno1qp+", bolt12.ErrContinuation},
		{"lno1qp+ \n", bolt12.ErrContinuation},
		{"+lno1qp", bolt12.ErrContinuation},
		{"lno1q++p", bolt12.ErrContinuation},
		{"lno1q+ +p", bolt12.ErrContinuation},
		{"lnO1qp", bolt12.ErrMixedCase},
		{"lno1qP", bolt12.ErrMixedCase},
		{"lno1q", bolt12.ErrPadding},      // 5 bits: more than the padding of a byte
		{"lno1qqqqqq", bolt12.ErrPadding}, // 30 bits: 6 left over
		{"lno1qz", bolt12.ErrPadding},     // 10 bits, a padding bit set
		{"lno1" + valid[4:], nil},         // the control case
		{"l+no1" + valid[4:], nil},        // '+' inside the prefix
		{strings.ToUpper(valid), nil},     // upper case
		{"LNO1" + strings.ToUpper(valid[4:]), nil},
	} {
		_, _, err := bolt12.DecodeString(c.s)
		wantErr(t, c.s, err, c.want)
	}
	if _, err := bolt12.DecodeOffer(bolt12.EncodeString("lnr", []byte{0x16, 0x01, 0x02})); err == nil {
		t.Error("an lnr string decoded as an offer")
	} else {
		wantErr(t, "lnr as offer", err, bolt12.ErrPrefix)
	}
}
