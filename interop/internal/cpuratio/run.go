package cpuratio

import (
	"math"
	"runtime"
	"slices"
	"testing"
	"time"
)

// Options configures Run. The zero value times one call per block on the
// thread clock.
type Options struct {
	// Reps is how many calls of a contender one timed block makes (0
	// means 1): enough that reading the clock, a system call, stays far
	// below the work measured.
	Reps int
	// OpsPerCall is how many operations one call of a contender does when
	// it loops by itself (0 means 1); the per-operation figures divide by
	// it.
	OpsPerCall int
	// Prepare, when set, runs untimed at the start of every iteration,
	// before any contender.
	Prepare func()
	// Clock reads the CPU clock. Nil means ThreadClock, with the goroutine
	// locked to its OS thread for the whole run; a clock given here runs
	// without the lock.
	Clock func() time.Duration
	// Medians keeps, for every contender after the first, the ratio of its
	// CPU time to the first's in each iteration (see MedianRatio).
	Medians bool
}

// Result is what Run measured; each slice has one entry per contender, in
// the order Run was given them.
type Result struct {
	// Iterations is how many times the benchmark loop ran.
	Iterations int
	// CPU is each contender's total CPU time.
	CPU []time.Duration
	// Wall is each contender's total wall-clock time.
	Wall []time.Duration
	// MinWall is each contender's fastest block on the wall clock: what
	// the code costs when nothing else disturbs it.
	MinWall []time.Duration

	opsPerBlock int
	ratios      [][]float64 // per contender, per iteration: CPU over the first's
}

// Run times fns inside b's loop: every iteration runs each contender's
// block once, starting with a different contender each time (for two:
// ours first, then theirs first), so that neither always runs right after
// the other's garbage. Each block is timed on the CPU clock and on the wall
// clock.
func Run(b *testing.B, opts Options, fns ...func()) *Result {
	b.Helper()
	reps, perCall := max(opts.Reps, 1), max(opts.OpsPerCall, 1)
	clock := opts.Clock
	if clock == nil {
		runtime.LockOSThread()
		defer runtime.UnlockOSThread()
		clock = ThreadClock
	}
	n := len(fns)
	r := &Result{
		CPU:         make([]time.Duration, n),
		Wall:        make([]time.Duration, n),
		MinWall:     make([]time.Duration, n),
		opsPerBlock: reps * perCall,
		ratios:      make([][]float64, n),
	}
	for i := range r.MinWall {
		r.MinWall[i] = 1 << 62
	}
	took := make([]time.Duration, n)
	for b.Loop() {
		if opts.Prepare != nil {
			opts.Prepare()
		}
		for k := range n {
			i := (r.Iterations + k) % n
			w0, c0 := time.Now(), clock()
			for range reps {
				fns[i]()
			}
			took[i] = clock() - c0
			wall := time.Since(w0)
			r.CPU[i] += took[i]
			r.Wall[i] += wall
			r.MinWall[i] = min(r.MinWall[i], wall)
		}
		if opts.Medians {
			for i := 1; i < n; i++ {
				r.ratios[i] = append(r.ratios[i], float64(took[i])/float64(max(took[0], 1)))
			}
		}
		r.Iterations++
	}
	return r
}

// CPUPerOp is contender i's CPU time per operation, in nanoseconds.
func (r *Result) CPUPerOp(i int) float64 {
	return float64(r.CPU[i]) / float64(r.Iterations*r.opsPerBlock)
}

// MinPerOp is contender i's fastest block on the wall clock per operation,
// in nanoseconds.
func (r *Result) MinPerOp(i int) float64 {
	return float64(r.MinWall[i]) / float64(r.opsPerBlock)
}

// CPURatio is contender num's total CPU time over contender den's.
func (r *Result) CPURatio(num, den int) float64 {
	return float64(r.CPU[num]) / float64(r.CPU[den])
}

// MedianRatio is contender i's median per-iteration CPU ratio to the first
// contender over contender j's (the first's own being 1). It needs
// Options.Medians.
func (r *Result) MedianRatio(i, j int) float64 {
	return r.median(i) / r.median(j)
}

// median is contender i's median per-iteration ratio to the first: 1 for
// the first itself, NaN when Options.Medians was not set.
func (r *Result) median(i int) float64 {
	if i == 0 {
		return 1
	}
	if len(r.ratios[i]) == 0 {
		return math.NaN()
	}
	s := slices.Clone(r.ratios[i])
	slices.Sort(s)
	return s[len(s)/2]
}

// ReportCPU reports each contender's CPU time per operation as
// "<name>-cpu-ns/op", names being in the contenders' order.
func (r *Result) ReportCPU(b *testing.B, names ...string) {
	for i, name := range names {
		b.ReportMetric(r.CPUPerOp(i), name+"-cpu-ns/op")
	}
}

// ReportMin reports each contender's fastest block per operation as
// "<name>-min-ns/op".
func (r *Result) ReportMin(b *testing.B, names ...string) {
	for i, name := range names {
		b.ReportMetric(r.MinPerOp(i), name+"-min-ns/op")
	}
}

// ReportRatio reports contender num's total CPU time over contender den's
// under unit (such as "lnd/lnstack").
func (r *Result) ReportRatio(b *testing.B, unit string, num, den int) {
	b.ReportMetric(r.CPURatio(num, den), unit)
}
