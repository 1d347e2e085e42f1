package messaging

import "github.com/lnstack/lnstack/layer2_messaging/wire"

// MaxMessageSize is the largest message, type included: BOLT #1 "the
// maximum possible size is 65535 bytes".
const MaxMessageSize = 65535

// Message is one Lightning message. Its wire layout is written once, as the
// walk of wire.Walker; Encode and Decode run that walk, and so does the JSON
// form (FieldsJSON). A message of an upper layer is written the same way as
// the ones here (see ping.go for the smallest example):
//
//	func (m *Ping) Type() uint16 { return TypePing }
//
//	func (m *Ping) Fields(f *wire.Fields) {
//		f.U16("num_pong_bytes", &m.NumPongBytes)
//		f.Bytes16("byteslen", "ignored", &m.Ignored)
//		f.Extension(&m.Extension)
//	}
//
// plus Encode and Decode of five lines each, which call Fields on a concrete
// receiver so that the walk stays on the stack and decoding fixed-size
// fields allocates nothing.
type Message interface {
	// Type returns the message type.
	Type() uint16
	// Encode appends the payload (everything after the type) to dst.
	Encode(dst []byte) ([]byte, error)
	// Decode decodes a payload into the message; on failure the message is
	// left as it was.
	Decode(payload []byte) error

	wire.Walker
}

// Entry is one row of a message table: a message type, its BOLT name, and
// the constructor of an empty message of that type.
type Entry struct {
	Type uint16
	Name string
	New  func() Message
}

// StreamEntry is one named TLV stream of a table, for tools that decode a
// stream on its own (`lnstack decode tlv`).
type StreamEntry struct {
	// Name is the BOLT name of the stream, e.g. "init_tlvs".
	Name string
	// New returns an empty value of the stream.
	New func() wire.Walker
}

// Table is what a layer passes to NewCodec: its messages and its named TLV
// streams. Type constants, names and constructors all come from one table;
// there is no package-level registry.
type Table struct {
	Messages []Entry
	Streams  []StreamEntry
}

// The BOLT #1 message types.
const (
	TypeWarning              uint16 = 1
	TypePeerStorage          uint16 = 7
	TypePeerStorageRetrieval uint16 = 9
	TypeInit                 uint16 = 16
	TypeError                uint16 = 17
	TypePing                 uint16 = 18
	TypePong                 uint16 = 19
)

// Messages returns the table of the BOLT #1 messages and streams.
func Messages() Table {
	return Table{
		Messages: []Entry{
			{TypeWarning, "warning", func() Message { return new(Warning) }},
			{TypePeerStorage, "peer_storage", func() Message { return new(PeerStorage) }},
			{TypePeerStorageRetrieval, "peer_storage_retrieval", func() Message { return new(PeerStorageRetrieval) }},
			{TypeInit, "init", func() Message { return new(Init) }},
			{TypeError, "error", func() Message { return new(Error) }},
			{TypePing, "ping", func() Message { return new(Ping) }},
			{TypePong, "pong", func() Message { return new(Pong) }},
		},
		Streams: []StreamEntry{
			{"init_tlvs", func() wire.Walker { return new(InitTLVs) }},
		},
	}
}

// Unknown is a message of an odd type no table knows. BOLT #1: "upon
// receiving a message of odd, unknown type: MUST ignore the received
// message." Codec.Decode returns it, not an error, so a reader can tell
// "ignore" from "close"; it keeps the payload for tools.
type Unknown struct {
	MsgType uint16
	Payload []byte
}

// Type returns the message type.
func (m *Unknown) Type() uint16 { return m.MsgType }

// Fields walks the payload as one field, "payload".
func (m *Unknown) Fields(f *wire.Fields) { f.RestBytes("payload", &m.Payload) }

// Encode appends the payload.
func (m *Unknown) Encode(dst []byte) ([]byte, error) { return append(dst, m.Payload...), nil }

// Decode keeps a copy of the payload.
func (m *Unknown) Decode(payload []byte) error {
	m.Payload = append([]byte(nil), payload...)
	return nil
}
