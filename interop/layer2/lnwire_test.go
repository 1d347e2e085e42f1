package layer2

import (
	"bytes"
	"math/rand/v2"
	"testing"

	"github.com/lightningnetwork/lnd/lnwire"
	"github.com/lightningnetwork/lnd/tlv"

	messaging "github.com/lnstack/lnstack/layer2_messaging"
	"github.com/lnstack/lnstack/layer2_messaging/feature"
	"github.com/lnstack/lnstack/layer2_messaging/wire"
)

// The differential tests draw each message's fields at random (fixed
// seeds), then go both ways:
//
//   - lnstack to lnd: lnstack encodes, lnwire.ReadMessage decodes, the
//     fields must match, and lnwire.WriteMessage must give back lnstack's
//     bytes;
//   - lnd to lnstack: lnwire.WriteMessage encodes, lnstack's codec decodes,
//     the fields must match, and lnstack's encoding must give back lnd's
//     bytes.
//
// lnwire's ping, pong, error and warning have no extension stream (lnd
// drops what follows their fields), so lnstack's values for those carry
// none; init's TLV stream is compared whole, lnd keeping it as raw records.

func newCodec(t testing.TB) *messaging.Codec {
	t.Helper()
	c, err := messaging.NewCodec(messaging.Messages())
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func lnwireDecode(t *testing.T, frame []byte) lnwire.Message {
	t.Helper()
	m, err := lnwire.ReadMessage(bytes.NewReader(frame), 0)
	if err != nil {
		t.Fatalf("lnwire refuses lnstack's %x: %v", frame, err)
	}
	return m
}

func lnwireEncode(t *testing.T, m lnwire.Message) []byte {
	t.Helper()
	var b bytes.Buffer
	if _, err := lnwire.WriteMessage(&b, m, 0); err != nil {
		t.Fatalf("lnwire encodes %#v: %v", m, err)
	}
	return b.Bytes()
}

func lnstackEncode(t *testing.T, m messaging.Message) []byte {
	t.Helper()
	b, err := messaging.Encode(nil, m)
	if err != nil {
		t.Fatalf("lnstack encodes %#v: %v", m, err)
	}
	return b
}

func lnstackDecode(t *testing.T, codec *messaging.Codec, frame []byte) messaging.Message {
	t.Helper()
	m, err := codec.Decode(frame)
	if err != nil {
		t.Fatalf("lnstack refuses lnd's %x: %v", frame, err)
	}
	return m
}

// sameBytes fails unless the re-encoding equals the original.
func sameBytes(t *testing.T, what string, got, want []byte) {
	t.Helper()
	if !bytes.Equal(got, want) {
		t.Fatalf("%s re-encodes\n %x\nas\n %x", what, want, got)
	}
}

func randBytes(r *rand.Rand, n int) []byte {
	b := make([]byte, n)
	for i := range b {
		b[i] = byte(r.IntN(256))
	}
	return b
}

// randLen is mostly short, sometimes up to max.
func randLen(r *rand.Rand, max int) int {
	if r.IntN(50) == 0 {
		return r.IntN(max + 1)
	}
	return r.IntN(min(max, 600) + 1)
}

// randFeatureBits draws up to 10 distinct-or-not bits below max.
func randFeatureBits(r *rand.Rand, max int) []feature.Bit {
	bits := make([]feature.Bit, r.IntN(11))
	for i := range bits {
		bits[i] = feature.Bit(r.IntN(max))
	}
	return bits
}

// sameFeatures compares a lnstack vector with an lnwire one.
func sameFeatures(t *testing.T, what string, ours feature.Vector, theirs *lnwire.RawFeatureVector) {
	t.Helper()
	var b bytes.Buffer
	if err := theirs.EncodeBase256(&b); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(ours.Minimal(), b.Bytes()) {
		t.Fatalf("%s: lnstack %x, lnd %x", what, ours, b.Bytes())
	}
	for _, bit := range ours.Bits() {
		if !theirs.IsSet(lnwire.FeatureBit(bit)) {
			t.Fatalf("%s: bit %d set in lnstack, not in lnd", what, bit)
		}
	}
}

// randInit draws an lnstack init: minimal feature vectors (as lnd writes
// them), and networks, remote_addr and unknown odd records at random,
// among them types of lnd's custom record range (65536 and up).
func randInit(r *rand.Rand) *messaging.Init {
	m := &messaging.Init{
		GlobalFeatures: feature.New(randFeatureBits(r, 14)...),
		Features:       feature.New(randFeatureBits(r, 400)...),
	}
	if r.IntN(2) == 0 {
		m.TLVs.HasNetworks = true
		for range r.IntN(4) {
			m.TLVs.Networks = append(m.TLVs.Networks, wire.ChainHash(randBytes(r, 32)))
		}
	}
	if r.IntN(3) == 0 {
		m.TLVs.HasRemoteAddr, m.TLVs.RemoteAddr = true, randBytes(r, r.IntN(40))
	}
	for _, typ := range []uint64{5, 7, 201, 65537, 70001} {
		if r.IntN(5) == 0 {
			m.TLVs.Unknown = append(m.TLVs.Unknown, wire.Record{Type: typ, Value: randBytes(r, r.IntN(30))})
		}
	}
	return m
}

// initStream returns lnstack's encoding of init's TLV stream.
func initStream(t *testing.T, m *messaging.Init) []byte {
	t.Helper()
	b, err := wire.Encode(nil, &m.TLVs)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// lndInitStream returns lnd's TLV stream of an init: its extra data and
// custom records merged, as lnd writes them.
func lndInitStream(t *testing.T, m *lnwire.Init) []byte {
	t.Helper()
	b, err := lnwire.MergeAndEncode(nil, m.ExtraData, m.CustomRecords)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestInitLnstackToLnd(t *testing.T) {
	r := newRand(10)
	for range iterations {
		ours := randInit(r)
		frame := lnstackEncode(t, ours)
		theirs, ok := lnwireDecode(t, frame).(*lnwire.Init)
		if !ok {
			t.Fatalf("lnwire decodes %x as another type", frame)
		}
		sameFeatures(t, "globalfeatures", ours.GlobalFeatures, theirs.GlobalFeatures)
		sameFeatures(t, "features", ours.Features, theirs.Features)
		if got, want := lndInitStream(t, theirs), initStream(t, ours); !bytes.Equal(got, want) {
			t.Fatalf("init_tlvs: lnd %x, lnstack %x", got, want)
		}
		// networks, as lnd sees it: the raw value of record 1.
		recs, err := theirs.ExtraData.ExtractRecords()
		if err != nil {
			t.Fatal(err)
		}
		nets, has := recs[tlv.Type(1)]
		var want []byte
		for _, c := range ours.TLVs.Networks {
			want = append(want, c[:]...)
		}
		if has != ours.TLVs.HasNetworks || !bytes.Equal(nets, want) {
			t.Fatalf("networks: lnd %x (%v), lnstack %x (%v)", nets, has, want, ours.TLVs.HasNetworks)
		}
		sameBytes(t, "lnd", lnwireEncode(t, theirs), frame)
	}
}

func TestInitLndToLnstack(t *testing.T) {
	r := newRand(11)
	codec := newCodec(t)
	for range iterations {
		bits := func(max int) []lnwire.FeatureBit {
			var out []lnwire.FeatureBit
			for _, b := range randFeatureBits(r, max) {
				out = append(out, lnwire.FeatureBit(b))
			}
			return out
		}
		theirs := lnwire.NewInitMessage(lnwire.NewRawFeatureVector(bits(14)...), lnwire.NewRawFeatureVector(bits(400)...))
		extra := tlv.TypeMap{}
		if r.IntN(2) == 0 {
			extra[1] = randBytes(r, 32*r.IntN(4))
		}
		if r.IntN(3) == 0 {
			extra[3] = randBytes(r, r.IntN(40))
		}
		for _, typ := range []tlv.Type{5, 7, 201} {
			if r.IntN(5) == 0 {
				extra[typ] = randBytes(r, r.IntN(30))
			}
		}
		if r.IntN(4) == 0 {
			theirs.CustomRecords = lnwire.CustomRecords{65537 + uint64(2*r.IntN(100)): randBytes(r, r.IntN(30))}
		}
		var err error
		if theirs.ExtraData, err = lnwire.NewExtraOpaqueData(extra); err != nil {
			t.Fatal(err)
		}
		frame := lnwireEncode(t, theirs)
		ours, ok := lnstackDecode(t, codec, frame).(*messaging.Init)
		if !ok {
			t.Fatalf("lnstack decodes %x as another type", frame)
		}
		sameFeatures(t, "globalfeatures", ours.GlobalFeatures, theirs.GlobalFeatures)
		sameFeatures(t, "features", ours.Features, theirs.Features)
		var nets []byte
		for _, c := range ours.TLVs.Networks {
			nets = append(nets, c[:]...)
		}
		if v, has := extra[1]; has != ours.TLVs.HasNetworks || !bytes.Equal(v, nets) {
			t.Fatalf("networks: lnd %x (%v), lnstack %x", v, has, nets)
		}
		if v, has := extra[3]; has != ours.TLVs.HasRemoteAddr || !bytes.Equal(v, ours.TLVs.RemoteAddr) {
			t.Fatalf("remote_addr: lnd %x (%v), lnstack %x", v, has, ours.TLVs.RemoteAddr)
		}
		if len(ours.TLVs.Unknown) != len(extra)-btoi(extra[1] != nil)-btoi(extra[3] != nil)+len(theirs.CustomRecords) {
			t.Fatalf("unknown records: lnstack %v, lnd %v and %v", ours.TLVs.Unknown, extra, theirs.CustomRecords)
		}
		sameBytes(t, "lnstack", lnstackEncode(t, ours), frame)
	}
}

func btoi(b bool) int {
	if b {
		return 1
	}
	return 0
}

// maxAlertData is the longest data of an error or warning: 65535 - 2
// (type) - 32 (channel_id) - 2 (len).
const maxAlertData = 65535 - 2 - 32 - 2

func randChannelID(r *rand.Rand) [32]byte {
	if r.IntN(4) == 0 {
		return [32]byte{} // all channels
	}
	return [32]byte(randBytes(r, 32))
}

func TestErrorWarningLnstackToLnd(t *testing.T) {
	r := newRand(12)
	for range iterations {
		id, data := randChannelID(r), randBytes(r, randLen(r, maxAlertData))
		if r.IntN(2) == 0 {
			frame := lnstackEncode(t, &messaging.Error{ChannelID: id, Data: data})
			theirs, ok := lnwireDecode(t, frame).(*lnwire.Error)
			if !ok || theirs.ChanID != id || !bytes.Equal(theirs.Data, data) {
				t.Fatalf("lnd decodes error %x as %#v", frame, theirs)
			}
			sameBytes(t, "lnd", lnwireEncode(t, theirs), frame)
		} else {
			frame := lnstackEncode(t, &messaging.Warning{ChannelID: id, Data: data})
			theirs, ok := lnwireDecode(t, frame).(*lnwire.Warning)
			if !ok || theirs.ChanID != id || !bytes.Equal(theirs.Data, data) {
				t.Fatalf("lnd decodes warning %x as %#v", frame, theirs)
			}
			sameBytes(t, "lnd", lnwireEncode(t, theirs), frame)
		}
	}
}

func TestErrorWarningLndToLnstack(t *testing.T) {
	r := newRand(13)
	codec := newCodec(t)
	for range iterations {
		id, data := randChannelID(r), randBytes(r, randLen(r, maxAlertData))
		if r.IntN(2) == 0 {
			frame := lnwireEncode(t, &lnwire.Error{ChanID: id, Data: data})
			ours, ok := lnstackDecode(t, codec, frame).(*messaging.Error)
			if !ok || ours.ChannelID != id || !bytes.Equal(ours.Data, data) || len(ours.Extension) != 0 {
				t.Fatalf("lnstack decodes error %x as %#v", frame, ours)
			}
			sameBytes(t, "lnstack", lnstackEncode(t, ours), frame)
		} else {
			frame := lnwireEncode(t, &lnwire.Warning{ChanID: id, Data: data})
			ours, ok := lnstackDecode(t, codec, frame).(*messaging.Warning)
			if !ok || ours.ChannelID != id || !bytes.Equal(ours.Data, data) || len(ours.Extension) != 0 {
				t.Fatalf("lnstack decodes warning %x as %#v", frame, ours)
			}
			sameBytes(t, "lnstack", lnstackEncode(t, ours), frame)
		}
	}
}

// maxPingPadding is the longest ignored field of a ping: 65535 - 2 (type) -
// 2 (num_pong_bytes) - 2 (byteslen); a pong's is 2 bytes longer.
const maxPingPadding = 65535 - 2 - 2 - 2

func TestPingPongLnstackToLnd(t *testing.T) {
	r := newRand(14)
	for range iterations {
		if r.IntN(2) == 0 {
			ours := &messaging.Ping{NumPongBytes: uint16(r.Uint32()), Ignored: randBytes(r, randLen(r, maxPingPadding))}
			frame := lnstackEncode(t, ours)
			theirs, ok := lnwireDecode(t, frame).(*lnwire.Ping)
			if !ok || theirs.NumPongBytes != ours.NumPongBytes || !bytes.Equal(theirs.PaddingBytes, ours.Ignored) {
				t.Fatalf("lnd decodes ping %x as %#v", frame, theirs)
			}
			sameBytes(t, "lnd", lnwireEncode(t, theirs), frame)
		} else {
			ours := &messaging.Pong{Ignored: randBytes(r, randLen(r, maxPingPadding+2))}
			frame := lnstackEncode(t, ours)
			theirs, ok := lnwireDecode(t, frame).(*lnwire.Pong)
			if !ok || !bytes.Equal(theirs.PongBytes, ours.Ignored) {
				t.Fatalf("lnd decodes pong %x as %#v", frame, theirs)
			}
			sameBytes(t, "lnd", lnwireEncode(t, theirs), frame)
		}
	}
}

func TestPingPongLndToLnstack(t *testing.T) {
	r := newRand(15)
	codec := newCodec(t)
	for range iterations {
		if r.IntN(2) == 0 {
			theirs := &lnwire.Ping{NumPongBytes: uint16(r.Uint32()), PaddingBytes: randBytes(r, randLen(r, maxPingPadding))}
			frame := lnwireEncode(t, theirs)
			ours, ok := lnstackDecode(t, codec, frame).(*messaging.Ping)
			if !ok || ours.NumPongBytes != theirs.NumPongBytes || !bytes.Equal(ours.Ignored, theirs.PaddingBytes) {
				t.Fatalf("lnstack decodes ping %x as %#v", frame, ours)
			}
			sameBytes(t, "lnstack", lnstackEncode(t, ours), frame)
		} else {
			theirs := &lnwire.Pong{PongBytes: randBytes(r, randLen(r, maxPingPadding+2))}
			frame := lnwireEncode(t, theirs)
			ours, ok := lnstackDecode(t, codec, frame).(*messaging.Pong)
			if !ok || !bytes.Equal(ours.Ignored, theirs.PongBytes) {
				t.Fatalf("lnstack decodes pong %x as %#v", frame, ours)
			}
			sameBytes(t, "lnstack", lnstackEncode(t, ours), frame)
		}
	}
}

// TestPongForMatchesLnd checks the pong lnstack answers a ping with against
// the one lnd answers it with (peer.Brontide: a pong of num_pong_bytes
// zeros), byte for byte.
func TestPongForMatchesLnd(t *testing.T) {
	r := newRand(16)
	for range iterations / 10 {
		n := uint16(r.IntN(messaging.NoPongThreshold))
		pong, ok := messaging.PongFor(&messaging.Ping{NumPongBytes: n})
		if !ok {
			t.Fatalf("no pong for num_pong_bytes %d", n)
		}
		sameBytes(t, "lnd", lnwireEncode(t, lnwire.NewPong(make([]byte, n))), lnstackEncode(t, pong))
	}
}
