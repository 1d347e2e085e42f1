package wire_test

import (
	"math/rand/v2"
	"reflect"
	"testing"

	"github.com/lnstack/lnstack/layer2_messaging/wire"
)

// payload is a five-record stream shaped like a BOLT #4 onion payload, all
// of fixed-size fields, for the TLV benchmarks.
type payload struct {
	HasAmount      bool
	AmountToFwd    uint64 // 2: tu64
	HasCLTV        bool
	OutgoingCLTV   uint32 // 4: tu32
	HasSCID        bool
	SCID           wire.ShortChannelID // 6
	HasPaymentData bool
	PaymentSecret  wire.SHA256 // 8: 32*byte
	TotalMsat      uint64      // 8: tu64
	HasTotal       bool
	TotalAmount    uint64 // 18: tu64
	Unknown        wire.Records
}

func (p *payload) walk(f *wire.Fields) {
	tlv := f.BeginStream("", &p.Unknown)
	if tlv.Record(2, "amt_to_forward", &p.HasAmount) {
		f.TU64("amt_to_forward", &p.AmountToFwd)
	}
	if tlv.Record(4, "outgoing_cltv_value", &p.HasCLTV) {
		f.TU32("outgoing_cltv_value", &p.OutgoingCLTV)
	}
	if tlv.Record(6, "short_channel_id", &p.HasSCID) {
		f.ShortChannelID("short_channel_id", &p.SCID)
	}
	if tlv.Record(8, "payment_data", &p.HasPaymentData) {
		f.SHA256("payment_secret", &p.PaymentSecret)
		f.TU64("total_msat", &p.TotalMsat)
	}
	if tlv.Record(18, "total_amount_msat", &p.HasTotal) {
		f.TU64("total_msat", &p.TotalAmount)
	}
	tlv.End()
}

func (p *payload) Decode(b []byte) error {
	var v payload
	d := wire.NewDecoder(b)
	v.walk(&d)
	if err := d.Done(); err != nil {
		return err
	}
	*p = v
	return nil
}

func (p *payload) Encode(dst []byte) ([]byte, error) {
	e := wire.NewEncoder(dst)
	p.walk(&e)
	return e.Output()
}

func benchPayload() *payload {
	return &payload{
		HasAmount: true, AmountToFwd: 1_000_000,
		HasCLTV: true, OutgoingCLTV: 800_144,
		HasSCID: true, SCID: 0x0c3500000a0001,
		HasPaymentData: true, PaymentSecret: wire.SHA256{1, 2, 3}, TotalMsat: 5_000_000,
		HasTotal: true, TotalAmount: 5_000_000,
	}
}

func BenchmarkTLVStreamEncode(b *testing.B) {
	b.ReportAllocs()
	p := benchPayload()
	buf := make([]byte, 0, 128)
	for i := 0; i < b.N; i++ {
		if _, err := p.Encode(buf[:0]); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkTLVStreamDecode(b *testing.B) {
	b.ReportAllocs()
	in, err := benchPayload().Encode(nil)
	if err != nil {
		b.Fatal(err)
	}
	var p payload
	for i := 0; i < b.N; i++ {
		if err := p.Decode(in); err != nil {
			b.Fatal(err)
		}
	}
}

func TestBenchPayloadRoundTrip(t *testing.T) {
	in, err := benchPayload().Encode(nil)
	if err != nil {
		t.Fatal(err)
	}
	var p payload
	allocs := testing.AllocsPerRun(100, func() {
		if err := p.Decode(in); err != nil {
			t.Fatal(err)
		}
	})
	if !reflect.DeepEqual(p, *benchPayload()) || allocs != 0 {
		t.Fatalf("decoded %+v with %v allocations", p, allocs)
	}
}

// sinkSeeds are encodings of random sinks, for the fuzz corpus.
func sinkSeeds(t testing.TB) [][]byte {
	rng := rand.New(rand.NewPCG(15, 16))
	pts := testPoints(2)
	var seeds [][]byte
	for i := 0; i < 8; i++ {
		m := randomSink(rng, pts)
		m.TLVs.Blob = m.TLVs.Blob[:min(len(m.TLVs.Blob), 300)]
		b, err := wire.Encode(nil, m)
		if err != nil {
			t.Fatal(err)
		}
		seeds = append(seeds, b)
	}
	return seeds
}
