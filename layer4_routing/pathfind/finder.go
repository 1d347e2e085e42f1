package pathfind

import (
	"math"
	"math/bits"

	"github.com/lnstack/lnstack/layer2_messaging/wire"
	"github.com/lnstack/lnstack/layer3_p2p/graph"
)

// noNode ends a path.
const noNode = ^uint32(0)

// settled is the low bit of hot.state: the node's cost is final.
const settled = 1

// hot is what the search reads of every node it meets, kept apart from
// the rest of the label so that the array it walks stays small (16 bytes
// a node) and in cache.
type hot struct {
	// dist is the cost from the node to the recipient.
	dist float64
	// state is the search generation shifted left by one, with the
	// settled bit: any other generation reads as unvisited, so nothing is
	// cleared between searches.
	state uint32
	// mult scales the success probability of routes the node forwards
	// on (what failures of the node taught; 0 excludes it).
	mult float32
}

// label is the rest of what one search knows of one node: the way found
// from it to the recipient, and the HTLC it would receive for it. It is
// written when the node's cost improves and read when the node is
// settled.
type label struct {
	// prob is the success probability from the node to the recipient.
	prob float64
	// amt and cltv are the HTLC the node receives (cltv relative to the
	// height).
	amt  uint64
	cltv uint32
	// gen is the search the label belongs to.
	gen uint32
	// next is the node the HTLC goes to, via the channel (graph channel
	// index, or extra edge index with extra) viaSCID in direction
	// viaDir, of capacity viaCap.
	next    uint32
	via     uint32
	viaSCID wire.ShortChannelID
	viaCap  uint64
	// budget is the room left in the onion for the payloads of the nodes
	// before this one.
	budget int32
	// head is the first extra edge into the node, -1 for none.
	head   int32
	hops   uint16
	viaDir uint8
	extra  bool
}

// Finder searches routes. It keeps its per-search state (two arrays
// indexed by node, the heap, the per-channel adjustments) between
// searches, stamped with generation counters instead of cleared, so that
// a search allocates almost nothing. A Finder is not safe for concurrent
// use: use one per goroutine.
type Finder struct {
	hot    []hot
	labels []label
	heap   minHeap
	tweaks []tweak
	// tweaked has a bit per tweak index set for this request, so that
	// the search reads tweaks only for the few channels that have one.
	tweaked []uint64
	// searchGen stamps labels, reqGen tweaks.
	searchGen, reqGen uint32
	relaxFn           func(graph.Edge) bool

	req
}

// req is the state of the request being served.
type req struct {
	g          Graph
	lister     EdgeLister
	r          *Request
	w          Weights
	limit      uint32
	src, tgt   uint32
	finalCLTV  uint32
	budget     int32
	maxCLTV    uint32
	maxHops    uint16
	firstOnly  bool
	extras     []extraEdge
	virtual    []wire.Point
	overrides  []graph.Policy
	penalties  []nodeMult
	heads      []nodeHead
	uses       []use
	attempt    float64
	riskFactor float64
	cur        uint32
}

// nodeMult is a node's probability multiplier for a request.
type nodeMult struct {
	node uint32
	mult float32
}

// nodeHead is the extra-edge list of a node for a request.
type nodeHead struct {
	node uint32
	head int32
}

// use is one channel of a found route, for the in-flight amounts of a
// multi-part split: a tweak index, or an extra edge index when extra.
type use struct {
	idx   uint32
	extra bool
	amt   uint64
}

// NewFinder returns a Finder with no state yet; it grows to the graphs
// it searches.
func NewFinder() *Finder {
	f := &Finder{}
	f.relaxFn = f.relaxEdge
	return f
}

// Route finds the cheapest single route for req on g.
func (f *Finder) Route(g Graph, req *Request) (*Route, error) {
	if err := f.prepare(g, req); err != nil {
		return nil, err
	}
	return f.search(uint64(req.AmountMsat))
}

// touch returns node n's hot part, made current for this search.
func (f *Finder) touch(n uint32) *hot {
	h := &f.hot[n]
	if h.state>>1 != f.searchGen {
		*h = hot{dist: math.Inf(1), state: f.searchGen << 1, mult: 1}
	}
	return h
}

// label returns node n's label, made current for this search.
func (f *Finder) label(n uint32) *label {
	l := &f.labels[n]
	if l.gen != f.searchGen {
		*l = label{gen: f.searchGen, next: noNode, head: -1}
	}
	return l
}

// nodeID returns the node_id of a graph or virtual node.
func (f *Finder) nodeID(n uint32) wire.Point {
	if n < f.limit {
		return f.g.NodeID(graph.NodeIndex(n))
	}
	return f.virtual[n-f.limit]
}

// search runs one backward Dijkstra for amt from the recipient to the
// source.
func (f *Finder) search(amt uint64) (*Route, error) {
	if f.searchGen++; f.searchGen >= 1<<31 {
		for i := range f.hot {
			f.hot[i].state = 0
			f.labels[i].gen = 0
		}
		f.searchGen = 1
	}
	for _, p := range f.penalties {
		f.touch(p.node).mult = p.mult
	}
	for _, h := range f.heads {
		f.label(h.node).head = h.head
	}
	f.attempt = f.w.AttemptCostMsat + float64(amt)*f.w.AttemptCostPPM/1e6
	f.touch(f.tgt).dist = 0
	t := f.label(f.tgt)
	t.prob, t.amt, t.cltv, t.budget = 1, amt, f.finalCLTV, f.budget
	f.heap.reset()
	f.heap.push(entry{0, f.tgt})
	for len(f.heap) > 0 {
		e := f.heap.pop()
		h := &f.hot[e.node]
		if h.state&settled != 0 || e.dist > h.dist {
			continue
		}
		h.state |= settled
		if e.node == f.src {
			return f.build(), nil
		}
		f.cur = e.node
		if e.node < f.limit {
			if f.lister != nil {
				es := f.lister.EdgeList(graph.NodeIndex(e.node))
				for i := range es {
					f.relax(&es[i])
				}
			} else {
				f.g.Edges(graph.NodeIndex(e.node), f.relaxFn)
			}
		}
		for i := f.labels[e.node].head; i >= 0; i = f.extras[i].next {
			f.relaxExtra(i)
		}
	}
	return nil, ErrNoRoute
}

// relaxEdge is relax for the Graph.Edges callback.
func (f *Finder) relaxEdge(e graph.Edge) bool {
	f.relax(&e)
	return true
}

// relax considers the channel e of the node being settled (v) as the hop
// from its peer u to v, with u's policy.
func (f *Finder) relax(e *graph.Edge) {
	if e.UnknownRequired {
		return
	}
	u := uint32(e.Peer)
	src := u == f.src
	if src && f.firstOnly {
		return
	}
	lv := &f.labels[f.cur]
	dir := 1 - e.Direction
	pol := &e.In
	idx := uint32(e.Channel)*2 + uint32(dir)
	var tw *tweak
	if w := idx / 64; w < uint32(len(f.tweaked)) && f.tweaked[w]&(1<<(idx%64)) != 0 {
		tw = &f.tweaks[idx]
		if tw.excluded {
			return
		}
		if tw.override >= 0 {
			pol = &f.overrides[tw.override]
		}
	}
	amt := lv.amt
	capMsat := uint64(e.Capacity) * 1000
	if capMsat == 0 {
		capMsat = uint64(pol.HTLCMaximumMsat)
	}
	if src {
		// The source pays itself no fee and has its own view of its
		// channels: only a disable bit it set itself counts.
		if pol.Known() && pol.Disabled() {
			return
		}
	} else if !pol.Usable(e.Capacity) || amt < uint64(pol.HTLCMinimumMsat) || amt > uint64(pol.HTLCMaximumMsat) {
		// BOLT #7: "if htlc_maximum_msat < htlc_minimum_msat: SHOULD
		// ignore this channel during route considerations"; "otherwise:
		// SHOULD consider the htlc_maximum_msat when routing".
		return
	}
	hu := f.touch(u)
	if hu.state&settled != 0 {
		return
	}
	lo, hi, inflight := uint64(0), capMsat, uint64(0)
	if tw != nil {
		inflight = tw.inflight
		if tw.bounded {
			lo, hi = min(tw.lo, capMsat), min(tw.hi, capMsat)
		}
	}
	p := successProbability(amt+inflight, lo, hi)
	if !src {
		p *= float64(hu.mult)
	}
	if p <= 0 {
		return
	}
	fee, delta := uint64(0), uint16(0)
	if !src {
		var ok bool
		if fee, ok = feeMsat(pol.FeeBaseMsat, pol.FeeProportionalMillionths, amt); !ok {
			return
		}
		delta = pol.CLTVExpiryDelta
	}
	if lu := f.offer(u, hu, lv, fee, delta, p, 1, lv.budget); lu != nil {
		lu.extra = false
		lu.via, lu.viaSCID, lu.viaDir, lu.viaCap = uint32(e.Channel), e.SCID, dir, capMsat
	}
}

// offer sets u's label to go to the node being settled (lv) if that is
// cheaper than what u has, given the hop's fee, delta, success
// probability and channel count, and the onion room left at v. It
// returns u's label when it did, for the caller to note the channel.
func (f *Finder) offer(u uint32, hu *hot, lv *label, fee uint64, delta uint16, p float64, hops uint16, budget int32) *label {
	if u != f.src {
		// Per BOLT #4, every forwarding node has its payload in
		// the 1300-byte onion.
		if budget -= IntermediateHopLen; budget < 0 {
			return nil
		}
	}
	h := lv.hops + hops
	cltv := uint64(lv.cltv) + uint64(delta)
	amtU := lv.amt + fee
	if h > f.maxHops || cltv > uint64(f.maxCLTV) || amtU < fee {
		return nil
	}
	cost := float64(fee) + f.w.HopCostMsat
	if delta != 0 {
		cost += float64(lv.amt) * float64(delta) * f.riskFactor
	}
	if p < 1 {
		cost -= math.Log(p) * f.attempt
	}
	d := f.hot[f.cur].dist + cost
	if d >= hu.dist {
		return nil
	}
	hu.dist = d
	lu := f.label(u)
	lu.prob, lu.amt, lu.cltv, lu.budget, lu.hops = lv.prob*p, amtU, uint32(cltv), budget, h
	lu.next = f.cur
	f.heap.push(entry{d, u})
	return lu
}

// successProbability is the chance a channel direction whose liquidity
// is known to lie in [lo, hi] (uniformly, as far as anyone knows) can
// carry need: 1 up to lo, 0 past hi, linear between.
func successProbability(need, lo, hi uint64) float64 {
	switch {
	case need <= lo:
		return 1
	case need > hi:
		return 0
	}
	return float64(hi+1-need) / float64(hi+1-lo)
}

// feeMsat is BOLT #7 "HTLC Fees": fee_base_msat + ( amount_to_forward *
// fee_proportional_millionths / 1000000 ), rounded down; ok is false when
// it does not fit 64 bits.
func feeMsat(base, ppm uint32, amt uint64) (uint64, bool) {
	hi, lo := bits.Mul64(amt, uint64(ppm))
	if hi >= 1_000_000 {
		return 0, false
	}
	q, _ := bits.Div64(hi, lo, 1_000_000)
	fee, carry := bits.Add64(q, uint64(base), 0)
	return fee, carry == 0
}

// build turns the labels from the source into a Route, and records the
// channels it uses.
func (f *Finder) build() *Route {
	ls := &f.labels[f.src]
	r := &Route{Probability: ls.prob, Cost: f.hot[f.src].dist, Hops: make([]Hop, 0, ls.hops)}
	f.uses = f.uses[:0]
	for u := f.src; u != f.tgt; {
		l := &f.labels[u]
		v := l.next
		lv := &f.labels[v]
		if l.extra {
			x := &f.extras[l.via]
			f.uses = append(f.uses, use{idx: l.via, extra: true, amt: lv.amt})
			if x.kind == blindedEdge {
				r.Blinded = &BlindedTail{Path: x.path, AmountMsat: amountOf(lv.amt), CLTVExpiry: f.r.Height + lv.cltv}
				break
			}
		} else {
			f.uses = append(f.uses, use{idx: l.via*2 + uint32(l.viaDir), amt: lv.amt})
		}
		r.Hops = append(r.Hops, Hop{
			NodeID: f.nodeID(v), SCID: l.viaSCID, Direction: l.viaDir, CapacityMsat: amountOf(l.viaCap),
			AmountMsat: amountOf(lv.amt), CLTVExpiry: f.r.Height + lv.cltv,
			Hint: l.extra && f.extras[l.via].kind == hintEdge,
		})
		u = v
	}
	return r
}
