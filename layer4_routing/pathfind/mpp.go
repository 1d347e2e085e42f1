package pathfind

import (
	"fmt"
	"math"

	"github.com/lnstack/lnstack/layer3_p2p/graph"
)

// Routes splits req.AmountMsat over up to req.MaxParts routes when one
// route cannot carry it (BOLT #4 "Basic Multi-Part Payments": the writer
// "MAY send more than one HTLC to pay the invoice ... SHOULD try to use
// diverse paths to the recipient for each HTLC"). It asks for the whole
// amount first and halves the part while no route carries it (or, with
// MinPartProbability, while the best route is less likely than that to
// succeed), down to MinPartMsat. Each part found counts as in flight on
// its channels for the parts after it: a channel's liquidity has to carry
// the sum, so later parts spread out. The next part starts at the size of
// the last one, and never at a size that already found no route (in
// flight amounts only grow, so it would not find one now). The parts'
// received amounts add up to the request's amount. A request that fits
// one route gets that one route.
func (f *Finder) Routes(g Graph, req *Request) ([]Route, error) {
	if err := f.prepare(g, req); err != nil {
		return nil, err
	}
	maxParts := req.MaxParts
	if maxParts <= 0 {
		maxParts = DefaultMaxParts
	}
	s := splitter{f: f, minPart: uint64(req.MinPartMsat), split: maxParts > 1,
		minProb: req.MinPartProbability, noRoute: math.MaxUint64}
	if s.minPart == 0 {
		s.minPart = DefaultMinPartMsat
	}
	var parts []Route
	next := uint64(req.AmountMsat)
	for remaining := next; remaining > 0; {
		if len(parts) == maxParts {
			return nil, fmt.Errorf("%w: %d parts carry %d of %d msat", ErrNoRoute, len(parts), uint64(req.AmountMsat)-remaining, uint64(req.AmountMsat))
		}
		r, part, err := s.part(min(remaining, next), remaining)
		if err != nil {
			return nil, fmt.Errorf("%w for %d of %d msat", err, remaining, uint64(req.AmountMsat))
		}
		parts = append(parts, *r)
		f.commit()
		remaining -= part
		next = part
	}
	return parts, nil
}

// splitter finds the parts of a split.
type splitter struct {
	f       *Finder
	minPart uint64
	split   bool
	minProb float64
	// noRoute is the smallest amount no route was found for.
	noRoute uint64
}

// part finds the route of the next part of at most remaining, trying
// amt first, and returns it with its amount. Parts below minPart are
// only tried for the whole remaining amount.
func (s *splitter) part(amt, remaining uint64) (*Route, uint64, error) {
	var fallback *Route
	var fallbackAmt uint64
	var fallbackUses []use
	for {
		if amt >= s.noRoute {
			amt = s.noRoute / 2
		}
		if amt == 0 || amt < s.minPart && amt != remaining {
			break
		}
		if bound := s.f.endsBound(); amt > bound {
			// No search can find a route: halve straight to the bound.
			s.noRoute = amt
			if !s.split || bound == 0 {
				break
			}
			for amt > bound {
				amt /= 2
			}
			continue
		}
		r, err := s.f.search(amt)
		if err != nil {
			s.noRoute = amt
		} else {
			if !s.split || r.Probability >= s.minProb {
				return r, amt, nil
			}
			if fallback == nil {
				fallback, fallbackAmt, fallbackUses = r, amt, append([]use(nil), s.f.uses...)
			}
		}
		if !s.split {
			break
		}
		amt /= 2
	}
	if fallback != nil {
		s.f.uses = append(s.f.uses[:0], fallbackUses...)
		return fallback, fallbackAmt, nil
	}
	return nil, 0, ErrNoRoute
}

// commit counts the amounts of the last route found as in flight on its
// channels.
func (f *Finder) commit() {
	for _, u := range f.uses {
		if u.extra {
			f.extras[u.idx].inflight += u.amt
		} else {
			f.tweakAt(u.idx).inflight += u.amt
		}
	}
}

// endsBound is the largest amount a single route could carry as far as
// the source's and the recipient's own channels tell: the largest HTLC
// one of the recipient's channels in can take and one of the source's
// channels out, after what is in flight. A part above it has no route,
// found without a search. The recipient's side counts only when it is a
// graph node without extra edges (route hints, blinded paths).
func (f *Finder) endsBound() uint64 {
	bound := uint64(math.MaxUint64)
	if f.tgt < f.limit && !f.hasExtras(f.tgt) {
		bound = f.sideBound(f.tgt, true)
	}
	if f.firstOnly {
		var best uint64
		for i := range f.extras {
			if x := &f.extras[i]; x.kind == firstHopEdge && x.capMsat > x.inflight {
				best = max(best, x.capMsat-x.inflight)
			}
		}
		return min(bound, best)
	}
	if f.src < f.limit && !f.hasExtras(f.src) {
		bound = min(bound, f.sideBound(f.src, false))
	}
	return bound
}

// hasExtras reports whether extra edges lead into node n or out of it.
func (f *Finder) hasExtras(n uint32) bool {
	for i := range f.extras {
		if f.extras[i].from == n {
			return true
		}
	}
	for _, h := range f.heads {
		if h.node == n {
			return true
		}
	}
	return false
}

// sideBound is the largest HTLC one of node n's channel directions can
// carry, into n when in, out of it otherwise: the capacity or the learned
// upper bound, less what is in flight, within a usable policy's
// htlc_maximum_msat (into n; the source's own policy only counts when
// disabled).
func (f *Finder) sideBound(n uint32, in bool) uint64 {
	var best uint64
	f.g.Edges(graph.NodeIndex(n), func(e graph.Edge) bool {
		dir, pol := 1-e.Direction, e.In
		if !in {
			dir, pol = e.Direction, e.Out
		}
		if e.UnknownRequired {
			return true
		}
		idx := uint32(e.Channel)*2 + uint32(dir)
		hi := uint64(e.Capacity) * 1000
		var inflight uint64
		if w := idx / 64; w < uint32(len(f.tweaked)) && f.tweaked[w]&(1<<(idx%64)) != 0 {
			t := &f.tweaks[idx]
			if t.excluded {
				return true
			}
			if t.override >= 0 {
				pol = f.overrides[t.override]
			}
			if t.bounded {
				hi = min(hi, t.hi)
			}
			inflight = t.inflight
		}
		switch {
		case in && !pol.Usable(e.Capacity):
			return true
		case in:
			hi = min(hi, uint64(pol.HTLCMaximumMsat))
		case pol.Known() && pol.Disabled():
			return true
		}
		if hi > inflight {
			best = max(best, hi-inflight)
		}
		return true
	})
	return best
}
