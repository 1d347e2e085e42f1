package layer3msg

import (
	"bytes"
	"runtime"
	"testing"
	"time"
)

// ratioBlock is how many operations one timed block runs, so that reading
// the thread clock (a system call) stays far below the work measured.
const ratioBlock = 256

// BenchmarkRatio runs the Decode and Encode cases of bench_test.go for
// lnstack and lnwire alternately inside one loop, timing each block of
// ratioBlock operations with the thread's CPU clock: on a shared machine
// the separate wall-clock benchmarks drift with the load, while here both
// sides see the same conditions and time spent descheduled counts for
// neither. It reports each side's CPU time per operation and lnd/lnstack,
// the speed-up (the target for decoding is 3 or more).
//
// The thread clock counts a side's own work and the garbage collection
// assists its allocations pay for, not the collector's background workers:
// lnwire, which allocates more, is charged a little less than its full
// cost.
func BenchmarkRatio(b *testing.B) {
	for _, c := range benchCases() {
		p, m := c.payload(b)
		b.Run(c.name+"/decode", func(b *testing.B) {
			l := c.newLnd()
			var r bytes.Reader
			runRatio(b, func() {
				if err := m.Decode(p); err != nil {
					b.Fatal(err)
				}
			}, func() {
				r.Reset(p)
				if err := l.Decode(&r, 0); err != nil {
					b.Fatal(err)
				}
			})
		})
		b.Run(c.name+"/encode", func(b *testing.B) {
			ours := make([]byte, 0, len(p))
			var theirs bytes.Buffer
			runRatio(b, func() {
				if _, err := m.Encode(ours[:0]); err != nil {
					b.Fatal(err)
				}
			}, func() {
				theirs.Reset()
				if err := c.lnd.Encode(&theirs, 0); err != nil {
					b.Fatal(err)
				}
			})
		})
	}
}

// runRatio times ours and theirs, ratioBlock operations each, once per
// iteration, the order alternating between iterations.
func runRatio(b *testing.B, ours, theirs func()) {
	b.Helper()
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	var tOurs, tTheirs time.Duration
	iterations := 0
	timed := func(op func()) time.Duration {
		t0 := threadClock()
		for range ratioBlock {
			op()
		}
		return threadClock() - t0
	}
	for b.Loop() {
		if iterations%2 == 0 {
			tOurs += timed(ours)
			tTheirs += timed(theirs)
		} else {
			tTheirs += timed(theirs)
			tOurs += timed(ours)
		}
		iterations++
	}
	ops := float64(iterations * ratioBlock)
	b.ReportMetric(float64(tOurs)/ops, "lnstack-cpu-ns/op")
	b.ReportMetric(float64(tTheirs)/ops, "lnd-cpu-ns/op")
	b.ReportMetric(float64(tTheirs)/float64(tOurs), "lnd/lnstack")
}
