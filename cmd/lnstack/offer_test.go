package main

import (
	"bytes"
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/btcsuite/btcd/btcec/v2"

	"github.com/lnstack/lnstack/layer2_messaging/wire"
	"github.com/lnstack/lnstack/layer4_routing/blinding"
	"github.com/lnstack/lnstack/layer5_payment/bolt12"
)

// The offer of the BOLT's format-string vectors, and the signed
// invoice_request of its signature vectors.
const (
	testOfferString  = "lno1pqps7sjqpgtyzm3qv4uxzmtsd3jjqer9wd3hy6tsw35k7msjzfpy7nz5yqcnygrfdej82um5wf5k2uckyypwa3eyt44h6txtxquqh7lz5djge4afgfjn7k4rgrkuag0jsd5xvxg"
	testInvReqString = "lnr1qqyqqqqqqqqqqqqqqcp4256ypqqkgzshgysy6ct5dpjk6ct5d93kzmpq23ex2ct5d9ek293pqthvwfzadd7jejes8q9lhc4rvjxd022zv5l44g6qah82ru5rdpnpjkppqvjx204vgdzgsqpvcp4mldl3plscny0rt707gvpdh6ndydfacz43euzqhrurageg3n7kafgsek6gz3e9w52parv8gs2hlxzk95tzeswywffxlkeyhml0hh46kndmwf4m6xma3tkq2lu04qz3slje2rfthc89vss"
)

func TestDecodeOfferCommand(t *testing.T) {
	v := parseJSON(t, decodeOut(t, "offer", testOfferString))
	if v["offer_description"].(map[string]any)["description"] != "An example description" {
		t.Errorf("offer_description: %v", v["offer_description"])
	}
	if v["offer_amount"].(map[string]any)["amount"].(interface{ String() string }).String() != "1000000" {
		t.Errorf("offer_amount: %v", v["offer_amount"])
	}
	// Split by the shell after a '+', and indented.
	half := len(testOfferString) / 2
	out := decodeOut(t, "offer", "--indent", testOfferString[:half]+"+", testOfferString[half:])
	if !strings.Contains(out, "\n  \"offer_issuer\": {") {
		t.Errorf("indented output:\n%s", out)
	}
}

func TestDecodeInvReqCommand(t *testing.T) {
	v := parseJSON(t, decodeOut(t, "invreq", testInvReqString))
	for _, rec := range []string{"invreq_metadata", "offer_currency", "offer_amount", "offer_description", "offer_issuer_id", "invreq_payer_id", "signature"} {
		if _, ok := v[rec]; !ok {
			t.Errorf("record %s not printed: %v", rec, v)
		}
	}
}

func TestDecodeBolt12InvoiceCommand(t *testing.T) {
	s := testBolt12Invoice(t)
	if !isBolt12Invoice([]string{"--indent", s}) || !isBolt12Invoice([]string{"L+NI1QQ"}) {
		t.Fatal("a BOLT 12 invoice is not recognised")
	}
	if isBolt12Invoice([]string{"lnbc2500u1pvjluez"}) || isBolt12Invoice([]string{"lntb1"}) || isBolt12Invoice(nil) {
		t.Fatal("a BOLT 11 invoice is taken for a BOLT 12 one")
	}
	var out, errb bytes.Buffer
	if err := decodeBolt12Invoice(&env{stdout: &out, stderr: &errb}, []string{s}); err != nil {
		t.Fatal(err)
	}
	v := parseJSON(t, out.String())
	if _, ok := v["invoice_node_id"]; !ok {
		t.Errorf("invoice_node_id not printed: %s", out.String())
	}
	paths := v["invoice_paths"].(map[string]any)["paths"].([]any)
	if len(paths) != 1 {
		t.Errorf("invoice_paths: %v", paths)
	}
}

// TestDecodeBolt12Errors checks that an invalid string exits 1 with the
// reader's message, and a missing argument with the usage.
func TestDecodeBolt12Errors(t *testing.T) {
	for _, c := range []struct {
		args []string
		code int
		msg  string
	}{
		{[]string{"offer", "lno1pgx9getnwss8vetrw3hhyuc"}, 1, "offer_issuer_id: bolt12: required field missing"},
		{[]string{"offer", "LnO1pqps"}, 1, "mixes upper and lower case"},
		{[]string{"offer", testInvReqString}, 1, "wrong or missing human-readable prefix"},
		{[]string{"invreq", strings.Replace(testInvReqString, "vss", "vsq", 1)}, 1, "signature"},
		{[]string{"offer"}, 2, "usage: lnstack decode offer"},
		{[]string{"invreq", "--nope", "x"}, 2, "usage: lnstack decode invreq"},
	} {
		var out, errb bytes.Buffer
		code := run(context.Background(), &env{stdout: &out, stderr: &errb}, append([]string{"decode"}, c.args...))
		if code != c.code || !strings.Contains(errb.String(), c.msg) || out.Len() != 0 {
			t.Errorf("decode %v: exit %d, stderr %q, stdout %q; want exit %d and %q", c.args, code, errb.String(), out.String(), c.code, c.msg)
		}
	}
	// The error the command returns is the reader's typed error.
	err := decodeOffer(&env{stdout: new(bytes.Buffer), stderr: new(bytes.Buffer)}, []string{"lno1pqpzwyqkyypwa3eyt44h6txtxquqh7lz5djge4afgfjn7k4rgrkuag0jsd5xvxg"})
	if !errors.Is(err, bolt12.ErrMissingField) {
		t.Errorf("error %v, want ErrMissingField", err)
	}
}

// testBolt12Invoice builds a signed invoice for a signed request.
func testBolt12Invoice(t *testing.T) string {
	k := func(b byte) *btcec.PrivateKey {
		key, _ := btcec.PrivKeyFromBytes(bytes.Repeat([]byte{b}, 32))
		return key
	}
	issuer, payer := k(0x41), k(0x42)
	var o bolt12.Offer
	o.HasDescription, o.Description = true, "tip"
	o.HasIssuerID, o.IssuerID = true, wire.PointFromPubKey(issuer.PubKey())
	r, err := bolt12.RequestFor(&o)
	if err != nil {
		t.Fatal(err)
	}
	r.Request.HasMetadata, r.Request.Metadata = true, []byte{1}
	r.Request.HasAmount, r.Request.Amount = true, 1000
	r.Request.HasPayerID, r.Request.PayerID = true, wire.PointFromPubKey(payer.PubKey())
	if err := r.Sign(payer, [32]byte{}); err != nil {
		t.Fatal(err)
	}
	inv, err := bolt12.InvoiceFor(r)
	if err != nil {
		t.Fatal(err)
	}
	i := &inv.Invoice
	i.HasPaths = true
	i.Paths = []blinding.Path{{
		FirstNodeID:  wire.SciddirFromPoint(wire.PointFromPubKey(k(0x43).PubKey())),
		FirstPathKey: wire.PointFromPubKey(k(0x44).PubKey()),
		Hops:         []blinding.Hop{{BlindedNodeID: wire.PointFromPubKey(k(0x45).PubKey()), EncryptedRecipientData: []byte{1, 2, 3}}},
	}}
	i.HasBlindedPay, i.BlindedPay = true, []bolt12.PayInfo{{CltvExpiryDelta: 144}}
	i.HasCreatedAt, i.CreatedAt = true, 1_700_000_000
	i.HasPaymentHash = true
	if err := inv.Sign(issuer, [32]byte{}); err != nil {
		t.Fatal(err)
	}
	s, err := inv.EncodeString()
	if err != nil {
		t.Fatal(err)
	}
	return s
}
