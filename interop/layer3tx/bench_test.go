package layer3tx

import (
	"fmt"
	"testing"

	"github.com/btcsuite/btcd/chaincfg/chainhash"
	"github.com/lightningnetwork/lnd/input"
	"github.com/lightningnetwork/lnd/lntypes"
	"github.com/lightningnetwork/lnd/lnwallet"
	lndshachain "github.com/lightningnetwork/lnd/shachain"

	"github.com/lnstack/lnstack/interop/internal/cpuratio"
	"github.com/lnstack/lnstack/layer3_p2p/commitment"
	"github.com/lnstack/lnstack/layer3_p2p/keys"
	"github.com/lnstack/lnstack/layer3_p2p/scripts"
	"github.com/lnstack/lnstack/layer3_p2p/shachain"
)

// The benchmarks run lnstack and lnd on the same work under the names
// <Benchmark>/<case>/{lnstack,lnd}, and report besides ns/op the process
// CPU time per operation (cpu-ns/op), which a shared machine disturbs
// less. BenchmarkRatio runs both alternately in one loop and reports the
// ratio of their CPU times (lnstack/lnd: below 1 means lnstack is faster),
// the figure of record.
//
//   - DeriveCommitmentKeys: the key set of one commitment from the
//     basepoints and a per-commitment point (keys.DeriveCommitmentKeys;
//     lnwallet.DeriveCommitmentKeys).
//   - ShachainSecret: one per-commitment secret from the seed at a random
//     commitment number (shachain.Producer; lnd's RevocationProducer).
//   - ShachainStore: 1000 successive secrets into an empty store, every
//     check included (shachain.Store.Insert; RevocationStore.AddNextEntry).
//   - HTLCScripts: an offered and a received HTLC script (scripts;
//     input.SenderHTLCScript, ReceiverHTLCScript).
//   - CommitmentSign: what one commitment_signed costs the sender: the key
//     set, the commitment with n HTLCs and its HTLC transactions, the
//     commitment signature and n HTLC signatures, on an anchors channel
//     (lnd's default). lnstack: keys, Build, Tx.Sign; lnd: the assembly of
//     lnwallet's steps in lndcommit_test.go, with its SigPool.

// runPair runs one side of a benchmark and reports its CPU time per
// operation; ns/op and allocs are per call, a call being batch operations.
func runPair(b *testing.B, batch int, op func()) {
	b.ReportAllocs()
	start := cpuratio.ProcessClock()
	for b.Loop() {
		op()
	}
	if cpu := cpuratio.ProcessClock() - start; cpu > 0 {
		b.ReportMetric(float64(cpu.Nanoseconds())/float64(b.N*batch), "cpu-ns/op")
	}
}

// bench is one benchmark case: lnstack's and lnd's version of the work,
// batch operations per call.
type bench struct {
	name         string
	batch        int
	lnstack, lnd func()
}

// benchCases prepares every case; the commitment cases for 0, 30 and 483
// HTLCs.
func benchCases(b *testing.B) []bench {
	rng := newRand(60)
	owner, other := newRandNode(b, rng), newRandNode(b, rng)
	ownerCfg, otherCfg := owner.chanConfig(), other.chanConfig()
	ownerBase, otherBase := owner.basepoints(), other.basepoints()
	point := randPriv(b, rng).PubKey()
	seed := randBytes32(rng)
	producer := shachain.NewProducer(seed)
	lndProducer := lndshachain.NewRevocationProducer(chainhash.Hash(seed))
	numbers := make([]uint64, 1024)
	for i := range numbers {
		numbers[i] = rng.Uint64N(shachain.MaxIndex + 1)
	}
	const storeLen = 1000
	secrets := make([]shachain.Secret, storeLen)
	for i := range secrets {
		secrets[i], _ = producer.ForCommitment(uint64(i))
	}
	htlcKeys := scripts.HTLCKeys{Revocation: randPriv(b, rng).PubKey(), Local: owner.htlc.PubKey(), Remote: other.htlc.PubKey()}
	hash := randBytes32(rng)
	var next int

	cases := []bench{
		{name: "DeriveCommitmentKeys", batch: 4,
			lnstack: func() {
				for range 4 {
					if _, err := keys.DeriveCommitmentKeys(point, ownerBase, otherBase); err != nil {
						b.Fatal(err)
					}
				}
			},
			lnd: func() {
				for range 4 {
					lnwallet.DeriveCommitmentKeys(point, lntypes.Local, anchorsType, &ownerCfg, &otherCfg)
				}
			}},
		{name: "ShachainSecret", batch: 64,
			lnstack: func() {
				for range 64 {
					next++
					if _, err := producer.ForCommitment(numbers[next%len(numbers)]); err != nil {
						b.Fatal(err)
					}
				}
			},
			lnd: func() {
				for range 64 {
					next++
					if _, err := lndProducer.AtIndex(numbers[next%len(numbers)]); err != nil {
						b.Fatal(err)
					}
				}
			}},
		{name: "ShachainStore", batch: 1,
			lnstack: func() {
				var s shachain.Store
				for i, secret := range secrets {
					if err := s.Insert(shachain.MaxIndex-uint64(i), secret); err != nil {
						b.Fatal(err)
					}
				}
			},
			lnd: func() {
				s := lndshachain.NewRevocationStore()
				for i := range secrets {
					h := chainhash.Hash(secrets[i])
					if err := s.AddNextEntry(&h); err != nil {
						b.Fatal(err)
					}
				}
			}},
		{name: "HTLCScripts", batch: 64,
			lnstack: func() {
				for range 64 {
					if _, err := scripts.OfferedHTLC(htlcKeys, hash, true); err != nil {
						b.Fatal(err)
					}
					if _, err := scripts.ReceivedHTLC(htlcKeys, hash, 800_000, true); err != nil {
						b.Fatal(err)
					}
				}
			},
			lnd: func() {
				for range 64 {
					if _, err := input.SenderHTLCScript(htlcKeys.Local, htlcKeys.Remote, htlcKeys.Revocation, hash[:], true); err != nil {
						b.Fatal(err)
					}
					if _, err := input.ReceiverHTLCScript(800_000, htlcKeys.Remote, htlcKeys.Local, htlcKeys.Revocation, hash[:], true); err != nil {
						b.Fatal(err)
					}
				}
			}},
	}
	for _, n := range []int{0, 30, 483} {
		f := newSignFixture(b, commitment.Anchors, n)
		lnd := newLndNextCommitment(b, f)
		cases = append(cases, bench{name: fmt.Sprintf("CommitmentSign/%dhtlcs", n), batch: 1,
			lnstack: func() { f.buildAndSign(b) },
			lnd: func() {
				if _, err := lnd.signNext(); err != nil {
					b.Fatal(err)
				}
			}})
	}
	return cases
}

// BenchmarkLayer3Tx runs every case, lnstack and lnd one after the other.
func BenchmarkLayer3Tx(b *testing.B) {
	for _, c := range benchCases(b) {
		b.Run(c.name+"/lnstack", func(b *testing.B) { runPair(b, c.batch, c.lnstack) })
		b.Run(c.name+"/lnd", func(b *testing.B) { runPair(b, c.batch, c.lnd) })
	}
}

// BenchmarkRatio runs lnstack's and lnd's version of each case
// alternately inside one loop (cpuratio.Run), timing each call with the
// process CPU clock and the wall clock, so that both see the same load:
// both sides sign on several goroutines, which the thread clock would
// mostly miss. It reports each side's CPU time per operation and the
// ratios lnstack/lnd of CPU and wall time.
func BenchmarkRatio(b *testing.B) {
	for _, c := range benchCases(b) {
		b.Run(c.name, func(b *testing.B) {
			r := cpuratio.Run(b, cpuratio.Options{OpsPerCall: c.batch, Clock: cpuratio.ProcessClock}, c.lnstack, c.lnd)
			r.ReportCPU(b, "lnstack", "lnd")
			if r.CPU[1] > 0 {
				r.ReportRatio(b, "cpu-ratio", 0, 1)
			}
			b.ReportMetric(float64(r.Wall[0])/float64(r.Wall[1]), "wall-ratio")
		})
	}
}
