package bolt12

import (
	"fmt"

	"github.com/lnstack/lnstack/layer2_messaging/wire"
)

// Offer is the offer TLV stream (BOLT #12 "Offers"): what a merchant
// publishes, and the precursor of every invoice_request for it.
type Offer struct {
	OfferFields

	// Unknown holds the unknown odd records, kept so the offer re-encodes
	// byte for byte (an invoice_request must copy them).
	Unknown wire.Records
}

// Walk walks the stream as the field name ("" on its own).
func (o *Offer) Walk(f *wire.Fields, name string) {
	tlv := f.BeginStream(name, &o.Unknown)
	o.OfferFields.walk(f, &tlv)
	tlv.End()
}

// Fields implements wire.Walker.
func (o *Offer) Fields(f *wire.Fields) { o.Walk(f, "") }

// Decode decodes a TLV stream into o, checking the TLV rules only (use
// DecodeOfferTLV for the reader's requirements). On failure o is unchanged.
func (o *Offer) Decode(stream []byte) error {
	var v Offer
	d := wire.NewDecoder(stream)
	v.Fields(&d)
	if err := d.Done(); err != nil {
		return err
	}
	*o = v
	return nil
}

// Encode appends the TLV stream to dst.
func (o *Offer) Encode(dst []byte) ([]byte, error) {
	e := wire.NewEncoder(dst)
	o.Fields(&e)
	return e.Output()
}

// EncodeString returns the offer's string form, "lno1...".
func (o *Offer) EncodeString() (string, error) {
	b, err := o.Encode(nil)
	if err != nil {
		return "", err
	}
	return EncodeString(PrefixOffer, b), nil
}

// MarshalJSON prints the stream in the JSON form of docs/WIREJSON: record
// names as keys.
func (o *Offer) MarshalJSON() ([]byte, error) { return wire.MarshalJSON(o) }

// DecodeOffer decodes an offer string ("lno1...") and applies the reader
// requirements that need nothing but the offer (Check).
func DecodeOffer(s string) (*Offer, error) {
	stream, err := decodeString(s, PrefixOffer)
	if err != nil {
		return nil, err
	}
	return DecodeOfferTLV(stream)
}

// DecodeOfferTLV decodes an offer's TLV stream and applies Check.
func DecodeOfferTLV(stream []byte) (*Offer, error) {
	var o Offer
	if err := o.Decode(stream); err != nil {
		return nil, err
	}
	if err := o.Check(); err != nil {
		return nil, err
	}
	return &o, nil
}

// Check applies the requirements of "A reader of an offer" that depend on
// the offer alone; when one fails, the reader "MUST NOT respond to the
// offer". CheckUsable adds those that depend on the time and the reader's
// chains.
func (o *Offer) Check() error {
	// BOLT #12: "if the offer contains any TLV fields outside the
	// inclusive ranges: 1 to 79 and 1000000000 to 1999999999: MUST NOT
	// respond to the offer." The known records are inside them.
	for _, r := range o.Unknown {
		if !inOfferRange(r.Type) {
			return fieldErr(fmt.Sprintf("type %d", r.Type), ErrOutOfRange)
		}
	}
	// "if offer_features contains unknown _even_ bits that are non-zero:
	// MUST NOT respond to the offer." BOLT #9 defines no offer feature.
	if err := unknownEven("offer_features", o.Features, nil); err != nil {
		return err
	}
	// Rationale: "An empty offer_chains (present but with zero entries) is
	// explicitly invalid because it would make invoice requests
	// impossible."
	if o.HasChains && len(o.Chains) == 0 {
		return fieldErr("offer_chains", ErrEmptyChains)
	}
	// "if offer_amount is set and offer_description is not set: MUST NOT
	// respond to the offer."
	if o.HasAmount && !o.HasDescription {
		return fieldErr("offer_description", ErrMissingField)
	}
	// "if offer_amount is set and is not greater than zero: MUST NOT
	// respond to the offer."
	if o.HasAmount && o.Amount == 0 {
		return fieldErr("offer_amount", ErrZeroAmount)
	}
	// "if offer_currency is set and offer_amount is not set: MUST NOT
	// respond to the offer."
	if o.HasCurrency && !o.HasAmount {
		return fieldErr("offer_amount", ErrMissingField)
	}
	// "if neither offer_issuer_id nor offer_paths are set: MUST NOT
	// respond to the offer." An offer_paths without a path leaves nowhere
	// to send the request either.
	if !o.HasIssuerID && len(o.Paths) == 0 {
		return fieldErr("offer_issuer_id", ErrMissingField)
	}
	// "if num_hops is 0 in any blinded_path in offer_paths: MUST NOT
	// respond to the offer."
	return checkPaths("offer_paths", o.Paths)
}

// CheckUsable applies the requirements of "A reader of an offer" that
// depend on the reader: the time and the chains it accepts.
func (o *Offer) CheckUsable(c Context) error {
	// "if the current time is after offer_absolute_expiry: MUST NOT
	// respond to the offer."
	if o.HasAbsoluteExpiry && c.unix() > o.AbsoluteExpiry {
		return fieldErr("offer_absolute_expiry", ErrExpired)
	}
	// "if offer_chains is not set: if the node does not accept bitcoin
	// invoices: MUST NOT respond to the offer"; "otherwise: if the node
	// does not accept invoices for at least one of the chains: MUST NOT
	// respond to the offer".
	if !o.HasChains {
		if !c.accepts(BitcoinChain()) {
			return fieldErr("offer_chains", ErrUnsupportedChain)
		}
		return nil
	}
	for _, ch := range o.Chains {
		if c.accepts(ch) {
			return nil
		}
	}
	return fieldErr("offer_chains", ErrUnsupportedChain)
}
