package layer3gossip

import (
	"bytes"
	"context"
	"crypto/sha256"
	"testing"
	"time"

	"github.com/btcsuite/btcd/btcec/v2"
	"github.com/btcsuite/btcd/btcec/v2/ecdsa"
	"github.com/lightningnetwork/lnd/lnwire"
	"github.com/lightningnetwork/lnd/netann"

	"github.com/lnstack/lnstack/interop/internal/cpuratio"
	"github.com/lnstack/lnstack/layer2_messaging/wire"
	"github.com/lnstack/lnstack/layer3_p2p/gossip"
)

// The benchmarks run lnstack and lnd on the same signed messages, in the
// same process, under <Benchmark>/{lnstack,lnwire} or {lnstack,lnd}:
//
//   - Decode: the payload (after the type) into a message value; lnwire's
//     Decode reads from a bytes.Reader, as lnwire.ReadMessage does.
//   - DecodeVerify: decoding, then the checks a receiver runs before
//     storing the message: lnstack's gossip.Validator against lnd's
//     netann.ValidateChannelUpdateAnn (node key parsed beforehand, as
//     both keep it in their graph) and netann.ValidateChannelAnn (which
//     parses the four keys, as lnstack does). Neither looks up the funding
//     output.
//   - FloorVerify: one btcec ecdsa.Verify of the channel_update's
//     signature, signature and key parsed beforehand (for the
//     channel_announcement, the four of its signatures).
//
// On a shared machine ns/op moves with the other load; BenchmarkRatios
// times the contenders back to back in every iteration, on the thread CPU
// clock and on the wall clock (runRatio).

func key(label string) *btcec.PrivateKey {
	h := sha256.Sum256([]byte(label))
	k, _ := btcec.PrivKeyFromBytes(h[:])
	return k
}

var benchChain = gossip.MainnetChainHash()

// fixtures returns a signed channel_update payload with its node key, and
// a signed channel_announcement payload.
func fixtures(tb testing.TB) (upd []byte, nodeKey *btcec.PublicKey, ann []byte) {
	k := key("update")
	u := &gossip.ChannelUpdate{
		ChainHash: benchChain, ShortChannelID: 0x0a_bcde_0123_0001, Timestamp: 1_700_000_000,
		MessageFlags: gossip.MessageFlagMustBeOne, CLTVExpiryDelta: 80,
		HTLCMinimumMsat: 1000, FeeBaseMsat: 1000, FeeProportionalMillionths: 1,
		HTLCMaximumMsat: 990_000_000,
	}
	if err := gossip.SignChannelUpdate(u, k); err != nil {
		tb.Fatal(err)
	}
	upd, err := u.Encode(nil)
	if err != nil {
		tb.Fatal(err)
	}
	n1, n2 := key("node1"), key("node2")
	if bytes.Compare(n1.PubKey().SerializeCompressed(), n2.PubKey().SerializeCompressed()) > 0 {
		n1, n2 = n2, n1
	}
	b1, b2 := key("btc1"), key("btc2")
	a := &gossip.ChannelAnnouncement{
		ChainHash: benchChain, ShortChannelID: 0x0a_bcde_0123_0001,
		NodeID1: wire.PointFromPubKey(n1.PubKey()), NodeID2: wire.PointFromPubKey(n2.PubKey()),
		BitcoinKey1: wire.PointFromPubKey(b1.PubKey()), BitcoinKey2: wire.PointFromPubKey(b2.PubKey()),
	}
	s1, err := gossip.NewAnnouncementSignatures(a, wire.ChannelID{}, n1, b1)
	if err != nil {
		tb.Fatal(err)
	}
	s2, err := gossip.NewAnnouncementSignatures(a, wire.ChannelID{}, n2, b2)
	if err != nil {
		tb.Fatal(err)
	}
	a.SetSignatures(gossip.Node1, s1)
	a.SetSignatures(gossip.Node2, s2)
	if ann, err = a.Encode(nil); err != nil {
		tb.Fatal(err)
	}
	return upd, k.PubKey(), ann
}

// The contenders, each one operation on the fixtures.

func lnstackDecodeUpdate(tb testing.TB, p []byte) {
	var m gossip.ChannelUpdate
	if err := m.Decode(p); err != nil {
		tb.Fatal(err)
	}
}

func lnwireDecodeUpdate(tb testing.TB, p []byte) {
	var m lnwire.ChannelUpdate1
	if err := m.Decode(bytes.NewReader(p), 0); err != nil {
		tb.Fatal(err)
	}
}

func lnstackDecodeAnnouncement(tb testing.TB, p []byte) {
	var m gossip.ChannelAnnouncement
	if err := m.Decode(p); err != nil {
		tb.Fatal(err)
	}
}

func lnwireDecodeAnnouncement(tb testing.TB, p []byte) {
	var m lnwire.ChannelAnnouncement1
	if err := m.Decode(bytes.NewReader(p), 0); err != nil {
		tb.Fatal(err)
	}
}

var validator = &gossip.Validator{Chain: benchChain, Now: func() time.Time { return time.Unix(1_700_000_000, 0) }}

func lnstackDecodeVerifyUpdate(tb testing.TB, p []byte, k *btcec.PublicKey) {
	var m gossip.ChannelUpdate
	if err := m.Decode(p); err != nil {
		tb.Fatal(err)
	}
	if err := validator.ValidateChannelUpdate(&m, k); err != nil {
		tb.Fatal(err)
	}
}

func lndDecodeVerifyUpdate(tb testing.TB, p []byte, k *btcec.PublicKey) {
	var m lnwire.ChannelUpdate1
	if err := m.Decode(bytes.NewReader(p), 0); err != nil {
		tb.Fatal(err)
	}
	if err := netann.ValidateChannelUpdateAnn(k, 0, &m); err != nil {
		tb.Fatal(err)
	}
}

func lnstackDecodeVerifyAnnouncement(tb testing.TB, p []byte) {
	var m gossip.ChannelAnnouncement
	if err := m.Decode(p); err != nil {
		tb.Fatal(err)
	}
	if _, err := validator.ValidateChannelAnnouncement(context.Background(), &m); err != nil {
		tb.Fatal(err)
	}
}

func lndDecodeVerifyAnnouncement(tb testing.TB, p []byte) {
	var m lnwire.ChannelAnnouncement1
	if err := m.Decode(bytes.NewReader(p), 0); err != nil {
		tb.Fatal(err)
	}
	if err := netann.ValidateChannelAnn(&m, nil); err != nil {
		tb.Fatal(err)
	}
}

// floors returns the floor of each message: one verification per
// signature, of the message's own signatures and keys, parsed beforehand.
func floors(tb testing.TB, upd, ann []byte, nodeKey *btcec.PublicKey) (update, announcement func()) {
	var u gossip.ChannelUpdate
	if err := u.Decode(upd); err != nil {
		tb.Fatal(err)
	}
	c, err := u.SigCheck(nodeKey)
	if err != nil {
		tb.Fatal(err)
	}
	var a gossip.ChannelAnnouncement
	if err := a.Decode(ann); err != nil {
		tb.Fatal(err)
	}
	checks, err := a.SigChecks()
	if err != nil {
		tb.Fatal(err)
	}
	type parsed struct {
		digest [32]byte
		sig    *ecdsa.Signature
		key    *btcec.PublicKey
	}
	parse := func(c gossip.SigCheck) parsed {
		sig, err := ecdsa.ParseDERSignature(derSig(c.Signature))
		if err != nil {
			tb.Fatal(err)
		}
		k := c.Key
		if k == nil {
			if k, err = btcec.ParsePubKey(c.Point[:]); err != nil {
				tb.Fatal(err)
			}
		}
		return parsed{c.Digest, sig, k}
	}
	verify := func(p parsed) {
		if !p.sig.Verify(p.digest[:], p.key) {
			tb.Fatal("bad signature")
		}
	}
	pu := parse(c)
	var pa [4]parsed
	for i := range checks {
		pa[i] = parse(checks[i])
	}
	return func() { verify(pu) }, func() {
		for _, p := range pa {
			verify(p)
		}
	}
}

// derSig turns r || s into DER, for ecdsa.ParseDERSignature.
func derSig(s wire.Signature) []byte {
	trim := func(b []byte) []byte {
		for len(b) > 1 && b[0] == 0 && b[1] < 0x80 {
			b = b[1:]
		}
		if b[0] >= 0x80 {
			b = append([]byte{0}, b...)
		}
		return b
	}
	r, sv := trim(append([]byte(nil), s[:32]...)), trim(append([]byte(nil), s[32:]...))
	out := []byte{0x30, byte(4 + len(r) + len(sv)), 0x02, byte(len(r))}
	out = append(out, r...)
	out = append(out, 0x02, byte(len(sv)))
	return append(out, sv...)
}

// benchBoth runs lnstack's op and the other side's (named theirs) as the
// sub-benchmarks <Benchmark>/lnstack and <Benchmark>/<theirs>.
func benchBoth(b *testing.B, theirs string, ourOp, theirOp func(testing.TB)) {
	for _, c := range []struct {
		name string
		op   func(testing.TB)
	}{{"lnstack", ourOp}, {theirs, theirOp}} {
		b.Run(c.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				c.op(b)
			}
		})
	}
}

func BenchmarkDecodeChannelUpdate(b *testing.B) {
	upd, _, _ := fixtures(b)
	benchBoth(b, "lnwire",
		func(tb testing.TB) { lnstackDecodeUpdate(tb, upd) },
		func(tb testing.TB) { lnwireDecodeUpdate(tb, upd) })
}

func BenchmarkDecodeChannelAnnouncement(b *testing.B) {
	_, _, ann := fixtures(b)
	benchBoth(b, "lnwire",
		func(tb testing.TB) { lnstackDecodeAnnouncement(tb, ann) },
		func(tb testing.TB) { lnwireDecodeAnnouncement(tb, ann) })
}

func BenchmarkDecodeVerifyChannelUpdate(b *testing.B) {
	upd, k, _ := fixtures(b)
	benchBoth(b, "lnd",
		func(tb testing.TB) { lnstackDecodeVerifyUpdate(tb, upd, k) },
		func(tb testing.TB) { lndDecodeVerifyUpdate(tb, upd, k) })
}

func BenchmarkDecodeVerifyChannelAnnouncement(b *testing.B) {
	_, _, ann := fixtures(b)
	benchBoth(b, "lnd",
		func(tb testing.TB) { lnstackDecodeVerifyAnnouncement(tb, ann) },
		func(tb testing.TB) { lndDecodeVerifyAnnouncement(tb, ann) })
}

func BenchmarkFloorVerify(b *testing.B) {
	upd, k, ann := fixtures(b)
	f, _ := floors(b, upd, ann, k)
	b.ReportAllocs()
	for b.Loop() {
		f()
	}
}

// runRatio times fns, reps operations each, once per iteration, starting
// with a different one each time (cpuratio.Run), on the thread's CPU clock
// and on the wall clock. It reports per contender "<name>-cpu-ns/op"
// (total CPU time per operation) and "<name>-min-ns/op" (the fastest block
// on the wall clock: what the code costs when nothing else disturbs it).
func runRatio(b *testing.B, reps int, names []string, fns ...func()) *cpuratio.Result {
	b.Helper()
	r := cpuratio.Run(b, cpuratio.Options{Reps: reps, Medians: true}, fns...)
	r.ReportCPU(b, names...)
	r.ReportMin(b, names...)
	return r
}

// BenchmarkRatios runs each comparison through runRatio and reports the
// ratios: "X/Y" is the median per-iteration ratio of CPU times, "X/Y-min"
// the ratio of the fastest blocks. Decoding runs blocks of 1000
// operations; verification one at a time.
func BenchmarkRatios(b *testing.B) {
	upd, k, ann := fixtures(b)
	floorUpdate, floorAnnouncement := floors(b, upd, ann, k)
	report := func(b *testing.B, r *cpuratio.Result, i, j int, name string) {
		b.ReportMetric(r.MedianRatio(i, j), name)
		b.ReportMetric(r.MinPerOp(i)/r.MinPerOp(j), name+"-min")
	}
	b.Run("decode_channel_update", func(b *testing.B) {
		r := runRatio(b, 1000, []string{"lnstack", "lnwire"},
			func() { lnstackDecodeUpdate(b, upd) }, func() { lnwireDecodeUpdate(b, upd) })
		report(b, r, 1, 0, "lnwire/lnstack")
	})
	b.Run("decode_channel_announcement", func(b *testing.B) {
		r := runRatio(b, 1000, []string{"lnstack", "lnwire"},
			func() { lnstackDecodeAnnouncement(b, ann) }, func() { lnwireDecodeAnnouncement(b, ann) })
		report(b, r, 1, 0, "lnwire/lnstack")
	})
	b.Run("decode_verify_channel_update", func(b *testing.B) {
		r := runRatio(b, 1, []string{"floor", "lnstack", "lnd"},
			floorUpdate, func() { lnstackDecodeVerifyUpdate(b, upd, k) }, func() { lndDecodeVerifyUpdate(b, upd, k) })
		report(b, r, 1, 0, "lnstack/floor")
		report(b, r, 2, 0, "lnd/floor")
		report(b, r, 2, 1, "lnd/lnstack")
	})
	b.Run("decode_verify_channel_announcement", func(b *testing.B) {
		r := runRatio(b, 1, []string{"floor4", "lnstack", "lnd"},
			floorAnnouncement, func() { lnstackDecodeVerifyAnnouncement(b, ann) }, func() { lndDecodeVerifyAnnouncement(b, ann) })
		report(b, r, 1, 0, "lnstack/floor")
		report(b, r, 2, 0, "lnd/floor")
		report(b, r, 2, 1, "lnd/lnstack")
	})
}
