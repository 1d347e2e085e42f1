package layer5invoice

import (
	"testing"

	"github.com/btcsuite/btcd/btcec/v2/ecdsa"
	"github.com/btcsuite/btcd/chaincfg"
	"github.com/lightningnetwork/lnd/zpay32"

	"github.com/lnstack/lnstack/interop/internal/cpuratio"
	"github.com/lnstack/lnstack/layer5_payment/bolt11"
)

// ratioBlock is how many operations one timed block runs, so that reading
// the thread clock (a system call) stays far below the work measured.
const ratioBlock = 16

// BenchmarkRatio runs the cases of bench_test.go for lnstack and its
// reference alternately inside one loop, timing each block of ratioBlock
// operations with the thread's CPU clock: on a shared machine separate
// wall-clock benchmarks drift with the load, while here both sides see the
// same conditions and time spent descheduled counts for neither. Each case
// reports both sides' CPU time per operation and reference/lnstack (above
// 1: lnstack is faster).
//
//   - decode: bolt11.Decode against zpay32.Decode (target: above 1);
//   - decode-unverified: bolt11.DecodeUnverified against zpay32.Decode
//     (target: 10 or more);
//   - encode: Invoice.Encode against zpay32's Encode (target: above 1);
//   - decode-floor: bolt11.Decode against btcec's RecoverCompact alone on
//     the same signature (target: 1/1.1 = 0.91 or more, lnstack's decode
//     within 10% of the key recovery).
func BenchmarkRatio(b *testing.B) {
	s := newBenchSetup(b)
	decode := func() {
		if _, err := bolt11.Decode(benchInvoice); err != nil {
			b.Fatal(err)
		}
	}
	lndDecode := func() {
		if _, err := zpay32.Decode(benchInvoice, &chaincfg.MainNetParams); err != nil {
			b.Fatal(err)
		}
	}
	b.Run("decode", func(b *testing.B) { runRatio(b, "zpay32", decode, lndDecode) })
	b.Run("decode-unverified", func(b *testing.B) {
		runRatio(b, "zpay32", func() {
			if _, err := bolt11.DecodeUnverified(benchInvoice); err != nil {
				b.Fatal(err)
			}
		}, lndDecode)
	})
	b.Run("encode", func(b *testing.B) {
		runRatio(b, "zpay32", func() {
			if _, err := s.ours.Encode(s.signer); err != nil {
				b.Fatal(err)
			}
		}, func() {
			if _, err := s.lnd.Encode(s.lndSign); err != nil {
				b.Fatal(err)
			}
		})
	})
	b.Run("decode-floor", func(b *testing.B) {
		runRatio(b, "recovery", decode, func() {
			if _, _, err := ecdsa.RecoverCompact(s.compact[:], s.hash[:]); err != nil {
				b.Fatal(err)
			}
		})
	})
}

// runRatio times ours and theirs, ratioBlock operations each, once per
// iteration, the order alternating between iterations; name is theirs in
// the metrics.
func runRatio(b *testing.B, name string, ours, theirs func()) {
	b.Helper()
	r := cpuratio.Run(b, cpuratio.Options{Reps: ratioBlock}, ours, theirs)
	r.ReportCPU(b, "lnstack", name)
	r.ReportRatio(b, name+"/lnstack", 1, 0)
}
