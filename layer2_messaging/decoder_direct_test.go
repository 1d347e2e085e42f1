package messaging_test

import (
	"encoding/binary"
	"errors"
	"math/rand/v2"
	"testing"

	"github.com/google/go-cmp/cmp"

	messaging "github.com/lnstack/lnstack/layer2_messaging"
	"github.com/lnstack/lnstack/layer2_messaging/wire"
)

// The Decoder decodes a ping, a pong, an error or a warning with no
// extension directly, without the walk (decodeDirect in decoder.go). These
// tests hold the direct forms to the walk, which Codec.Decode runs.

// directTypes are the types the Decoder decodes directly.
var directTypes = []uint16{messaging.TypePing, messaging.TypePong, messaging.TypeError, messaging.TypeWarning}

// checkDirect decodes frame with Decoder.Decode and with DecodeInto a
// message that held what the previous frames left, and checks both against
// Codec.Decode.
func checkDirect(t *testing.T, c *messaging.Codec, d *messaging.Decoder, reused map[uint16]messaging.Message, frame []byte) {
	t.Helper()
	checkDecoderAgrees(t, c, d, frame)
	if len(frame) < 2 {
		return
	}
	into, ok := reused[binary.BigEndian.Uint16(frame)]
	if !ok {
		return
	}
	want, wantErr := c.Decode(frame)
	err := d.DecodeInto(append([]byte(nil), frame...), into)
	if !sameError(err, wantErr) {
		t.Fatalf("%x: DecodeInto error %v, Decode error %v", frame, err, wantErr)
	}
	if err == nil {
		if diff := cmp.Diff(want, into); diff != "" {
			t.Fatalf("%x: DecodeInto and Decode disagree (-Decode +DecodeInto):\n%s", frame, diff)
		}
	}
}

// newReused returns one message of each direct type, to decode into.
func newReused(t testing.TB, c *messaging.Codec) map[uint16]messaging.Message {
	reused := map[uint16]messaging.Message{}
	for _, typ := range directTypes {
		e, ok := c.Lookup(typ)
		if !ok {
			t.Fatalf("no type %d", typ)
		}
		reused[typ] = e.New()
	}
	return reused
}

// TestDecodeDirectMatchesWalk decodes random pings, pongs, errors and
// warnings, with and without an extension, whole, cut short, with bytes
// added or a length changed: every frame decodes as the walk decodes it.
func TestDecodeDirectMatchesWalk(t *testing.T) {
	c := newCodec(t)
	d := c.NewDecoder()
	reused := newReused(t, c)
	rng := rand.New(rand.NewPCG(47, 48))
	names := []string{"ping", "pong", "error", "warning"}
	for i := range 4000 {
		m := randomMessage(rng, names[rng.IntN(len(names))])
		if i%2 == 0 { // half without an extension: the direct form's case
			switch m := m.(type) {
			case *messaging.Ping:
				m.Extension = nil
			case *messaging.Pong:
				m.Extension = nil
			case *messaging.Error:
				m.Extension = nil
			case *messaging.Warning:
				m.Extension = nil
			}
		}
		frame, err := messaging.Encode(nil, m)
		if err != nil {
			t.Fatal(err)
		}
		switch rng.IntN(5) {
		case 1: // cut short
			frame = frame[:rng.IntN(len(frame)+1)]
		case 2: // a byte added
			frame = append(frame, byte(rng.Uint32()))
		case 3: // a byte changed after the type: a length, say
			if len(frame) > 2 {
				frame[2+rng.IntN(len(frame)-2)] ^= byte(1 + rng.IntN(255))
			}
		}
		checkDirect(t, c, d, reused, frame)
	}
}

// TestDecodeIntoNilPing: a nil message of the frame's type is a mismatch,
// not a panic, on the direct form's way as on the walk's.
func TestDecodeIntoNilPing(t *testing.T) {
	d := newCodec(t).NewDecoder()
	frame, err := messaging.Encode(nil, &messaging.Ping{NumPongBytes: 1})
	if err != nil {
		t.Fatal(err)
	}
	if err := d.DecodeInto(frame, (*messaging.Ping)(nil)); !errors.Is(err, messaging.ErrTypeMismatch) {
		t.Fatalf("into a nil ping: %v", err)
	}
}

// TestDecodeDirectAliasesCapped: the byte field the direct form sets
// aliases the frame with its capacity cut to its length, as the walk's
// does, so appending to it cannot write over the rest of the frame.
func TestDecodeDirectAliasesCapped(t *testing.T) {
	d := newCodec(t).NewDecoder()
	frame, err := messaging.Encode(nil, &messaging.Error{Data: []byte("abc")})
	if err != nil {
		t.Fatal(err)
	}
	frame = append(frame, 0xff)[:len(frame)] // room after the frame
	m, err := d.Decode(frame)
	if err != nil {
		t.Fatal(err)
	}
	data := m.(*messaging.Error).Data
	if cap(data) != len(data) || &data[0] != &frame[len(frame)-3] {
		t.Fatalf("data %q: capacity %d, aliasing the frame %v", data, cap(data), &data[0] == &frame[len(frame)-3])
	}
}

// FuzzDecodeIntoDirect decodes frames of the direct types (the first input
// byte picks the type, the rest is the payload) with the Decoder, into a
// new and into a reused message, against Codec.Decode.
func FuzzDecodeIntoDirect(f *testing.F) {
	rng := rand.New(rand.NewPCG(49, 50))
	for i, name := range []string{"ping", "pong", "error", "warning"} {
		for range 3 {
			payload, err := randomMessage(rng, name).Encode(nil)
			if err != nil {
				f.Fatal(err)
			}
			f.Add(append([]byte{byte(i)}, payload...))
		}
	}
	c := newCodec(f)
	d := c.NewDecoder()
	reused := newReused(f, c)
	f.Fuzz(func(t *testing.T, b []byte) {
		if len(b) == 0 {
			return
		}
		frame := binary.BigEndian.AppendUint16(nil, directTypes[int(b[0])%len(directTypes)])
		checkDirect(t, c, d, reused, append(frame, b[1:]...))
	})
}

// otherPing is a message of type 18 that is not layer 2's Ping: a codec
// built with it in place of BOLT #1's table must decode type 18 with it,
// never through the direct form of Decoder.Decode.
type otherPing struct{ V uint16 }

func (m *otherPing) Type() uint16          { return messaging.TypePing }
func (m *otherPing) Fields(f *wire.Fields) { f.U16("v", &m.V) }
func (m *otherPing) Encode(d []byte) ([]byte, error) {
	e := wire.NewEncoder(d)
	m.Fields(&e)
	return e.Output()
}
func (m *otherPing) Decode(payload []byte) error {
	var v otherPing
	d := wire.NewDecoder(payload)
	v.Fields(&d)
	if err := d.Done(); err != nil {
		return err
	}
	*m = v
	return nil
}

func TestDecodeDirectOnlyForLayer2Types(t *testing.T) {
	c, err := messaging.NewCodec(messaging.Table{Messages: []messaging.Entry{
		{Type: messaging.TypePing, Name: "other_ping", New: func() messaging.Message { return new(otherPing) }},
	}})
	if err != nil {
		t.Fatal(err)
	}
	// 0x0012 0x0000 0x0000: a valid BOLT #1 ping with no ignored bytes,
	// and a valid otherPing of value 0 followed by two bytes of an
	// (empty-typed, invalid) extension: the walk must run and fail.
	_, err = c.NewDecoder().Decode([]byte{0x00, 0x12, 0x00, 0x00, 0x00, 0x00})
	if err == nil {
		t.Fatal("decoded as layer 2's ping: the direct form ran for a foreign type-18 entry")
	}
	m, err := c.NewDecoder().Decode([]byte{0x00, 0x12, 0x01, 0x02})
	if err != nil {
		t.Fatal(err)
	}
	if o, ok := m.(*otherPing); !ok || o.V != 0x0102 {
		t.Fatalf("decoded %#v, want otherPing{0x0102}", m)
	}
}
