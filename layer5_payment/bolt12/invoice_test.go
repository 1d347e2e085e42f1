package bolt12_test

import (
	"bytes"
	"testing"
	"time"

	"github.com/lnstack/lnstack/layer2_messaging/wire"
	"github.com/lnstack/lnstack/layer4_routing/blinding"
	"github.com/lnstack/lnstack/layer5_payment/bolt12"
)

// TestInvoiceCheck applies one change at a time to a valid invoice,
// re-signs it, and checks the reader's verdict through the string form.
func TestInvoiceCheck(t *testing.T) {
	for _, c := range []struct {
		name   string
		change func(v *bolt12.Invoice)
		want   error
	}{
		{"valid", func(*bolt12.Invoice) {}, nil},
		{"no amount", func(v *bolt12.Invoice) { v.Invoice.HasAmount = false }, bolt12.ErrMissingField},
		{"no created_at", func(v *bolt12.Invoice) { v.Invoice.HasCreatedAt = false }, bolt12.ErrMissingField},
		{"no payment hash", func(v *bolt12.Invoice) { v.Invoice.HasPaymentHash = false }, bolt12.ErrMissingField},
		{"MPP compulsory", func(v *bolt12.Invoice) { v.Invoice.HasFeatures, v.Invoice.Features = true, []byte{0x01, 0x00, 0x00} }, nil},
		{"unknown odd feature", func(v *bolt12.Invoice) { v.Invoice.HasFeatures, v.Invoice.Features = true, []byte{0x08, 0x00, 0x00} }, nil},
		{"unknown even feature", func(v *bolt12.Invoice) { v.Invoice.HasFeatures, v.Invoice.Features = true, []byte{0x04, 0x00, 0x00} }, bolt12.ErrUnknownFeature},
		{"no paths", func(v *bolt12.Invoice) { v.Invoice.HasPaths, v.Invoice.Paths = false, nil }, bolt12.ErrNoPaths},
		{"empty paths", func(v *bolt12.Invoice) { v.Invoice.Paths = nil }, bolt12.ErrNoPaths},
		{"path without hops", func(v *bolt12.Invoice) { v.Invoice.Paths[1] = path(0, 0x41) }, bolt12.ErrEmptyPath},
		{"no blindedpay", func(v *bolt12.Invoice) { v.Invoice.HasBlindedPay, v.Invoice.BlindedPay = false, nil }, bolt12.ErrMissingField},
		{"one payinfo short", func(v *bolt12.Invoice) { v.Invoice.BlindedPay = v.Invoice.BlindedPay[:1] }, bolt12.ErrPayInfo},
		{"one payinfo more", func(v *bolt12.Invoice) {
			v.Invoice.BlindedPay = append(v.Invoice.BlindedPay, bolt12.PayInfo{})
		}, bolt12.ErrPayInfo},
		{"one path unusable", func(v *bolt12.Invoice) { v.Invoice.BlindedPay[0].Features = []byte{0x01} }, nil},
		{"no path usable", func(v *bolt12.Invoice) {
			v.Invoice.BlindedPay[0].Features = []byte{0x01}
			v.Invoice.BlindedPay[1].Features = []byte{0x10, 0x00}
		}, bolt12.ErrNoUsablePath},
		{"amount differs from request", func(v *bolt12.Invoice) { v.Invoice.Amount++ }, bolt12.ErrAmount},
		{"request without amount", func(v *bolt12.Invoice) { v.Request.HasAmount, v.Invoice.Amount = false, 12345 }, nil},
		{"wrong fallback kept", func(v *bolt12.Invoice) {
			v.Invoice.Fallbacks = append(v.Invoice.Fallbacks, bolt12.FallbackAddress{Version: 17, Address: []byte{1, 2}})
		}, nil},
	} {
		v := testInvoice(t)
		c.change(v)
		sign(t, v, issuerKey)
		s, err := v.EncodeString()
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		got, err := bolt12.DecodeInvoice(s)
		wantErr(t, c.name, err, c.want)
		if err == nil {
			if again, _ := got.EncodeString(); again != s {
				t.Errorf("%s: re-encoded differently", c.name)
			}
		}
	}
}

func TestInvoiceNodeIDAndSignature(t *testing.T) {
	v := testInvoice(t)
	// Signed by a node that is not the offer's issuer.
	other := key(0x44)
	v.Invoice.NodeID = point(0x44)
	sign(t, v, other)
	wantErr(t, "not the issuer", v.Check(), bolt12.ErrNodeID)
	// An offer without issuer id: any node id passes Check.
	v.Offer.HasIssuerID = false
	v.Offer.HasPaths, v.Offer.Paths = true, []blinding.Path{path(2, 0x44)}
	sign(t, v, other)
	wantErr(t, "offer without issuer id", v.Check(), nil)

	v = testInvoice(t)
	wantErr(t, "sign with the payer's key", v.Sign(payerKey, [32]byte{}), bolt12.ErrWrongKey)
	v.HasSignature = false
	wantErr(t, "unsigned", v.Check(), bolt12.ErrSignature)
	v = testInvoice(t)
	v.Invoice.CreatedAt++
	wantErr(t, "changed after signing", v.Check(), bolt12.ErrSignature)
	v.Invoice.HasNodeID = false
	wantErr(t, "no node id", v.Check(), bolt12.ErrMissingField)
	wantErr(t, "sign without node id", v.Sign(issuerKey, [32]byte{}), bolt12.ErrMissingField)
}

func TestInvoiceCheckUsable(t *testing.T) {
	at := func(sec int64) bolt12.Context { return bolt12.Context{Now: time.Unix(sec, 0)} }
	v := testInvoice(t)
	if v.ExpiresAt() != now+bolt12.DefaultRelativeExpiry {
		t.Fatalf("expires at %d, want created_at + 7200", v.ExpiresAt())
	}
	wantErr(t, "at creation", v.CheckUsable(at(now)), nil)
	wantErr(t, "at 7200", v.CheckUsable(at(now+7200)), nil)
	wantErr(t, "after 7200", v.CheckUsable(at(now+7201)), bolt12.ErrExpired)
	v.Invoice.HasRelativeExpiry, v.Invoice.RelativeExpiry = true, 60
	wantErr(t, "after 60", v.CheckUsable(at(now+61)), bolt12.ErrExpired)
	v.Invoice.CreatedAt = ^uint64(0) - 10
	if v.ExpiresAt() != ^uint64(0) {
		t.Error("expiry overflowed")
	}
	testnet := wire.ChainHash{0x43, 0x49}
	v = testInvoice(t)
	wantErr(t, "testnet node", v.CheckUsable(bolt12.Context{Now: time.Unix(now, 0), Chains: []wire.ChainHash{testnet}}), bolt12.ErrUnsupportedChain)
}

func TestInvoiceCheckRequest(t *testing.T) {
	r := testRequest(t)
	v := testInvoice(t)
	wantErr(t, "its request", v.CheckRequest(r), nil)

	r2 := testRequest(t)
	r2.Request.PayerNote = "another note"
	sign(t, r2, payerKey)
	wantErr(t, "another request", v.CheckRequest(r2), bolt12.ErrMismatch)

	// Records the request does not have, in its ranges, are a mismatch;
	// the invoice's own records (160 to 239) are not.
	extra := testInvoice(t)
	extra.Unknown = append(extra.Unknown, wire.Record{Type: 2999999999})
	wantErr(t, "extra request-range record", extra.CheckRequest(r), bolt12.ErrMismatch)
	own := testInvoice(t)
	own.Unknown = append(wire.Records{{Type: 201}}, own.Unknown...)
	sortRecords(own.Unknown)
	wantErr(t, "invoice-range record", own.CheckRequest(r), nil)

	// An offer reached through paths: the node id is a path's final node.
	o := testOffer()
	o.HasIssuerID, o.HasPaths, o.Paths = false, true, []blinding.Path{path(2, 0x45), path(1, 0x44)}
	pr, _ := bolt12.RequestFor(o)
	pr.Request = r.Request
	sign(t, pr, payerKey)
	pv, err := bolt12.InvoiceFor(pr)
	if err != nil {
		t.Fatal(err)
	}
	pv.Invoice = testInvoice(t).Invoice
	pv.Invoice.NodeID = point(0x44)
	wantErr(t, "final node of a path", pv.CheckRequest(pr), nil)
	pv.Invoice.NodeID = point(0x50)
	wantErr(t, "first node of a path", pv.CheckRequest(pr), bolt12.ErrNodeID)
}

func TestInvoiceForCopies(t *testing.T) {
	r := testRequest(t)
	v, err := bolt12.InvoiceFor(r)
	if err != nil {
		t.Fatal(err)
	}
	if v.HasSignature {
		t.Error("the request's signature was copied")
	}
	if !v.Invoice.HasAmount || v.Invoice.Amount != r.Request.Amount {
		t.Error("invoice_amount is not invreq_amount")
	}
	if !v.Invoice.HasNodeID || v.Invoice.NodeID != r.Offer.IssuerID {
		t.Error("invoice_node_id is not offer_issuer_id")
	}
	// Every record of the request but its signature is in the invoice,
	// which adds its own (160 to 239) only.
	rb, _ := r.Encode(nil)
	vb, _ := v.Encode(nil)
	rrs, _ := wire.ParseRecords(rb)
	vrs, _ := wire.ParseRecords(vb)
	var want, got wire.Records
	for _, rec := range rrs {
		if !bolt12.IsSignatureType(rec.Type) {
			want = append(want, rec)
		}
	}
	for _, rec := range vrs {
		if rec.Type < 160 || rec.Type > 239 {
			got = append(got, rec)
		}
	}
	wb, _ := want.Append(nil)
	gb, _ := got.Append(nil)
	if !bytes.Equal(wb, gb) {
		t.Errorf("invoice holds %x of the request's records, want %x", gb, wb)
	}
}

func TestInvoiceMPPAndFallbacks(t *testing.T) {
	v := testInvoice(t)
	if req, ok := v.MPP(); req || ok {
		t.Error("MPP without the feature")
	}
	v.Invoice.Features = []byte{0x02, 0x00, 0x00}
	if req, ok := v.MPP(); req || !ok {
		t.Error("MPP/optional not seen")
	}
	v.Invoice.Features = []byte{0x01, 0x00, 0x00}
	if req, ok := v.MPP(); !req || !ok {
		t.Error("MPP/compulsory not seen")
	}
	v.Invoice.Fallbacks = []bolt12.FallbackAddress{
		{Version: 0, Address: make([]byte, 20)},
		{Version: 0, Address: make([]byte, 32)},
		{Version: 0, Address: make([]byte, 21)}, // not a v0 program
		{Version: 1, Address: make([]byte, 32)},
		{Version: 16, Address: make([]byte, 2)},
		{Version: 16, Address: make([]byte, 40)},
		{Version: 17, Address: make([]byte, 32)}, // version > 16
		{Version: 1, Address: make([]byte, 1)},   // < 2 bytes
		{Version: 1, Address: make([]byte, 41)},  // > 40 bytes
	}
	got := v.UsableFallbacks()
	if len(got) != 5 {
		t.Fatalf("%d usable fallbacks, want 5: %v", len(got), got)
	}
}
