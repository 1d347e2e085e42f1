package layer2

import (
	"bytes"
	"errors"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/lightningnetwork/lnd/lnwire"
	"github.com/lightningnetwork/lnd/record"
	"github.com/lightningnetwork/lnd/tlv"

	"github.com/lnstack/lnstack/layer2_messaging/wire"
)

// iterations is how many random values each differential test tries.
const iterations = 5000

// newRand returns the tests' random source: a fixed seed per test, so a
// failure reproduces.
func newRand(seed uint64) *rand.Rand { return rand.New(rand.NewPCG(seed, 0x6c6e737461636b)) }

// randBigSize draws a value whose encoding length is 1, 3, 5 or 9 bytes
// with equal odds, including the edges of each range.
func randBigSize(r *rand.Rand) uint64 {
	edges := []uint64{0, 0xfc, 0xfd, 0xffff, 0x10000, 0xffffffff, 0x100000000, ^uint64(0)}
	switch r.IntN(5) {
	case 0:
		return uint64(r.IntN(0xfd))
	case 1:
		return 0xfd + uint64(r.IntN(0x10000-0xfd))
	case 2:
		return 0x10000 + uint64(r.Uint32N(0xffffffff-0x10000))
	case 3:
		return 0x100000000 + r.Uint64N(^uint64(0)-0x100000000)
	default:
		return edges[r.IntN(len(edges))]
	}
}

func TestBigSizeDifferential(t *testing.T) {
	r := newRand(1)
	var buf [8]byte
	for range iterations {
		v := randBigSize(r)
		ours := wire.AppendBigSize(nil, v)
		var theirs bytes.Buffer
		if err := tlv.WriteVarInt(&theirs, v, &buf); err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(ours, theirs.Bytes()) {
			t.Fatalf("%d: lnstack %x, lnd %x", v, ours, theirs.Bytes())
		}
		// lnstack's bytes through lnd's decoder, and the reverse.
		got, err := tlv.ReadVarInt(bytes.NewReader(ours), &buf)
		if err != nil || got != v {
			t.Fatalf("lnd decodes lnstack's %x as %d, %v; want %d", ours, got, err, v)
		}
		got, n, err := wire.DecodeBigSize(theirs.Bytes())
		if err != nil || got != v || n != theirs.Len() {
			t.Fatalf("lnstack decodes lnd's %x as %d (%d bytes), %v; want %d", theirs.Bytes(), got, n, err, v)
		}
	}
}

// TestBigSizeDecodeAgrees feeds both decoders random bytes, most of them
// near-misses (a prefix byte and a short or non-minimal value): both must
// accept with the same value and length, or both refuse.
func TestBigSizeDecodeAgrees(t *testing.T) {
	r := newRand(2)
	var buf [8]byte
	for range 4 * iterations {
		b := make([]byte, r.IntN(10))
		for i := range b {
			b[i] = byte(r.IntN(256))
		}
		if len(b) > 0 && r.IntN(2) == 0 {
			b[0] = 0xfd + byte(r.IntN(3)) // a multi-byte prefix
			for i := 1; i < len(b) && r.IntN(2) == 0; i++ {
				b[i] = 0 // leading zeros: non-minimal values
			}
		}
		ours, n, oursErr := wire.DecodeBigSize(b)
		rd := bytes.NewReader(b)
		theirs, theirsErr := tlv.ReadVarInt(rd, &buf)
		if (oursErr == nil) != (theirsErr == nil) {
			t.Fatalf("%x: lnstack %d, %v; lnd %d, %v", b, ours, oursErr, theirs, theirsErr)
		}
		if oursErr == nil && (ours != theirs || n != len(b)-rd.Len()) {
			t.Fatalf("%x: lnstack %d (%d bytes), lnd %d (%d bytes)", b, ours, n, theirs, len(b)-rd.Len())
		}
		if oursErr != nil && !wire.Malformed(oursErr) {
			t.Fatalf("%x: untyped error %v", b, oursErr)
		}
	}
}

// hopPayload is the five-record stream of the tests and benchmarks,
// written with lnstack's wire walker: the BOLT #4 hop payload records
// amt_to_forward (2), outgoing_cltv_value (4), short_channel_id (6),
// payment_data (8) and payment_metadata (16), as lnd's record package
// declares them.
type hopPayload struct {
	HasAmt bool
	Amt    uint64

	HasCLTV bool
	CLTV    uint32

	HasSCID bool
	SCID    wire.ShortChannelID

	HasPaymentData bool
	PaymentSecret  [32]byte
	TotalMsat      uint64

	HasMetadata bool
	Metadata    []byte

	Unknown wire.Records
}

func (s *hopPayload) Fields(f *wire.Fields) {
	tlv := f.BeginStream("", &s.Unknown)
	if tlv.Record(2, "amt_to_forward", &s.HasAmt) {
		f.TU64("amt_to_forward", &s.Amt)
	}
	if tlv.Record(4, "outgoing_cltv_value", &s.HasCLTV) {
		f.TU32("outgoing_cltv_value", &s.CLTV)
	}
	if tlv.Record(6, "short_channel_id", &s.HasSCID) {
		f.ShortChannelID("short_channel_id", &s.SCID)
	}
	if tlv.Record(8, "payment_data", &s.HasPaymentData) {
		f.FixedBytes("payment_secret", s.PaymentSecret[:])
		f.TU64("total_msat", &s.TotalMsat)
	}
	if tlv.Record(16, "payment_metadata", &s.HasMetadata) {
		f.RestBytes("payment_metadata", &s.Metadata)
	}
	tlv.End()
}

// Encode and Decode walk a concrete receiver, as lnstack's message codecs
// do, so the walk stays on the stack.
func (s *hopPayload) Encode(dst []byte) ([]byte, error) {
	e := wire.NewEncoder(dst)
	s.Fields(&e)
	return e.Output()
}

func (s *hopPayload) Decode(b []byte) error {
	var v hopPayload
	d := wire.NewDecoder(b)
	v.Fields(&d)
	if err := d.Done(); err != nil {
		return err
	}
	*s = v
	return nil
}

// lndHop holds the same records for lnd's tlv package.
type lndHop struct {
	amt      uint64
	cltv     uint32
	scid     uint64
	mpp      record.MPP
	metadata []byte
}

// records returns the records of the types in present (all five when
// present is nil), in type order.
func (h *lndHop) records(present map[tlv.Type]bool) []tlv.Record {
	all := []tlv.Record{
		record.NewAmtToFwdRecord(&h.amt),
		record.NewLockTimeRecord(&h.cltv),
		record.NewNextHopIDRecord(&h.scid),
		h.mpp.Record(),
		record.NewMetadataRecord(&h.metadata),
	}
	if present == nil {
		return all
	}
	var out []tlv.Record
	for _, rec := range all {
		if present[rec.Type()] {
			out = append(out, rec)
		}
	}
	return out
}

// encode encodes the present records with lnd's tlv.Stream.
func (h *lndHop) encode(present map[tlv.Type]bool) ([]byte, error) {
	s, err := tlv.NewStream(h.records(present)...)
	if err != nil {
		return nil, err
	}
	var b bytes.Buffer
	err = s.Encode(&b)
	return b.Bytes(), err
}

// decodeLndHop decodes a stream with lnd's tlv.Stream and returns the types
// it found, with the bytes of the unknown ones.
func decodeLndHop(b []byte) (*lndHop, tlv.TypeMap, error) {
	h := new(lndHop)
	s, err := tlv.NewStream(h.records(nil)...)
	if err != nil {
		return nil, nil, err
	}
	types, err := s.DecodeWithParsedTypesP2P(bytes.NewReader(b))
	return h, types, err
}

// randHop draws a payload: each record present with odds 3 in 4, values
// spanning every truncated-integer length, and sometimes unknown odd
// records between and after the known ones.
func randHop(r *rand.Rand, unknown bool) hopPayload {
	var s hopPayload
	bits := func() uint64 { return r.Uint64() >> r.IntN(65) }
	s.HasAmt, s.Amt = r.IntN(4) > 0, bits()
	s.HasCLTV, s.CLTV = r.IntN(4) > 0, uint32(bits())
	s.HasSCID, s.SCID = r.IntN(4) > 0, wire.ShortChannelID(r.Uint64())
	s.HasPaymentData, s.TotalMsat = r.IntN(4) > 0, bits()
	for i := range s.PaymentSecret {
		s.PaymentSecret[i] = byte(r.IntN(256))
	}
	s.HasMetadata = r.IntN(4) > 0
	if s.HasMetadata {
		s.Metadata = make([]byte, r.IntN(300))
		for i := range s.Metadata {
			s.Metadata[i] = byte(r.IntN(256))
		}
	}
	if !s.HasAmt {
		s.Amt = 0
	}
	if !s.HasCLTV {
		s.CLTV = 0
	}
	if !s.HasSCID {
		s.SCID = 0
	}
	if !s.HasPaymentData {
		s.PaymentSecret, s.TotalMsat = [32]byte{}, 0
	}
	if unknown {
		for _, typ := range []uint64{1, 3, 5, 7, 9, 11, 13, 15, 17, 253, 65537} {
			if r.IntN(6) == 0 {
				v := make([]byte, r.IntN(40))
				for i := range v {
					v[i] = byte(r.IntN(256))
				}
				s.Unknown = append(s.Unknown, wire.Record{Type: typ, Value: v})
			}
		}
	}
	return s
}

// toLnd copies a payload into lnd's form and the set of present types.
func (s *hopPayload) toLnd() (*lndHop, map[tlv.Type]bool) {
	h := &lndHop{amt: s.Amt, cltv: s.CLTV, scid: uint64(s.SCID), metadata: s.Metadata}
	h.mpp = *record.NewMPP(lnwire.MilliSatoshi(s.TotalMsat), s.PaymentSecret)
	present := map[tlv.Type]bool{
		record.AmtOnionType:      s.HasAmt,
		record.LockTimeOnionType: s.HasCLTV,
		record.NextHopOnionType:  s.HasSCID,
		record.MPPOnionType:      s.HasPaymentData,
		record.MetadataOnionType: s.HasMetadata,
	}
	return h, present
}

// sameHop compares lnd's decoded records with lnstack's.
func sameHop(t *testing.T, ours *hopPayload, theirs *lndHop, types tlv.TypeMap) {
	t.Helper()
	has := func(typ tlv.Type) bool { v, ok := types[typ]; return ok && v == nil }
	if has(record.AmtOnionType) != ours.HasAmt || has(record.LockTimeOnionType) != ours.HasCLTV ||
		has(record.NextHopOnionType) != ours.HasSCID || has(record.MPPOnionType) != ours.HasPaymentData ||
		has(record.MetadataOnionType) != ours.HasMetadata {
		t.Fatalf("present records differ: lnd %v, lnstack %+v", types, ours)
	}
	if ours.HasAmt && theirs.amt != ours.Amt || ours.HasCLTV && theirs.cltv != ours.CLTV ||
		ours.HasSCID && theirs.scid != uint64(ours.SCID) ||
		ours.HasMetadata && !bytes.Equal(theirs.metadata, ours.Metadata) {
		t.Fatalf("values differ: lnd %+v, lnstack %+v", theirs, ours)
	}
	if ours.HasPaymentData && (theirs.mpp.PaymentAddr() != ours.PaymentSecret ||
		uint64(theirs.mpp.TotalMsat()) != ours.TotalMsat) {
		t.Fatalf("payment_data differs: lnd %v, lnstack %x %d", &theirs.mpp, ours.PaymentSecret, ours.TotalMsat)
	}
	// lnd keeps the unknown records it skipped in the type map.
	var unknown wire.Records
	for typ, v := range types {
		if v != nil {
			unknown = append(unknown, wire.Record{Type: uint64(typ), Value: v})
		}
	}
	slices.SortFunc(unknown, func(a, b wire.Record) int { return int(a.Type) - int(b.Type) })
	if len(unknown) != len(ours.Unknown) {
		t.Fatalf("unknown records: lnd %v, lnstack %v", unknown, ours.Unknown)
	}
	for i := range unknown {
		if unknown[i].Type != ours.Unknown[i].Type || !bytes.Equal(unknown[i].Value, ours.Unknown[i].Value) {
			t.Fatalf("unknown records: lnd %v, lnstack %v", unknown, ours.Unknown)
		}
	}
}

func TestStreamLnstackToLnd(t *testing.T) {
	r := newRand(3)
	for range iterations {
		s := randHop(r, true)
		b, err := s.Encode(nil)
		if err != nil {
			t.Fatal(err)
		}
		theirs, types, err := decodeLndHop(b)
		if err != nil {
			t.Fatalf("lnd refuses lnstack's %x: %v", b, err)
		}
		sameHop(t, &s, theirs, types)
		// lnd re-encodes what it knows: without the unknown records,
		// byte for byte what lnstack encodes without them.
		known := s
		known.Unknown = nil
		want, err := known.Encode(nil)
		if err != nil {
			t.Fatal(err)
		}
		_, present := s.toLnd()
		got, err := theirs.encode(present)
		if err != nil || !bytes.Equal(got, want) {
			t.Fatalf("lnd re-encodes %x as %x, %v; lnstack %x", b, got, err, want)
		}
	}
}

func TestStreamLndToLnstack(t *testing.T) {
	r := newRand(4)
	for range iterations {
		want := randHop(r, false)
		h, present := want.toLnd()
		b, err := h.encode(present)
		if err != nil {
			t.Fatal(err)
		}
		var got hopPayload
		if err := got.Decode(b); err != nil {
			t.Fatalf("lnstack refuses lnd's %x: %v", b, err)
		}
		if got.HasMetadata && got.Metadata == nil {
			got.Metadata = []byte{} // an empty record decodes to nil
		}
		if want.HasMetadata && len(want.Metadata) == 0 {
			want.Metadata = []byte{}
		}
		if !equalHop(&got, &want) {
			t.Fatalf("lnstack decodes lnd's %x as %+v, want %+v", b, got, want)
		}
		again, err := got.Encode(nil)
		if err != nil || !bytes.Equal(again, b) {
			t.Fatalf("lnstack re-encodes lnd's %x as %x, %v", b, again, err)
		}
	}
}

func equalHop(a, b *hopPayload) bool {
	return a.HasAmt == b.HasAmt && a.Amt == b.Amt && a.HasCLTV == b.HasCLTV && a.CLTV == b.CLTV &&
		a.HasSCID == b.HasSCID && a.SCID == b.SCID && a.HasPaymentData == b.HasPaymentData &&
		a.PaymentSecret == b.PaymentSecret && a.TotalMsat == b.TotalMsat &&
		a.HasMetadata == b.HasMetadata && bytes.Equal(a.Metadata, b.Metadata) && len(a.Unknown) == len(b.Unknown)
}

// TestStreamDecodeAgrees mutates valid streams (a byte changed, the stream
// cut short or extended) and feeds both decoders: they must agree, except
// where lnd's tlv package is known to differ from BOLT #1 (see below).
func TestStreamDecodeAgrees(t *testing.T) {
	r := newRand(5)
	var lndLaxEven int
	for range iterations {
		s := randHop(r, r.IntN(2) == 0)
		b, err := s.Encode(nil)
		if err != nil {
			t.Fatal(err)
		}
		switch r.IntN(3) {
		case 0:
			if len(b) > 0 {
				b[r.IntN(len(b))] ^= byte(1 + r.IntN(255))
			}
		case 1:
			b = b[:r.IntN(len(b)+1)]
		default:
			b = append(b, byte(r.IntN(256)), byte(r.IntN(4)))
		}
		var ours hopPayload
		oursErr := ours.Decode(b)
		_, _, theirsErr := decodeLndHop(b)
		if oursErr != nil && !wire.Malformed(oursErr) {
			t.Fatalf("%x: untyped error %v", b, oursErr)
		}
		if (oursErr == nil) == (theirsErr == nil) {
			continue
		}
		// BOLT #1: "if type is even: MUST fail to parse the
		// tlv_stream". lnd's tlv.Stream skips unknown even records
		// like odd ones; count those and fail on any other difference.
		if errors.Is(oursErr, wire.ErrUnknownEvenType) && theirsErr == nil {
			lndLaxEven++
			continue
		}
		if oursErr == nil {
			t.Fatalf("%x: lnstack accepts (%+v), lnd refuses: %v", b, ours, theirsErr)
		}
		t.Fatalf("%x: lnstack refuses (%v), lnd accepts", b, oursErr)
	}
	t.Logf("%d mutated streams with unknown even records: refused by lnstack (BOLT #1), accepted by lnd", lndLaxEven)
}
