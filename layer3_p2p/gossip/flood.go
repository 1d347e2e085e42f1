package gossip

import (
	"fmt"
	"time"

	"github.com/lnstack/lnstack/layer2_messaging/wire"
)

// Gossip floods are bounded in two places, both pure (the caller passes
// the time) and both refusing with ErrRateLimited:
//
//   - a Budget per peer caps the signature checks the peer's messages can
//     cost (about 100 µs of CPU each), so a peer streaming valid-looking
//     gossip cannot take more than its share of the node;
//   - one UpdateLimiter per node caps how often a channel direction's
//     channel_update is accepted, whoever relays it, in a map of bounded
//     size. BOLT #7 asks origin nodes not to create "redundant
//     channel_updates"; this is how a receiver holds them to it.
//
// Memory per peer is otherwise bounded by the message size (65535 bytes)
// and MaxInflatedLen for the one compressed encoding.

// Budget is a token bucket: Rate tokens a second, at most Burst saved up.
// The zero value refuses everything; a Budget is not safe for concurrent
// use (one per peer, used by the peer's goroutine).
type Budget struct {
	// Rate is the tokens added per second.
	Rate float64
	// Burst is the most tokens the bucket holds; it starts full.
	Burst float64

	tokens  float64
	last    time.Time
	started bool
}

// Take takes n tokens at time now, or fails with ErrRateLimited and takes
// none.
func (b *Budget) Take(now time.Time, n float64) error {
	if !b.started {
		b.tokens, b.last, b.started = b.Burst, now, true
	}
	if dt := now.Sub(b.last); dt > 0 {
		b.tokens = min(b.Burst, b.tokens+dt.Seconds()*b.Rate)
		b.last = now
	}
	if n > b.tokens {
		return fmt.Errorf("%w: %.0f tokens wanted, %.0f left", ErrRateLimited, n, b.tokens)
	}
	b.tokens -= n
	return nil
}

// Defaults of UpdateLimiter: lnd's (one channel_update a minute per
// channel direction, bursts of 10), and room for a million directions.
const (
	DefaultUpdateInterval = time.Minute
	DefaultUpdateBurst    = 10
	DefaultMaxTracked     = 1 << 20
)

// UpdateLimiter caps the channel_updates accepted per channel direction:
// Burst at once, then one per Interval. It tracks at most MaxTracked
// directions, forgetting the longest-tracked one to make room (which then
// starts afresh with a full burst). Not safe for concurrent use.
type UpdateLimiter struct {
	// Interval is the time per accepted update after the burst; 0 means
	// DefaultUpdateInterval.
	Interval time.Duration
	// Burst is the number of updates accepted at once; 0 means
	// DefaultUpdateBurst.
	Burst int
	// MaxTracked bounds the directions tracked; 0 means
	// DefaultMaxTracked.
	MaxTracked int

	buckets map[direction]*Budget
	order   []direction // ring of tracked keys, oldest at head
	head    int
}

// direction is one end's side of a channel.
type direction struct {
	scid wire.ShortChannelID
	side Side
}

// Allow accepts or refuses (ErrRateLimited) a channel_update at now.
// Call it after the update's signature and order checks, so forged or
// stale updates do not use up the budget of real ones.
func (l *UpdateLimiter) Allow(m *ChannelUpdate, now time.Time) error {
	interval, burst, maxTracked := l.Interval, l.Burst, l.MaxTracked
	if interval <= 0 {
		interval = DefaultUpdateInterval
	}
	if burst <= 0 {
		burst = DefaultUpdateBurst
	}
	if maxTracked <= 0 {
		maxTracked = DefaultMaxTracked
	}
	if l.buckets == nil {
		l.buckets = make(map[direction]*Budget)
	}
	key := direction{m.ShortChannelID, m.Direction()}
	b, ok := l.buckets[key]
	if !ok {
		if len(l.order) < maxTracked {
			l.order = append(l.order, key)
		} else {
			delete(l.buckets, l.order[l.head])
			l.order[l.head] = key
			l.head = (l.head + 1) % len(l.order)
		}
		b = &Budget{Rate: 1 / interval.Seconds(), Burst: float64(burst)}
		l.buckets[key] = b
	}
	if err := b.Take(now, 1); err != nil {
		return fmt.Errorf("channel_update %s/%d: %w", m.ShortChannelID, m.Direction(), err)
	}
	return nil
}

// Tracked returns the number of channel directions tracked.
func (l *UpdateLimiter) Tracked() int { return len(l.buckets) }
