package dnsseed

import (
	"errors"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/btcsuite/btcd/btcec/v2"
	"github.com/btcsuite/btcd/btcutil/bech32"
)

// boltExampleIDs are the virtual hostname node ids of the "Examples"
// section of BOLT #10 (10-dns-bootstrap.md at the pinned commit), each
// with the compressed key it decodes to.
var boltExampleIDs = []struct{ bech, hex string }{
	{"ln1qwktpe6jxltmpphyl578eax6fcjc2m807qalr76a5gfmx7k9qqfjwy4mctz", "03acb0e75237d7b086e4fd3c7cf4da4e25856ceff03bf1fb5da213b37ac5001327"},
	{"ln1qv2w3tledmzczw227nnkqrrltvmydl8gu4w4d70g9td7avke6nmz2tdefqp", "0314e8aff96ec581394af4e7600c7f5b3646fce8e55d56f9e82adbeeb2d9d4f625"},
	{"ln1qtynyymv99pqf0r9cuexvvqtxrlgejuecf8myfsa96vcpflgll5cqmr2xsu", "02c932136c294204bc65c73266300b30fe8ccb99c24fb2261d2e9980a7e8ffe980"},
	{"ln1qdfvlysfpyh96apy3w3qdwlu8jjkdhnuxa689ka540tnde6gnx86cf7ga2d", "0352cf9209092e5d74248ba206bbfc3ca566de7c377472dbb4abd736e748998fac"},
	{"ln1qwf789tlcpe4n34649xrqllxt97whsvfk5pm07ggqms3vrjwdj3cu6332zs", "0393e3957fc07359c6baa94c307fe6597cebc189b503b7f90806e1160e4e6ca38e"},
	{"ln1q2jy22cg2nckgxttjf8txmamwe9rtw325v4m04ug2dm9sxlrh9cagrrpy86", "02a4452b0854f164196b924eb36fbb764a35ba2aa32bb7d7885376581be3b971d4"},
	{"ln1qfrkq32xayuq63anmc2zp5vtd2jxafhdzzudmuws0hvxshtgd2zd7jsqv7f", "0247604546e9380d47b3de1420d18b6aa46ea6ed10b8ddf1d07dd8685d686a84df"},
	{"ln1qwx3prnvmxuwsnaqhzwsrrpwy4pjf5m8fv4m8kcjkdvyrzymlcmj5dakwrx", "038d108e6cd9b8e84fa0b89d018c2e254324d3674b2bb3db12b35841889bfe372a"},
	{"ln1qwr7x7q2gvj7kwzzr7urqq9x7mq0lf9xn6svs8dn7q8gu5q4e852znqj3j7", "0387e3780a4325eb38421fb83000a6f6c0ffa4a69ea0c81db3f00e8e5015c9e8a1"},
}

func TestDecodeNodeIDBoltExamples(t *testing.T) {
	for _, ex := range boltExampleIDs {
		pub, err := DecodeNodeID(ex.bech)
		if err != nil {
			t.Fatalf("%s: %v", ex.bech, err)
		}
		want, err := ParseNodeKey(ex.hex)
		if err != nil {
			t.Fatal(err)
		}
		if !pub.IsEqual(want) {
			t.Errorf("%s decodes to %x, want %s", ex.bech, pub.SerializeCompressed(), ex.hex)
		}
		if got := EncodeNodeID(pub); got != ex.bech {
			t.Errorf("EncodeNodeID = %s, want %s", got, ex.bech)
		}
		// DNS is case-insensitive: a resolver may hand back any case.
		if up, err := DecodeNodeID(strings.ToUpper(ex.bech)); err != nil || !up.IsEqual(want) {
			t.Errorf("upper case %s: %v", ex.bech, err)
		}
		if mixed, err := DecodeNodeID("LN1" + ex.bech[3:]); err != nil || !mixed.IsEqual(want) {
			t.Errorf("mixed case %s: %v", ex.bech, err)
		}
	}
}

func TestNodeIDRoundTrip(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for i := 0; i < 200; i++ {
		var b [32]byte
		for j := range b {
			b[j] = byte(rng.Uint32())
		}
		priv, _ := btcec.PrivKeyFromBytes(b[:])
		pub := priv.PubKey()
		s := EncodeNodeID(pub)
		if len(s) != NodeIDLen {
			t.Fatalf("%s: length %d, want %d", s, len(s), NodeIDLen)
		}
		got, err := DecodeNodeID(s)
		if err != nil || !got.IsEqual(pub) {
			t.Fatalf("%s: %v", s, err)
		}
		vh := VirtualHost(pub, "Seed.Example")
		if want := s + ".seed.example."; vh != want {
			t.Fatalf("VirtualHost = %q, want %q", vh, want)
		}
		back, root, err := ParseVirtualHost(vh)
		if err != nil || !back.IsEqual(pub) || root != "seed.example." {
			t.Fatalf("ParseVirtualHost(%q) = %v %q %v", vh, back, root, err)
		}
	}
}

// encode5 bech32-encodes raw 8-bit data under hrp, with the bech32 or
// bech32m checksum.
func encode5(t *testing.T, hrp string, raw []byte, m bool) string {
	t.Helper()
	g, err := bech32.ConvertBits(raw, 8, 5, true)
	if err != nil {
		t.Fatal(err)
	}
	enc := bech32.Encode
	if m {
		enc = bech32.EncodeM
	}
	s, err := enc(hrp, g)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func TestDecodeNodeIDRejects(t *testing.T) {
	good := boltExampleIDs[0].bech
	key := testKey(1).SerializeCompressed()

	uncompressed := append([]byte{0x04}, key[1:]...)
	// x = 5: 5^3 + 7 = 132 is not a square mod p, so no point has it.
	offCurve := make([]byte, 33)
	offCurve[0], offCurve[32] = 0x02, 5
	// A last data group with its padding bit set.
	hrp, groups, _ := bech32.Decode(good)
	padded := append([]byte(nil), groups...)
	padded[len(padded)-1] |= 1
	badPad, _ := bech32.Encode(hrp, padded)

	flipped := []byte(good)
	if flipped[10] == 'q' {
		flipped[10] = 'p'
	} else {
		flipped[10] = 'q'
	}

	cases := map[string]string{
		"empty":          "",
		"short":          good[:NodeIDLen-1],
		"long":           good + "q",
		"checksum":       string(flipped),
		"bech32m":        encode5(t, "ln", key, true),
		"other hrp":      encode5(t, "lm", key, false),
		"uncompressed":   encode5(t, "ln", uncompressed, false),
		"off the curve":  encode5(t, "ln", offCurve, false),
		"padding bit":    badPad,
		"not bech32":     "ln1" + strings.Repeat("b", NodeIDLen-3),
		"separator only": strings.Repeat("1", NodeIDLen),
	}
	for name, in := range cases {
		if _, err := DecodeNodeID(in); !errors.Is(err, ErrBadNodeID) {
			t.Errorf("%s (%q): err = %v, want ErrBadNodeID", name, in, err)
		}
	}
	if _, _, err := ParseVirtualHost("seed.example."); !errors.Is(err, ErrBadNodeID) {
		t.Errorf("ParseVirtualHost without node id: %v", err)
	}
}

func FuzzDecodeNodeID(f *testing.F) {
	for _, ex := range boltExampleIDs {
		f.Add(ex.bech)
	}
	f.Add("")
	f.Add("ln1")
	f.Fuzz(func(t *testing.T, s string) {
		pub, err := DecodeNodeID(s)
		if err != nil {
			if !errors.Is(err, ErrBadNodeID) {
				t.Fatalf("error %v does not wrap ErrBadNodeID", err)
			}
			return
		}
		// A decoded id encodes back to the input, up to case.
		if enc := EncodeNodeID(pub); enc != strings.ToLower(s) {
			t.Fatalf("%q decodes, re-encodes to %q", s, enc)
		}
	})
}

func FuzzParseVirtualHost(f *testing.F) {
	for _, ex := range boltExampleIDs {
		f.Add(ex.bech + ".lseed.bitcoinstats.com.")
	}
	f.Add("x.seed.example.")
	f.Add(".")
	f.Fuzz(func(t *testing.T, name string) {
		pub, root, err := ParseVirtualHost(name)
		if err != nil {
			if !errors.Is(err, ErrBadNodeID) {
				t.Fatalf("error %v does not wrap ErrBadNodeID", err)
			}
			return
		}
		again, root2, err := ParseVirtualHost(VirtualHost(pub, root))
		if err != nil || !again.IsEqual(pub) || root2 != root {
			t.Fatalf("%q: round trip gives %v %q %v", name, again, root2, err)
		}
	})
}

func BenchmarkParseVirtualHost(b *testing.B) {
	name := boltExampleIDs[0].bech + ".lseed.bitcoinstats.com."
	b.ReportAllocs()
	for b.Loop() {
		if _, _, err := ParseVirtualHost(name); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkEncodeNodeID(b *testing.B) {
	pub := testKey(0)
	b.ReportAllocs()
	for b.Loop() {
		_ = EncodeNodeID(pub)
	}
}
