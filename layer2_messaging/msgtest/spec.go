package msgtest

import (
	"errors"

	messaging "github.com/lnstack/lnstack/layer2_messaging"
	"github.com/lnstack/lnstack/layer2_messaging/wire"
	"github.com/lnstack/lnstack/spec/speccheck"
)

// SpecMessages returns the speccheck.DecodeFunc of the messages a Codec
// knows: a layer's spec test is then
//
//	speccheck.Messages(t, f, speccheck.AllOf(f, 2), msgtest.SpecMessages(codec), 100)
//
// A type the Codec does not know is reported as not implemented.
func SpecMessages(c *messaging.Codec) speccheck.DecodeFunc {
	return func(frame []byte) ([]byte, []byte, error) {
		m, err := c.Decode(frame)
		if errors.Is(err, messaging.ErrUnknownRequiredMessage) {
			return nil, nil, speccheck.ErrNotImplemented
		}
		if err != nil {
			return nil, nil, err
		}
		if _, unknown := m.(*messaging.Unknown); unknown {
			return nil, nil, speccheck.ErrNotImplemented
		}
		fields, err := messaging.FieldsJSON(m)
		if err != nil {
			return nil, nil, err
		}
		re, err := c.Encode(nil, m)
		return fields, re, err
	}
}

// SpecStream returns the speccheck.DecodeFunc of one TLV stream codec, for
// speccheck.Streams with that stream's name.
func SpecStream(newStream func() wire.Walker) speccheck.DecodeFunc {
	return func(b []byte) ([]byte, []byte, error) {
		s := newStream()
		if err := wire.Decode(b, s); err != nil {
			return nil, nil, err
		}
		fields, err := wire.MarshalJSON(s)
		if err != nil {
			return nil, nil, err
		}
		re, err := wire.Encode(nil, s)
		return fields, re, err
	}
}
