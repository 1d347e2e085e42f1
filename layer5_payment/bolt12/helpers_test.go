package bolt12_test

import (
	"bytes"
	"cmp"
	"errors"
	"slices"
	"testing"

	"github.com/btcsuite/btcd/btcec/v2"

	"github.com/lnstack/lnstack/layer2_messaging/wire"
	"github.com/lnstack/lnstack/layer4_routing/blinding"
	"github.com/lnstack/lnstack/layer5_payment/bolt12"
)

// key returns the private key whose 32 bytes are all b (0x41 is the BOLT's
// Alice, 0x42 Bob).
func key(b byte) *btcec.PrivateKey {
	k, _ := btcec.PrivKeyFromBytes(bytes.Repeat([]byte{b}, 32))
	return k
}

func point(b byte) wire.Point { return wire.PointFromPubKey(key(b).PubKey()) }

// Fixed times: the offer and invoice below are valid at now.
const now = 1_700_000_000

var (
	issuerKey = key(0x41)
	payerKey  = key(0x42)
)

// path returns a blinded path of hops hops ending at the node of key final.
func path(hops int, final byte) blinding.Path {
	p := blinding.Path{
		FirstNodeID:  wire.SciddirFromPoint(point(0x50)),
		FirstPathKey: point(0x51),
	}
	for i := 0; i < hops; i++ {
		n := point(0x60 + byte(i))
		if i == hops-1 {
			n = point(final)
		}
		p.Hops = append(p.Hops, blinding.Hop{BlindedNodeID: n, EncryptedRecipientData: bytes.Repeat([]byte{byte(i)}, 8+i)})
	}
	return p
}

// testOffer returns a valid offer with an amount, a description, an issuer
// id, a quantity maximum, an expiry and an unknown odd record.
func testOffer() *bolt12.Offer {
	var o bolt12.Offer
	o.HasAmount, o.Amount = true, 5000
	o.HasDescription, o.Description = true, "coffee"
	o.HasIssuer, o.Issuer = true, "example.com"
	o.HasQuantityMax, o.QuantityMax = true, 10
	o.HasAbsoluteExpiry, o.AbsoluteExpiry = true, now+3600
	o.HasIssuerID, o.IssuerID = true, point(0x41)
	o.Unknown = wire.Records{{Type: 33, Value: []byte("hello")}}
	return &o
}

// testRequest returns a signed request for testOffer: quantity 2, amount
// 10000 msat, a payer note and an unknown odd record in the request's
// experimental range.
func testRequest(t testing.TB) *bolt12.InvoiceRequest {
	t.Helper()
	r, err := bolt12.RequestFor(testOffer())
	if err != nil {
		t.Fatal(err)
	}
	q := &r.Request
	q.HasMetadata, q.Metadata = true, []byte{1, 2, 3, 4, 5, 6, 7, 8}
	q.HasQuantity, q.Quantity = true, 2
	q.HasAmount, q.Amount = true, 10000
	q.HasPayerID, q.PayerID = true, point(0x42)
	q.HasPayerNote, q.PayerNote = true, "thanks"
	r.Unknown = append(r.Unknown, wire.Record{Type: 2000000001, Value: []byte{0xaa}})
	sign(t, r, payerKey)
	return r
}

// testInvoice returns a signed invoice for testRequest with two paths.
func testInvoice(t testing.TB) *bolt12.Invoice {
	t.Helper()
	v, err := bolt12.InvoiceFor(testRequest(t))
	if err != nil {
		t.Fatal(err)
	}
	i := &v.Invoice
	i.HasPaths, i.Paths = true, []blinding.Path{path(1, 0x41), path(3, 0x41)}
	i.HasBlindedPay = true
	i.BlindedPay = []bolt12.PayInfo{
		{FeeBaseMsat: 1000, FeeProportionalMillionths: 100, CltvExpiryDelta: 144, HtlcMinimumMsat: 1, HtlcMaximumMsat: 1 << 30},
		{FeeBaseMsat: 2000, CltvExpiryDelta: 288, HtlcMaximumMsat: 1 << 30, Features: []byte{0x02}},
	}
	i.HasCreatedAt, i.CreatedAt = true, now
	i.HasPaymentHash, i.PaymentHash = true, wire.SHA256{1, 2, 3}
	i.HasFallbacks = true
	i.Fallbacks = []bolt12.FallbackAddress{{Version: 0, Address: bytes.Repeat([]byte{7}, 20)}}
	sign(t, v, issuerKey)
	return v
}

// signer is a message with a signature.
type signer interface {
	Sign(k *btcec.PrivateKey, aux [32]byte) error
}

func sign(t testing.TB, m signer, k *btcec.PrivateKey) {
	t.Helper()
	if err := m.Sign(k, [32]byte{9}); err != nil {
		t.Fatal(err)
	}
}

// wantErr fails unless err wraps want (nil: no error).
func wantErr(t testing.TB, what string, err, want error) {
	t.Helper()
	switch {
	case want == nil && err != nil:
		t.Errorf("%s: unexpected error %v", what, err)
	case want != nil && !errors.Is(err, want):
		t.Errorf("%s: error %v, want %v", what, err, want)
	case err != nil && !bolt12.Invalid(err):
		t.Errorf("%s: error %v is not typed", what, err)
	}
}

// encodeTLV encodes a stream with its records in order, for streams built
// by hand.
func encodeTLV(rs ...wire.Record) []byte {
	b, err := wire.Records(rs).Append(nil)
	if err != nil {
		panic(err)
	}
	return b
}

// sortRecords sorts records by type.
func sortRecords(rs wire.Records) {
	slices.SortFunc(rs, func(a, b wire.Record) int { return cmp.Compare(a.Type, b.Type) })
}
