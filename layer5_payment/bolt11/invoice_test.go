package bolt11

import (
	"crypto/sha256"
	"errors"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/lnstack/lnstack/layer2_messaging/feature"
)

// with returns minimalFields with extra fields after them.
func with(extra ...[]byte) [][]byte { return append(minimalFields(), extra...) }

// TestDecodeErrors builds invoices that break one reader rule each, signed
// with a valid signature, and checks the sentinel and, for tagged fields,
// the field named.
func TestDecodeErrors(t *testing.T) {
	featureField := func(bits ...feature.Bit) []byte {
		return field(TagFeatures, appendFeatures(nil, feature.New(bits...)))
	}
	hash52 := appendGroups(nil, hashOf(1))
	cases := []struct {
		name   string
		hrp    string
		fields [][]byte
		want   error
		tag    Tag // the FieldError's tag, when the failure is a field's
	}{
		{"unknown network", "lnxx", with(), ErrUnknownPrefix, 0},
		{"not ln", "bc", with(), ErrUnknownPrefix, 0},
		{"amount after unknown network", "lnbcx25m", with(), ErrUnknownPrefix, 0},
		{"zero amount", "lnbc0m", with(), ErrInvalidAmount, 0},
		{"leading zero", "lnbc025m", with(), ErrInvalidAmount, 0},
		{"non-digit in amount", "lnbc2x5m", with(), ErrInvalidAmount, 0},
		{"overflowing amount", "lnbc184467440737095516160", with(), ErrInvalidAmount, 0},
		{"overflowing multiplication", "lnbc1844674407371m", with(), ErrInvalidAmount, 0},
		{"bad multiplier", "lnbc25k", with(), ErrInvalidMultiplier, 0},
		{"sub-millisatoshi", "lnbc25p", with(), ErrSubMillisatoshi, 0},
		{"p of 51", "lnbc", with(field(TagPaymentHash, make([]byte, 51))), ErrFieldLength, TagPaymentHash},
		{"first p of 53", "lnbc", [][]byte{field(TagPaymentHash, make([]byte, 53))}, ErrFieldLength, TagPaymentHash},
		{"s of 51", "lnbc", with(field(TagPaymentSecret, make([]byte, 51))), ErrFieldLength, TagPaymentSecret},
		{"h of 0", "lnbc", with(field(TagDescriptionHash, nil)), ErrFieldLength, TagDescriptionHash},
		{"n of 52", "lnbc", with(field(TagPayee, make([]byte, 52))), ErrFieldLength, TagPayee},
		{"n not a key", "lnbc", with(bytesField(TagPayee, append([]byte{4}, hashOf(1)...))), ErrInvalidPubkey, TagPayee},
		{"padding bits of p", "lnbc", [][]byte{field(TagPaymentHash, append(hash52[:51:51], 1))}, ErrFieldPadding, TagPaymentHash},
		{"d of invalid UTF-8", "lnbc", [][]byte{bytesField(TagDescription, []byte{0xff, 0xfe})}, ErrInvalidUTF8, TagDescription},
		{"d with a spare value", "lnbc", [][]byte{field(TagDescription, []byte{3, 0, 0})}, ErrFieldPadding, TagDescription},
		{"x with a leading zero", "lnbc", with(field(TagExpiry, []byte{0, 1})), ErrNonMinimal, TagExpiry},
		{"x of one zero", "lnbc", with(field(TagExpiry, []byte{0})), ErrNonMinimal, TagExpiry},
		{"c with a leading zero", "lnbc", with(field(TagMinFinalCLTVExpiry, []byte{0, 9})), ErrNonMinimal, TagMinFinalCLTVExpiry},
		{"x of 14 values", "lnbc", with(field(TagExpiry, slices.Repeat([]byte{1}, 14))), ErrValueOverflow, TagExpiry},
		{"x of 65 bits", "lnbc", with(field(TagExpiry, append([]byte{16}, make([]byte, 12)...))), ErrValueOverflow, TagExpiry},
		{"9 with a leading zero", "lnbc", with(field(TagFeatures, []byte{0, 1})), ErrNonMinimal, TagFeatures},
		{"empty 9", "lnbc", with(field(TagFeatures, nil)), ErrNonMinimal, TagFeatures},
		{"unknown even feature", "lnbc", with(featureField(100)), ErrUnknownRequiredFeature, 0},
		{"even feature of another context", "lnbc", with(featureField(feature.Anchors)), ErrUnknownRequiredFeature, 0},
		{"empty f", "lnbc", with(field(TagFallback, nil)), ErrInvalidFallback, TagFallback},
		{"P2PKH of 19 bytes", "lnbc", with(field(TagFallback, appendGroups([]byte{17}, make([]byte, 19)))), ErrInvalidFallback, TagFallback},
		{"witness v0 of 21 bytes", "lnbc", with(field(TagFallback, appendGroups([]byte{0}, make([]byte, 21)))), ErrInvalidFallback, TagFallback},
		{"witness v16 of 41 bytes", "lnbc", with(field(TagFallback, appendGroups([]byte{16}, make([]byte, 41)))), ErrInvalidFallback, TagFallback},
		{"empty r", "lnbc", with(field(TagRouteHint, nil)), ErrInvalidRouteHint, TagRouteHint},
		{"r of 50 bytes", "lnbc", with(bytesField(TagRouteHint, slices.Repeat([]byte{2}, 50))), ErrInvalidRouteHint, TagRouteHint},
		{"r of a bad pubkey", "lnbc", with(bytesField(TagRouteHint, make([]byte, 51))), ErrInvalidRouteHint, TagRouteHint},
		{"field past the end", "lnbc", with([]byte{byte(TagExpiry), 0, 5, 1}), ErrTruncatedField, TagExpiry},
		{"field header cut", "lnbc", with([]byte{byte(TagExpiry), 0}), ErrTruncatedField, TagExpiry},
		{"no p", "lnbc", minimalFields()[1:], ErrMissingPaymentHash, 0},
		{"no s", "lnbc", [][]byte{minimalFields()[0], minimalFields()[2]}, ErrMissingPaymentSecret, 0},
		{"no d or h", "lnbc", minimalFields()[:2], ErrMissingDescription, 0},
		{"d and h", "lnbc", with(bytesField(TagDescriptionHash, hashOf(3))), ErrDescriptionAndHash, 0},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			s := signRaw(t, c.hrp, c.fields...)
			_, err := Decode(s)
			if !errors.Is(err, c.want) {
				t.Fatalf("Decode: %v, want %v", err, c.want)
			}
			var fe *FieldError
			if isField := errors.As(err, &fe); isField != (c.tag != 0) || isField && fe.Tag != c.tag {
				t.Errorf("Decode: %v, want a field error: %v (tag %s)", err, c.tag != 0, c.tag)
			}
			if _, err2 := DecodeUnverified(s); !errors.Is(err2, c.want) {
				t.Errorf("DecodeUnverified: %v, want %v", err2, c.want)
			}
		})
	}
}

// TestDecodeEnvelope checks the bech32 failures and the length limit.
func TestDecodeEnvelope(t *testing.T) {
	good := signRaw(t, "lnbc", minimalFields()...)
	if _, err := Decode(good); err != nil {
		t.Fatal(err)
	}
	flip := []byte(good)
	flip[len(flip)-10] = map[bool]byte{true: 'q', false: 'p'}[flip[len(flip)-10] != 'q']
	cases := []struct {
		name string
		s    string
		want error
	}{
		{"checksum", string(flip), ErrChecksum},
		{"mixed case", strings.ToUpper(good[:10]) + good[10:], ErrMixedCase},
		{"no separator", strings.ReplaceAll(good, "1", ""), ErrMissingSeparator},
		{"separator in checksum", "lnbc" + good[len(good)-5:] + "1abcd", ErrMissingSeparator},
		{"invalid character", good[:20] + "b" + good[21:], ErrInvalidCharacter},
		{"non-ASCII", good[:20] + "é" + good[22:], ErrInvalidCharacter},
		{"space", good[:20] + " " + good[21:], ErrInvalidCharacter},
		{"too short", "lnbc1q", ErrTooShort},
		{"no signature", string(appendBech32(nil, "lnbc", timestamp(), checksumBech32)), ErrTooShort},
		{"over the limit", "lnbc1" + strings.Repeat("q", MaxLength-4), ErrTooLong},
		{"empty", "", ErrTooShort},
	}
	for _, c := range cases {
		if _, err := Decode(c.s); !errors.Is(err, c.want) {
			t.Errorf("%s: %v, want %v", c.name, err, c.want)
		}
	}
	if _, err := Decode(strings.ToUpper(good)); err != nil {
		t.Errorf("upper case: %v", err)
	}
}

// TestDecodeLongest checks that an invoice of exactly MaxLength characters,
// made of as many route hints as fit, decodes; one more character does not.
func TestDecodeLongest(t *testing.T) {
	hop := append([]byte{2}, make([]byte, 50)...)
	fields := minimalFields()
	r := bytesField(TagRouteHint, hop)
	base := len(signRaw(t, "lnbc", fields...))
	for base+len(r) <= MaxLength {
		fields = append(fields, r)
		base += len(r)
	}
	// Pad with an unknown field to exactly MaxLength.
	if pad := MaxLength - base - fieldHeadLen; pad >= 0 {
		fields = append(fields, field(Tag(0), make([]byte, pad)))
	}
	s := signRaw(t, "lnbc", fields...)
	if len(s) != MaxLength {
		t.Fatalf("built %d characters, want %d", len(s), MaxLength)
	}
	inv, err := Decode(s)
	if err != nil {
		t.Fatal(err)
	}
	if len(inv.RouteHints) < 75 || len(inv.Ignored) != 1 {
		t.Errorf("%d route hints, %d ignored fields", len(inv.RouteHints), len(inv.Ignored))
	}
	out, err := inv.Encode(testSigner(t))
	if err != nil || out != s {
		t.Errorf("Encode: %v, same string %v", err, out == s)
	}
	fields[len(fields)-1] = field(Tag(0), make([]byte, len(fields[len(fields)-1])-fieldHeadLen+1))
	if _, err := Decode(signRaw(t, "lnbc", fields...)); !errors.Is(err, ErrTooLong) {
		t.Errorf("one character more: %v", err)
	}
}

// TestIgnoredFields checks that what a reader skips is kept in place and
// written back: unknown types, f fields of unknown versions, repeats.
func TestIgnoredFields(t *testing.T) {
	s := signRaw(t, "lnbc",
		field(Tag(0), []byte{1, 2, 3}),
		bytesField(TagPaymentHash, hashOf(1)),
		field(TagFallback, []byte{19, 1, 2}),
		bytesField(TagPaymentSecret, hashOf(0x11)),
		bytesField(TagPaymentHash, hashOf(2)),
		bytesField(TagDescription, []byte("first")),
		bytesField(TagDescription, []byte("second")),
		field(TagFallback, appendGroups([]byte{17}, hashOf(5)[:20])),
	)
	inv, err := Decode(s)
	if err != nil {
		t.Fatal(err)
	}
	if inv.Description != "first" || inv.PaymentHash != [32]byte(hashOf(1)) || len(inv.Fallbacks) != 1 {
		t.Errorf("first values not used: %q %x %d", inv.Description, inv.PaymentHash, len(inv.Fallbacks))
	}
	var got []int
	for _, f := range inv.Ignored {
		got = append(got, f.Index)
	}
	if want := []int{0, 2, 4, 6}; !slices.Equal(got, want) {
		t.Errorf("ignored at %v, want %v", got, want)
	}
	out, err := inv.Encode(testSigner(t))
	if err != nil || out != s {
		t.Fatalf("Encode: %v\n got %s\nwant %s", err, out, s)
	}
}

// TestFeatures checks the 9 field: odd unknown bits ignored and kept, the
// bits' positions, and the minimal writing.
func TestFeatures(t *testing.T) {
	for _, bits := range [][]feature.Bit{{8, 14}, {8, 14, 99}, {9}, {4 + 1}, {14, feature.BasicMPP + 1}, {1023}} {
		v := feature.New(bits...)
		s := signRaw(t, "lnbc", with(field(TagFeatures, appendFeatures(nil, v)))...)
		inv, err := Decode(s)
		if err != nil {
			t.Fatalf("%v: %v", bits, err)
		}
		if !slices.Equal(inv.Features.Bits(), bits) {
			t.Errorf("%v: decoded %v", bits, inv.Features.Bits())
		}
		last := bits[len(bits)-1]
		if n := len(appendFeatures(nil, v)); n != int(last)/5+1 {
			t.Errorf("%v: %d values, want %d", bits, n, last/5+1)
		}
	}
}

func TestAccessors(t *testing.T) {
	inv := &Invoice{Timestamp: 1000}
	if inv.ExpiryOrDefault() != 3600 || inv.MinFinalCLTVExpiryDeltaOrDefault() != 18 || inv.HasAmount() {
		t.Error("defaults")
	}
	if got := inv.ExpiresAt(); !got.Equal(time.Unix(4600, 0)) {
		t.Errorf("ExpiresAt %v", got)
	}
	x, c := uint64(1<<63), uint64(144)
	inv.Expiry, inv.MinFinalCLTVExpiryDelta = &x, &c
	if inv.ExpiresAt().Before(time.Unix(1<<40, 0)) || inv.MinFinalCLTVExpiryDeltaOrDefault() != 144 {
		t.Error("set values")
	}
	inv.Description = "coffee"
	if inv.CheckDescription("coffee") != nil || !errors.Is(inv.CheckDescription("tea"), ErrDescriptionMismatch) {
		t.Error("CheckDescription with d")
	}
	h := sha256.Sum256([]byte("a long list"))
	inv.Description, inv.DescriptionHash = "", &h
	if inv.CheckDescription("a long list") != nil || !errors.Is(inv.CheckDescription("a short list"), ErrDescriptionMismatch) {
		t.Error("CheckDescription with h")
	}
}

// TestExplicitPayee checks verification against n: the right key, another
// key, and that recovery is not used.
func TestExplicitPayee(t *testing.T) {
	pub := testSigner(t).PubKey()
	s := signRaw(t, "lnbc", with(bytesField(TagPayee, pub[:]))...)
	inv, err := Decode(s)
	if err != nil || !inv.ExplicitPayee || inv.Payee != pub {
		t.Fatalf("%v %v %x", err, inv != nil && inv.ExplicitPayee, pub)
	}
	other := pub
	other[0] ^= 1 // the other point with the same x
	s = signRaw(t, "lnbc", with(bytesField(TagPayee, other[:]))...)
	if _, err := Decode(s); !errors.Is(err, ErrInvalidSignature) {
		t.Errorf("n of another key: %v", err)
	}
	if inv, err := DecodeUnverified(s); err != nil || inv.Payee != other {
		t.Errorf("DecodeUnverified: %v", err)
	}
}
