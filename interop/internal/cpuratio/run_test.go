package cpuratio

import (
	"math"
	"slices"
	"testing"
	"time"
)

// TestRun drives Run with a clock that only the contenders advance, so
// every figure it reports is known exactly: contender 0 costs 10 per call,
// contender 1 costs 30, each call doing 5 operations, 2 calls a block.
// The calls sleep a little, which the fake clock does not see, so that the
// benchmark's one second holds few iterations.
func TestRun(t *testing.T) {
	var (
		now      time.Duration
		order    []int
		prepared int
		r        *Result
	)
	contender := func(id int, cost time.Duration) func() {
		return func() {
			time.Sleep(10 * time.Microsecond)
			now += cost
			if len(order) < 64 { // the first 16 iterations
				order = append(order, id)
			}
		}
	}
	testing.Benchmark(func(b *testing.B) {
		now, order, prepared = 0, nil, 0
		r = Run(b, Options{
			Reps:       2,
			OpsPerCall: 5,
			Prepare:    func() { prepared++ },
			Clock:      func() time.Duration { return now },
			Medians:    true,
		}, contender(0, 10), contender(1, 30))
	})
	if r == nil || r.Iterations == 0 {
		t.Fatal("Run did not iterate")
	}
	if prepared != r.Iterations {
		t.Errorf("Prepare ran %d times in %d iterations", prepared, r.Iterations)
	}
	// Ours first in even iterations, theirs first in odd ones.
	var want []int
	for it := range min(r.Iterations, 16) {
		first, second := 0, 1
		if it%2 == 1 {
			first, second = 1, 0
		}
		want = append(want, first, first, second, second)
	}
	if !slices.Equal(order, want) {
		t.Errorf("call order %v, want %v", order, want)
	}
	n := time.Duration(r.Iterations)
	if r.CPU[0] != n*20 || r.CPU[1] != n*60 {
		t.Errorf("CPU %v after %d iterations, want %v and %v", r.CPU, r.Iterations, n*20, n*60)
	}
	for _, c := range []struct {
		name      string
		got, want float64
	}{
		{"CPUPerOp(0)", r.CPUPerOp(0), 2},
		{"CPUPerOp(1)", r.CPUPerOp(1), 6},
		{"CPURatio(1, 0)", r.CPURatio(1, 0), 3},
		{"CPURatio(0, 1)", r.CPURatio(0, 1), 1.0 / 3},
		{"MedianRatio(1, 0)", r.MedianRatio(1, 0), 3},
		{"MedianRatio(0, 1)", r.MedianRatio(0, 1), 1.0 / 3},
	} {
		if math.Abs(c.got-c.want) > 1e-9 {
			t.Errorf("%s = %v, want %v", c.name, c.got, c.want)
		}
	}
	for i, w := range r.MinWall {
		if w < 0 || w > r.Wall[i] {
			t.Errorf("contender %d: fastest block %v of %v in all", i, w, r.Wall[i])
		}
	}
}

// TestMedianRatioNeedsMedians checks that a median asked of a run that kept
// none is NaN rather than a plausible number.
func TestMedianRatioNeedsMedians(t *testing.T) {
	var r *Result
	testing.Benchmark(func(b *testing.B) {
		nap := func() { time.Sleep(10 * time.Microsecond) }
		r = Run(b, Options{}, nap, nap)
	})
	if got := r.MedianRatio(1, 0); !math.IsNaN(got) {
		t.Errorf("MedianRatio without Options.Medians = %v, want NaN", got)
	}
}
