package commitment

import (
	"crypto/sha256"
	"fmt"
	"testing"
	"time"

	"github.com/btcsuite/btcd/btcec/v2/ecdsa"
)

// benchFixture is an anchors channel (lnd's default type) of 1 BTC with n
// untrimmed HTLCs.
func benchFixture(b *testing.B, n int) *fixture {
	htlcs, pre := testHTLCs(n)
	return newFixture(b, Anchors, 100_000_000, 60_000_000_000, htlcs, pre)
}

// floorSign measures one RFC 6979 ECDSA signature on one core, in wall
// time and in CPU time: the floor the commitment benchmarks compare
// themselves with.
func floorSign() (wall, cpu time.Duration) {
	key := secretOf("floor")
	d := sha256.Sum256([]byte("floor"))
	const rounds = 300
	start, startCPU := time.Now(), cpuTime()
	for i := 0; i < rounds; i++ {
		ecdsa.Sign(key, d[:])
	}
	return time.Since(start) / rounds, (cpuTime() - startCPU) / rounds
}

// BenchmarkFloorSign is one ECDSA signature: signing a commitment with n
// HTLCs cannot cost less than n+1 of these on one core.
func BenchmarkFloorSign(b *testing.B) {
	key := secretOf("floor")
	d := sha256.Sum256([]byte("floor"))
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		ecdsa.Sign(key, d[:])
	}
}

// BenchmarkCommitment builds a commitment with 0, 30 and 483 HTLCs and
// makes the other node's signatures on it and on every HTLC transaction,
// which is what one commitment_signed costs. x-floor is the time per
// operation over (HTLCs + 1) single-core signatures measured just before:
// above 1 is overhead, below 1 is the cores working in parallel.
// cpu-x-floor is the same ratio in CPU time (all cores added up), which
// stays meaningful on a machine busy with other work: it is the work done
// beyond the signatures themselves.
func BenchmarkCommitment(b *testing.B) {
	for _, n := range []int{0, 30, 483} {
		b.Run(fmt.Sprintf("%dhtlcs", n), func(b *testing.B) {
			f := benchFixture(b, n)
			fundingKey, htlcKey := f.other.funding, f.remoteHTLCKey(b)
			floor, floorCPU := floorSign()
			b.ReportAllocs()
			b.ResetTimer()
			startCPU := cpuTime()
			for i := 0; i < b.N; i++ {
				tx, err := Build(f.c)
				if err != nil {
					b.Fatal(err)
				}
				if _, err := tx.Sign(Remote, fundingKey, htlcKey); err != nil {
					b.Fatal(err)
				}
			}
			cpuPerOp := float64((cpuTime() - startCPU).Nanoseconds()) / float64(b.N)
			perOp := float64(b.Elapsed().Nanoseconds()) / float64(b.N)
			b.ReportMetric(perOp/(float64(n+1)*float64(floor.Nanoseconds())), "x-floor")
			if floorCPU > 0 {
				b.ReportMetric(cpuPerOp/(float64(n+1)*float64(floorCPU.Nanoseconds())), "cpu-x-floor")
			}
		})
	}
}

// BenchmarkBuild is Build alone: scripts, trimming, ordering, the HTLC
// transactions and their sighash midstates, without any signature.
func BenchmarkBuild(b *testing.B) {
	for _, n := range []int{0, 30, 483} {
		b.Run(fmt.Sprintf("%dhtlcs", n), func(b *testing.B) {
			f := benchFixture(b, n)
			b.ReportAllocs()
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				if _, err := Build(f.c); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkVerify checks a commitment_signed with 483 HTLC signatures.
func BenchmarkVerify(b *testing.B) {
	f := benchFixture(b, 483)
	tx, err := Build(f.c)
	if err != nil {
		b.Fatal(err)
	}
	sigs, err := tx.Sign(Remote, f.other.funding, f.remoteHTLCKey(b))
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if err := tx.Verify(Remote, sigs); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkCommitmentOverhead is everything BenchmarkCommitment does except
// the ECDSA signatures themselves: Build and every sighash, on one core.
// Its ns/sig over BenchmarkFloorSign's ns/op is the overhead signing adds
// to the floor, a ratio that holds up better on a busy machine than the
// wall time of a parallel run.
func BenchmarkCommitmentOverhead(b *testing.B) {
	for _, n := range []int{0, 30, 483} {
		b.Run(fmt.Sprintf("%dhtlcs", n), func(b *testing.B) {
			f := benchFixture(b, n)
			b.ReportAllocs()
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				tx, err := Build(f.c)
				if err != nil {
					b.Fatal(err)
				}
				if _, err := tx.SigHash(); err != nil {
					b.Fatal(err)
				}
				for _, h := range tx.HTLCTxs {
					if _, _, err := h.SigHash(Remote); err != nil {
						b.Fatal(err)
					}
				}
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(n+1), "ns/sig")
		})
	}
}
