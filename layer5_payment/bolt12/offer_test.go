package bolt12_test

import (
	"testing"
	"time"

	"github.com/lnstack/lnstack/layer2_messaging/wire"
	"github.com/lnstack/lnstack/layer4_routing/blinding"
	"github.com/lnstack/lnstack/layer5_payment/bolt12"
)

// TestOfferCheck applies one change at a time to a valid offer and checks
// the reader's verdict, through the string form.
func TestOfferCheck(t *testing.T) {
	testnet := wire.ChainHash{0x43, 0x49}
	for _, c := range []struct {
		name   string
		change func(o *bolt12.Offer)
		want   error
	}{
		{"valid", func(*bolt12.Offer) {}, nil},
		{"unknown odd in range", func(o *bolt12.Offer) { o.Unknown = wire.Records{{Type: 79, Value: nil}} }, nil},
		{"unknown odd experimental", func(o *bolt12.Offer) { o.Unknown = wire.Records{{Type: 1999999999}} }, nil},
		{"unknown odd type 81", func(o *bolt12.Offer) { o.Unknown = wire.Records{{Type: 81}} }, bolt12.ErrOutOfRange},
		{"unknown odd type 2000000001", func(o *bolt12.Offer) { o.Unknown = wire.Records{{Type: 2000000001}} }, bolt12.ErrOutOfRange},
		{"unknown odd type 999999999", func(o *bolt12.Offer) { o.Unknown = wire.Records{{Type: 999999999}} }, bolt12.ErrOutOfRange},
		{"odd feature", func(o *bolt12.Offer) { o.HasFeatures, o.Features = true, []byte{0x80, 0, 0} }, nil},
		{"even feature", func(o *bolt12.Offer) { o.HasFeatures, o.Features = true, []byte{0x40, 0, 0} }, bolt12.ErrUnknownFeature},
		{"empty features", func(o *bolt12.Offer) { o.HasFeatures, o.Features = true, nil }, nil},
		{"chains", func(o *bolt12.Offer) { o.HasChains, o.Chains = true, []wire.ChainHash{testnet} }, nil},
		{"empty chains", func(o *bolt12.Offer) { o.HasChains, o.Chains = true, nil }, bolt12.ErrEmptyChains},
		{"amount without description", func(o *bolt12.Offer) { o.HasDescription = false }, bolt12.ErrMissingField},
		{"zero amount", func(o *bolt12.Offer) { o.Amount = 0 }, bolt12.ErrZeroAmount},
		{"currency", func(o *bolt12.Offer) { o.HasCurrency, o.Currency = true, "EUR" }, nil},
		{"currency without amount", func(o *bolt12.Offer) { o.HasCurrency, o.Currency, o.HasAmount = true, "EUR", false }, bolt12.ErrMissingField},
		{"no amount, no description", func(o *bolt12.Offer) { o.HasAmount, o.HasDescription = false, false }, nil},
		{"no issuer id, no path", func(o *bolt12.Offer) { o.HasIssuerID = false }, bolt12.ErrMissingField},
		{"no issuer id, empty offer_paths", func(o *bolt12.Offer) { o.HasIssuerID, o.HasPaths = false, true }, bolt12.ErrMissingField},
		{"path, no issuer id", func(o *bolt12.Offer) {
			o.HasIssuerID, o.HasPaths, o.Paths = false, true, []blinding.Path{path(2, 0x41)}
		}, nil},
		{"path without hops", func(o *bolt12.Offer) {
			o.HasPaths, o.Paths = true, []blinding.Path{path(1, 0x41), path(0, 0x41)}
		}, bolt12.ErrEmptyPath},
	} {
		o := testOffer()
		c.change(o)
		s, err := o.EncodeString()
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		got, err := bolt12.DecodeOffer(s)
		wantErr(t, c.name, err, c.want)
		if err == nil {
			if again, _ := got.EncodeString(); again != s {
				t.Errorf("%s: re-encoded %s, want %s", c.name, again, s)
			}
		}
	}
}

// TestOfferUnknownTypes decodes offers with the records the BOLT vectors
// "Contains type > 1999999999" and "Contains unknown even type
// (1000000002)" meant (their strings use a 2-byte BigSize for the type):
// written with the 4-byte form here.
func TestOfferUnknownTypes(t *testing.T) {
	base, _ := testOffer().Encode(nil)
	for _, c := range []struct {
		typ  uint64
		want error
	}{
		{2000000000, wire.ErrUnknownEvenType},
		{2000000001, bolt12.ErrOutOfRange},
		{1000000002, wire.ErrUnknownEvenType},
		{1000000003, nil},
		{80, wire.ErrUnknownEvenType},
	} {
		stream := append(append([]byte(nil), base...), encodeTLV(wire.Record{Type: c.typ, Value: []byte{1}})...)
		_, err := bolt12.DecodeOfferTLV(stream)
		wantErr(t, "type", err, c.want)
	}
}

func TestOfferCheckUsable(t *testing.T) {
	testnet := wire.ChainHash{0x43, 0x49}
	at := func(sec int64) time.Time { return time.Unix(sec, 0) }
	o := testOffer()
	wantErr(t, "before expiry", o.CheckUsable(bolt12.Context{Now: at(now)}), nil)
	wantErr(t, "at expiry", o.CheckUsable(bolt12.Context{Now: at(now + 3600)}), nil)
	wantErr(t, "after expiry", o.CheckUsable(bolt12.Context{Now: at(now + 3601)}), bolt12.ErrExpired)
	wantErr(t, "testnet node", o.CheckUsable(bolt12.Context{Now: at(now), Chains: []wire.ChainHash{testnet}}), bolt12.ErrUnsupportedChain)
	o.HasChains, o.Chains = true, []wire.ChainHash{testnet, bolt12.BitcoinChain()}
	wantErr(t, "one chain accepted", o.CheckUsable(bolt12.Context{Now: at(now)}), nil)
	o.Chains = []wire.ChainHash{testnet}
	wantErr(t, "testnet offer", o.CheckUsable(bolt12.Context{Now: at(now)}), bolt12.ErrUnsupportedChain)
	wantErr(t, "testnet both", o.CheckUsable(bolt12.Context{Now: at(now), Chains: []wire.ChainHash{testnet}}), nil)
	o.HasAbsoluteExpiry = false
	wantErr(t, "no expiry", o.CheckUsable(bolt12.Context{Chains: []wire.ChainHash{testnet}}), nil)
}

// TestRequestForCopiesOffer checks that a request copies every offer
// record, unknown ones included.
func TestRequestForCopiesOffer(t *testing.T) {
	o := testOffer()
	o.HasPaths, o.Paths = true, []blinding.Path{path(2, 0x41)}
	r, err := bolt12.RequestFor(o)
	if err != nil {
		t.Fatal(err)
	}
	want, _ := o.Encode(nil)
	got, _ := r.Encode(nil)
	if string(got) != string(want) {
		t.Fatalf("request %x, want the offer's records %x", got, want)
	}
	// The copy shares nothing with the offer.
	r.Offer.Paths[0].Hops[0].EncryptedRecipientData[0] ^= 1
	if again, _ := o.Encode(nil); string(again) != string(want) {
		t.Fatal("changing the request changed the offer")
	}
}
