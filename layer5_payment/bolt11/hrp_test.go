package bolt11

import (
	"errors"
	"math"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/btcsuite/btcd/btcutil"
	"github.com/btcsuite/btcd/btcutil/bech32"
)

func TestParseHRP(t *testing.T) {
	cases := []struct {
		hrp  string
		net  Network
		msat uint64
		err  error
	}{
		{"lnbc", Mainnet, 0, nil},
		{"lntb", Testnet, 0, nil},
		{"lntbs", Signet, 0, nil},
		{"lnbcrt", Regtest, 0, nil},
		{"lnsb", Simnet, 0, nil},
		{"LNBCRT25M", Regtest, 2_500_000_000, nil},
		{"lntbs1", Signet, 100_000_000_000, nil},
		{"lnbc2500u", Mainnet, 250_000_000, nil},
		{"lnbc20m", Mainnet, 2_000_000_000, nil},
		{"lnbc1n", Mainnet, 100, nil},
		{"lnbc10p", Mainnet, 1, nil},
		{"lnbc9678785340p", Mainnet, 967_878_534, nil},
		{"lnbc2000u", Mainnet, 200_000_000, nil}, // not the largest multiplier: read all the same
		{"lnbc184467440737m", Mainnet, 18_446_744_073_700_000_000, nil},
		{"lnbc184467440738m", "", 0, ErrInvalidAmount},
		{"lnbc1p", "", 0, ErrSubMillisatoshi},
		{"lnbc2500000001p", "", 0, ErrSubMillisatoshi},
		{"lnbc0", "", 0, ErrInvalidAmount},
		{"lnbc01m", "", 0, ErrInvalidAmount},
		{"lnbc1.5m", "", 0, ErrInvalidAmount},
		{"lnbc25x", "", 0, ErrInvalidMultiplier},
		{"lnbc25mm", "", 0, ErrInvalidAmount},
		{"lnltc25m", "", 0, ErrUnknownPrefix},
		{"lnb", "", 0, ErrUnknownPrefix},
		{"ln", "", 0, ErrUnknownPrefix},
		{"bc25m", "", 0, ErrUnknownPrefix},
		{"lntbx", "", 0, ErrUnknownPrefix},
	}
	for _, c := range cases {
		net, msat, err := parseHRP(c.hrp)
		if c.err != nil {
			if !errors.Is(err, c.err) {
				t.Errorf("%s: %v, want %v", c.hrp, err, c.err)
			}
			continue
		}
		if err != nil || net != c.net || msat != c.msat {
			t.Errorf("%s: %q %d %v, want %q %d", c.hrp, net, msat, err, c.net, c.msat)
		}
	}
}

// TestAmountRoundTrip writes random amounts and reads them back; the form
// written is the shortest one.
func TestAmountRoundTrip(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	for range 2000 {
		msat := 1 + rng.Uint64N(math.MaxUint64/10)
		if rng.IntN(2) == 0 {
			msat = 1 + rng.Uint64N(1000)*[]uint64{1, 100, 100_000, 100_000_000, 100_000_000_000}[rng.IntN(5)]
		}
		b, err := appendAmount(nil, msat)
		if err != nil {
			t.Fatal(err)
		}
		got, err := parseAmount(string(b))
		if err != nil || got != msat {
			t.Fatalf("%d: wrote %s, read %d %v", msat, b, got, err)
		}
		for _, mult := range "munp" {
			if alt, err := appendAmount(nil, msat); err == nil && len(alt) > len(b) {
				t.Fatalf("%d: %s is longer than %s (%c)", msat, alt, b, mult)
			}
		}
	}
	if _, err := appendAmount(nil, math.MaxUint64); !errors.Is(err, ErrInvalidAmount) {
		t.Errorf("max amount: %v", err)
	}
}

// TestBech32AgainstBtcutil compares decodeBech32 and appendBech32 with
// btcutil's bech32 on random strings, valid and damaged.
func TestBech32AgainstBtcutil(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	for i := range 2000 {
		data := make([]byte, rng.IntN(300))
		for j := range data {
			data[j] = byte(rng.IntN(32))
		}
		hrp := []string{"lnbc", "lntb2500u", "a", "ln1"}[rng.IntN(4)]
		s := string(appendBech32(nil, hrp, data, checksumBech32))
		want, err := bech32.Encode(hrp, data)
		if len(s) <= 90 && (err != nil || want != s) {
			t.Fatalf("#%d: %s, btcutil %s %v", i, s, want, err)
		}
		switch rng.IntN(4) {
		case 1: // one character changed
			b := []byte(s)
			b[len(hrp)+1+rng.IntN(len(b)-len(hrp)-1)] = charset[rng.IntN(32)]
			s = string(b)
		case 2:
			s = strings.ToUpper(s)
		case 3:
			if len(s) > 10 {
				s = s[:len(s)-1-rng.IntN(5)]
			}
		}
		gotHRP, got, err := decodeBech32(s, nil)
		wantHRP, wantData, wantErr := bech32.DecodeNoLimit(s)
		if (err == nil) != (wantErr == nil) {
			t.Fatalf("#%d: %s: %v, btcutil %v", i, s, err, wantErr)
		}
		if err == nil && (!strings.EqualFold(gotHRP, wantHRP) || string(got) != string(wantData)) {
			t.Fatalf("#%d: %s: decoded differently from btcutil", i, s)
		}
	}
}

// TestUintLimits checks the 5-bit integers at their bounds.
func TestUintLimits(t *testing.T) {
	for _, v := range []uint64{0, 1, 31, 32, 1 << 35, math.MaxUint64} {
		g := appendUint(nil, v)
		if len(g) > 0 && g[0] == 0 {
			t.Errorf("%d: leading zero", v)
		}
		if got, ok := readUint(g); !ok || got != v {
			t.Errorf("%d: read %d %v", v, got, ok)
		}
	}
	if n := len(appendUint(nil, math.MaxUint64)); n != maxUint64Len {
		t.Errorf("max uint64 in %d values", n)
	}
	x := uint64(math.MaxUint64)
	inv := &Invoice{Network: Mainnet, Expiry: &x}
	s, err := inv.Encode(testSigner(t))
	if err != nil {
		t.Fatal(err)
	}
	if got, err := Decode(s); err != nil || *got.Expiry != x {
		t.Errorf("max expiry: %v", err)
	}
}

func TestFallbackAddresses(t *testing.T) {
	// BIP-0350's test vectors for witness versions btcutil cannot write.
	cases := []struct {
		f    Fallback
		net  Network
		want string
	}{
		{Fallback{Version: 16, Program: []byte{0x75, 0x1e}}, Mainnet, "bc1sw50qgdz25j"},
		{Fallback{Version: 2, Program: []byte{0x75, 0x1e, 0x76, 0xe8, 0x19, 0x91, 0x96, 0xd4, 0x54, 0x94, 0x1c, 0x45, 0xd1, 0xb3, 0xa3, 0x23}}, Mainnet, "bc1zw508d6qejxtdg4y5r3zarvaryvaxxpcs"},
		{Fallback{Version: 17, Program: make([]byte, 20)}, Regtest, "mfWxJ45yp2SFn7UciZyNpvDKrzbhyfKrY8"},
	}
	for _, c := range cases {
		got, err := c.f.String(c.net)
		if err != nil || got != c.want {
			t.Errorf("%+v: %s %v, want %s", c.f, got, err, c.want)
		}
	}
	// The kinds btcutil knows: its parser reads back what String writes.
	rng := rand.New(rand.NewPCG(7, 8))
	for range 200 {
		f := randomFallback(rng)
		net := []Network{Mainnet, Testnet, Signet, Regtest, Simnet}[rng.IntN(5)]
		s, err := f.String(net)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := f.Address(net); err != nil {
			continue // a witness version btcutil does not handle
		}
		a, err := btcutil.DecodeAddress(s, net.Params())
		if err != nil {
			t.Fatalf("%+v on %s: %s: %v", f, net, s, err)
		}
		back, err := FallbackFromAddress(a)
		if err != nil || back.Version != f.Version || string(back.Program) != string(f.Program) {
			t.Fatalf("%+v: read back %+v %v", f, back, err)
		}
	}
	if _, err := (Fallback{Version: 2, Program: make([]byte, 2)}).Address(Mainnet); !errors.Is(err, ErrInvalidFallback) {
		t.Errorf("btcutil address of version 2: %v", err)
	}
}
