package messaging_test

import (
	"encoding/json"
	"errors"
	"testing"

	messaging "github.com/lnstack/lnstack/layer2_messaging"
	"github.com/lnstack/lnstack/layer2_messaging/wire"
)

func newCodec(t testing.TB) *messaging.Codec {
	c, err := messaging.NewCodec(messaging.Messages())
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// custom is a message of an upper layer's table.
type custom struct{ N uint16 }

func (m *custom) Type() uint16                { return 32801 }
func (m *custom) Fields(f *wire.Fields)       { f.U16("n", &m.N) }
func (m *custom) Decode(payload []byte) error { return wire.Decode(payload, m) }
func (m *custom) Encode(dst []byte) ([]byte, error) {
	return wire.Encode(dst, m)
}

func TestNewCodecConflicts(t *testing.T) {
	upper := messaging.Table{Messages: []messaging.Entry{{Type: 32801, Name: "custom", New: func() messaging.Message { return new(custom) }}}}
	c, err := messaging.NewCodec(messaging.Messages(), upper)
	if err != nil {
		t.Fatal(err)
	}
	if e, ok := c.LookupName("custom"); !ok || e.Type != 32801 || c.Name(32801) != "custom" {
		t.Fatal("upper table entry missing")
	}
	m, err := c.Decode([]byte{0x80, 0x21, 0, 5})
	if got, ok := m.(*custom); err != nil || !ok || got.N != 5 {
		t.Fatalf("decoded %#v, %v", m, err)
	}
	for name, tables := range map[string][]messaging.Table{
		"same table twice": {messaging.Messages(), messaging.Messages()},
		"type twice": {{Messages: []messaging.Entry{
			{Type: 32801, Name: "a", New: func() messaging.Message { return new(custom) }},
			{Type: 32801, Name: "b", New: func() messaging.Message { return new(custom) }}}}},
		"constructor of another type": {{Messages: []messaging.Entry{
			{Type: 32803, Name: "c", New: func() messaging.Message { return new(custom) }}}}},
		"no constructor": {{Messages: []messaging.Entry{{Type: 32803, Name: "c"}}}},
		"stream twice":   {messaging.Messages(), {Streams: messaging.Messages().Streams}},
	} {
		if _, err := messaging.NewCodec(tables...); !errors.Is(err, messaging.ErrTableConflict) {
			t.Errorf("%s: %v, want ErrTableConflict", name, err)
		}
	}
}

// TestTableIsConsistent checks the one table: each constructor builds its
// type, names are unique, and the entries come back in type order.
func TestTableIsConsistent(t *testing.T) {
	c := newCodec(t)
	prev := -1
	for _, e := range c.Entries() {
		if int(e.Type) <= prev {
			t.Fatalf("entries out of order at %d", e.Type)
		}
		prev = int(e.Type)
		if e.New().Type() != e.Type {
			t.Errorf("%s: constructor builds type %d", e.Name, e.New().Type())
		}
		if got, ok := c.LookupName(e.Name); !ok || got.Type != e.Type {
			t.Errorf("%s: LookupName", e.Name)
		}
	}
	if len(c.Entries()) != 7 {
		t.Fatalf("%d BOLT #1 messages, want 7", len(c.Entries()))
	}
}

func TestDecodeFrameRules(t *testing.T) {
	c := newCodec(t)
	// BOLT #1: unknown odd: "MUST ignore the received message".
	m, err := c.Decode([]byte{0x80, 0x01, 0xaa})
	u, ok := m.(*messaging.Unknown)
	if err != nil || !ok || u.Type() != 0x8001 || string(u.Payload) != "\xaa" {
		t.Fatalf("unknown odd: %#v, %v", m, err)
	}
	// Unknown even: "MUST close the connection".
	_, err = c.Decode([]byte{0x80, 0x02})
	var ue *messaging.UnknownMessageError
	if !errors.Is(err, messaging.ErrUnknownRequiredMessage) || !errors.As(err, &ue) || ue.Type != 0x8002 {
		t.Fatalf("unknown even: %v", err)
	}
	for _, frame := range [][]byte{nil, {0x00}} {
		if _, err := c.Decode(frame); !errors.Is(err, wire.ErrTruncated) {
			t.Errorf("frame %x: %v, want ErrTruncated", frame, err)
		}
	}
	if _, err := c.Decode(make([]byte, messaging.MaxMessageSize+1)); !errors.Is(err, messaging.ErrMessageTooLarge) {
		t.Errorf("oversized frame: %v", err)
	}
	// A known message too short for its contents: typed, names the message.
	_, err = c.Decode([]byte{0x00, 0x12, 0x00})
	var me *messaging.MessageError
	if !errors.As(err, &me) || me.Name != "ping" || !errors.Is(err, wire.ErrTruncated) || !wire.Malformed(err) {
		t.Fatalf("short ping: %v", err)
	}
}

func TestDecodeJSON(t *testing.T) {
	c := newCodec(t)
	d, err := c.DecodeJSON([]byte{0x00, 0x12, 0x00, 0x04, 0x00, 0x01, 0x00})
	if err != nil {
		t.Fatal(err)
	}
	out, err := json.Marshal(d)
	if err != nil {
		t.Fatal(err)
	}
	if want := `{"type":18,"name":"ping","fields":{"num_pong_bytes":4,"ignored":"00"}}`; string(out) != want {
		t.Fatalf("%s\nwant %s", out, want)
	}
	d, err = c.DecodeJSON([]byte{0x80, 0x01, 0xaa})
	if err != nil || d.Name != "unknown" || string(d.Fields) != `{"payload":"aa"}` {
		t.Fatalf("unknown: %+v, %v", d, err)
	}
}

func TestDecodeStreamJSON(t *testing.T) {
	c := newCodec(t)
	if names := c.StreamNames(); len(names) != 1 || names[0] != "init_tlvs" {
		t.Fatalf("streams %v", names)
	}
	stream := []byte{0x03, 0x07, 1, 203, 0, 113, 7, 0x26, 0x07, 0x05, 0x01, 0x2a}
	js, err := c.DecodeStreamJSON("init_tlvs", stream)
	if want := `{"remote_addr":{"data":"01cb0071072607"},"unknown":{"5":"2a"}}`; err != nil || string(js) != want {
		t.Fatalf("%s, %v\nwant %s", js, err, want)
	}
	js, err = c.DecodeStreamJSON("", append(stream, 0x06, 0x00))
	if want := `{"unknown":{"3":"01cb0071072607","5":"2a","6":""}}`; err != nil || string(js) != want {
		t.Fatalf("generic: %s, %v\nwant %s", js, err, want)
	}
	if _, err := c.DecodeStreamJSON("init_tlvs", []byte{0x02, 0x00}); !errors.Is(err, wire.ErrUnknownEvenType) {
		t.Fatalf("even record: %v", err)
	}
	if _, err := c.DecodeStreamJSON("no_such_tlvs", nil); !errors.Is(err, messaging.ErrUnknownStream) {
		t.Fatalf("unknown stream: %v", err)
	}
	if _, err := c.DecodeStreamJSON("", []byte{0x03, 0x00, 0x01, 0x00}); !errors.Is(err, wire.ErrTLVOrder) {
		t.Fatalf("generic view out of order: %v", err)
	}
}

func TestEncodeFrame(t *testing.T) {
	c := newCodec(t)
	buf := []byte{0xee}
	out, err := c.Encode(buf, &messaging.Pong{Ignored: []byte{0, 0}})
	if err != nil || string(out) != "\xee\x00\x13\x00\x02\x00\x00" {
		t.Fatalf("%x, %v", out, err)
	}
	out, err = c.Encode(buf, &messaging.Pong{Ignored: make([]byte, 65532)})
	if !errors.Is(err, messaging.ErrMessageTooLarge) || string(out) != "\xee" {
		t.Fatalf("oversized pong: %x..., %v", out[:min(len(out), 4)], err)
	}
}
