package bolt12

import (
	"bytes"

	"github.com/btcsuite/btcd/btcec/v2"

	"github.com/lnstack/lnstack/layer2_messaging/feature"
	"github.com/lnstack/lnstack/layer2_messaging/wire"
)

// The invoice features of BOLT #12 "Invoice Features": MPP/compulsory (16)
// and MPP/optional (17).
const (
	FeatureMPPCompulsory = 16
	FeatureMPPOptional   = 17
)

// DefaultRelativeExpiry is the expiry of an invoice without
// invoice_relative_expiry: "7200 seconds after invoice_created_at".
const DefaultRelativeExpiry = 7200

// Invoice is the invoice TLV stream (BOLT #12 "Invoices"): the request's
// fields copied (and through them the offer's), the invoice's own, and the
// signature of invoice_node_id.
type Invoice struct {
	// Request holds invreq_metadata and the records 80 to 91.
	Request RequestFields
	// Offer holds the offer records.
	Offer OfferFields
	// Invoice holds the records 160 to 176.
	Invoice InvoiceFields

	// HasSignature: signature, by invoice_node_id.
	HasSignature bool
	Signature    wire.Bip340Sig

	// Unknown holds the unknown odd records.
	Unknown wire.Records
}

// Walk walks the stream as the field name ("" on its own).
func (v *Invoice) Walk(f *wire.Fields, name string) {
	tlv := f.BeginStream(name, &v.Unknown)
	v.Request.walkMetadata(f, &tlv)
	v.Offer.walk(f, &tlv)
	v.Request.walk(f, &tlv)
	v.Invoice.walk(f, &tlv)
	if tlv.Record(240, "signature", &v.HasSignature) {
		f.Bip340Sig("sig", &v.Signature)
	}
	tlv.End()
}

// Fields implements wire.Walker.
func (v *Invoice) Fields(f *wire.Fields) { v.Walk(f, "") }

// Decode decodes a TLV stream into v, checking the TLV rules only (use
// DecodeInvoiceTLV for the reader's requirements). On failure v is
// unchanged.
func (v *Invoice) Decode(stream []byte) error {
	var n Invoice
	d := wire.NewDecoder(stream)
	n.Fields(&d)
	if err := d.Done(); err != nil {
		return err
	}
	*v = n
	return nil
}

// Encode appends the TLV stream to dst.
func (v *Invoice) Encode(dst []byte) ([]byte, error) {
	e := wire.NewEncoder(dst)
	v.Fields(&e)
	return e.Output()
}

// EncodeString returns the string form, "lni1...".
func (v *Invoice) EncodeString() (string, error) {
	b, err := v.Encode(nil)
	if err != nil {
		return "", err
	}
	return EncodeString(PrefixInvoice, b), nil
}

// MarshalJSON prints the stream in the JSON form of docs/WIREJSON.
func (v *Invoice) MarshalJSON() ([]byte, error) { return wire.MarshalJSON(v) }

// DecodeInvoice decodes an invoice string ("lni1...") and applies the
// reader requirements that need nothing but the invoice (Check), the
// signature included.
func DecodeInvoice(s string) (*Invoice, error) {
	stream, err := decodeString(s, PrefixInvoice)
	if err != nil {
		return nil, err
	}
	return DecodeInvoiceTLV(stream)
}

// DecodeInvoiceTLV decodes an invoice TLV stream, as carried in an onion
// message, and applies Check.
func DecodeInvoiceTLV(stream []byte) (*Invoice, error) {
	var v Invoice
	if err := v.Decode(stream); err != nil {
		return nil, err
	}
	if err := v.check(stream); err != nil {
		return nil, err
	}
	return &v, nil
}

// InvoiceFor returns an invoice answering request r: the writer "MUST copy
// all non-signature fields from the invoice request (including unknown
// fields)", sets invoice_amount to invreq_amount when present, and
// invoice_node_id to offer_issuer_id when present. The caller sets the
// rest (invoice_created_at, invoice_payment_hash, the paths and their
// payinfo, the amount when the request has none), then signs.
func InvoiceFor(r *InvoiceRequest) (*Invoice, error) {
	b, err := r.Encode(nil)
	if err != nil {
		return nil, err
	}
	b, err = filterRecords(b, func(t uint64) bool { return !IsSignatureType(t) })
	if err != nil {
		return nil, err
	}
	var v Invoice
	if err := v.Decode(b); err != nil {
		return nil, err
	}
	if v.Request.HasAmount {
		v.Invoice.HasAmount, v.Invoice.Amount = true, v.Request.Amount
	}
	if v.Offer.HasIssuerID {
		v.Invoice.HasNodeID, v.Invoice.NodeID = true, v.Offer.IssuerID
	}
	return &v, nil
}

// Sign sets the signature: "MUST set sig to the signature using
// invoice_node_id as described in Signature Calculation". key must be the
// node id's (ErrWrongKey); aux is BIP-340's auxiliary randomness.
func (v *Invoice) Sign(key *btcec.PrivateKey, aux [32]byte) error {
	if !v.Invoice.HasNodeID {
		return fieldErr("invoice_node_id", ErrMissingField)
	}
	if wire.PointFromPubKey(key.PubKey()) != v.Invoice.NodeID {
		return fieldErr("invoice_node_id", ErrWrongKey)
	}
	b, err := v.Encode(nil)
	if err != nil {
		return err
	}
	sig, err := signStream("invoice", b, key, aux)
	if err != nil {
		return err
	}
	v.HasSignature, v.Signature = true, sig
	return nil
}

// Check applies the requirements of "A reader of an invoice" that depend
// on the invoice alone, the signature included. CheckUsable and
// CheckRequest add those that depend on the reader and its request.
func (v *Invoice) Check() error {
	b, err := v.Encode(nil)
	if err != nil {
		return err
	}
	return v.check(b)
}

// check is Check of the invoice encoded as stream.
func (v *Invoice) check(stream []byte) error {
	i := &v.Invoice
	// "MUST reject the invoice if invoice_amount is not present", and the
	// same of invoice_created_at, invoice_payment_hash and invoice_node_id.
	switch {
	case !i.HasAmount:
		return fieldErr("invoice_amount", ErrMissingField)
	case !i.HasCreatedAt:
		return fieldErr("invoice_created_at", ErrMissingField)
	case !i.HasPaymentHash:
		return fieldErr("invoice_payment_hash", ErrMissingField)
	case !i.HasNodeID:
		return fieldErr("invoice_node_id", ErrMissingField)
	}
	// "if invoice_features contains unknown _even_ bits that are non-zero:
	// MUST reject the invoice."
	if err := unknownEven("invoice_features", i.Features, []int{FeatureMPPCompulsory}); err != nil {
		return err
	}
	// "MUST reject the invoice if invoice_paths is not present or is
	// empty"; "MUST reject the invoice if num_hops is 0 in any
	// blinded_path in invoice_paths."
	if len(i.Paths) == 0 {
		return fieldErr("invoice_paths", ErrNoPaths)
	}
	if err := checkPaths("invoice_paths", i.Paths); err != nil {
		return err
	}
	// "MUST reject the invoice if invoice_blindedpay is not present"; "...
	// does not contain exactly one blinded_payinfo per
	// invoice_paths.blinded_path."
	if !i.HasBlindedPay {
		return fieldErr("invoice_blindedpay", ErrMissingField)
	}
	if len(i.BlindedPay) != len(i.Paths) {
		return fieldErr("invoice_blindedpay", ErrPayInfo)
	}
	// "MUST NOT use the corresponding invoice_paths.path if
	// payinfo.features has any unknown even bits set. MUST reject the
	// invoice if this leaves no usable paths."
	if len(v.UsablePaths()) == 0 {
		return fieldErr("invoice_blindedpay", ErrNoUsablePath)
	}
	// "if invreq_amount is present: MUST reject the invoice if
	// invoice_amount is not equal to invreq_amount".
	if v.Request.HasAmount && i.Amount != v.Request.Amount {
		return fieldErr("invoice_amount", ErrAmount)
	}
	// "if offer_issuer_id is present (invoice_request for an offer): MUST
	// reject the invoice if invoice_node_id is not equal to
	// offer_issuer_id". The invoice carries the offer's fields, so this
	// holds of any invoice answering a request; CheckRequest checks that
	// they are the request's.
	if v.Offer.HasIssuerID && i.NodeID != v.Offer.IssuerID {
		return fieldErr("invoice_node_id", ErrNodeID)
	}
	// "MUST reject the invoice if signature is not a valid signature using
	// invoice_node_id as described in Signature Calculation."
	if !v.HasSignature {
		return fieldErr("signature", ErrSignature)
	}
	if err := VerifySignature("invoice", stream, v.Signature, i.NodeID); err != nil {
		return fieldErr("signature", err)
	}
	return nil
}

// UsablePaths returns the indices of the invoice_paths whose
// blinded_payinfo sets no unknown even feature bit (BOLT #9 defines none
// for blinded paths), in the invoice's order, which readers "SHOULD prefer".
func (v *Invoice) UsablePaths() []int {
	var out []int
	for k := range v.Invoice.Paths {
		if k < len(v.Invoice.BlindedPay) && unknownEven("payinfo", v.Invoice.BlindedPay[k].Features, nil) == nil {
			out = append(out, k)
		}
	}
	return out
}

// ExpiresAt returns when payment of the invoice should no longer be
// attempted, in seconds since 1970: invoice_created_at plus
// invoice_relative_expiry, or plus 7200.
func (v *Invoice) ExpiresAt() uint64 {
	exp := uint64(DefaultRelativeExpiry)
	if v.Invoice.HasRelativeExpiry {
		exp = uint64(v.Invoice.RelativeExpiry)
	}
	if v.Invoice.CreatedAt > ^uint64(0)-exp {
		return ^uint64(0)
	}
	return v.Invoice.CreatedAt + exp
}

// Chain returns invreq_chain, or bitcoin when it is absent.
func (v *Invoice) Chain() wire.ChainHash {
	if v.Request.HasChain {
		return v.Request.Chain
	}
	return BitcoinChain()
}

// CheckUsable applies the reader requirements that depend on the reader:
// the chain ("if invreq_chain is not present: MUST reject the invoice if
// bitcoin is not a supported chain. otherwise: MUST reject the invoice if
// invreq_chain.chain is not a supported chain") and the expiry ("MUST
// reject the invoice if the current time since 1970-01-01 UTC is greater
// than invoice_created_at plus seconds_from_creation", or plus 7200).
func (v *Invoice) CheckUsable(c Context) error {
	if !c.accepts(v.Chain()) {
		return fieldErr("invreq_chain", ErrUnsupportedChain)
	}
	if c.unix() > v.ExpiresAt() {
		return fieldErr("invoice_created_at", ErrExpired)
	}
	return nil
}

// CheckRequest applies the requirements for an invoice answering the
// reader's request r: "MUST reject the invoice if all fields in ranges 0 to
// 159 and 1000000000 to 2999999999 (inclusive) do not exactly match the
// invoice request", and the node id: offer_issuer_id when the offer has
// one, else the final blinded_node_id of an offer path. (The BOLT names the
// path the request went through; a reader that sent it through one path
// compares that path's final node itself.)
func (v *Invoice) CheckRequest(r *InvoiceRequest) error {
	ib, err := v.Encode(nil)
	if err != nil {
		return err
	}
	rb, err := r.Encode(nil)
	if err != nil {
		return err
	}
	got, err := filterRecords(ib, inRequestRange)
	if err != nil {
		return err
	}
	want, err := filterRecords(rb, inRequestRange)
	if err != nil {
		return err
	}
	if !bytes.Equal(got, want) {
		return fieldErr("invoice_request", ErrMismatch)
	}
	o, id := &v.Offer, v.Invoice.NodeID
	switch {
	case o.HasIssuerID:
		if id != o.IssuerID {
			return fieldErr("invoice_node_id", ErrNodeID)
		}
	case o.HasPaths:
		for _, p := range o.Paths {
			if n := len(p.Hops); n > 0 && p.Hops[n-1].BlindedNodeID == id {
				return nil
			}
		}
		return fieldErr("invoice_node_id", ErrNodeID)
	}
	return nil
}

// MPP tells how the invoice may be paid in parts: required ("MUST pay the
// invoice via multiple separate blinded paths"), allowed ("MAY pay the
// invoice via multiple separate payments"); with neither, the reader "MUST
// NOT use multiple parts".
func (v *Invoice) MPP() (required, allowed bool) {
	f := v.Invoice.Features
	req := f.IsSet(feature.Bit(FeatureMPPCompulsory))
	return req, req || f.IsSet(feature.Bit(FeatureMPPOptional))
}

// UsableFallbacks returns the invoice_fallbacks a bitcoin reader may use:
// it "MUST ignore any fallback_address for which version is greater than
// 16", "for which address is less than 2 or greater than 40 bytes" and
// "for which address does not meet known requirements for the given
// version" (BIP-141: a version 0 program is 20 or 32 bytes).
func (v *Invoice) UsableFallbacks() []FallbackAddress {
	var out []FallbackAddress
	for _, a := range v.Invoice.Fallbacks {
		n := len(a.Address)
		switch {
		case a.Version > 16, n < 2, n > 40:
		case a.Version == 0 && n != 20 && n != 32:
		default:
			out = append(out, a)
		}
	}
	return out
}
