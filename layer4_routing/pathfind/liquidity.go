package pathfind

import (
	"math"
	"sync"
	"time"

	"github.com/lnstack/lnstack/layer2_messaging/wire"
	"github.com/lnstack/lnstack/layer3_p2p/amount"
	"github.com/lnstack/lnstack/layer4_routing/failure"
)

// DefaultHalfLife is how fast Liquidity forgets: what it learned counts
// half as much after an hour.
const DefaultHalfLife = time.Hour

// forgotten is the decay factor below which an observation is dropped.
const forgotten = 1.0 / 1024

// Liquidity learns from payment outcomes what each channel direction can
// carry, and which nodes fail: the sender's "mission control". For a
// channel direction it keeps bounds on the liquidity available to
// forward, [lo, hi] within [0, capacity]: a channel that carried an HTLC
// had at least its amount, one that failed it with temporary_channel_failure
// had less. The bounds decay back towards [0, capacity] with a half-life:
// after time t an observation counts 2^(-t/HalfLife), since balances move
// as others pay. A node that failed with a NODE failure gets a penalty
// that decays the same way.
//
// Time is always passed in; Liquidity reads no clock. It is safe for
// concurrent use.
type Liquidity struct {
	mu       sync.Mutex
	halfLife time.Duration
	chans    map[ChannelDirection]*observed
	nodes    map[wire.Point]time.Time
}

// observed is a channel direction's bounds as of a time.
type observed struct {
	lo, hi, capMsat uint64
	at              time.Time
}

// NewLiquidity returns an empty store forgetting with halfLife (0 means
// DefaultHalfLife).
func NewLiquidity(halfLife time.Duration) *Liquidity {
	if halfLife <= 0 {
		halfLife = DefaultHalfLife
	}
	return &Liquidity{halfLife: halfLife, chans: make(map[ChannelDirection]*observed), nodes: make(map[wire.Point]time.Time)}
}

// weight is how much an observation from at still counts at now.
func (l *Liquidity) weight(at, now time.Time) float64 {
	dt := now.Sub(at)
	if dt <= 0 {
		return 1
	}
	return math.Exp2(-float64(dt) / float64(l.halfLife))
}

// decayed returns o's bounds at now.
func (l *Liquidity) decayed(o *observed, now time.Time) (lo, hi uint64, w float64) {
	w = l.weight(o.at, now)
	lo = uint64(float64(o.lo) * w)
	hi = o.capMsat - uint64(float64(o.capMsat-o.hi)*w)
	return lo, hi, w
}

// Bounds returns what is known of the liquidity of cd at now, ok false
// when nothing is.
func (l *Liquidity) Bounds(cd ChannelDirection, now time.Time) (lo, hi amount.MilliSatoshi, ok bool) {
	l.mu.Lock()
	defer l.mu.Unlock()
	o, ok := l.chans[cd]
	if !ok {
		return 0, 0, false
	}
	a, b, _ := l.decayed(o, now)
	return amount.MilliSatoshi(a), amount.MilliSatoshi(b), true
}

// NodePenalty returns the factor routes forwarded by node id have their
// success probability multiplied by at now: 0 just after a node failure,
// back towards 1 as it decays; 1 for a node without failures.
func (l *Liquidity) NodePenalty(id wire.Point, now time.Time) float64 {
	l.mu.Lock()
	defer l.mu.Unlock()
	at, ok := l.nodes[id]
	if !ok {
		return 1
	}
	return 1 - l.weight(at, now)
}

// each calls chans with the decayed bounds of every channel direction and
// nodes with every penalised node, dropping what has been forgotten.
func (l *Liquidity) each(now time.Time, chans func(cd ChannelDirection, lo, hi uint64), nodes func(id wire.Point, mult float64)) {
	l.mu.Lock()
	defer l.mu.Unlock()
	for cd, o := range l.chans {
		lo, hi, w := l.decayed(o, now)
		if w < forgotten {
			delete(l.chans, cd)
			continue
		}
		chans(cd, lo, hi)
	}
	for id, at := range l.nodes {
		w := l.weight(at, now)
		if w < forgotten {
			delete(l.nodes, id)
			continue
		}
		nodes(id, 1-w)
	}
}

// update decays the bounds of hop's channel direction to now and lets fn
// change them.
func (l *Liquidity) update(h *Hop, now time.Time, fn func(o *observed)) {
	cd := ChannelDirection{h.SCID, h.Direction}
	capMsat := uint64(h.CapacityMsat)
	if capMsat == 0 {
		capMsat = UnknownCapacityMsat
	}
	o, ok := l.chans[cd]
	if !ok {
		o = &observed{hi: capMsat, capMsat: capMsat, at: now}
		l.chans[cd] = o
	}
	lo, hi, _ := l.decayed(o, now)
	if capMsat != o.capMsat {
		hi = min(hi, capMsat)
		lo = min(lo, hi)
	}
	o.lo, o.hi, o.capMsat, o.at = lo, hi, capMsat, now
	fn(o)
}

// carried records that hop carried its HTLC: at least its amount was
// there.
func (l *Liquidity) carried(h *Hop, now time.Time) {
	l.update(h, now, func(o *observed) {
		o.lo = max(o.lo, min(uint64(h.AmountMsat), o.capMsat))
		if o.hi < o.lo {
			// It carried more than thought possible: the upper bound was
			// stale.
			o.hi = o.capMsat
		}
	})
}

// refused records that hop could not carry its HTLC.
func (l *Liquidity) refused(h *Hop, now time.Time) {
	l.update(h, now, func(o *observed) {
		amt := uint64(h.AmountMsat)
		if amt > 0 {
			o.hi = min(o.hi, amt-1)
		}
		if o.lo > o.hi {
			o.lo = 0
		}
	})
}

// unusable records that hop can carry nothing for now.
func (l *Liquidity) unusable(h *Hop, now time.Time) {
	l.update(h, now, func(o *observed) { o.lo, o.hi = 0, 0 })
}

// settled records that hop's HTLC was paid: its amount moved to the
// other side.
func (l *Liquidity) settled(h *Hop, now time.Time) {
	l.update(h, now, func(o *observed) {
		amt := uint64(h.AmountMsat)
		o.lo = max(o.lo, amt) - amt
		o.hi -= min(o.hi, amt)
	})
}

// ReportFailure learns from a failed attempt along r. erring is the
// position of the node that returned the failure among the source (0)
// and the hops' nodes (i for r.Hops[i-1].NodeID): the position the
// sender finds by decrypting the failure (BOLT #4 "Returning Errors").
// The channels before it carried the HTLC; what the failure says about
// the next channel or the node follows BOLT #4 "Receiving Failure
// Codes": a NODE failure penalises the node ("SHOULD remove all channels
// connected with the erring node from consideration"); a channel failure
// bounds the next channel's liquidity (temporary_channel_failure) or
// marks it unusable (the permanent ones, channel_disabled, a BADONION
// failure from the next node); a failure of the parameters
// (fee_insufficient, incorrect_cltv_expiry, amount_below_minimum, the
// expiry failures) says nothing about liquidity, and is the caller's to
// act on with a PolicyOverride. A failure from the final node says that
// every channel carried.
func (l *Liquidity) ReportFailure(r *Route, erring int, code failure.Code, now time.Time) {
	if erring < 0 || erring > len(r.Hops) {
		return
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	for i := 0; i < erring; i++ {
		l.carried(&r.Hops[i], now)
	}
	if erring == len(r.Hops) {
		return
	}
	next := &r.Hops[erring]
	switch {
	case code.IsBadOnion():
		// The next node could not read the onion the erring node passed
		// on.
		l.unusable(next, now)
	case code.IsNode(), code == failure.CodeInvalidOnionPayload:
		if erring > 0 {
			l.nodes[r.Hops[erring-1].NodeID] = now
		}
	case code == failure.CodeTemporaryChannelFailure:
		l.refused(next, now)
	case code == failure.CodeChannelDisabled, code == failure.CodePermanentChannelFailure,
		code == failure.CodeUnknownNextPeer, code == failure.CodeRequiredChannelFeatureMissing:
		l.unusable(next, now)
	case code == failure.CodeAmountBelowMinimum, code == failure.CodeFeeInsufficient,
		code == failure.CodeIncorrectCLTVExpiry, code == failure.CodeExpiryTooSoon, code == failure.CodeExpiryTooFar:
	default:
		// A code an intermediate node should not send.
		if erring > 0 {
			l.nodes[r.Hops[erring-1].NodeID] = now
		}
	}
}

// ReportSuccess learns from a settled payment along r: every channel
// carried its HTLC, whose amount then moved across it.
func (l *Liquidity) ReportSuccess(r *Route, now time.Time) {
	l.mu.Lock()
	defer l.mu.Unlock()
	for i := range r.Hops {
		l.carried(&r.Hops[i], now)
		l.settled(&r.Hops[i], now)
	}
}
