package bolt12_test

import (
	"cmp"
	"errors"
	"slices"
	"testing"
	"time"

	"github.com/lnstack/lnstack/layer2_messaging/wire"
	"github.com/lnstack/lnstack/layer4_routing/blinding"
	"github.com/lnstack/lnstack/layer5_payment/bolt12"
)

// TestInvoiceRequestCheck applies one change at a time to a valid request,
// re-signs it, and checks the reader's verdict through the string form.
func TestInvoiceRequestCheck(t *testing.T) {
	noOffer := func(r *bolt12.InvoiceRequest) {
		// A request that answers no offer: the payer's own fields.
		r.Offer = bolt12.OfferFields{HasDescription: true, Description: "refund"}
		r.Request.HasQuantity = false
	}
	for _, c := range []struct {
		name   string
		change func(r *bolt12.InvoiceRequest)
		want   error
	}{
		{"valid", func(*bolt12.InvoiceRequest) {}, nil},
		{"no metadata", func(r *bolt12.InvoiceRequest) { r.Request.HasMetadata = false }, bolt12.ErrMissingField},
		{"unknown odd 159", func(r *bolt12.InvoiceRequest) { r.Unknown = wire.Records{{Type: 159}} }, nil},
		{"unknown odd 161", func(r *bolt12.InvoiceRequest) { r.Unknown = wire.Records{{Type: 161}} }, bolt12.ErrOutOfRange},
		{"signature element 241", func(r *bolt12.InvoiceRequest) { r.Unknown = wire.Records{{Type: 241}} }, nil},
		{"unknown odd 1001", func(r *bolt12.InvoiceRequest) { r.Unknown = wire.Records{{Type: 1001}} }, bolt12.ErrOutOfRange},
		{"unknown odd 3000000001", func(r *bolt12.InvoiceRequest) { r.Unknown = wire.Records{{Type: 3000000001}} }, bolt12.ErrOutOfRange},
		{"odd feature", func(r *bolt12.InvoiceRequest) { r.Request.HasFeatures, r.Request.Features = true, []byte{0x02} }, nil},
		{"even feature", func(r *bolt12.InvoiceRequest) { r.Request.HasFeatures, r.Request.Features = true, []byte{0x01, 0x00} }, bolt12.ErrUnknownFeature},
		{"path", func(r *bolt12.InvoiceRequest) {
			r.Request.HasPaths, r.Request.Paths = true, []blinding.Path{path(1, 0x42)}
		}, nil},
		{"path without hops", func(r *bolt12.InvoiceRequest) {
			r.Request.HasPaths, r.Request.Paths = true, []blinding.Path{path(0, 0x42)}
		}, bolt12.ErrEmptyPath},
		{"no quantity", func(r *bolt12.InvoiceRequest) { r.Request.HasQuantity = false }, bolt12.ErrMissingField},
		{"zero quantity", func(r *bolt12.InvoiceRequest) { r.Request.Quantity = 0 }, bolt12.ErrQuantity},
		{"quantity at max", func(r *bolt12.InvoiceRequest) { r.Request.Quantity, r.Request.Amount = 10, 50000 }, nil},
		{"quantity above max", func(r *bolt12.InvoiceRequest) { r.Request.Quantity, r.Request.Amount = 11, 55000 }, bolt12.ErrQuantity},
		{"unlimited, zero", func(r *bolt12.InvoiceRequest) { r.Offer.QuantityMax, r.Request.Quantity = 0, 0 }, nil},
		{"unlimited, many", func(r *bolt12.InvoiceRequest) {
			r.Offer.QuantityMax, r.Request.Quantity, r.Request.Amount = 0, 1000, 5000000
		}, nil},
		{"quantity without max", func(r *bolt12.InvoiceRequest) { r.Offer.HasQuantityMax = false }, bolt12.ErrUnexpectedField},
		{"amount below expected", func(r *bolt12.InvoiceRequest) { r.Request.Amount = 9999 }, bolt12.ErrAmount},
		{"amount above expected", func(r *bolt12.InvoiceRequest) { r.Request.Amount = 20000 }, nil},
		{"amount overflows", func(r *bolt12.InvoiceRequest) {
			r.Offer.Amount, r.Offer.QuantityMax, r.Request.Quantity, r.Request.Amount = 1<<40, 0, 1<<30, ^uint64(0)
		}, bolt12.ErrAmount},
		{"no amount, offer has one", func(r *bolt12.InvoiceRequest) { r.Request.HasAmount = false }, nil},
		{"no amount anywhere", func(r *bolt12.InvoiceRequest) { r.Request.HasAmount, r.Offer.HasAmount = false, false }, bolt12.ErrMissingField},
		{"currency: checked later", func(r *bolt12.InvoiceRequest) {
			r.Offer.HasCurrency, r.Offer.Currency, r.Request.Amount = true, "USD", 1
		}, nil},
		{"no offer", noOffer, nil},
		{"no offer, offer_chains", func(r *bolt12.InvoiceRequest) {
			noOffer(r)
			r.Offer.HasChains, r.Offer.Chains = true, []wire.ChainHash{bolt12.BitcoinChain()}
		}, bolt12.ErrUnexpectedField},
		{"no offer, offer_features", func(r *bolt12.InvoiceRequest) { noOffer(r); r.Offer.HasFeatures = true }, bolt12.ErrUnexpectedField},
		{"no offer, offer_quantity_max", func(r *bolt12.InvoiceRequest) { noOffer(r); r.Offer.HasQuantityMax = true }, bolt12.ErrUnexpectedField},
		{"no offer, no amount", func(r *bolt12.InvoiceRequest) { noOffer(r); r.Request.HasAmount = false }, bolt12.ErrMissingField},
		{"offer paths only", func(r *bolt12.InvoiceRequest) {
			r.Offer.HasIssuerID, r.Offer.HasPaths, r.Offer.Paths = false, true, []blinding.Path{path(1, 0x41)}
		}, nil},
		{"bip353 name", func(r *bolt12.InvoiceRequest) {
			r.Request.HasBIP353Name, r.Request.BIP353Name = true, bolt12.BIP353Name{Name: []byte("satoshi_1.x-y"), Domain: []byte("Example.com")}
		}, nil},
		{"bip353 name with @", func(r *bolt12.InvoiceRequest) {
			r.Request.HasBIP353Name, r.Request.BIP353Name = true, bolt12.BIP353Name{Name: []byte("a@b"), Domain: []byte("example.com")}
		}, bolt12.ErrBIP353Name},
		{"bip353 domain with space", func(r *bolt12.InvoiceRequest) {
			r.Request.HasBIP353Name, r.Request.BIP353Name = true, bolt12.BIP353Name{Name: []byte("a"), Domain: []byte("exa mple")}
		}, bolt12.ErrBIP353Name},
	} {
		r := testRequest(t)
		c.change(r)
		sign(t, r, payerKey)
		s, err := r.EncodeString()
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		got, err := bolt12.DecodeInvoiceRequest(s)
		wantErr(t, c.name, err, c.want)
		if err == nil {
			if again, _ := got.EncodeString(); again != s {
				t.Errorf("%s: re-encoded differently", c.name)
			}
		}
	}
}

func TestInvoiceRequestSignature(t *testing.T) {
	r := testRequest(t)
	wantErr(t, "valid", r.Check(), nil)

	unsigned := *r
	unsigned.HasSignature = false
	wantErr(t, "unsigned", unsigned.Check(), bolt12.ErrSignature)

	other := *r
	other.Request.PayerNote = "changed after signing"
	wantErr(t, "changed", other.Check(), bolt12.ErrSignature)

	wantErr(t, "sign with another key", r.Sign(issuerKey, [32]byte{}), bolt12.ErrWrongKey)
	noID := *r
	noID.Request.HasPayerID = false
	wantErr(t, "sign without payer id", noID.Sign(payerKey, [32]byte{}), bolt12.ErrMissingField)
	wantErr(t, "check without payer id", noID.Check(), bolt12.ErrMissingField)

	// The signature covers no signature element: adding one keeps it valid.
	extra := *r
	extra.Unknown = append(wire.Records{}, r.Unknown...)
	extra.Unknown = append(extra.Unknown, wire.Record{Type: 3000000001})
	wantErr(t, "out of range after signing", extra.Check(), bolt12.ErrOutOfRange)
	sigElem := *r
	sigElem.Unknown = append(wire.Records{{Type: 241, Value: []byte{1}}}, r.Unknown...)
	slices.SortFunc(sigElem.Unknown, func(a, b wire.Record) int { return cmp.Compare(a.Type, b.Type) })
	wantErr(t, "signature element after signing", sigElem.Check(), nil)
}

func TestInvoiceRequestCheckUsable(t *testing.T) {
	testnet := wire.ChainHash{0x43, 0x49}
	r := testRequest(t)
	wantErr(t, "bitcoin", r.CheckUsable(bolt12.Context{}), nil)
	wantErr(t, "testnet node", r.CheckUsable(bolt12.Context{Chains: []wire.ChainHash{testnet}}), bolt12.ErrUnsupportedChain)
	r.Request.HasChain, r.Request.Chain = true, testnet
	wantErr(t, "testnet request", r.CheckUsable(bolt12.Context{}), bolt12.ErrUnsupportedChain)
	wantErr(t, "testnet both", r.CheckUsable(bolt12.Context{Chains: []wire.ChainHash{testnet}}), nil)

	// An offer in cents: 5000 cents at 2000 msat a cent, times 2.
	r = testRequest(t)
	r.Offer.HasCurrency, r.Offer.Currency = true, "USD"
	convert := func(cur string, amount uint64, chain wire.ChainHash) (uint64, error) {
		if cur != "USD" || chain != bolt12.BitcoinChain() {
			return 0, errors.New("no rate")
		}
		return amount * 2000, nil
	}
	c := bolt12.Context{Convert: convert}
	wantErr(t, "no conversion", r.CheckUsable(bolt12.Context{}), bolt12.ErrCurrency)
	wantErr(t, "below", r.CheckUsable(c), bolt12.ErrAmount)
	r.Request.Amount = 20_000_000
	wantErr(t, "enough", r.CheckUsable(c), nil)
	r.Offer.Currency = "EUR"
	wantErr(t, "no rate", r.CheckUsable(c), bolt12.ErrCurrency)
}

func TestInvoiceRequestCheckOffer(t *testing.T) {
	at := bolt12.Context{Now: time.Unix(now, 0)}
	o := testOffer()
	r := testRequest(t)
	wantErr(t, "same offer", r.CheckOffer(o, at), nil)
	wantErr(t, "expired offer", r.CheckOffer(o, bolt12.Context{Now: time.Unix(now+7200, 0)}), bolt12.ErrExpired)

	changed := testOffer()
	changed.Description = "tea"
	wantErr(t, "other description", r.CheckOffer(changed, at), bolt12.ErrMismatch)
	dropped := testOffer()
	dropped.Unknown = nil
	wantErr(t, "unknown record not in the offer", r.CheckOffer(dropped, at), bolt12.ErrMismatch)
}
