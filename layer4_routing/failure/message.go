package failure

import (
	"encoding/binary"

	"github.com/lnstack/lnstack/layer2_messaging/wire"
)

// Message is a failure message, failuremsg of BOLT #4: "a 2-byte type
// failure_code followed by data applicable to that type", then an optional
// TLV stream. Its layout is written once, as the walk of wire.Walker; the
// set of messages is closed (the 22 of Table, and Unknown).
type Message interface {
	// Code returns the failure code.
	Code() Code
	wire.Walker

	// data walks the fields before the TLV stream.
	data(f *wire.Fields)
	// extension returns the message's TLV stream, nil for Unknown.
	extension() *wire.Records
}

// Entry is one row of Table: a failure code, its BOLT name and the
// constructor of an empty message.
type Entry struct {
	Code Code
	Name string
	New  func() Message
}

// Lookup returns the Table entry of code.
func Lookup(code Code) (Entry, bool) {
	for _, e := range Table() {
		if e.Code == code {
			return e, true
		}
	}
	return Entry{}, false
}

// LookupName returns the Table entry of the failure message named name.
func LookupName(name string) (Entry, bool) {
	for _, e := range Table() {
		if e.Name == name {
			return e, true
		}
	}
	return Entry{}, false
}

// Unknown is a failure message whose code is in no Table entry: its flags
// still tell the origin how to react (BOLT #4 "Receiving Failure Codes").
type Unknown struct {
	// FailureCode is the code.
	FailureCode Code
	// Data is everything after the code.
	Data []byte
}

// Code returns the code.
func (m *Unknown) Code() Code { return m.FailureCode }

func (m *Unknown) data(f *wire.Fields) { f.RestBytes("data", &m.Data) }

// Fields walks the data as one field.
func (m *Unknown) Fields(f *wire.Fields) { m.data(f) }

func (m *Unknown) extension() *wire.Records { return nil }

// Encode appends the encoding of m (failure_code, data, TLV stream) to dst.
func Encode(dst []byte, m Message) ([]byte, error) {
	start := len(dst)
	dst = binary.BigEndian.AppendUint16(dst, uint16(m.Code()))
	e := wire.NewEncoder(dst)
	m.Fields(&e)
	out, err := e.Output()
	if err != nil {
		return dst[:start], err
	}
	return out, nil
}

// Decode decodes a failure message strictly: a known code's data must
// decode and be followed by nothing but a valid TLV stream without unknown
// even records. An unknown code decodes to *Unknown. A malformed message
// fails with a *MessageError wrapping a layer2_messaging/wire sentinel.
func Decode(b []byte) (Message, error) {
	if len(b) < 2 {
		return nil, &MessageError{Err: &wire.DecodeError{Field: "failure_code", Offset: len(b), Err: wire.ErrTruncated}}
	}
	code := Code(binary.BigEndian.Uint16(b))
	e, ok := Lookup(code)
	if !ok {
		return &Unknown{FailureCode: code, Data: append([]byte(nil), b[2:]...)}, nil
	}
	m := e.New()
	d := wire.NewDecoder(b[2:])
	m.Fields(&d)
	if err := d.Done(); err != nil {
		return nil, &MessageError{Code: code, Err: err}
	}
	return m, nil
}

// Parse decodes a failure message the way the origin reads one: BOLT #4
// "The origin node: MUST ignore any extra bytes in failuremsg". The data of
// a known code must decode; what follows it is kept as the TLV stream when
// it is a valid one and dropped otherwise.
func Parse(b []byte) (Message, error) {
	m, err := Decode(b)
	if err == nil {
		return m, nil
	}
	if len(b) < 2 {
		return nil, err
	}
	e, ok := Lookup(Code(binary.BigEndian.Uint16(b)))
	if !ok {
		return nil, err
	}
	m = e.New()
	d := wire.NewDecoder(b[2:])
	m.data(&d)
	if derr := d.Err(); derr != nil {
		return nil, &MessageError{Code: e.Code, Err: derr}
	}
	return m, nil
}
