package gossip_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"runtime"
	"slices"
	"testing"
	"time"

	"github.com/btcsuite/btcd/btcec/v2"
	"github.com/btcsuite/btcd/btcec/v2/ecdsa"

	"github.com/lnstack/lnstack/layer1_transport/netaddr"
	"github.com/lnstack/lnstack/layer2_messaging/wire"
	"github.com/lnstack/lnstack/layer3_p2p/gossip"
)

// The benchmarks measure realistic messages: a signed channel_update
// without extension, a signed channel_announcement without features, a
// node_announcement with two addresses. The floor is one ecdsa.Verify of a
// parsed signature with a parsed key: a channel_update verification can
// only approach it, a channel_announcement's four.

func BenchmarkDecodeChannelUpdate(b *testing.B) {
	m := signedUpdate(b, privKey("bench"), regtest, 1_700_000_000)
	payload, err := m.Encode(nil)
	if err != nil {
		b.Fatal(err)
	}
	var got gossip.ChannelUpdate
	b.ReportAllocs()
	b.SetBytes(int64(len(payload)))
	for b.Loop() {
		if err := got.Decode(payload); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkDecodeChannelAnnouncement(b *testing.B) {
	m := signedAnnouncement(b, newChannelKeys("bench"), regtest, testSCID)
	payload, err := m.Encode(nil)
	if err != nil {
		b.Fatal(err)
	}
	var got gossip.ChannelAnnouncement
	b.ReportAllocs()
	b.SetBytes(int64(len(payload)))
	for b.Loop() {
		if err := got.Decode(payload); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkDecodeNodeAnnouncement(b *testing.B) {
	m := signedNodeAnnouncement(b, privKey("bench"), 1, []netaddr.Address{
		netaddr.IPv4{IP: [4]byte{203, 0, 113, 1}, Port: 9735}, netaddr.TorV3{PubKey: [32]byte{1}, Port: 9735},
	})
	payload, err := m.Encode(nil)
	if err != nil {
		b.Fatal(err)
	}
	var got gossip.NodeAnnouncement
	b.ReportAllocs()
	for b.Loop() {
		if err := got.Decode(payload); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkEncodeChannelUpdate(b *testing.B) {
	m := signedUpdate(b, privKey("bench"), regtest, 1_700_000_000)
	buf := make([]byte, 0, 256)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := m.Encode(buf[:0]); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkFloorVerify is one ECDSA verification, signature and key
// parsed beforehand: the floor of every signature check.
func BenchmarkFloorVerify(b *testing.B) {
	key := privKey("bench")
	m := signedUpdate(b, key, regtest, 1_700_000_000)
	d, err := m.Digest()
	if err != nil {
		b.Fatal(err)
	}
	sig := ecdsa.Sign(key, d[:])
	pub := key.PubKey()
	b.ReportAllocs()
	for b.Loop() {
		if !sig.Verify(d[:], pub) {
			b.Fatal("bad signature")
		}
	}
}

// BenchmarkVerifyChannelUpdate: the Validator's checks of a decoded
// channel_update with the sender's key already parsed (as a graph store
// keeps it): digest, signature parsing, verification.
func BenchmarkVerifyChannelUpdate(b *testing.B) {
	key := privKey("bench")
	m := signedUpdate(b, key, regtest, 1_700_000_000)
	v := validator(nil)
	pub := key.PubKey()
	b.ReportAllocs()
	for b.Loop() {
		if err := v.ValidateChannelUpdate(m, pub); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkDecodeVerifyChannelUpdate: from wire bytes to a checked update.
func BenchmarkDecodeVerifyChannelUpdate(b *testing.B) {
	key := privKey("bench")
	payload, err := signedUpdate(b, key, regtest, 1_700_000_000).Encode(nil)
	if err != nil {
		b.Fatal(err)
	}
	v := validator(nil)
	pub := key.PubKey()
	var m gossip.ChannelUpdate
	b.ReportAllocs()
	for b.Loop() {
		if err := m.Decode(payload); err != nil {
			b.Fatal(err)
		}
		if err := v.ValidateChannelUpdate(&m, pub); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkDecodeVerifyChannelAnnouncement: from wire bytes to a checked
// announcement: four keys parsed, four signatures verified (no funding
// lookup).
func BenchmarkDecodeVerifyChannelAnnouncement(b *testing.B) {
	payload, err := signedAnnouncement(b, newChannelKeys("bench"), regtest, testSCID).Encode(nil)
	if err != nil {
		b.Fatal(err)
	}
	v := validator(nil)
	ctx := context.Background()
	var m gossip.ChannelAnnouncement
	b.ReportAllocs()
	for b.Loop() {
		if err := m.Decode(payload); err != nil {
			b.Fatal(err)
		}
		if _, err := v.ValidateChannelAnnouncement(ctx, &m); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkVerifyBatch verifies the signatures of 2 and 16 channel
// announcements (8 and 64 signatures) on 1 and 2 workers; ns/op is per
// batch. The minimum time of a batch filters out preemption by the
// machine's other load, as in BenchmarkVerifyOverFloor: the speedup of 2
// workers is the ratio of the two min-ns/batch.
func BenchmarkVerifyBatch(b *testing.B) {
	var all []gossip.SigCheck
	for i := 0; i < 16; i++ {
		m := signedAnnouncement(b, newChannelKeys(fmt.Sprint("batch-bench", i)), regtest, testSCID)
		c, err := m.SigChecks()
		if err != nil {
			b.Fatal(err)
		}
		all = append(all, c[:]...)
	}
	for _, n := range []int{8, 64} {
		checks := all[:n]
		for _, workers := range []int{1, 2} {
			b.Run(fmt.Sprintf("sigs=%d/workers=%d", n, workers), func(b *testing.B) {
				best := time.Duration(1 << 62)
				b.ReportAllocs()
				for b.Loop() {
					t0 := time.Now()
					for _, err := range gossip.VerifyBatch(context.Background(), checks, workers) {
						if err != nil {
							b.Fatal(err)
						}
					}
					best = min(best, time.Since(t0))
				}
				b.ReportMetric(float64(best.Nanoseconds()), "min-ns/batch")
				b.ReportMetric(float64(best.Nanoseconds())/float64(len(checks)), "min-ns/sig")
			})
		}
	}
}

func BenchmarkChecksum(b *testing.B) {
	m := signedUpdate(b, privKey("bench"), regtest, 1_700_000_000)
	b.ReportAllocs()
	for b.Loop() {
		_ = m.Checksum()
	}
}

func BenchmarkDecodeReplyChannelRange(b *testing.B) {
	ids := randSCIDs(rand.New(rand.NewPCG(1, 1)), 8000)
	m, err := gossip.NewReplyChannelRange(regtest, 0, 1_000_000, true, gossip.ReplyContents{IDs: ids})
	if err != nil {
		b.Fatal(err)
	}
	payload, err := m.Encode(nil)
	if err != nil {
		b.Fatal(err)
	}
	var got gossip.ReplyChannelRange
	b.ReportAllocs()
	for b.Loop() {
		if err := got.Decode(payload); err != nil {
			b.Fatal(err)
		}
		if _, err := got.Contents(); err != nil {
			b.Fatal(err)
		}
	}
}

// runRatio times fns, reps operations each, once per iteration, starting
// with a different one each time. Each block is timed twice: on the
// thread's CPU clock (time spent descheduled counts for no one) and on the
// wall clock. It reports per contender "<name>-cpu-ns/op" (total CPU time
// per operation) and "<name>-min-ns/op" (the fastest block on the wall
// clock: what the code costs when nothing else disturbs it), and returns
// the fastest times and, for each fn after the first, the median over the
// iterations of its CPU time over the first's in the same iteration.
func runRatio(b *testing.B, reps int, names []string, fns ...func()) (best, medians []float64) {
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
	best, medians = make([]float64, n), make([]float64, n)
	for i := range fns {
		best[i] = float64(fastest[i]) / float64(reps)
		b.ReportMetric(float64(total[i])/float64(iterations*reps), names[i]+"-cpu-ns/op")
		b.ReportMetric(best[i], names[i]+"-min-ns/op")
		if i > 0 {
			slices.Sort(ratios[i])
			medians[i] = ratios[i][len(ratios[i])/2]
		}
	}
	return best, medians
}

// BenchmarkVerifyOverFloor compares decode+verify with the floor on the
// thread CPU clock and the wall clock (runRatio): "ratio" is the median of
// decode+verify's CPU time over one verification's for a channel_update,
// over four for a channel_announcement; "ratio-min" the same of the fastest
// wall-clock times.
func BenchmarkVerifyOverFloor(b *testing.B) {
	key := privKey("bench")
	pub := key.PubKey()
	upd := signedUpdate(b, key, regtest, 1_700_000_000)
	d, err := upd.Digest()
	if err != nil {
		b.Fatal(err)
	}
	sig := ecdsa.Sign(key, d[:])
	floor := func() {
		if !sig.Verify(d[:], pub) {
			b.Fatal("bad signature")
		}
	}
	v := validator(nil)
	updPayload, err := upd.Encode(nil)
	if err != nil {
		b.Fatal(err)
	}
	annPayload, err := signedAnnouncement(b, newChannelKeys("bench"), regtest, testSCID).Encode(nil)
	if err != nil {
		b.Fatal(err)
	}
	b.Run("channel_update", func(b *testing.B) {
		best, med := runRatio(b, 1, []string{"floor", "lnstack"}, floor, func() {
			var m gossip.ChannelUpdate
			if err := m.Decode(updPayload); err != nil {
				b.Fatal(err)
			}
			if err := v.ValidateChannelUpdate(&m, pub); err != nil {
				b.Fatal(err)
			}
		})
		b.ReportMetric(med[1], "ratio")
		b.ReportMetric(best[1]/best[0], "ratio-min")
	})
	b.Run("channel_announcement", func(b *testing.B) {
		best, med := runRatio(b, 1, []string{"floor4", "lnstack"}, func() { floor(); floor(); floor(); floor() }, func() {
			var m gossip.ChannelAnnouncement
			if err := m.Decode(annPayload); err != nil {
				b.Fatal(err)
			}
			if _, err := v.ValidateChannelAnnouncement(context.Background(), &m); err != nil {
				b.Fatal(err)
			}
		})
		b.ReportMetric(med[1], "ratio")
		b.ReportMetric(best[1]/best[0], "ratio-min")
	})
	// With a KeyCache that knows the two node keys (as it would after their
	// first channel) and not the two funding keys (new in every channel).
	b.Run("channel_announcement_cached_node_keys", func(b *testing.B) {
		cached := *v
		var ann gossip.ChannelAnnouncement
		if err := ann.Decode(annPayload); err != nil {
			b.Fatal(err)
		}
		known := knownKeys{}
		for _, p := range []wire.Point{ann.NodeID1, ann.NodeID2} {
			k, err := btcec.ParsePubKey(p[:])
			if err != nil {
				b.Fatal(err)
			}
			known[p] = k
		}
		cached.Keys = known
		best, med := runRatio(b, 1, []string{"floor4", "lnstack"}, func() { floor(); floor(); floor(); floor() }, func() {
			var m gossip.ChannelAnnouncement
			if err := m.Decode(annPayload); err != nil {
				b.Fatal(err)
			}
			if _, err := cached.ValidateChannelAnnouncement(context.Background(), &m); err != nil {
				b.Fatal(err)
			}
		})
		b.ReportMetric(med[1], "ratio")
		b.ReportMetric(best[1]/best[0], "ratio-min")
	})
}

// knownKeys is a KeyParser that serves the keys it holds and parses the
// others every time.
type knownKeys map[wire.Point]*btcec.PublicKey

func (k knownKeys) ParsePubKey(p wire.Point) (*btcec.PublicKey, error) {
	if key, ok := k[p]; ok {
		return key, nil
	}
	return btcec.ParsePubKey(p[:])
}
