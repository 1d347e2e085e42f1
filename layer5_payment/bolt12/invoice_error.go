package bolt12

import "github.com/lnstack/lnstack/layer2_messaging/wire"

// InvoiceError is the invoice_error TLV stream (BOLT #12 "Invoice
// Errors"): an explanation, returned in an onion message, of why an
// invoice_request or invoice was refused. It has no string form.
type InvoiceError struct {
	// HasErroneousField: erroneous_field, the TLV type of the field in the
	// invoice or invoice_request "which had a problem".
	HasErroneousField bool
	ErroneousField    uint64

	// HasSuggestedValue: suggested_value, a valid value for that field.
	HasSuggestedValue bool
	SuggestedValue    []byte

	// HasError: error, "an explanatory string".
	HasError bool
	Error    string

	// Unknown holds the unknown odd records.
	Unknown wire.Records
}

// Walk walks the stream as the field name ("" on its own).
func (e *InvoiceError) Walk(f *wire.Fields, name string) {
	tlv := f.BeginStream(name, &e.Unknown)
	if tlv.Record(1, "erroneous_field", &e.HasErroneousField) {
		f.TU64("tlv_fieldnum", &e.ErroneousField)
	}
	if tlv.Record(3, "suggested_value", &e.HasSuggestedValue) {
		f.RestBytes("value", &e.SuggestedValue)
	}
	if tlv.Record(5, "error", &e.HasError) {
		f.RestString("msg", &e.Error)
	}
	tlv.End()
}

// Fields implements wire.Walker.
func (e *InvoiceError) Fields(f *wire.Fields) { e.Walk(f, "") }

// Decode decodes a TLV stream into e. BOLT #12 leaves the reader's
// requirements open ("A reader of an invoice_error: FIXME!"), so decoding
// applies the TLV rules only. On failure e is unchanged.
func (e *InvoiceError) Decode(stream []byte) error {
	var v InvoiceError
	d := wire.NewDecoder(stream)
	v.Fields(&d)
	if err := d.Done(); err != nil {
		return err
	}
	*e = v
	return nil
}

// Encode appends the TLV stream to dst.
func (e *InvoiceError) Encode(dst []byte) ([]byte, error) {
	w := wire.NewEncoder(dst)
	e.Fields(&w)
	return w.Output()
}

// MarshalJSON prints the stream in the JSON form of docs/WIREJSON.
func (e *InvoiceError) MarshalJSON() ([]byte, error) { return wire.MarshalJSON(e) }

// DecodeInvoiceError decodes an invoice_error TLV stream.
func DecodeInvoiceError(stream []byte) (*InvoiceError, error) {
	var e InvoiceError
	if err := e.Decode(stream); err != nil {
		return nil, err
	}
	return &e, nil
}

// Check applies the writer's requirements, for a node about to send one:
// it "MUST set error to an explanatory string", and "if it sets
// erroneous_field: MAY set suggested_value ... otherwise: MUST NOT set
// suggested_value".
func (e *InvoiceError) Check() error {
	if !e.HasError {
		return fieldErr("error", ErrMissingField)
	}
	if e.HasSuggestedValue && !e.HasErroneousField {
		return fieldErr("suggested_value", ErrUnexpectedField)
	}
	return nil
}
