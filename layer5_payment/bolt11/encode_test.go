package bolt11

import (
	"errors"
	"math/rand/v2"
	"reflect"
	"strings"
	"testing"

	"github.com/btcsuite/btcd/btcutil/bech32"

	"github.com/lnstack/lnstack/layer2_messaging/feature"
)

// TestRoundTrip encodes random invoices, decodes them, and compares: the
// decoded invoice is the one encoded, with the order, the signature and the
// payee filled in; encoding it again gives the same string.
func TestRoundTrip(t *testing.T) {
	rng := rand.New(rand.NewPCG(11, 1))
	signer := testSigner(t)
	for i := range 300 {
		inv := randomInvoice(rng)
		inv.ExplicitPayee = rng.IntN(3) == 0
		if inv.ExplicitPayee {
			inv.Payee = signer.PubKey()
		}
		s, err := inv.Encode(signer)
		if err != nil {
			t.Fatalf("#%d: %v", i, err)
		}
		got, err := Decode(s)
		if err != nil {
			t.Fatalf("#%d: %v\n%s", i, err, s)
		}
		if got.Payee != signer.PubKey() {
			t.Fatalf("#%d: payee %x", i, got.Payee)
		}
		want := *inv
		want.Order, want.Payee, want.Signature = inv.canonicalOrder(), got.Payee, got.Signature
		want.Features = inv.Features.Minimal()
		if len(want.Features) == 0 {
			want.Features = nil
		}
		if !reflect.DeepEqual(got, &want) {
			t.Fatalf("#%d: decoded\n%+v\nwant\n%+v", i, got, &want)
		}
		if again, err := got.Encode(signer); err != nil || again != s {
			t.Fatalf("#%d: encoded again: %v", i, err)
		}
		// btcutil agrees on the envelope.
		if _, _, err := bech32.DecodeNoLimit(s); err != nil {
			t.Fatalf("#%d: btcutil: %v", i, err)
		}
	}
}

// TestExamplesRoundTrip decodes every valid BOLT example lnstack accepts and
// encodes it again: the same string (the high-S example comes back with the
// low-S signature RFC6979 gives).
func TestExamplesRoundTrip(t *testing.T) {
	valid, _ := examples(t)
	signer := testSigner(t)
	for _, s := range valid {
		inv, err := Decode(s)
		if errors.Is(err, ErrFieldLength) {
			continue // the example the reader rules reject
		}
		if err != nil {
			t.Fatalf("%.40s: %v", s, err)
		}
		out, err := inv.Encode(signer)
		if err != nil {
			t.Fatalf("%.40s: %v", s, err)
		}
		if out != strings.ToLower(s) && inv.Payee == signer.PubKey() {
			t.Errorf("%.40s: encoded\n%s", s, out)
		}
	}
}

func TestEncodeErrors(t *testing.T) {
	signer := testSigner(t)
	base := func() *Invoice {
		return &Invoice{Network: Mainnet, Timestamp: 1, Description: "x"}
	}
	cases := []struct {
		name string
		edit func(*Invoice)
		want error
	}{
		{"unknown network", func(i *Invoice) { i.Network = "ltc" }, ErrUnknownNetwork},
		{"timestamp of 36 bits", func(i *Invoice) { i.Timestamp = 1 << 35 }, ErrValueOverflow},
		{"d and h", func(i *Invoice) { i.DescriptionHash = new([32]byte) }, ErrDescriptionAndHash},
		{"d not UTF-8", func(i *Invoice) { i.Description = "\xff" }, ErrInvalidUTF8},
		{"d of 640 bytes", func(i *Invoice) { i.Description = strings.Repeat("a", 640) }, ErrFieldTooLong},
		{"m of 640 bytes", func(i *Invoice) { i.PaymentMetadata = make([]byte, 640) }, ErrFieldTooLong},
		{"route of 13 hops", func(i *Invoice) { i.RouteHints = []RouteHint{make(RouteHint, 13)} }, ErrFieldTooLong},
		{"empty route", func(i *Invoice) { i.RouteHints = []RouteHint{{}} }, ErrInvalidRouteHint},
		{"hop key", func(i *Invoice) { i.RouteHints = []RouteHint{make(RouteHint, 1)} }, ErrInvalidRouteHint},
		{"fallback", func(i *Invoice) { i.Fallbacks = []Fallback{{Version: 0, Program: make([]byte, 21)}} }, ErrInvalidFallback},
		{"feature of another context", func(i *Invoice) { i.Features = feature.New(feature.Anchors) }, feature.ErrWrongContext},
		{"order without s", func(i *Invoice) { i.Order = []Tag{TagPaymentHash, TagDescription} }, ErrInvalidOrder},
		{"order with x twice", func(i *Invoice) {
			x := uint64(1)
			i.Expiry = &x
			i.Order = []Tag{TagPaymentHash, TagDescription, TagPaymentSecret, TagExpiry, TagExpiry}
		}, ErrInvalidOrder},
		{"ignored past the end", func(i *Invoice) { i.Ignored = []TaggedField{{Index: 9, Tag: 0}} }, ErrInvalidOrder},
		{"ignored r", func(i *Invoice) { i.Ignored = []TaggedField{{Index: 0, Tag: TagRouteHint}} }, ErrInvalidOrder},
		{"ignored known fallback", func(i *Invoice) { i.Ignored = []TaggedField{{Index: 0, Tag: TagFallback, Data: []byte{0}}} }, ErrInvalidOrder},
		{"ignored p before p", func(i *Invoice) { i.Ignored = []TaggedField{{Index: 0, Tag: TagPaymentHash}} }, ErrInvalidOrder},
		{"ignored p of bad length", func(i *Invoice) { i.Ignored = []TaggedField{{Index: 3, Tag: TagPaymentHash}} }, ErrFieldLength},
		{"ignored value of 6 bits", func(i *Invoice) { i.Ignored = []TaggedField{{Index: 3, Tag: 0, Data: []byte{32}}} }, ErrInvalidOrder},
		{"ignored field too long", func(i *Invoice) { i.Ignored = []TaggedField{{Index: 3, Tag: 0, Data: make([]byte, 1024)}} }, ErrFieldTooLong},
		{"payee of another key", func(i *Invoice) { i.ExplicitPayee, i.Payee = true, [33]byte{2} }, ErrPayeeMismatch},
		{"too long", func(i *Invoice) {
			for range 8 {
				i.Ignored = append(i.Ignored, TaggedField{Index: 3 + len(i.Ignored), Tag: 0, Data: make([]byte, 1000)})
			}
		}, ErrTooLong},
	}
	for _, c := range cases {
		inv := base()
		c.edit(inv)
		if _, err := inv.Encode(signer); !errors.Is(err, c.want) {
			t.Errorf("%s: %v, want %v", c.name, err, c.want)
		}
	}
	if _, err := base().Encode(signer); err != nil {
		t.Errorf("base invoice: %v", err)
	}
}

// TestCanonicalOrder checks the order Encode uses without Order: lnd's.
func TestCanonicalOrder(t *testing.T) {
	x, c := uint64(60), uint64(40)
	inv := &Invoice{
		Network: Mainnet, Expiry: &x, MinFinalCLTVExpiryDelta: &c, PaymentMetadata: []byte{1},
		Fallbacks:     []Fallback{{Version: 17, Program: make([]byte, 20)}},
		RouteHints:    []RouteHint{{{NodeID: [33]byte{2}}}},
		ExplicitPayee: true, Payee: testSigner(t).PubKey(), Features: feature.New(9),
	}
	s, err := inv.Encode(testSigner(t))
	if err != nil {
		t.Fatal(err)
	}
	got, err := Decode(s)
	if err != nil {
		t.Fatal(err)
	}
	var order string
	for _, tag := range got.Order {
		order += tag.String()
	}
	if order != "pdmcxfrns9" {
		t.Errorf("order %s", order)
	}
}

// FuzzRoundTripValues is the property test over random values seeded by
// the fuzzer: any random invoice encodes, and decodes back to itself.
func FuzzRoundTripValues(f *testing.F) {
	f.Add(uint64(1), uint64(2))
	f.Fuzz(func(t *testing.T, a, b uint64) {
		inv := randomInvoice(rand.New(rand.NewPCG(a, b)))
		s, err := inv.Encode(testSigner(t))
		if err != nil {
			t.Fatal(err)
		}
		got, err := DecodeUnverified(s)
		if err != nil {
			t.Fatal(err)
		}
		if got.Timestamp != inv.Timestamp || got.AmountMsat != inv.AmountMsat || got.Description != inv.Description ||
			len(got.RouteHints) != len(inv.RouteHints) || len(got.Fallbacks) != len(inv.Fallbacks) {
			t.Fatalf("decoded %+v from %+v", got, inv)
		}
	})
}
