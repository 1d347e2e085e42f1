package layer4onion

import (
	"testing"

	"github.com/lnstack/lnstack/interop/internal/cpuratio"
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
	r := cpuratio.Run(b, cpuratio.Options{}, ours, theirs)
	r.ReportCPU(b, "lnstack", "lightning-onion")
	r.ReportRatio(b, "lnstack/lightning-onion", 0, 1)
}
