package bolt12

import (
	"bytes"
	"fmt"
	"math/bits"

	"github.com/btcsuite/btcd/btcec/v2"

	"github.com/lnstack/lnstack/layer2_messaging/wire"
)

// InvoiceRequest is the invoice_request TLV stream (BOLT #12 "Invoice
// Requests"): the offer's fields copied, the payer's own, and the payer's
// signature.
type InvoiceRequest struct {
	// Request holds invreq_metadata and the records 80 to 91.
	Request RequestFields
	// Offer holds the offer records, copied from the offer answered (or
	// set by the payer for a request without an offer).
	Offer OfferFields

	// HasSignature: signature, by invreq_payer_id.
	HasSignature bool
	Signature    wire.Bip340Sig

	// Unknown holds the unknown odd records.
	Unknown wire.Records
}

// Walk walks the stream as the field name ("" on its own).
func (r *InvoiceRequest) Walk(f *wire.Fields, name string) {
	tlv := f.BeginStream(name, &r.Unknown)
	r.Request.walkMetadata(f, &tlv)
	r.Offer.walk(f, &tlv)
	r.Request.walk(f, &tlv)
	if tlv.Record(240, "signature", &r.HasSignature) {
		f.Bip340Sig("sig", &r.Signature)
	}
	tlv.End()
}

// Fields implements wire.Walker.
func (r *InvoiceRequest) Fields(f *wire.Fields) { r.Walk(f, "") }

// Decode decodes a TLV stream into r, checking the TLV rules only (use
// DecodeInvoiceRequestTLV for the reader's requirements). On failure r is
// unchanged.
func (r *InvoiceRequest) Decode(stream []byte) error {
	var v InvoiceRequest
	d := wire.NewDecoder(stream)
	v.Fields(&d)
	if err := d.Done(); err != nil {
		return err
	}
	*r = v
	return nil
}

// Encode appends the TLV stream to dst.
func (r *InvoiceRequest) Encode(dst []byte) ([]byte, error) {
	e := wire.NewEncoder(dst)
	r.Fields(&e)
	return e.Output()
}

// EncodeString returns the string form, "lnr1...".
func (r *InvoiceRequest) EncodeString() (string, error) {
	b, err := r.Encode(nil)
	if err != nil {
		return "", err
	}
	return EncodeString(PrefixInvoiceRequest, b), nil
}

// MarshalJSON prints the stream in the JSON form of docs/WIREJSON.
func (r *InvoiceRequest) MarshalJSON() ([]byte, error) { return wire.MarshalJSON(r) }

// DecodeInvoiceRequest decodes an invoice_request string ("lnr1...") and
// applies the reader requirements that need nothing but the request
// (Check), the signature included.
func DecodeInvoiceRequest(s string) (*InvoiceRequest, error) {
	stream, err := decodeString(s, PrefixInvoiceRequest)
	if err != nil {
		return nil, err
	}
	return DecodeInvoiceRequestTLV(stream)
}

// DecodeInvoiceRequestTLV decodes an invoice_request TLV stream, as carried
// in an onion message, and applies Check.
func DecodeInvoiceRequestTLV(stream []byte) (*InvoiceRequest, error) {
	var r InvoiceRequest
	if err := r.Decode(stream); err != nil {
		return nil, err
	}
	if err := r.check(stream); err != nil {
		return nil, err
	}
	return &r, nil
}

// RequestFor returns an invoice_request for offer o with its fields copied:
// the writer "MUST copy all fields from the offer (including unknown
// fields)". The caller sets the request's own fields, then signs.
func RequestFor(o *Offer) (*InvoiceRequest, error) {
	b, err := o.Encode(nil)
	if err != nil {
		return nil, err
	}
	var r InvoiceRequest
	if err := r.Decode(b); err != nil {
		return nil, err
	}
	return &r, nil
}

// Sign sets the signature: "MUST set signature.sig as detailed in Signature
// Calculation using the invreq_payer_id". key must be the payer id's
// (ErrWrongKey); aux is BIP-340's auxiliary randomness (fresh random bytes,
// or zero for a deterministic signature).
func (r *InvoiceRequest) Sign(key *btcec.PrivateKey, aux [32]byte) error {
	if !r.Request.HasPayerID {
		return fieldErr("invreq_payer_id", ErrMissingField)
	}
	if wire.PointFromPubKey(key.PubKey()) != r.Request.PayerID {
		return fieldErr("invreq_payer_id", ErrWrongKey)
	}
	b, err := r.Encode(nil)
	if err != nil {
		return err
	}
	sig, err := signStream("invoice_request", b, key, aux)
	if err != nil {
		return err
	}
	r.HasSignature, r.Signature = true, sig
	return nil
}

// Check applies the requirements of "The reader" of an invoice_request that
// depend on the request alone, the signature included. CheckUsable and
// CheckOffer add those that depend on the reader and its offer.
func (r *InvoiceRequest) Check() error {
	b, err := r.Encode(nil)
	if err != nil {
		return err
	}
	return r.check(b)
}

// check is Check of the request encoded as stream.
func (r *InvoiceRequest) check(stream []byte) error {
	q, o := &r.Request, &r.Offer
	// "MUST reject the invoice request if invreq_payer_id or
	// invreq_metadata are not present."
	if !q.HasPayerID {
		return fieldErr("invreq_payer_id", ErrMissingField)
	}
	if !q.HasMetadata {
		return fieldErr("invreq_metadata", ErrMissingField)
	}
	// "MUST reject the invoice request if any non-signature TLV fields are
	// outside the inclusive ranges: 0 to 159 and 1000000000 to
	// 2999999999".
	for _, u := range r.Unknown {
		if !IsSignatureType(u.Type) && !inRequestRange(u.Type) {
			return fieldErr(fmt.Sprintf("type %d", u.Type), ErrOutOfRange)
		}
	}
	// "if invreq_features contains unknown _even_ bits that are non-zero:
	// MUST reject the invoice request." BOLT #9 defines none.
	if err := unknownEven("invreq_features", q.Features, nil); err != nil {
		return err
	}
	// "if num_hops is 0 in any blinded_path in invreq_paths: MUST reject
	// the invoice request."
	if err := checkPaths("invreq_paths", q.Paths); err != nil {
		return err
	}
	if o.HasIssuerID || o.HasPaths {
		if err := r.checkResponse(); err != nil {
			return err
		}
	} else {
		// "otherwise (no offer_issuer_id or offer_paths, not a response
		// to our offer): MUST reject the invoice request if any of the
		// following are present: offer_chains, offer_features or
		// offer_quantity_max. MUST reject the invoice request if
		// invreq_amount is not present."
		switch {
		case o.HasChains:
			return fieldErr("offer_chains", ErrUnexpectedField)
		case o.HasFeatures:
			return fieldErr("offer_features", ErrUnexpectedField)
		case o.HasQuantityMax:
			return fieldErr("offer_quantity_max", ErrUnexpectedField)
		case !q.HasAmount:
			return fieldErr("invreq_amount", ErrMissingField)
		}
	}
	// "if invreq_bip_353_name is present: MUST reject the invoice request
	// if name or domain contain any bytes which are not 0-9, a-z, A-Z, -,
	// _ or .."
	if q.HasBIP353Name && !(bip353Chars(q.BIP353Name.Name) && bip353Chars(q.BIP353Name.Domain)) {
		return fieldErr("invreq_bip_353_name", ErrBIP353Name)
	}
	// Last, being the costliest: "MUST reject the invoice request if
	// signature is not correct as detailed in Signature Calculation using
	// the invreq_payer_id."
	if !r.HasSignature {
		return fieldErr("signature", ErrSignature)
	}
	if err := VerifySignature("invoice_request", stream, r.Signature, q.PayerID); err != nil {
		return fieldErr("signature", err)
	}
	return nil
}

// checkResponse applies the rules for a request answering an offer that
// need nothing but the request: the quantity, and the amount when the offer
// is in millisatoshi.
func (r *InvoiceRequest) checkResponse() error {
	q, o := &r.Request, &r.Offer
	// "if offer_quantity_max is present: MUST reject the invoice request if
	// there is no invreq_quantity field. if offer_quantity_max is
	// non-zero: MUST reject the invoice request if invreq_quantity is
	// zero, OR greater than offer_quantity_max. otherwise: MUST reject the
	// invoice request if there is an invreq_quantity field."
	switch {
	case o.HasQuantityMax && !q.HasQuantity:
		return fieldErr("invreq_quantity", ErrMissingField)
	case o.HasQuantityMax && o.QuantityMax != 0 && (q.Quantity == 0 || q.Quantity > o.QuantityMax):
		return fieldErr("invreq_quantity", ErrQuantity)
	case !o.HasQuantityMax && q.HasQuantity:
		return fieldErr("invreq_quantity", ErrUnexpectedField)
	}
	// "otherwise (no offer_amount): MUST reject the invoice request if it
	// does not contain invreq_amount."
	if !o.HasAmount {
		if !q.HasAmount {
			return fieldErr("invreq_amount", ErrMissingField)
		}
		return nil
	}
	// An amount in a currency needs the reader's conversion: CheckUsable.
	if o.HasCurrency || !q.HasAmount {
		return nil
	}
	return r.checkAmount(o.Amount)
}

// checkAmount applies "MUST reject the invoice request if
// invreq_amount.msat is less than the *expected amount*", the expected
// amount being perItem (in millisatoshi) times invreq_quantity if present.
func (r *InvoiceRequest) checkAmount(perItem uint64) error {
	q := &r.Request
	expected := perItem
	if q.HasQuantity {
		hi, lo := bits.Mul64(perItem, q.Quantity)
		if hi != 0 {
			return fieldErr("invreq_amount", ErrAmount)
		}
		expected = lo
	}
	if q.Amount < expected {
		return fieldErr("invreq_amount", ErrAmount)
	}
	return nil
}

// CheckUsable applies the reader requirements that depend on the reader:
// "if invreq_chain is not present: MUST reject the invoice request if
// bitcoin is not a supported chain. otherwise: MUST reject the invoice
// request if invreq_chain.chain is not a supported chain", and the expected
// amount of an offer in a currency ("if offer_currency is not the
// invreq_chain currency, convert to the invreq_chain currency").
func (r *InvoiceRequest) CheckUsable(c Context) error {
	q, o := &r.Request, &r.Offer
	if !c.accepts(r.Chain()) {
		return fieldErr("invreq_chain", ErrUnsupportedChain)
	}
	if !(o.HasIssuerID || o.HasPaths) || !o.HasAmount || !o.HasCurrency || !q.HasAmount {
		return nil
	}
	if c.Convert == nil {
		return fieldErr("offer_currency", ErrCurrency)
	}
	msat, err := c.Convert(o.Currency, o.Amount, r.Chain())
	if err != nil {
		return fieldErr("offer_currency", fmt.Errorf("%w: %v", ErrCurrency, err))
	}
	return r.checkAmount(msat)
}

// Chain returns invreq_chain, or bitcoin when it is absent.
func (r *InvoiceRequest) Chain() wire.ChainHash {
	if r.Request.HasChain {
		return r.Request.Chain
	}
	return BitcoinChain()
}

// CheckOffer applies "if offer_issuer_id or offer_paths are present
// (response to an offer): MUST reject the invoice request if the offer
// fields do not exactly match a valid, unexpired offer", for the reader's
// offer o: every record in the offer's ranges, unknown ones included, must
// be o's, byte for byte; then o itself must pass Check and CheckUsable.
func (r *InvoiceRequest) CheckOffer(o *Offer, c Context) error {
	want, err := o.Encode(nil)
	if err != nil {
		return err
	}
	b, err := r.Encode(nil)
	if err != nil {
		return err
	}
	got, err := filterRecords(b, inOfferRange)
	if err != nil {
		return err
	}
	if !bytes.Equal(got, want) {
		return fieldErr("offer", ErrMismatch)
	}
	if err := o.Check(); err != nil {
		return err
	}
	return o.CheckUsable(c)
}

// filterRecords returns the records of stream whose types keep accepts.
func filterRecords(stream []byte, keep func(uint64) bool) ([]byte, error) {
	var out []byte
	it := newRecords(stream)
	for r, ok := it.next(); ok; r, ok = it.next() {
		if keep(r.typ) {
			out = append(out, r.whole...)
		}
	}
	return out, it.err
}

// bip353Chars reports whether b holds only 0-9, a-z, A-Z, '-', '_', '.'.
func bip353Chars(b []byte) bool {
	for _, c := range b {
		ok := '0' <= c && c <= '9' || 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || c == '-' || c == '_' || c == '.'
		if !ok {
			return false
		}
	}
	return true
}
