package messaging_test

import (
	"testing"

	messaging "github.com/lnstack/lnstack/layer2_messaging"
	"github.com/lnstack/lnstack/layer2_messaging/feature"
	"github.com/lnstack/lnstack/layer2_messaging/wire"
)

// benchInit is an init as lnd sends it: a few feature bits and networks.
func benchInit() *messaging.Init {
	m := &messaging.Init{
		GlobalFeatures: feature.New(1, 5),
		Features:       feature.New(0, 5, 7, 9, 12, 14, 17, 19, 23, 27, 31, 45, 47, 51, 55, 181),
	}
	m.TLVs.HasNetworks, m.TLVs.Networks = true, []wire.ChainHash{mainnet}
	m.TLVs.HasRemoteAddr, m.TLVs.RemoteAddr = true, []byte{1, 203, 0, 113, 7, 0x26, 0x07}
	return m
}

func BenchmarkInitEncode(b *testing.B) {
	b.ReportAllocs()
	m := benchInit()
	buf := make([]byte, 0, 256)
	for i := 0; i < b.N; i++ {
		if _, err := m.Encode(buf[:0]); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkInitDecode(b *testing.B) {
	b.ReportAllocs()
	payload, err := benchInit().Encode(nil)
	if err != nil {
		b.Fatal(err)
	}
	var m messaging.Init
	for i := 0; i < b.N; i++ {
		if err := m.Decode(payload); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkPingEncode(b *testing.B) {
	b.ReportAllocs()
	m := messaging.NewPing(16, 16)
	buf := make([]byte, 0, 64)
	for i := 0; i < b.N; i++ {
		if _, err := m.Encode(buf[:0]); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkPingDecode(b *testing.B) {
	b.ReportAllocs()
	payload, err := messaging.NewPing(16, 16).Encode(nil)
	if err != nil {
		b.Fatal(err)
	}
	var m messaging.Ping
	for i := 0; i < b.N; i++ {
		if err := m.Decode(payload); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkCodecDecodePing is a whole frame through the Codec: the type
// lookup and a new message per frame.
func BenchmarkCodecDecodePing(b *testing.B) {
	b.ReportAllocs()
	c := newCodec(b)
	frame, err := messaging.Encode(nil, messaging.NewPing(16, 0))
	if err != nil {
		b.Fatal(err)
	}
	for i := 0; i < b.N; i++ {
		if _, err := c.Decode(frame); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkDecoderPing is BenchmarkCodecDecodePing through a Decoder, whose
// messages alias the frame: with 80 bytes of padding, one allocation (the
// message) where the Codec makes two.
func BenchmarkDecoderPing(b *testing.B) {
	b.ReportAllocs()
	d := newCodec(b).NewDecoder()
	frame, err := messaging.Encode(nil, messaging.NewPing(1000, 80))
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		if _, err := d.Decode(frame); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkDecoderIntoPing decodes into one reused ping: no allocation.
func BenchmarkDecoderIntoPing(b *testing.B) {
	b.ReportAllocs()
	d := newCodec(b).NewDecoder()
	frame, err := messaging.Encode(nil, messaging.NewPing(1000, 80))
	if err != nil {
		b.Fatal(err)
	}
	var m messaging.Ping
	for b.Loop() {
		if err := d.DecodeInto(frame, &m); err != nil {
			b.Fatal(err)
		}
	}
}
