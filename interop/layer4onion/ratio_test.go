package layer4onion

import (
	"runtime"
	"testing"
	"time"

	"github.com/lnstack/lnstack/layer4_routing/sphinx"
)

// BenchmarkRatio runs the work of BenchmarkPeel, BenchmarkBuild and
// BenchmarkDecryptError for lnstack and lightning-onion alternately inside
// one loop, timing each with the thread's CPU clock. On a shared machine
// the separate wall-clock benchmarks drift with the load; here both sides
// see the same conditions, and time spent descheduled counts for neither.
// It reports each side's CPU time per operation and their ratio
// (lnstack/lightning-onion: below 1 means lnstack is faster).
func BenchmarkRatio(b *testing.B) {
	b.Run("Peel", func(b *testing.B) {
		r := benchRoute(b, 5)
		pkt, _, err := sphinx.BuildPayment(sessionKey("bench"), r.ourHops(), r.assoc)
		if err != nil {
			b.Fatal(err)
		}
		raw := pkt.Bytes()
		runRatio(b, func() { ourPeel(b, &r, raw) }, func() { theirPeel(b, &r, raw) })
	})
	for _, n := range []int{5, 20} {
		b.Run("Build/"+map[int]string{5: "5", 20: "20"}[n], func(b *testing.B) {
			r := benchRoute(b, n)
			session := sessionKey("bench")
			hops, path := r.ourHops(), r.theirPath(b)
			runRatio(b, func() { ourBuild(b, session, hops, r.assoc) }, func() { theirBuild(b, session, path, r.assoc) })
		})
	}
	b.Run("DecryptError/5", func(b *testing.B) {
		c := newErrorCase(b)
		runRatio(b, func() { c.ours(b) }, func() { c.theirs(b) })
	})
}

// runRatio times ours and theirs once per iteration, in alternating order.
func runRatio(b *testing.B, ours, theirs func()) {
	b.Helper()
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	var tOurs, tTheirs time.Duration
	i := 0
	for b.Loop() {
		first, second := ours, theirs
		if i%2 == 1 {
			first, second = theirs, ours
		}
		t0 := threadClock()
		first()
		t1 := threadClock()
		second()
		t2 := threadClock()
		if i%2 == 1 {
			tTheirs, tOurs = tTheirs+(t1-t0), tOurs+(t2-t1)
		} else {
			tOurs, tTheirs = tOurs+(t1-t0), tTheirs+(t2-t1)
		}
		i++
	}
	b.ReportMetric(float64(tOurs)/float64(i), "lnstack-cpu-ns/op")
	b.ReportMetric(float64(tTheirs)/float64(i), "lightning-onion-cpu-ns/op")
	b.ReportMetric(float64(tOurs)/float64(tTheirs), "lnstack/lightning-onion")
}
