package layer3msg

import (
	"bytes"
	"testing"

	"github.com/lightningnetwork/lnd/lnwire"

	messaging "github.com/lnstack/lnstack/layer2_messaging"
	cm "github.com/lnstack/lnstack/layer3_p2p/channelmsg"
)

// The benchmarks run lnstack and lnwire on the same bytes, in the same
// process, under the names <Benchmark>/<message>/{lnstack,lnwire}:
//
//   - Decode: one payload into a message value reused across iterations
//     (lnstack: Message.Decode; lnwire: Message.Decode from a reused
//     bytes.Reader, the way lnwire.ReadMessage calls it).
//   - Encode: one message into a reused buffer (lnwire: a bytes.Buffer
//     reset each time).
//   - ReadMessage: a whole frame, type included, through each side's
//     dispatch (lnstack: messaging.Codec.Decode; lnwire: ReadMessage),
//     which allocates the message.
//   - Ratio (ratio_test.go): Decode and Encode of both sides alternately,
//     timed with the thread CPU clock: the figures of record.
//
// The messages are the lnwire values below; the payload both decode is
// lnwire's encoding of them.

// benchCase is one message of the benchmarks.
type benchCase struct {
	name string
	lnd  lnwire.Message
	// newLnd returns an empty lnwire message of the same type.
	newLnd func() lnwire.Message
}

func benchCases() []benchCase {
	g := newGen(7)
	add := generators["update_add_htlc"](g).lnd.(*lnwire.UpdateAddHTLC)
	add.BlindingPoint, add.CustomRecords, add.ExtraData = lnwire.BlindingPointRecord{}, nil, nil

	commit := &lnwire.CommitSig{ChanID: g.b32()}
	commit.CommitSig, _ = g.sig()
	for i := 0; i < 30; i++ {
		s, _ := g.sig()
		commit.HtlcSigs = append(commit.HtlcSigs, s)
	}

	open := generators["open_channel"](g).lnd.(*lnwire.OpenChannel)
	open.UpfrontShutdownScript = g.bytes(22)
	ct := lnwire.ChannelType(*lnwire.NewRawFeatureVector(12, 22))
	open.ChannelType = &ct

	reest := generators["channel_reestablish"](g).lnd.(*lnwire.ChannelReestablish)

	fulfill := &lnwire.UpdateFulfillHTLC{ChanID: g.b32(), ID: 7, PaymentPreimage: g.b32()}
	shutdown := &lnwire.Shutdown{ChannelID: g.b32(), Address: g.bytes(22)}
	return []benchCase{
		{"update_add_htlc", add, func() lnwire.Message { return new(lnwire.UpdateAddHTLC) }},
		{"commitment_signed_30", commit, func() lnwire.Message { return new(lnwire.CommitSig) }},
		{"open_channel", open, func() lnwire.Message { return new(lnwire.OpenChannel) }},
		{"channel_reestablish", reest, func() lnwire.Message { return new(lnwire.ChannelReestablish) }},
		{"update_fulfill_htlc", fulfill, func() lnwire.Message { return new(lnwire.UpdateFulfillHTLC) }},
		{"shutdown", shutdown, func() lnwire.Message { return new(lnwire.Shutdown) }},
	}
}

// payload returns lnwire's payload of c and lnstack's empty message of the
// same type, checking that lnstack decodes it.
func (c benchCase) payload(b *testing.B) ([]byte, messaging.Message) {
	p, err := lndEncode(c.lnd)
	if err != nil {
		b.Fatal(err)
	}
	m := entryOfType(b, uint16(c.lnd.MsgType())).New()
	if err := m.Decode(p); err != nil {
		b.Fatal(err)
	}
	return p, m
}

func entryOfType(b *testing.B, typ uint16) messaging.Entry {
	for _, e := range cm.Messages().Messages {
		if e.Type == typ {
			return e
		}
	}
	b.Fatalf("no type %d", typ)
	return messaging.Entry{}
}

func BenchmarkDecode(b *testing.B) {
	for _, c := range benchCases() {
		p, m := c.payload(b)
		b.Run(c.name, func(b *testing.B) {
			b.Run("lnstack", func(b *testing.B) {
				b.SetBytes(int64(len(p)))
				b.ReportAllocs()
				for b.Loop() {
					if err := m.Decode(p); err != nil {
						b.Fatal(err)
					}
				}
			})
			b.Run("lnwire", func(b *testing.B) {
				l := c.newLnd()
				var r bytes.Reader
				b.SetBytes(int64(len(p)))
				b.ReportAllocs()
				for b.Loop() {
					r.Reset(p)
					if err := l.Decode(&r, 0); err != nil {
						b.Fatal(err)
					}
				}
			})
		})
	}
}

func BenchmarkEncode(b *testing.B) {
	for _, c := range benchCases() {
		p, m := c.payload(b)
		b.Run(c.name, func(b *testing.B) {
			b.Run("lnstack", func(b *testing.B) {
				buf := make([]byte, 0, len(p))
				b.SetBytes(int64(len(p)))
				b.ReportAllocs()
				for b.Loop() {
					if _, err := m.Encode(buf[:0]); err != nil {
						b.Fatal(err)
					}
				}
			})
			b.Run("lnwire", func(b *testing.B) {
				var buf bytes.Buffer
				buf.Grow(len(p))
				b.SetBytes(int64(len(p)))
				b.ReportAllocs()
				for b.Loop() {
					buf.Reset()
					if err := c.lnd.Encode(&buf, 0); err != nil {
						b.Fatal(err)
					}
				}
			})
		})
	}
}

func BenchmarkReadMessage(b *testing.B) {
	codec, err := messaging.NewCodec(messaging.Messages(), cm.Messages())
	if err != nil {
		b.Fatal(err)
	}
	for _, c := range benchCases() {
		p, _ := c.payload(b)
		frame := append([]byte{byte(c.lnd.MsgType() >> 8), byte(c.lnd.MsgType())}, p...)
		b.Run(c.name, func(b *testing.B) {
			b.Run("lnstack", func(b *testing.B) {
				b.ReportAllocs()
				for b.Loop() {
					if _, err := codec.Decode(frame); err != nil {
						b.Fatal(err)
					}
				}
			})
			b.Run("lnwire", func(b *testing.B) {
				b.ReportAllocs()
				for b.Loop() {
					if _, err := lnwire.ReadMessage(bytes.NewReader(frame), 0); err != nil {
						b.Fatal(err)
					}
				}
			})
		})
	}
}
