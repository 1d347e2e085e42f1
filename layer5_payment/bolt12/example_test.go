package bolt12_test

import (
	"bytes"
	"errors"
	"fmt"

	"github.com/btcsuite/btcd/btcec/v2"

	"github.com/lnstack/lnstack/layer2_messaging/wire"
	"github.com/lnstack/lnstack/layer5_payment/bolt12"
)

// ExampleDecodeOffer reads the offer of the BOLT's format-string vectors,
// written across lines with '+', and prints it in the JSON form.
func ExampleDecodeOffer() {
	o, err := bolt12.DecodeOffer("lno1pqps7sjqpgtyzm3qv4uxzmtsd3jjqer9wd3hy6tsw35k7msjzfpy7nz5yqcn+\n" +
		"ygrfdej82um5wf5k2uckyypwa3eyt44h6txtxquqh7lz5djge4afgfjn7k4rgrkuag0jsd5xvxg")
	if err != nil {
		panic(err)
	}
	fmt.Println(o.Amount, o.Description, "/", o.Issuer)
	js, _ := o.MarshalJSON()
	fmt.Println(string(js))
	// Output:
	// 1000000 An example description / BOLT 12 industries
	// {"offer_amount":{"amount":1000000},"offer_description":{"description":"An example description"},"offer_issuer":{"issuer":"BOLT 12 industries"},"offer_issuer_id":{"id":"02eec7245d6b7d2ccb30380bfbe2a3648cd7a942653f5aa340edcea1f283686619"}}
}

// ExampleDecodeOffer_invalid shows the typed errors of the reader.
func ExampleDecodeOffer_invalid() {
	for _, s := range []string{
		"lno1pqpzwyqkyypwa3eyt44h6txtxquqh7lz5djge4afgfjn7k4rgrkuag0jsd5xvxg", // amount, no description
		"lno1pgx9getnwss8vetrw3hhyuc",                                         // nobody to ask
		"LnO1PqPs7sJq",                                                        // mixed case
	} {
		_, err := bolt12.DecodeOffer(s)
		fmt.Println(errors.Is(err, bolt12.ErrMissingField), errors.Is(err, bolt12.ErrMixedCase), err)
	}
	// Output:
	// true false offer_description: bolt12: required field missing
	// true false offer_issuer_id: bolt12: required field missing
	// false true bolt12: string mixes upper and lower case
}

// ExampleRequestFor answers an offer with a signed invoice_request, which
// the offer's issuer reads back and checks against its offer.
func ExampleRequestFor() {
	issuer, _ := btcec.PrivKeyFromBytes(bytes.Repeat([]byte{0x41}, 32))
	payer, _ := btcec.PrivKeyFromBytes(bytes.Repeat([]byte{0x42}, 32))

	var offer bolt12.Offer
	offer.HasAmount, offer.Amount = true, 21000
	offer.HasDescription, offer.Description = true, "a coffee"
	offer.HasIssuerID, offer.IssuerID = true, wire.PointFromPubKey(issuer.PubKey())

	r, err := bolt12.RequestFor(&offer)
	if err != nil {
		panic(err)
	}
	r.Request.HasMetadata, r.Request.Metadata = true, []byte("unpredictable bytes")
	r.Request.HasPayerID, r.Request.PayerID = true, wire.PointFromPubKey(payer.PubKey())
	if err := r.Sign(payer, [32]byte{}); err != nil {
		panic(err)
	}
	s, _ := r.EncodeString()

	got, err := bolt12.DecodeInvoiceRequest(s) // checks the signature too
	if err != nil {
		panic(err)
	}
	fmt.Println(s[:4], got.CheckOffer(&offer, bolt12.Context{}))
	// Output:
	// lnr1 <nil>
}

// ExampleMerkleRoot computes the root of the first signature-test vector:
// one record, type 1, value 1000.
func ExampleMerkleRoot() {
	root, err := bolt12.MerkleRoot([]byte{0x01, 0x02, 0x03, 0xe8})
	fmt.Printf("%x %v\n", root, err)
	// Output:
	// b013756c8fee86503a0b4abdab4cddeb1af5d344ca6fc2fa8b6c08938caa6f93 <nil>
}
