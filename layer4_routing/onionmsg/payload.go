package onionmsg

import (
	"github.com/lnstack/lnstack/layer2_messaging/wire"
	"github.com/lnstack/lnstack/layer4_routing/blinding"
)

// Payload is the onionmsg_tlv stream, the payload of each hop of an onion
// message (BOLT #4 "The onion_message Message"). Intermediate nodes find
// only encrypted_recipient_data in it; the final node also the reply path
// and the message itself, whose records (64 and up: "Field numbers 64 and
// above are reserved for payloads for the final hop") hold BOLT #12 TLV
// streams that layer 5 decodes: this layer keeps them as Nested values,
// RawStream unless the decoder is given other constructors.
type Payload struct {
	// HasReplyPath tells whether reply_path (type 2) is present.
	HasReplyPath bool
	// ReplyPath is the blinded path for a reply.
	ReplyPath blinding.Path

	// HasEncryptedRecipientData tells whether encrypted_recipient_data
	// (type 4) is present.
	HasEncryptedRecipientData bool
	// EncryptedRecipientData is this hop's blob of the blinded path.
	EncryptedRecipientData []byte

	// HasInvoiceRequest tells whether invoice_request (type 64) is present.
	HasInvoiceRequest bool
	// InvoiceRequest is its invreq, a tlv_invoice_request stream.
	InvoiceRequest Nested

	// HasInvoice tells whether invoice (type 66) is present.
	HasInvoice bool
	// Invoice is its inv, a tlv_invoice stream.
	Invoice Nested

	// HasInvoiceError tells whether invoice_error (type 68) is present.
	HasInvoiceError bool
	// InvoiceError is its inverr, a tlv_invoice_error stream.
	InvoiceError Nested

	// Unknown holds the unknown odd records.
	Unknown wire.Records

	// newNested builds the values of the nested records while decoding;
	// nil means RawStream. Set only for the duration of DecodeWith.
	newNested NewNested
}

// Record types of onionmsg_tlv.
const (
	TypeReplyPath              = 2
	TypeEncryptedRecipientData = 4
	TypeInvoiceRequest         = 64
	TypeInvoice                = 66
	TypeInvoiceError           = 68
)

// FirstFinalType is the first record type "reserved for payloads for the
// final hop".
const FirstFinalType = 64

// Nested is the value of an onionmsg_tlv record that holds a TLV stream
// of an upper layer (the BOLT #12 invoice_request, invoice and
// invoice_error). WalkStream walks it as the field name, like the Walk
// method of the streams of this project.
type Nested interface {
	WalkStream(f *wire.Fields, name string)
}

// NewNested returns an empty value for the nested record of type typ.
type NewNested func(typ uint64) Nested

// RawStream is a Nested value kept as its bytes: the stream is for the
// layer above, which checks it.
type RawStream struct {
	Bytes []byte
}

// WalkStream walks the stream as one byte field.
func (s *RawStream) WalkStream(f *wire.Fields, name string) { f.RestBytes(name, &s.Bytes) }

// Walk walks the stream as the field name ("" on its own).
func (p *Payload) Walk(f *wire.Fields, name string) {
	tlv := f.BeginStream(name, &p.Unknown)
	if tlv.Record(TypeReplyPath, "reply_path", &p.HasReplyPath) {
		p.ReplyPath.Walk(f, "path")
	}
	if tlv.Record(TypeEncryptedRecipientData, "encrypted_recipient_data", &p.HasEncryptedRecipientData) {
		f.RestBytes("encrypted_recipient_data", &p.EncryptedRecipientData)
	}
	if tlv.Record(TypeInvoiceRequest, "invoice_request", &p.HasInvoiceRequest) {
		p.walkNested(f, TypeInvoiceRequest, "invreq", &p.InvoiceRequest)
	}
	if tlv.Record(TypeInvoice, "invoice", &p.HasInvoice) {
		p.walkNested(f, TypeInvoice, "inv", &p.Invoice)
	}
	if tlv.Record(TypeInvoiceError, "invoice_error", &p.HasInvoiceError) {
		p.walkNested(f, TypeInvoiceError, "inverr", &p.InvoiceError)
	}
	tlv.End()
}

func (p *Payload) walkNested(f *wire.Fields, typ uint64, name string, v *Nested) {
	if f.Decoding() {
		if p.newNested != nil {
			*v = p.newNested(typ)
		}
		if *v == nil {
			*v = new(RawStream)
		}
	}
	if *v == nil {
		// A record flagged present without a value is an empty stream.
		var empty RawStream
		empty.WalkStream(f, name)
		return
	}
	(*v).WalkStream(f, name)
}

// Fields implements wire.Walker for the stream on its own.
func (p *Payload) Fields(f *wire.Fields) { p.Walk(f, "") }

// Encode appends the stream to dst.
func (p *Payload) Encode(dst []byte) ([]byte, error) {
	e := wire.NewEncoder(dst)
	p.Walk(&e, "")
	return e.Output()
}

// Decode decodes the stream, keeping nested streams as RawStream; on
// failure p is unchanged.
func (p *Payload) Decode(b []byte) error { return p.DecodeWith(b, nil) }

// DecodeWith decodes the stream, building the nested records' values with
// newNested (nil: RawStream); on failure p is unchanged.
func (p *Payload) DecodeWith(b []byte, newNested NewNested) error {
	v := Payload{newNested: newNested}
	d := wire.NewDecoder(b)
	v.Walk(&d, "")
	if err := d.Done(); err != nil {
		return err
	}
	v.newNested = nil
	*p = v
	return nil
}

// finalPayloads counts the records "reserved for payloads for the final
// hop" (type 64 and up), known and unknown.
func (p *Payload) finalPayloads() int {
	n := 0
	for _, has := range [...]bool{p.HasInvoiceRequest, p.HasInvoice, p.HasInvoiceError} {
		if has {
			n++
		}
	}
	for _, r := range p.Unknown {
		if r.Type >= FirstFinalType {
			n++
		}
	}
	return n
}
