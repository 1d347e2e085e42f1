package wire_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"math/rand/v2"
	"reflect"
	"testing"

	"github.com/btcsuite/btcd/btcec/v2"

	"github.com/lnstack/lnstack/layer2_messaging/msgtest"
	"github.com/lnstack/lnstack/layer2_messaging/wire"
	"github.com/lnstack/lnstack/layer2_messaging/wire/wiretest"
)

// sink is a test value that walks every kind of field Fields offers.
type sink struct {
	B       byte
	U16     uint16
	U32     uint32
	U64     uint64
	S8      int8
	S16     int16
	S32     int32
	S64     int64
	Big     uint64
	Chain   wire.ChainHash
	Chan    wire.ChannelID
	Hash    wire.SHA256
	Sig     wire.Signature
	Schnorr wire.Bip340Sig
	Node    wire.Point
	SCID    wire.ShortChannelID
	Dir     wire.SciddirOrPubkey
	Fixed   [3]byte
	Data    []byte
	Text    string
	Sigs    []wire.Signature
	Hops    []hop
	TLVs    sinkTLVs
}

// hop is a subtype: an object of fields inside an array.
type hop struct {
	Node wire.Point
	Amt  uint64
}

type sinkTLVs struct {
	HasAmount bool
	Amount    uint64
	HasCLTV   bool
	CLTV      uint32
	HasSmall  bool
	Small     uint16
	HasNote   bool
	Note      string
	HasBlob   bool
	Blob      []byte
	HasHashes bool
	Hashes    []wire.SHA256
	HasInner  bool
	Inner     wiretest.N2
	Unknown   wire.Records
}

func (m *sink) Fields(f *wire.Fields) {
	f.Byte("b", &m.B)
	f.U16("u16", &m.U16)
	f.U32("u32", &m.U32)
	f.U64("u64", &m.U64)
	f.S8("s8", &m.S8)
	f.S16("s16", &m.S16)
	f.S32("s32", &m.S32)
	f.S64("s64", &m.S64)
	f.BigSize("big", &m.Big)
	f.ChainHash("chain", &m.Chain)
	f.ChannelID("chan", &m.Chan)
	f.SHA256("hash", &m.Hash)
	f.Signature("sig", &m.Sig)
	f.Bip340Sig("schnorr", &m.Schnorr)
	f.Point("node", &m.Node)
	f.ShortChannelID("scid", &m.SCID)
	f.SciddirOrPubkey("dir", &m.Dir)
	f.FixedBytes("fixed", m.Fixed[:])
	f.Bytes16("len", "data", &m.Data)
	f.String16("text_len", "text", &m.Text)
	n := f.Count16("num_sigs", len(m.Sigs))
	m.Sigs = wire.Counted(f, "sigs", m.Sigs, n, wire.SignatureLen)
	f.BeginArray("sigs")
	for i := range m.Sigs {
		f.Signature("sigs", &m.Sigs[i])
	}
	f.EndArray()
	n = f.Count8("num_hops", len(m.Hops))
	m.Hops = wire.Counted(f, "hops", m.Hops, n, wire.PointLen+8)
	f.BeginArray("hops")
	for i := range m.Hops {
		f.BeginObject("hops")
		f.Point("node", &m.Hops[i].Node)
		f.U64("amt", &m.Hops[i].Amt)
		f.EndObject()
	}
	f.EndArray()
	m.TLVs.Walk(f, "tlvs")
}

func (s *sinkTLVs) Walk(f *wire.Fields, name string) {
	tlv := f.BeginStream(name, &s.Unknown)
	if tlv.Record(2, "amount", &s.HasAmount) {
		f.TU64("amount_msat", &s.Amount)
	}
	if tlv.Record(4, "cltv", &s.HasCLTV) {
		f.TU32("cltv_expiry", &s.CLTV)
	}
	if tlv.Record(5, "small", &s.HasSmall) {
		f.TU16("small", &s.Small)
	}
	if tlv.Record(7, "note", &s.HasNote) {
		f.RestString("note", &s.Note)
	}
	if tlv.Record(9, "blob", &s.HasBlob) {
		f.RestBytes("blob", &s.Blob)
	}
	if tlv.Record(11, "hashes", &s.HasHashes) {
		s.Hashes = wire.Rest(f, "hashes", s.Hashes, wire.SHA256Len)
		f.BeginArray("hashes")
		for i := range s.Hashes {
			f.SHA256("hashes", &s.Hashes[i])
		}
		f.EndArray()
	}
	if tlv.Record(13, "inner", &s.HasInner) {
		s.Inner.Walk(f, "inner")
	}
	tlv.End()
}

// testPoints are valid points for random values (generating keys is slow).
func testPoints(n int) []wire.Point {
	pts := make([]wire.Point, n)
	for i := range pts {
		k, err := btcec.NewPrivateKey()
		if err != nil {
			panic(err)
		}
		pts[i] = wire.PointFromPubKey(k.PubKey())
	}
	return pts
}

func fill(rng *rand.Rand, b []byte) {
	for i := range b {
		b[i] = byte(rng.Uint32())
	}
}

func randomSink(rng *rand.Rand, pts []wire.Point) *sink {
	m := &sink{
		B: byte(rng.Uint32()), U16: uint16(rng.Uint32()), U32: rng.Uint32(), U64: rng.Uint64(),
		S8: int8(rng.Uint32()), S16: int16(rng.Uint32()), S32: int32(rng.Uint32()), S64: int64(rng.Uint64()),
		Big: rng.Uint64() >> rng.IntN(64), SCID: wire.ShortChannelID(rng.Uint64()),
		Node: pts[rng.IntN(len(pts))],
	}
	fill(rng, m.Chain[:])
	fill(rng, m.Chan[:])
	fill(rng, m.Hash[:])
	fill(rng, m.Sig[:])
	fill(rng, m.Schnorr[:])
	fill(rng, m.Fixed[:])
	if rng.IntN(2) == 0 {
		m.Dir, _ = wire.SciddirFromSCID(byte(rng.IntN(2)), wire.ShortChannelID(rng.Uint64()))
	} else {
		m.Dir = wire.SciddirFromPoint(pts[rng.IntN(len(pts))])
	}
	if n := rng.IntN(300); n > 0 {
		m.Data = make([]byte, n)
		fill(rng, m.Data)
	}
	m.Text = []string{"", "hello", "π ≈ 3.14159", "\x00\"\\\n"}[rng.IntN(4)]
	for i := rng.IntN(4); i > 0; i-- {
		var s wire.Signature
		fill(rng, s[:])
		m.Sigs = append(m.Sigs, s)
	}
	for i := rng.IntN(3); i > 0; i-- {
		m.Hops = append(m.Hops, hop{Node: pts[rng.IntN(len(pts))], Amt: rng.Uint64()})
	}
	t := &m.TLVs
	t.HasAmount, t.Amount = rng.IntN(2) == 0, rng.Uint64()>>rng.IntN(64)
	t.HasCLTV, t.CLTV = rng.IntN(2) == 0, rng.Uint32()>>rng.IntN(32)
	t.HasSmall, t.Small = rng.IntN(2) == 0, uint16(rng.Uint32()>>rng.IntN(32))
	t.HasNote, t.Note = rng.IntN(2) == 0, m.Text
	if t.HasBlob = rng.IntN(2) == 0; t.HasBlob {
		// Lengths around the BigSize boundary at 253 move the value when
		// the encoder fixes up the record length.
		if n := []int{0, 1, 252, 253, 254, 300, 65600}[rng.IntN(7)]; n > 0 {
			t.Blob = make([]byte, n)
			fill(rng, t.Blob)
		}
	}
	if t.HasHashes = rng.IntN(2) == 0; t.HasHashes {
		t.Hashes = make([]wire.SHA256, rng.IntN(3)+1)
	}
	if t.HasInner = rng.IntN(2) == 0; t.HasInner {
		t.Inner.HasTLV2, t.Inner.CLTVExpiry = true, rng.Uint32()
		if rng.IntN(2) == 0 {
			t.Inner.Unknown = wire.Records{{Type: 13, Value: []byte{1}}}
		}
	}
	if rng.IntN(2) == 0 {
		// Unknown odd records before, between and after the known ones.
		t.Unknown = wire.Records{{Type: 1, Value: []byte{7}}, {Type: 6 + 3, Value: nil}}
		t.Unknown = t.Unknown[:1+rng.IntN(1)]
		t.Unknown = append(t.Unknown, wire.Record{Type: 1<<40 + 1, Value: []byte("custom")})
	}
	if t.HasBlob && t.Unknown != nil && t.Unknown[len(t.Unknown)-1].Type == 9 {
		t.Unknown = t.Unknown[:len(t.Unknown)-1]
	}
	return m
}

func sinkCodec() msgtest.Codec[*sink] { return msgtest.Walker[sink]() }

// TestFieldsRoundTrip is the property test: random values of every field
// kind encode, decode to the same value, re-encode to the same bytes, and
// print as valid JSON.
func TestFieldsRoundTrip(t *testing.T) {
	rng := rand.New(rand.NewPCG(11, 12))
	pts := testPoints(8)
	c := sinkCodec()
	for i := 0; i < 80; i++ {
		m := randomSink(rng, pts)
		b, err := wire.Encode(nil, m)
		if err != nil {
			t.Fatalf("encode: %v", err)
		}
		msgtest.Valid(t, c, b)
		got, _ := c.Decode(b)
		if got.TLVs.HasBlob != m.TLVs.HasBlob || !bytes.Equal(got.TLVs.Blob, m.TLVs.Blob) {
			t.Fatalf("blob of %d bytes lost", len(m.TLVs.Blob))
		}
	}
}

// TestFieldsTruncations cuts encodings at every offset: each prefix fails
// with a typed error, except cuts at record boundaries of the stream.
func TestFieldsTruncations(t *testing.T) {
	rng := rand.New(rand.NewPCG(13, 14))
	pts := testPoints(4)
	for i := 0; i < 5; i++ {
		m := randomSink(rng, pts)
		m.Data = m.Data[:min(len(m.Data), 40)]
		m.TLVs.Blob = m.TLVs.Blob[:min(len(m.TLVs.Blob), 40)]
		b, err := wire.Encode(nil, m)
		if err != nil {
			t.Fatal(err)
		}
		tlvs, _ := wire.Encode(nil, streamOnly{&m.TLVs})
		msgtest.Truncations(t, sinkCodec(), b, msgtest.RecordBoundaries(t, b, tlvs))
	}
}

type streamOnly struct{ s *sinkTLVs }

func (s streamOnly) Fields(f *wire.Fields) { s.s.Walk(f, "") }

func TestFieldsJSON(t *testing.T) {
	m := &sink{Text: "a\"b", Data: []byte{0xab}, SCID: 0x0000010000020003}
	m.Node = testPoints(1)[0]
	m.Sigs = make([]wire.Signature, 1)
	m.Hops = []hop{{Node: m.Node, Amt: 5}}
	m.S64 = -9223372036854775808
	m.TLVs.HasAmount, m.TLVs.Amount = true, 1000
	m.TLVs.Unknown = wire.Records{{Type: 301, Value: []byte{1, 2}}}
	js, err := wire.MarshalJSON(m)
	if err != nil {
		t.Fatal(err)
	}
	var got map[string]any
	d := json.NewDecoder(bytes.NewReader(js))
	d.UseNumber()
	if err := d.Decode(&got); err != nil {
		t.Fatalf("%v\n%s", err, js)
	}
	for k, want := range map[string]string{"text": `"a\"b"`, "data": `"ab"`, "scid": `"1x2x3"`, "s64": `-9223372036854775808`,
		"tlvs": `{"amount":{"amount_msat":1000},"unknown":{"301":"0102"}}`,
		"hops": `[{"node":"` + m.Node.String() + `","amt":5}]`} {
		b, _ := json.Marshal(got[k])
		var w any
		wd := json.NewDecoder(bytes.NewReader([]byte(want)))
		wd.UseNumber()
		if err := wd.Decode(&w); err != nil {
			t.Fatal(err)
		}
		wb, _ := json.Marshal(w)
		if string(b) != string(wb) {
			t.Errorf("%s = %s, want %s", k, b, wb)
		}
	}
	for _, omitted := range []string{"len", "text_len", "num_sigs", "num_hops"} {
		if _, ok := got[omitted]; ok {
			t.Errorf("length field %q printed", omitted)
		}
	}
}

// fixedOnly has only fixed-size fields and a TLV stream of fixed-size
// records: decoding it must not allocate.
type fixedOnly struct {
	Chain wire.ChainHash
	SCID  wire.ShortChannelID
	Sig   wire.Signature
	U32   uint32
	TLVs  wiretest.N1
}

func (m *fixedOnly) Fields(f *wire.Fields) {
	f.ChainHash("chain_hash", &m.Chain)
	f.ShortChannelID("short_channel_id", &m.SCID)
	f.Signature("signature", &m.Sig)
	f.U32("timestamp", &m.U32)
	m.TLVs.Walk(f, "tlvs")
}

func (m *fixedOnly) Decode(b []byte) error {
	var v fixedOnly
	d := wire.NewDecoder(b)
	v.Fields(&d)
	if err := d.Done(); err != nil {
		return err
	}
	*m = v
	return nil
}

func (m *fixedOnly) Encode(dst []byte) ([]byte, error) {
	e := wire.NewEncoder(dst)
	m.Fields(&e)
	return e.Output()
}

func TestDecodeFixedFieldsAllocatesNothing(t *testing.T) {
	in := fixedOnly{SCID: 42, U32: 7}
	in.TLVs.HasTLV1, in.TLVs.AmountMsat = true, 12345
	in.TLVs.HasTLV2, in.TLVs.SCID = true, 99
	in.TLVs.HasTLV4, in.TLVs.CLTVDelta = true, 144
	b, err := in.Encode(nil)
	if err != nil {
		t.Fatal(err)
	}
	var out fixedOnly
	allocs := testing.AllocsPerRun(200, func() {
		if err := out.Decode(b); err != nil {
			t.Fatal(err)
		}
	})
	if allocs != 0 || !reflect.DeepEqual(out, in) {
		t.Fatalf("%v allocations; decoded %+v", allocs, out)
	}
	buf := make([]byte, 0, 256)
	allocs = testing.AllocsPerRun(200, func() {
		if _, err := in.Encode(buf[:0]); err != nil {
			t.Fatal(err)
		}
	})
	if allocs != 0 {
		t.Fatalf("encode into a buffer with room: %v allocations", allocs)
	}
}

// TestLengthClaimsDoNotAllocate feeds lengths and counts far beyond the
// input: each must fail without allocating.
func TestLengthClaimsDoNotAllocate(t *testing.T) {
	huge := wire.AppendBigSize([]byte{0x0b}, 1<<60) // type 11 (hashes), length 2^60
	for _, tc := range []struct {
		name string
		in   []byte
		err  error
	}{
		{"tlv length 2^60", huge, wire.ErrTLVLength},
		{"unknown odd record of length 2^60", wire.AppendBigSize([]byte{0x21}, 1<<60), wire.ErrTLVLength},
	} {
		var s wiretest.N1
		allocs := testing.AllocsPerRun(50, func() {
			if err := s.Decode(tc.in); !errors.Is(err, tc.err) {
				t.Fatalf("%s: %v", tc.name, err)
			}
		})
		// The error value itself is the only allocation allowed.
		if allocs > 1 {
			t.Errorf("%s: %v allocations", tc.name, allocs)
		}
	}
	// A counted array claiming 65535 signatures in a few bytes.
	base, _ := wire.Encode(nil, &sink{Node: testPoints(1)[0]})
	cut := len(base) - 1 - 1 - 2 // stream is empty: num_hops (1), num_sigs (2) precede
	lie := append(append([]byte{}, base[:cut]...), 0xff, 0xff, 0)
	allocs := testing.AllocsPerRun(50, func() {
		var v sink
		if err := wire.Decode(lie, &v); !errors.Is(err, wire.ErrTruncated) {
			t.Fatalf("65535 signatures in 1 byte: %v", err)
		}
	})
	if allocs > 3 { // the walk escapes through the interface call, and the error
		t.Errorf("counted array lie: %v allocations", allocs)
	}
}
