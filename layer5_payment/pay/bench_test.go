package pay

import (
	"testing"

	"github.com/lnstack/lnstack/layer4_routing/pathfind"
)

// BenchmarkRoutesFound measures turning a 2-hop route into an HTLC: the
// payloads, the onion (one ECDH per hop) and the attempt's bookkeeping.
func BenchmarkRoutesFound(b *testing.B) {
	w := newWorld(b, 1000)
	f := pathfind.NewFinder()
	cfg := w.config(100_000_000)
	p0, _ := New(cfg)
	req := p0.Start(t0)[0].(FindRoutes).Request
	rs, err := f.Routes(w.g, &req)
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		p, _ := New(cfg)
		p.Start(t0)
		if acts := p.RoutesFound(rs, nil, t0); len(acts) != 1 {
			b.Fatal(acts)
		}
	}
}
