package bolt12_test

import (
	"testing"

	"github.com/lnstack/lnstack/layer2_messaging/wire"
	"github.com/lnstack/lnstack/layer5_payment/bolt12"
)

func TestInvoiceError(t *testing.T) {
	e := bolt12.InvoiceError{
		HasErroneousField: true, ErroneousField: 82,
		HasSuggestedValue: true, SuggestedValue: []byte{0x27, 0x10},
		HasError: true, Error: "amount too low",
	}
	wantErr(t, "valid", e.Check(), nil)
	b, err := e.Encode(nil)
	if err != nil {
		t.Fatal(err)
	}
	got, err := bolt12.DecodeInvoiceError(b)
	if err != nil {
		t.Fatal(err)
	}
	js, err := got.MarshalJSON()
	want := `{"erroneous_field":{"tlv_fieldnum":82},"suggested_value":{"value":"2710"},"error":{"msg":"amount too low"}}`
	if err != nil || string(js) != want {
		t.Fatalf("JSON %s (%v), want %s", js, err, want)
	}

	noMsg := e
	noMsg.HasError = false
	wantErr(t, "no error", noMsg.Check(), bolt12.ErrMissingField)
	noField := e
	noField.HasErroneousField = false
	wantErr(t, "suggestion without field", noField.Check(), bolt12.ErrUnexpectedField)

	_, err = bolt12.DecodeInvoiceError([]byte{0x05, 0x01, 0xff})
	wantErr(t, "invalid UTF-8", err, wire.ErrInvalidUTF8)
	_, err = bolt12.DecodeInvoiceError([]byte{0x02, 0x00})
	wantErr(t, "unknown even", err, wire.ErrUnknownEvenType)
	_, err = bolt12.DecodeInvoiceError([]byte{0x01, 0x02, 0x00, 0x01})
	wantErr(t, "non-minimal tu64", err, wire.ErrNonMinimal)
}
