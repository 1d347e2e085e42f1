package messaging

import (
	"encoding/binary"
	"reflect"

	"github.com/lnstack/lnstack/layer2_messaging/wire"
)

// Decoder decodes frames like Codec.Decode, for a reader that hands each
// frame over to the message decoded from it, as a connection's read loop
// can: noise.Conn.ReadMessage returns a newly allocated frame that belongs
// to the caller. The message's variable-length byte fields (Bytes16 and
// RestBytes fields, the values of unknown TLV records, an Unknown's payload)
// alias the frame instead of copying it (wire.NewDecoderNoCopy), which saves
// an allocation per field: decoding a ping, a pong, an error or a warning
// allocates the message and nothing else. The frame must not change while
// the message is in use.
//
// A Decoder runs a message's walk (its Fields method) directly: by the
// contract of Message, Decode is that walk and nothing more. It keeps the
// walk's state between calls, so it is for one goroutine at a time; make one
// per connection with Codec.NewDecoder.
type Decoder struct {
	c *Codec
	// f is the walk: in the Decoder, which is on the heap already, so
	// calling a message's Fields through the interface moves nothing
	// there (a walk declared in Decode would escape through that call).
	f wire.Fields
}

// NewDecoder returns a Decoder of c's messages.
func (c *Codec) NewDecoder() *Decoder { return &Decoder{c: c} }

// Decode decodes one frame as Codec.Decode does (the same messages, the same
// errors), except that the message aliases frame (see Decoder).
func (d *Decoder) Decode(frame []byte) (Message, error) {
	e := d.c.known(frame)
	if e == nil {
		e, m, err := d.c.frame(frame)
		if e.New == nil {
			if u, ok := m.(*Unknown); ok && len(frame) > 2 {
				u.Payload = frame[2:len(frame):len(frame)]
			}
			return m, err
		}
		return d.decode(&e, m, frame)
	}
	return d.decode(e, e.New(), frame)
}

// decode walks m over the payload of frame. The walk keeps frame until the
// next call, which matters little: the message holds it anyway.
func (d *Decoder) decode(e *Entry, m Message, frame []byte) (Message, error) {
	d.f.ResetDecoder(frame[2:], true)
	m.Fields(&d.f)
	if err := d.f.Done(); err != nil {
		return nil, &MessageError{Type: e.Type, Name: e.Name, Err: err}
	}
	return m, nil
}

// DecodeInto decodes frame into m, a message of the frame's type that the
// caller reuses (a read loop that handles each ping or pong itself before
// reading the next frame, say): m is cleared and then filled, its byte
// fields aliasing frame as in Decode, so nothing is allocated. A frame of
// another type fails with ErrTypeMismatch and leaves m as it was; on any
// other failure m holds no meaningful value. The framing errors are those
// of Codec.Decode.
func (d *Decoder) DecodeInto(frame []byte, m Message) error {
	if len(frame) > MaxMessageSize {
		return ErrMessageTooLarge
	}
	if len(frame) < 2 {
		return &wire.DecodeError{Field: "type", Offset: len(frame), Err: wire.ErrTruncated}
	}
	t := binary.BigEndian.Uint16(frame)
	v := reflect.ValueOf(m)
	if t != m.Type() || v.Kind() != reflect.Pointer || v.IsNil() {
		return &TypeMismatchError{Type: t, Want: m.Type()}
	}
	// The walk sets only what the frame holds (the fields of a TLV record
	// that is absent keep their values): clear m first, as decoding into
	// a new message would find it.
	v.Elem().SetZero()
	d.f.ResetDecoder(frame[2:], true)
	m.Fields(&d.f)
	if err := d.f.Done(); err != nil {
		return &MessageError{Type: t, Name: d.c.Name(t), Err: err}
	}
	return nil
}
