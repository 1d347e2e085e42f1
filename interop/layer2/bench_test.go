package layer2

import (
	"bytes"
	"encoding/binary"
	"strings"
	"testing"

	"github.com/lightningnetwork/lnd/lnwire"
	"github.com/lightningnetwork/lnd/tlv"

	messaging "github.com/lnstack/lnstack/layer2_messaging"
	"github.com/lnstack/lnstack/layer2_messaging/feature"
	"github.com/lnstack/lnstack/layer2_messaging/wire"
)

// The benchmarks run lnstack and lnd on the same work, in the same process.
// Each case is one operation:
//
//   - BigSize/{encode,decode}: one value, cycling through one value of each
//     encoded length (1, 3, 5 and 9 bytes); lnd: tlv.WriteVarInt into a
//     reused bytes.Buffer, tlv.ReadVarInt from a reused bytes.Reader.
//   - TLVStream/{encode,decode}: the five-record hop payload of
//     tlv_test.go, every record present; lnd: a tlv.Stream of lnd's record
//     package built once and reused (lnd builds one per payload, which
//     would cost it more). TLVStream/decode-nocopy decodes the same stream
//     with payment_metadata aliasing the input (wire.NewDecoderNoCopy),
//     against the same lnd decode.
//   - Message/<name>/{encode,decode,decode-nocopy}: one whole message with
//     its type, each of the five BOLT #1 messages lnwire has; lnstack:
//     messaging.Encode into a reused buffer, Codec.Decode (the message owns
//     copies of its byte fields) and messaging.Decoder (its byte fields
//     alias the frame, as the frame of noise.Conn.ReadMessage allows); lnd:
//     lnwire.WriteMessage into a reused bytes.Buffer and lnwire.ReadMessage
//     from a reused bytes.Reader, which copies (lnd has no other way) and
//     is the lnd side of both decode cases. Decoding allocates the decoded
//     message on both sides.
//   - Message/<name>/decode-into: decoding into a message the caller
//     reuses; lnstack: Decoder.DecodeInto; lnd: the message's own Decode
//     from a reused bytes.Reader, after checking the type.
//
// BenchmarkBigSize, BenchmarkTLVStream and BenchmarkMessage time each side
// on its own (wall clock, <case>/{lnstack,lnd}); BenchmarkRatio (ratio_test.go)
// runs both alternately and times them with the thread's CPU clock.

// benchCase is one operation for both sides: each constructor does the
// setup and returns the operation.
type benchCase struct {
	name    string
	lnstack func(b *testing.B) func()
	lnd     func(b *testing.B) func()
}

func BenchmarkBigSize(b *testing.B)   { runWall(b, "BigSize/") }
func BenchmarkTLVStream(b *testing.B) { runWall(b, "TLVStream/") }
func BenchmarkMessage(b *testing.B)   { runWall(b, "Message/") }

// runWall runs the cases under prefix, each side on its own.
func runWall(b *testing.B, prefix string) {
	for _, c := range benchCases() {
		name, ok := strings.CutPrefix(c.name, prefix)
		if !ok {
			continue
		}
		for _, side := range []struct {
			name string
			op   func(*testing.B) func()
		}{{"lnstack", c.lnstack}, {"lnd", c.lnd}} {
			b.Run(name+"/"+side.name, func(b *testing.B) {
				op := side.op(b)
				b.ReportAllocs()
				for b.Loop() {
					op()
				}
			})
		}
	}
}

// benchCases lists every case.
func benchCases() []benchCase {
	cases := append(bigSizeCases(), streamCases()...)
	for _, m := range benchMessages() {
		cases = append(cases, messageCases(m.name, m.lnstack)...)
	}
	return cases
}

func bigSizeCases() []benchCase {
	values := []uint64{0xfc, 0xffff, 0xffffffff, 0x1122334455667788}
	encoded := make([][]byte, len(values))
	for i, v := range values {
		encoded[i] = wire.AppendBigSize(nil, v)
	}
	return []benchCase{
		{
			name: "BigSize/encode",
			lnstack: func(b *testing.B) func() {
				var dst []byte
				i := 0
				return func() {
					dst = wire.AppendBigSize(dst[:0], values[i&3])
					i++
				}
			},
			lnd: func(b *testing.B) func() {
				var w bytes.Buffer
				var buf [8]byte
				i := 0
				return func() {
					w.Reset()
					if err := tlv.WriteVarInt(&w, values[i&3], &buf); err != nil {
						b.Fatal(err)
					}
					i++
				}
			},
		},
		{
			name: "BigSize/decode",
			lnstack: func(b *testing.B) func() {
				i := 0
				return func() {
					if _, _, err := wire.DecodeBigSize(encoded[i&3]); err != nil {
						b.Fatal(err)
					}
					i++
				}
			},
			lnd: func(b *testing.B) func() {
				var rd bytes.Reader
				var buf [8]byte
				i := 0
				return func() {
					rd.Reset(encoded[i&3])
					if _, err := tlv.ReadVarInt(&rd, &buf); err != nil {
						b.Fatal(err)
					}
					i++
				}
			},
		},
	}
}

// benchHop is a hop payload with every record present.
func benchHop() hopPayload {
	s := hopPayload{
		HasAmt: true, Amt: 1_000_000,
		HasCLTV: true, CLTV: 800_144,
		HasSCID: true, SCID: wire.ShortChannelID(800_000<<40 | 1234<<16 | 1),
		HasPaymentData: true, TotalMsat: 5_000_000,
		HasMetadata: true, Metadata: bytes.Repeat([]byte{0x42}, 32),
	}
	for i := range s.PaymentSecret {
		s.PaymentSecret[i] = byte(i)
	}
	return s
}

// DecodeNoCopy is Decode with payment_metadata aliasing b, for a caller
// that hands b over (wire.NewDecoderNoCopy).
func (s *hopPayload) DecodeNoCopy(b []byte) error {
	var v hopPayload
	d := wire.NewDecoderNoCopy(b)
	v.Fields(&d)
	if err := d.Done(); err != nil {
		return err
	}
	*s = v
	return nil
}

func streamCases() []benchCase {
	ours := benchHop()
	encoded, err := ours.Encode(nil)
	if err != nil {
		panic(err)
	}
	lndDecode := func(b *testing.B) func() {
		h := new(lndHop)
		s, err := tlv.NewStream(h.records(nil)...)
		if err != nil {
			b.Fatal(err)
		}
		var rd bytes.Reader
		return func() {
			rd.Reset(encoded)
			if err := s.Decode(&rd); err != nil {
				b.Fatal(err)
			}
		}
	}
	return []benchCase{
		{
			name: "TLVStream/encode",
			lnstack: func(b *testing.B) func() {
				var dst []byte
				return func() {
					var err error
					if dst, err = ours.Encode(dst[:0]); err != nil {
						b.Fatal(err)
					}
				}
			},
			lnd: func(b *testing.B) func() {
				h, _ := ours.toLnd()
				s, err := tlv.NewStream(h.records(nil)...)
				if err != nil {
					b.Fatal(err)
				}
				var w bytes.Buffer
				if err := s.Encode(&w); err != nil || !bytes.Equal(w.Bytes(), encoded) {
					b.Fatalf("lnd encodes %x, %v; lnstack %x", w.Bytes(), err, encoded)
				}
				return func() {
					w.Reset()
					if err := s.Encode(&w); err != nil {
						b.Fatal(err)
					}
				}
			},
		},
		{
			name: "TLVStream/decode",
			lnstack: func(b *testing.B) func() {
				var s hopPayload
				return func() {
					if err := s.Decode(encoded); err != nil {
						b.Fatal(err)
					}
				}
			},
			lnd: lndDecode,
		},
		{
			name: "TLVStream/decode-nocopy",
			lnstack: func(b *testing.B) func() {
				var s hopPayload
				return func() {
					if err := s.DecodeNoCopy(encoded); err != nil {
						b.Fatal(err)
					}
				}
			},
			lnd: lndDecode,
		},
	}
}

// lndInitBits are the features lnd v0.20.0-beta sends in init (as the live
// test sees them), legacy globalfeatures {8, 12} apart.
var lndInitBits = []feature.Bit{0, 5, 7, 8, 12, 14, 17, 23, 25, 27, 31, 35, 45, 2023}

// benchMessages are the messages of the Message cases, as lnd sends them:
// its init, a ping asking for 1000 bytes with an 80-byte padding (lnd pads
// with a block header), the pong to it, and an error and a warning with a
// line of text.
func benchMessages() []struct {
	name    string
	lnstack messaging.Message
} {
	text := []byte("invalid commitment signature: sig 3045022100... does not verify")
	return []struct {
		name    string
		lnstack messaging.Message
	}{
		{"init", &messaging.Init{GlobalFeatures: feature.New(8, 12), Features: feature.New(lndInitBits...)}},
		{"ping", &messaging.Ping{NumPongBytes: 1000, Ignored: make([]byte, 80)}},
		{"pong", &messaging.Pong{Ignored: make([]byte, 1000)}},
		{"error", &messaging.Error{ChannelID: wire.ChannelID{31: 1}, Data: text}},
		{"warning", &messaging.Warning{ChannelID: wire.ChannelID{31: 1}, Data: text}},
	}
}

func messageCases(name string, m messaging.Message) []benchCase {
	frame, err := messaging.Encode(nil, m)
	if err != nil {
		panic(err)
	}
	lndDecode := func(b *testing.B) func() {
		var rd bytes.Reader
		return func() {
			rd.Reset(frame)
			if _, err := lnwire.ReadMessage(&rd, 0); err != nil {
				b.Fatal(err)
			}
		}
	}
	lnd := func(b *testing.B) lnwire.Message {
		theirs, err := lnwire.ReadMessage(bytes.NewReader(frame), 0)
		if err != nil {
			b.Fatal(err)
		}
		return theirs
	}
	return []benchCase{
		{
			name: "Message/" + name + "/encode",
			lnstack: func(b *testing.B) func() {
				var dst []byte
				return func() {
					var err error
					if dst, err = messaging.Encode(dst[:0], m); err != nil {
						b.Fatal(err)
					}
				}
			},
			lnd: func(b *testing.B) func() {
				theirs := lnd(b)
				var w bytes.Buffer
				if _, err := lnwire.WriteMessage(&w, theirs, 0); err != nil || !bytes.Equal(w.Bytes(), frame) {
					b.Fatalf("lnd encodes %x, %v; lnstack %x", w.Bytes(), err, frame)
				}
				return func() {
					w.Reset()
					if _, err := lnwire.WriteMessage(&w, theirs, 0); err != nil {
						b.Fatal(err)
					}
				}
			},
		},
		{
			name: "Message/" + name + "/decode",
			lnstack: func(b *testing.B) func() {
				codec := newCodec(b)
				return func() {
					if _, err := codec.Decode(frame); err != nil {
						b.Fatal(err)
					}
				}
			},
			lnd: lndDecode,
		},
		{
			name: "Message/" + name + "/decode-nocopy",
			lnstack: func(b *testing.B) func() {
				dec := newCodec(b).NewDecoder()
				return func() {
					if _, err := dec.Decode(frame); err != nil {
						b.Fatal(err)
					}
				}
			},
			lnd: lndDecode,
		},
		{
			name: "Message/" + name + "/decode-into",
			lnstack: func(b *testing.B) func() {
				codec := newCodec(b)
				e, _ := codec.Lookup(m.Type())
				dec, into := codec.NewDecoder(), e.New()
				return func() {
					if err := dec.DecodeInto(frame, into); err != nil {
						b.Fatal(err)
					}
				}
			},
			lnd: func(b *testing.B) func() {
				into := lnd(b)
				var rd bytes.Reader
				return func() {
					if binary.BigEndian.Uint16(frame) != uint16(into.MsgType()) {
						b.Fatal("type mismatch")
					}
					rd.Reset(frame[2:])
					if err := into.Decode(&rd, 0); err != nil {
						b.Fatal(err)
					}
				}
			},
		},
	}
}
