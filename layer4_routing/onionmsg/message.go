package onionmsg

import (
	messaging "github.com/lnstack/lnstack/layer2_messaging"
	"github.com/lnstack/lnstack/layer2_messaging/wire"
	"github.com/lnstack/lnstack/layer4_routing/blinding"
	"github.com/lnstack/lnstack/layer4_routing/sphinx"
)

// TypeOnionMessage is the message type of onion_message.
const TypeOnionMessage uint16 = 513

// OnionMessage is the onion_message message (type 513, BOLT #4 "The
// onion_message Message"): an onion and the path_key of the node it is
// sent to.
type OnionMessage struct {
	// PathKey is the receiving node's path_key in the blinded path.
	PathKey wire.Point
	// Packet is onion_message_packet, an encoded sphinx.Packet (1366 or
	// 32834 bytes when built here).
	Packet []byte
	// Extension holds unknown odd TLV records after the payload.
	Extension wire.Records
}

// Type returns TypeOnionMessage.
func (m *OnionMessage) Type() uint16 { return TypeOnionMessage }

// Fields walks [point:path_key][u16:len][len*byte:onion_message_packet].
func (m *OnionMessage) Fields(f *wire.Fields) {
	f.Point("path_key", &m.PathKey)
	f.Bytes16("len", "onion_message_packet", &m.Packet)
	f.Extension(&m.Extension)
}

// Encode appends the payload to dst.
func (m *OnionMessage) Encode(dst []byte) ([]byte, error) {
	e := wire.NewEncoder(dst)
	m.Fields(&e)
	return e.Output()
}

// Decode decodes a payload; on failure m is unchanged.
func (m *OnionMessage) Decode(payload []byte) error {
	var v OnionMessage
	d := wire.NewDecoder(payload)
	v.Fields(&d)
	if err := d.Done(); err != nil {
		return err
	}
	*m = v
	return nil
}

// Messages returns the table of BOLT #4's wire message, onion_message, and
// of its TLV streams: payload (sphinx), encrypted_data_tlv (blinding) and
// onionmsg_tlv, for messaging.NewCodec and `lnstack decode`.
func Messages() messaging.Table {
	return messaging.Table{
		Messages: []messaging.Entry{
			{Type: TypeOnionMessage, Name: "onion_message", New: func() messaging.Message { return new(OnionMessage) }},
		},
		Streams: []messaging.StreamEntry{
			{Name: "payload", New: func() wire.Walker { return new(sphinx.Payload) }},
			{Name: "encrypted_data_tlv", New: func() wire.Walker { return new(blinding.Data) }},
			{Name: "onionmsg_tlv", New: func() wire.Walker { return new(Payload) }},
		},
	}
}

var _ messaging.Message = (*OnionMessage)(nil)
