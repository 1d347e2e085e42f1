package layer2

import (
	"testing"

	"github.com/lnstack/lnstack/interop/internal/cpuratio"
	messaging "github.com/lnstack/lnstack/layer2_messaging"
)

// ratioBatch is how many operations one timed block runs, so that reading
// the thread clock (a system call) stays far below the work measured.
const ratioBatch = 1024

// BenchmarkRatio runs every case of the benchmarks (bench_test.go) for
// lnstack and lnd alternately inside one loop, timing each block of
// ratioBatch operations with the thread's CPU clock. On a shared machine
// the separate wall-clock benchmarks drift with the load; here both sides
// see the same conditions, and time spent descheduled counts for neither.
// It reports each side's CPU time per operation and lnd/lnstack, the
// speed-up (the target is 3 or more).
//
// The thread clock counts a side's own work and the garbage collection
// assists its allocations pay for, not the collector's background workers,
// which run on other threads: a side that allocates more is charged a
// little less than its full cost.
func BenchmarkRatio(b *testing.B) {
	for _, c := range benchCases() {
		b.Run(c.name, func(b *testing.B) {
			runRatio(b, c.lnstack(b), c.lnd(b))
		})
	}
}

// runRatio times ours and theirs, ratioBatch operations each, once per
// iteration, in alternating order.
func runRatio(b *testing.B, ours, theirs func()) {
	b.Helper()
	r := cpuratio.Run(b, cpuratio.Options{Reps: ratioBatch}, ours, theirs)
	r.ReportCPU(b, "lnstack", "lnd")
	r.ReportRatio(b, "lnd/lnstack", 1, 0)
}

// sinkMessage keeps the floor's allocations from being optimised away.
var sinkMessage messaging.Message

// BenchmarkFloor times, on the thread CPU clock as BenchmarkRatio does, the
// parts of the Message cases that no codec can avoid, to read the ratios
// against: the harness's own cost per operation (an empty operation), the
// payload copy every encoder makes (the ping's 80 bytes, the pong's 1000),
// and the allocation of the decoded message (what Codec.Decode and
// Decoder.Decode cannot avoid, for a ping and for an error).
func BenchmarkFloor(b *testing.B) {
	ping, pong := make([]byte, 80), make([]byte, 1000)
	dst := make([]byte, 6, 2048)
	for _, c := range []struct {
		name string
		op   func()
	}{
		{"empty", func() {}},
		// At the offsets the frames put them: after the type, the
		// length (and the ping's num_pong_bytes).
		{"copy-80", func() { dst = append(dst[:6], ping...) }},
		{"copy-1000", func() { dst = append(dst[:4], pong...) }},
		{"new-ping", func() { sinkMessage = new(messaging.Ping) }},
		{"new-error", func() { sinkMessage = new(messaging.Error) }},
	} {
		b.Run(c.name, func(b *testing.B) { runFloor(b, c.op) })
	}
}

// runFloor times op in blocks of ratioBatch with the thread CPU clock.
func runFloor(b *testing.B, op func()) {
	b.Helper()
	r := cpuratio.Run(b, cpuratio.Options{Reps: ratioBatch}, op)
	b.ReportMetric(r.CPUPerOp(0), "cpu-ns/op")
}
