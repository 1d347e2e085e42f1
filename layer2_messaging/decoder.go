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
	if m := d.c.newDirect(frame); m != nil {
		return m, nil
	}
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
	if decodeDirect(m, e.Type, frame[2:]) {
		return m, nil
	}
	d.f.ResetDecoder(frame[2:], true)
	m.Fields(&d.f)
	if err := d.f.Done(); err != nil {
		return nil, &MessageError{Type: e.Type, Name: e.Name, Err: err}
	}
	return m, nil
}

// DecodeInto decodes frame into m, a message of the frame's type that the
// caller reuses (a read loop that handles each ping or pong itself before
// reading the next frame, say): m is cleared (by its Reset if it is a
// Resetter) and then filled, its byte fields aliasing frame as in Decode,
// so nothing is allocated. A Resetter may keep a slice's array for the
// next decode to fill (commitment_signed's HTLC signatures do): what the
// caller kept of m's values is overwritten by the next DecodeInto, and a
// value to keep must be copied. A frame of another type fails with
// ErrTypeMismatch and leaves m as it was; on any other failure m holds no
// meaningful value. The framing errors are those of Codec.Decode.
func (d *Decoder) DecodeInto(frame []byte, m Message) error {
	if len(frame) > MaxMessageSize {
		return ErrMessageTooLarge
	}
	if len(frame) < 2 {
		return &wire.DecodeError{Field: "type", Offset: len(frame), Err: wire.ErrTruncated}
	}
	t := binary.BigEndian.Uint16(frame)
	if decodeDirect(m, t, frame[2:]) {
		return nil
	}
	v := reflect.ValueOf(m)
	if t != m.Type() || v.Kind() != reflect.Pointer || v.IsNil() {
		return &TypeMismatchError{Type: t, Want: m.Type()}
	}
	// The walk sets only what the frame holds (the fields of a TLV record
	// that is absent keep their values): clear m first, as decoding into
	// a new message would find it. A message's own Reset, a plain
	// assignment of the zero value the compiler turns into a few stores,
	// costs a fraction of reflect's generic clear, which was a fifth of
	// decoding a ping.
	if r, ok := m.(Resetter); ok {
		r.Reset()
	} else {
		v.Elem().SetZero()
	}
	d.f.ResetDecoder(frame[2:], true)
	m.Fields(&d.f)
	if err := d.f.Done(); err != nil {
		return &MessageError{Type: t, Name: d.c.Name(t), Err: err}
	}
	return nil
}

// Resetter is implemented by a message that can clear itself for
// Decoder.DecodeInto, which otherwise clears it with reflect. Reset must
// leave the message as decoding needs it: equal to its zero value, except
// that a slice may keep its backing array with length 0 (the walk's
// wire.Counted then reuses it), as long as nothing else holds that array.
type Resetter interface {
	Reset()
}

// decodeDirect decodes payload, of message type t, into m directly when m
// is a ping, a pong, an error or a warning of type t, not nil, and payload
// holds the message and nothing more (no extension): it sets every field,
// the byte field aliasing payload, and reports true. For any other message
// or payload it does nothing and reports false, and the walk decodes (and
// reports the errors).
//
// Why: these are the messages a connection decodes most, and small enough
// that the walk (a call per field, the set-up and the final check) costs
// about as much as the fields themselves, with decoding at three times
// lnd's speed as the target. The walk stays the one definition of each
// layout, as for the direct encoders (fastpath.go): the direct form covers
// only the exact, valid payload, and TestDecoderAgreesWithCodec,
// TestDecodeIntoMatchesDecode, FuzzDecoder and FuzzDecodeIntoDirect check
// it against the walk.
func decodeDirect(m Message, t uint16, payload []byte) bool {
	switch m := m.(type) {
	case *Ping:
		// [u16:num_pong_bytes][u16:byteslen][byteslen*byte:ignored]
		if t != TypePing || m == nil || len(payload) < 4 || len(payload) != 4+int(binary.BigEndian.Uint16(payload[2:])) {
			return false
		}
		*m = Ping{NumPongBytes: binary.BigEndian.Uint16(payload), Ignored: aliasBytes(payload[4:])}
	case *Pong:
		// [u16:byteslen][byteslen*byte:ignored]
		if t != TypePong || m == nil || len(payload) < 2 || len(payload) != 2+int(binary.BigEndian.Uint16(payload)) {
			return false
		}
		*m = Pong{Ignored: aliasBytes(payload[2:])}
	case *Error:
		// [channel_id:channel_id][u16:len][len*byte:data]
		if t != TypeError || m == nil || !directAlert(payload) {
			return false
		}
		*m = Error{ChannelID: wire.ChannelID(payload), Data: aliasBytes(payload[wire.ChannelIDLen+2:])}
	case *Warning:
		if t != TypeWarning || m == nil || !directAlert(payload) {
			return false
		}
		*m = Warning{ChannelID: wire.ChannelID(payload), Data: aliasBytes(payload[wire.ChannelIDLen+2:])}
	default:
		return false
	}
	return true
}

// directAlert reports whether payload is an error's or a warning's with no
// extension.
func directAlert(payload []byte) bool {
	const fixed = wire.ChannelIDLen + 2
	return len(payload) >= fixed && len(payload) == fixed+int(binary.BigEndian.Uint16(payload[wire.ChannelIDLen:]))
}

// aliasBytes returns b as a no-copy walk's byte field does: nil when empty,
// else b with its capacity cut to its length, so that appending to the
// field cannot write over the frame.
func aliasBytes(b []byte) []byte {
	if len(b) == 0 {
		return nil
	}
	return b[:len(b):len(b)]
}

// directSet is a set of the fixed-layout BOLT #1 messages Decoder.Decode
// may build straight from the frame.
type directSet uint8

const (
	directPing directSet = 1 << iota
	directPong
	directError
	directWarning
)

// directOf returns the member of directSet that entry e is, if any: its
// type is one of the four and its constructor builds layer 2's own type.
func directOf(e Entry) directSet {
	switch e.New().(type) {
	case *Ping:
		return directPing
	case *Pong:
		return directPong
	case *Error:
		return directError
	case *Warning:
		return directWarning
	}
	return 0
}

// newDirect returns a new message decoded from frame, its byte field
// aliasing frame as Decoder.Decode's do, when frame is a ping, pong, error
// or warning whose payload has exactly the fixed layout (no extension),
// and nil otherwise: the walk then decodes the frame and reports its
// errors. It is the same decoding as decodeDirect, with the message built
// in one composite literal instead of allocated by the table's
// constructor and then filled: a third of Decode's time for these
// messages is the allocation (TestDecodeDirectMatchesWalk checks both
// against the walk).
func (c *Codec) newDirect(frame []byte) Message {
	if c.direct == 0 || len(frame) < 2 || len(frame) > MaxMessageSize {
		return nil
	}
	p := frame[2:]
	switch t := binary.BigEndian.Uint16(frame); {
	case t == TypePing && c.direct&directPing != 0:
		if len(p) < 4 || len(p) != 4+int(binary.BigEndian.Uint16(p[2:])) {
			return nil
		}
		return &Ping{NumPongBytes: binary.BigEndian.Uint16(p), Ignored: aliasBytes(p[4:])}
	case t == TypePong && c.direct&directPong != 0:
		if len(p) < 2 || len(p) != 2+int(binary.BigEndian.Uint16(p)) {
			return nil
		}
		return &Pong{Ignored: aliasBytes(p[2:])}
	case t == TypeError && c.direct&directError != 0:
		if !directAlert(p) {
			return nil
		}
		return &Error{ChannelID: wire.ChannelID(p), Data: aliasBytes(p[wire.ChannelIDLen+2:])}
	case t == TypeWarning && c.direct&directWarning != 0:
		if !directAlert(p) {
			return nil
		}
		return &Warning{ChannelID: wire.ChannelID(p), Data: aliasBytes(p[wire.ChannelIDLen+2:])}
	}
	return nil
}
