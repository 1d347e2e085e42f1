package pathfind

import (
	"bytes"
	"fmt"
	"math"

	"github.com/lnstack/lnstack/layer2_messaging/wire"
	"github.com/lnstack/lnstack/layer3_p2p/amount"
)

// tweak is what a request changes about one channel direction of the
// graph, at index channel*2+direction.
type tweak struct {
	gen uint32
	// override indexes req.overrides, -1 for none.
	override int32
	excluded bool
	// bounded says lo and hi hold learned liquidity bounds.
	bounded  bool
	lo, hi   uint64
	inflight uint64
}

// Kinds of extra edges.
const (
	hintEdge uint8 = iota
	blindedEdge
	firstHopEdge
)

// extraEdge is an edge the request adds to the graph: a route hint's
// channel, a blinded path (from its introduction point to the virtual
// recipient), or one of the source's first hops.
type extraEdge struct {
	from uint32
	// next is the next extra edge into the same node, -1 at the end.
	next int32
	kind uint8
	dir  uint8
	path int
	scid wire.ShortChannelID
	// The policy: fees, delta, limits (max 0: none).
	base, ppm  uint32
	delta      uint16
	min, max   uint64
	capMsat    uint64
	lo, hi     uint64
	inflight   uint64
	prior      float64
	tailBudget int32
}

func amountOf(msat uint64) amount.MilliSatoshi { return amount.MilliSatoshi(msat) }

// tweakAt returns the tweak of index idx, made current for this request.
func (f *Finder) tweakAt(idx uint32) *tweak {
	if int(idx) >= len(f.tweaks) {
		f.tweaks = append(f.tweaks, make([]tweak, int(idx)+1-len(f.tweaks))...)
	}
	if w := int(idx / 64); w >= len(f.tweaked) {
		f.tweaked = append(f.tweaked, make([]uint64, w+1-len(f.tweaked))...)
	}
	f.tweaked[idx/64] |= 1 << (idx % 64)
	t := &f.tweaks[idx]
	if t.gen != f.reqGen {
		*t = tweak{gen: f.reqGen, override: -1}
	}
	return t
}

// prepare sets the Finder up for req on g: the source and recipient, the
// extra edges, and what exclusions, overrides and learned liquidity
// change in the graph.
func (f *Finder) prepare(g Graph, r *Request) error {
	if f.relaxFn == nil {
		f.relaxFn = f.relaxEdge
	}
	if r.AmountMsat == 0 {
		return fmt.Errorf("%w: no amount", ErrBadRequest)
	}
	if len(r.BlindedPaths) == 0 && r.Payee == (wire.Point{}) {
		return fmt.Errorf("%w: no payee and no blinded path", ErrBadRequest)
	}
	if len(r.BlindedPaths) == 0 && r.Payee == r.Source {
		return fmt.Errorf("%w: paying oneself", ErrBadRequest)
	}
	if f.reqGen++; f.reqGen == 0 {
		for i := range f.tweaks {
			f.tweaks[i].gen = 0
		}
		f.reqGen = 1
	}
	clear(f.tweaked)
	lister, _ := g.(EdgeLister)
	f.req = req{g: g, lister: lister, r: r, limit: uint32(g.NodeLimit()),
		extras: f.extras[:0], virtual: f.virtual[:0], overrides: f.overrides[:0],
		penalties: f.penalties[:0], heads: f.heads[:0], uses: f.uses[:0]}
	f.w = DefaultWeights()
	if r.Weights != nil {
		f.w = *r.Weights
	}
	f.riskFactor = f.w.RiskFactorPPB / 1e9
	f.maxCLTV = r.MaxCLTV
	if f.maxCLTV == 0 {
		f.maxCLTV = DefaultMaxCLTV
	}
	f.maxHops = math.MaxUint16
	if r.MaxHops > 0 && r.MaxHops < math.MaxUint16 {
		f.maxHops = uint16(r.MaxHops)
	}
	virtual := make(map[wire.Point]uint32)
	index := func(id wire.Point) uint32 {
		if n, ok := g.NodeByID(id); ok {
			return uint32(n)
		}
		if n, ok := virtual[id]; ok {
			return n
		}
		n := f.limit + uint32(len(f.virtual))
		f.virtual = append(f.virtual, id)
		virtual[id] = n
		return n
	}
	if n, ok := g.NodeByID(r.Source); ok {
		f.src = uint32(n)
	} else if len(r.FirstHops) > 0 {
		f.src = index(r.Source)
	} else {
		return ErrUnknownSource
	}
	heads := make(map[uint32]int32)
	add := func(to uint32, x extraEdge) {
		h, ok := heads[to]
		if !ok {
			h = -1
		}
		x.next = h
		heads[to] = int32(len(f.extras))
		f.extras = append(f.extras, x)
	}
	if len(r.BlindedPaths) > 0 {
		f.tgt = index(wire.Point{}) // the recipient behind the paths
		f.finalCLTV = r.CLTVOffset
		f.blindedEdges(r, index, add)
	} else {
		f.tgt = index(r.Payee)
		final := uint32(r.FinalCLTVDelta)
		if final == 0 {
			final = DefaultFinalCLTVDelta
		}
		f.finalCLTV = final + r.CLTVOffset
		f.budget = int32(HopPayloadsLen - FinalHopLen(r.FinalPayloadExtra))
		f.hintEdges(r, index, add)
	}
	f.firstOnly = len(r.FirstHops) > 0
	for _, h := range r.FirstHops {
		to := index(h.Peer)
		add(to, extraEdge{from: f.src, kind: firstHopEdge, scid: h.SCID, dir: direction(r.Source, h.Peer),
			capMsat: uint64(h.BandwidthMsat), prior: 1})
	}
	for n, h := range heads {
		f.heads = append(f.heads, nodeHead{n, h})
	}
	if need := int(f.limit) + len(f.virtual); len(f.labels) < need {
		f.labels = append(f.labels, make([]label, need-len(f.labels))...)
		f.hot = append(f.hot, make([]hot, need-len(f.hot))...)
	}
	f.applyGraphChanges(g, r)
	return nil
}

// direction is the direction of a channel from one node to another:
// BOLT #7 makes node_id_1 "the lexicographically-lesser of the two
// compressed keys".
func direction(from, to wire.Point) uint8 {
	if bytes.Compare(from[:], to[:]) < 0 {
		return 0
	}
	return 1
}

// hintEdges adds the channels of the route hints.
func (f *Finder) hintEdges(r *Request, index func(wire.Point) uint32, add func(uint32, extraEdge)) {
	for _, hint := range r.RouteHints {
		for i, h := range hint {
			to := r.Payee
			if i+1 < len(hint) {
				to = hint[i+1].NodeID
			}
			if to == h.NodeID {
				continue
			}
			x := extraEdge{from: index(h.NodeID), kind: hintEdge, scid: h.SCID, dir: direction(h.NodeID, to),
				base: h.FeeBaseMsat, ppm: h.FeeProportionalMillionths, delta: h.CLTVExpiryDelta,
				capMsat: UnknownCapacityMsat, hi: UnknownCapacityMsat, prior: f.w.HintProbability}
			if r.Liquidity != nil {
				if lo, hi, ok := r.Liquidity.Bounds(ChannelDirection{h.SCID, x.dir}, r.Now); ok {
					x.lo, x.hi = uint64(lo), min(uint64(hi), x.capMsat)
				}
			}
			add(index(to), x)
		}
	}
}

// blindedEdges adds an edge from each blinded path's introduction point
// to the recipient behind the paths.
func (f *Finder) blindedEdges(r *Request, index func(wire.Point) uint32, add func(uint32, extraEdge)) {
	for i, p := range r.BlindedPaths {
		var intro uint32
		if id, ok := p.Introduction.Point(); ok {
			intro = index(id)
		} else {
			dir, scid, _ := p.Introduction.SCID()
			c, ok := f.g.ChannelBySCID(scid)
			if !ok || dir > 1 {
				continue
			}
			intro = uint32(c.Nodes[dir])
		}
		tail := BlindedTailLen(p.EncryptedDataLens, r.FinalPayloadExtra)
		// A path whose introduction point is the source would have the
		// source pay itself: not supported.
		if intro == f.src || tail > HopPayloadsLen {
			continue
		}
		add(f.tgt, extraEdge{from: intro, kind: blindedEdge, path: i,
			base: p.FeeBaseMsat, ppm: p.FeeProportionalMillionths, delta: p.CLTVExpiryDelta,
			min: uint64(p.HTLCMinimumMsat), max: uint64(p.HTLCMaximumMsat),
			capMsat: UnknownCapacityMsat, hi: UnknownCapacityMsat, prior: f.w.HintProbability,
			tailBudget: int32(HopPayloadsLen - tail)})
	}
}

// applyGraphChanges records exclusions, policy overrides, learned
// liquidity and node penalties in the tweaks and penalties.
func (f *Finder) applyGraphChanges(g Graph, r *Request) {
	dirIndex := func(cd ChannelDirection) (uint32, bool) {
		c, ok := g.ChannelBySCID(cd.SCID)
		if !ok || cd.Direction > 1 {
			return 0, false
		}
		return uint32(c.Index)*2 + uint32(cd.Direction), true
	}
	for _, cd := range r.ExcludeChannels {
		if idx, ok := dirIndex(cd); ok {
			f.tweakAt(idx).excluded = true
		}
		for i := range f.extras {
			if x := &f.extras[i]; x.kind != blindedEdge && x.scid == cd.SCID && x.dir == cd.Direction {
				x.capMsat = 0 // nothing fits
			}
		}
	}
	for _, o := range r.PolicyOverrides {
		if idx, ok := dirIndex(o.ChannelDirection); ok {
			f.tweakAt(idx).override = int32(len(f.overrides))
			f.overrides = append(f.overrides, o.Policy)
		}
	}
	for _, id := range r.ExcludeNodes {
		if n, ok := g.NodeByID(id); ok {
			f.penalties = append(f.penalties, nodeMult{uint32(n), 0})
		}
	}
	if r.Liquidity == nil {
		return
	}
	r.Liquidity.each(r.Now, func(cd ChannelDirection, lo, hi uint64) {
		if idx, ok := dirIndex(cd); ok {
			t := f.tweakAt(idx)
			t.bounded, t.lo, t.hi = true, lo, hi
		}
	}, func(id wire.Point, mult float64) {
		if n, ok := g.NodeByID(id); ok {
			f.penalties = append(f.penalties, nodeMult{uint32(n), float32(mult)})
		}
	})
}

// relaxExtra considers extra edge i into the node being settled.
func (f *Finder) relaxExtra(i int32) {
	x := &f.extras[i]
	hu := f.touch(x.from)
	if hu.state&settled != 0 || x.from == f.tgt {
		return
	}
	lv := &f.labels[f.cur]
	amt := lv.amt
	if amt < x.min || x.max != 0 && amt > x.max {
		return
	}
	need := amt + x.inflight
	var p float64
	switch x.kind {
	case firstHopEdge:
		if need > x.capMsat {
			return
		}
		p = 1
	default:
		p = x.prior * successProbability(need, x.lo, min(x.hi, x.capMsat))
	}
	src := x.from == f.src
	if !src {
		p *= float64(hu.mult)
	}
	if p <= 0 {
		return
	}
	fee, delta := uint64(0), x.delta
	if src && x.kind != blindedEdge {
		delta = 0
	} else {
		var ok bool
		if fee, ok = feeMsat(x.base, x.ppm, amt); !ok {
			return
		}
	}
	hops, budget := uint16(1), lv.budget
	if x.kind == blindedEdge {
		// The introduction point's payload is in the path's tail.
		hops, budget = 0, x.tailBudget+IntermediateHopLen
	}
	if lu := f.offer(x.from, hu, lv, fee, delta, p, hops, budget); lu != nil {
		lu.extra = true
		lu.via, lu.viaSCID, lu.viaDir, lu.viaCap = uint32(i), x.scid, x.dir, x.capMsat
	}
}
