package layer3gossip

import (
	"bytes"
	"context"
	"crypto/sha256"
	"runtime"
	"slices"
	"testing"
	"time"

	"github.com/btcsuite/btcd/btcec/v2"
	"github.com/btcsuite/btcd/btcec/v2/ecdsa"
	"github.com/lightningnetwork/lnd/lnwire"
	"github.com/lightningnetwork/lnd/netann"

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

func BenchmarkDecodeChannelUpdate(b *testing.B) {
	upd, _, _ := fixtures(b)
	b.Run("lnstack", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			lnstackDecodeUpdate(b, upd)
		}
	})
	b.Run("lnwire", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			lnwireDecodeUpdate(b, upd)
		}
	})
}

func BenchmarkDecodeChannelAnnouncement(b *testing.B) {
	_, _, ann := fixtures(b)
	b.Run("lnstack", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			lnstackDecodeAnnouncement(b, ann)
		}
	})
	b.Run("lnwire", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			lnwireDecodeAnnouncement(b, ann)
		}
	})
}

func BenchmarkDecodeVerifyChannelUpdate(b *testing.B) {
	upd, k, _ := fixtures(b)
	b.Run("lnstack", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			lnstackDecodeVerifyUpdate(b, upd, k)
		}
	})
	b.Run("lnd", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			lndDecodeVerifyUpdate(b, upd, k)
		}
	})
}

func BenchmarkDecodeVerifyChannelAnnouncement(b *testing.B) {
	_, _, ann := fixtures(b)
	b.Run("lnstack", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			lnstackDecodeVerifyAnnouncement(b, ann)
		}
	})
	b.Run("lnd", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			lndDecodeVerifyAnnouncement(b, ann)
		}
	})
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
// with a different one each time. Each block is timed twice: on the
// thread's CPU clock (time spent descheduled counts for no one) and on the
// wall clock. It reports per contender "<name>-cpu-ns/op" (total CPU time
// per operation) and "<name>-min-ns/op" (the fastest block on the wall
// clock: what the code costs when nothing else disturbs it), and returns
// both, with, for each fn after the first, the median over the iterations
// of its CPU time over the first's in the same iteration.
func runRatio(b *testing.B, reps int, names []string, fns ...func()) (cpu, best, medians []float64) {
	b.Helper()
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	n := len(fns)
	total, took, fastest := make([]time.Duration, n), make([]time.Duration, n), make([]time.Duration, n)
	for i := range fastest {
		fastest[i] = 1 << 62
	}
	ratios := make([][]float64, n)
	iterations := 0
	for b.Loop() {
		for k := range fns {
			i := (iterations + k) % n
			w0, t0 := time.Now(), threadClock()
			for r := 0; r < reps; r++ {
				fns[i]()
			}
			took[i] = threadClock() - t0
			fastest[i] = min(fastest[i], time.Since(w0))
			total[i] += took[i]
		}
		for i := 1; i < n; i++ {
			ratios[i] = append(ratios[i], float64(took[i])/float64(max(took[0], 1)))
		}
		iterations++
	}
	cpu, best, medians = make([]float64, n), make([]float64, n), make([]float64, n)
	for i := range fns {
		cpu[i] = float64(total[i]) / float64(iterations*reps)
		best[i] = float64(fastest[i]) / float64(reps)
		b.ReportMetric(cpu[i], names[i]+"-cpu-ns/op")
		b.ReportMetric(best[i], names[i]+"-min-ns/op")
		if i > 0 {
			slices.Sort(ratios[i])
			medians[i] = ratios[i][len(ratios[i])/2]
		}
	}
	return cpu, best, medians
}

// BenchmarkRatios runs each comparison through runRatio and reports the
// ratios: "X/Y" is the median per-iteration ratio of CPU times, "X/Y-min"
// the ratio of the fastest blocks. Decoding runs blocks of 1000
// operations; verification one at a time.
func BenchmarkRatios(b *testing.B) {
	upd, k, ann := fixtures(b)
	floorUpdate, floorAnnouncement := floors(b, upd, ann, k)
	report := func(b *testing.B, best, med []float64, i, j int, name string) {
		// med holds the ratios to fns[0]: i over j is med[i]/med[j].
		mi, mj := 1.0, 1.0
		if i > 0 {
			mi = med[i]
		}
		if j > 0 {
			mj = med[j]
		}
		b.ReportMetric(mi/mj, name)
		b.ReportMetric(best[i]/best[j], name+"-min")
	}
	b.Run("decode_channel_update", func(b *testing.B) {
		_, best, med := runRatio(b, 1000, []string{"lnstack", "lnwire"},
			func() { lnstackDecodeUpdate(b, upd) }, func() { lnwireDecodeUpdate(b, upd) })
		report(b, best, med, 1, 0, "lnwire/lnstack")
	})
	b.Run("decode_channel_announcement", func(b *testing.B) {
		_, best, med := runRatio(b, 1000, []string{"lnstack", "lnwire"},
			func() { lnstackDecodeAnnouncement(b, ann) }, func() { lnwireDecodeAnnouncement(b, ann) })
		report(b, best, med, 1, 0, "lnwire/lnstack")
	})
	b.Run("decode_verify_channel_update", func(b *testing.B) {
		_, best, med := runRatio(b, 1, []string{"floor", "lnstack", "lnd"},
			floorUpdate, func() { lnstackDecodeVerifyUpdate(b, upd, k) }, func() { lndDecodeVerifyUpdate(b, upd, k) })
		report(b, best, med, 1, 0, "lnstack/floor")
		report(b, best, med, 2, 0, "lnd/floor")
		report(b, best, med, 2, 1, "lnd/lnstack")
	})
	b.Run("decode_verify_channel_announcement", func(b *testing.B) {
		_, best, med := runRatio(b, 1, []string{"floor4", "lnstack", "lnd"},
			floorAnnouncement, func() { lnstackDecodeVerifyAnnouncement(b, ann) }, func() { lndDecodeVerifyAnnouncement(b, ann) })
		report(b, best, med, 1, 0, "lnstack/floor")
		report(b, best, med, 2, 0, "lnd/floor")
		report(b, best, med, 2, 1, "lnd/lnstack")
	})
}
