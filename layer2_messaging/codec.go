package messaging

import (
	"encoding/binary"
	"encoding/json"
	"fmt"
	"sort"

	"github.com/lnstack/lnstack/layer2_messaging/wire"
)

// Codec decodes and encodes framed messages (a 2-byte type, then the
// payload) of the messages of the tables it was built from, applying the
// BOLT #1 rules for unknown types. It is read-only once built, so one Codec
// serves any number of connections.
type Codec struct {
	byType  map[uint16]Entry
	byName  map[string]Entry
	streams map[string]StreamEntry

	// dense holds the entries of the types below len(dense), indexed by
	// type (New is nil where there is none): a frame's type is looked up
	// once per message, and an index costs less than a map. Every BOLT
	// message type is below denseTypes.
	dense []Entry

	// direct marks the fixed-layout BOLT #1 messages whose entry is layer
	// 2's own (its constructor builds *Ping, *Pong, *Error or *Warning):
	// Decoder.Decode builds those straight from the frame (see newDirect).
	direct directSet
}

// denseTypes bounds the types kept in Codec.dense (40 bytes each).
const denseTypes = 1024

// NewCodec builds a Codec from tables: layer 2's own (Messages()) and those
// the upper layers pass in. It fails with ErrTableConflict when two entries
// share a type or a name, or an entry's constructor builds a message of
// another type.
func NewCodec(tables ...Table) (*Codec, error) {
	c := &Codec{
		byType:  make(map[uint16]Entry),
		byName:  make(map[string]Entry),
		streams: make(map[string]StreamEntry),
	}
	for _, t := range tables {
		for _, e := range t.Messages {
			if _, dup := c.byType[e.Type]; dup {
				return nil, fmt.Errorf("%w: type %d twice", ErrTableConflict, e.Type)
			}
			if _, dup := c.byName[e.Name]; dup || e.Name == "" {
				return nil, fmt.Errorf("%w: name %q twice or empty", ErrTableConflict, e.Name)
			}
			if e.New == nil || e.New().Type() != e.Type {
				return nil, fmt.Errorf("%w: %s: constructor does not build type %d", ErrTableConflict, e.Name, e.Type)
			}
			c.byType[e.Type] = e
			c.byName[e.Name] = e
			c.direct |= directOf(e)
			if e.Type < denseTypes {
				if int(e.Type) >= len(c.dense) {
					c.dense = append(c.dense, make([]Entry, int(e.Type)+1-len(c.dense))...)
				}
				c.dense[e.Type] = e
			}
		}
		for _, s := range t.Streams {
			if _, dup := c.streams[s.Name]; dup || s.Name == "" || s.New == nil {
				return nil, fmt.Errorf("%w: stream %q twice or empty", ErrTableConflict, s.Name)
			}
			c.streams[s.Name] = s
		}
	}
	return c, nil
}

// Lookup returns the entry of message type t.
func (c *Codec) Lookup(t uint16) (Entry, bool) {
	if int(t) < len(c.dense) {
		e := c.dense[t]
		return e, e.New != nil
	}
	e, ok := c.byType[t]
	return e, ok
}

// LookupName returns the entry of the message named name.
func (c *Codec) LookupName(name string) (Entry, bool) {
	e, ok := c.byName[name]
	return e, ok
}

// Entries returns every message entry, in type order.
func (c *Codec) Entries() []Entry {
	out := make([]Entry, 0, len(c.byType))
	for _, e := range c.byType {
		out = append(out, e)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Type < out[j].Type })
	return out
}

// StreamNames returns the names of the known TLV streams, sorted.
func (c *Codec) StreamNames() []string {
	out := make([]string, 0, len(c.streams))
	for n := range c.streams {
		out = append(out, n)
	}
	sort.Strings(out)
	return out
}

// Decode decodes one frame: the 2-byte type, then the payload.
//
//   - A known type decodes into a new message of that type; a malformed
//     payload fails with a *MessageError wrapping a wire sentinel.
//   - An unknown odd type returns an *Unknown message and no error: the
//     caller ignores it (BOLT #1 "MUST ignore the received message").
//   - An unknown even type fails with an *UnknownMessageError
//     (ErrUnknownRequiredMessage): the caller closes the connection.
//
// A frame longer than MaxMessageSize fails with ErrMessageTooLarge, one
// shorter than the type with wire.ErrTruncated.
func (c *Codec) Decode(frame []byte) (Message, error) {
	if e := c.known(frame); e != nil {
		m := e.New()
		if err := m.Decode(frame[2:]); err != nil {
			return nil, &MessageError{Type: e.Type, Name: e.Name, Err: err}
		}
		return m, nil
	}
	e, m, err := c.frame(frame)
	if e.New == nil {
		if u, ok := m.(*Unknown); ok {
			_ = u.Decode(frame[2:])
		}
		return m, err
	}
	if err := m.Decode(frame[2:]); err != nil {
		return nil, &MessageError{Type: e.Type, Name: e.Name, Err: err}
	}
	return m, nil
}

// known returns the entry of a frame of valid length and of a type in
// c.dense, and nil for every other frame (frame tells what then): the short
// way for nearly every frame.
func (c *Codec) known(frame []byte) *Entry {
	if len(frame) < 2 || len(frame) > MaxMessageSize {
		return nil
	}
	if t := int(frame[0])<<8 | int(frame[1]); t < len(c.dense) && c.dense[t].New != nil {
		return &c.dense[t]
	}
	return nil
}

// frame checks a frame's length and looks up its type. For a known type it
// returns the entry and a new empty message; otherwise an entry with no
// constructor and what Decode returns: an *Unknown whose payload is for the
// caller to set, or an error.
func (c *Codec) frame(frame []byte) (Entry, Message, error) {
	if len(frame) > MaxMessageSize {
		return Entry{}, nil, ErrMessageTooLarge
	}
	if len(frame) < 2 {
		return Entry{}, nil, &wire.DecodeError{Field: "type", Offset: len(frame), Err: wire.ErrTruncated}
	}
	t := binary.BigEndian.Uint16(frame)
	e, ok := c.Lookup(t)
	if !ok {
		if t%2 == 0 {
			return Entry{}, nil, &UnknownMessageError{Type: t}
		}
		return Entry{}, &Unknown{MsgType: t}, nil
	}
	return e, e.New(), nil
}

// Encode appends the frame of m (its type, then its payload) to dst. It
// fails with ErrMessageTooLarge when the frame would exceed MaxMessageSize,
// returning dst unchanged.
func (c *Codec) Encode(dst []byte, m Message) ([]byte, error) {
	return Encode(dst, m)
}

// Encode appends the frame of m to dst, like Codec.Encode: framing needs no
// table.
func Encode(dst []byte, m Message) ([]byte, error) {
	start := len(dst)
	dst = binary.BigEndian.AppendUint16(dst, m.Type())
	dst, err := m.Encode(dst)
	if err != nil {
		return dst[:start], err
	}
	if len(dst)-start > MaxMessageSize {
		return dst[:start], ErrMessageTooLarge
	}
	return dst, nil
}

// Name returns the BOLT name of message type t, or "unknown".
func (c *Codec) Name(t uint16) string {
	if e, ok := c.Lookup(t); ok {
		return e.Name
	}
	return "unknown"
}

// FieldsJSON returns the JSON object of m's fields (the "fields" of
// docs/WIREJSON): BOLT field names as keys, length fields left out.
func FieldsJSON(m Message) ([]byte, error) { return wire.MarshalJSON(m) }

// Decoded is a decoded frame as `lnstack decode msg` prints it.
type Decoded struct {
	Type   uint16          `json:"type"`
	Name   string          `json:"name"`
	Fields json.RawMessage `json:"fields"`
}

// DecodeJSON decodes a frame and returns its printable form. An unknown odd
// message has the name "unknown" and one field, "payload".
func (c *Codec) DecodeJSON(frame []byte) (Decoded, error) {
	m, err := c.Decode(frame)
	if err != nil {
		return Decoded{}, err
	}
	fields, err := FieldsJSON(m)
	if err != nil {
		return Decoded{}, err
	}
	return Decoded{Type: m.Type(), Name: c.Name(m.Type()), Fields: fields}, nil
}

// DecodeStreamJSON decodes a TLV stream on its own and returns its JSON
// object: records by name, unknown odd ones under "unknown". With the name
// "" it gives the generic view of any stream: every record, even or odd,
// under "unknown" (after the checks every stream obeys).
func (c *Codec) DecodeStreamJSON(name string, stream []byte) ([]byte, error) {
	if name == "" {
		rs, err := wire.ParseRecords(stream)
		if err != nil {
			return nil, err
		}
		return wire.MarshalJSON(&rawStream{rs})
	}
	s, ok := c.streams[name]
	if !ok {
		return nil, fmt.Errorf("%w: %q", ErrUnknownStream, name)
	}
	w := s.New()
	if err := wire.Decode(stream, w); err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	return wire.MarshalJSON(w)
}

// rawStream prints already-parsed records as the unknown ones of a stream.
type rawStream struct{ rs wire.Records }

// Fields walks a stream with no known records.
func (s *rawStream) Fields(f *wire.Fields) {
	tlv := f.BeginStream("", &s.rs)
	tlv.End()
}
