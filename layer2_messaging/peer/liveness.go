package peer

import (
	"math/rand/v2"
	"sync"
	"time"

	messaging "github.com/lnstack/lnstack/layer2_messaging"
)

// liveness is the Peer's own ping: at most one is outstanding at a time.
type liveness struct {
	mu   sync.Mutex
	ping *messaging.Ping // the outstanding ping, nil when none
	sent time.Time
}

// start records ping as outstanding, unless one already is.
func (l *liveness) start(ping *messaging.Ping, now time.Time) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.ping != nil {
		return false
	}
	l.ping, l.sent = ping, now
	return true
}

// outstanding reports whether a ping waits for its pong.
func (l *liveness) outstanding() bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.ping != nil
}

// match settles the outstanding ping if pong answers it, returning the
// round trip.
func (l *liveness) match(pong *messaging.Pong, now time.Time) (time.Duration, bool) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.ping == nil || !pong.Answers(l.ping) {
		return 0, false
	}
	l.ping = nil
	return now.Sub(l.sent), true
}

// pingLoop is the Peer's pinger: a ping every PingInterval, and the Peer
// closes when one gets no pong within PongTimeout.
func (p *Peer) pingLoop() {
	defer p.wg.Done()
	select {
	case <-p.initOK:
	case <-p.done:
		return
	}
	if p.cfg.PingInterval <= 0 {
		return // pings are off
	}
	tick := time.NewTicker(p.cfg.PingInterval)
	defer tick.Stop()
	timeout := time.NewTimer(p.cfg.PongTimeout)
	timeout.Stop()
	defer timeout.Stop()
	for {
		select {
		case <-p.done:
			return
		case <-tick.C:
			// A random pong length tells a late pong from the answer to
			// the current ping. BOLT #1: the sender "SHOULD set ignored
			// to 0s", and it sends none.
			ping := messaging.NewPing(uint16(rand.IntN(MaxPingPongBytes)), 0)
			if !p.live.start(ping, time.Now()) {
				continue // the last ping is still waiting (PongTimeout > PingInterval)
			}
			p.stats.pingsSent.Add(1)
			if err := p.write(ping); err != nil {
				return // a write error has stopped the Peer
			}
			timeout.Reset(p.cfg.PongTimeout)
		case <-timeout.C:
			if p.live.outstanding() {
				// BOLT #1: "if it doesn't receive a corresponding pong:
				// MAY close the network connection, and MUST NOT fail
				// the channels in this case."
				p.fail(ErrPongTimeout)
				return
			}
		}
	}
}

// receivedPong settles the outstanding ping. A pong that answers none is
// ignored: BOLT #1 allows closing ("MAY close the connection") but a late
// pong is harmless.
func (p *Peer) receivedPong(m *messaging.Pong) {
	rtt, ok := p.live.match(m, time.Now())
	if !ok {
		p.stats.ignored.Add(1)
		return
	}
	p.stats.pongsReceived.Add(1)
	p.stats.lastRTT.Store(int64(rtt))
}

// answerPing sends the pong a ping asks for, within the rate bound.
//
// BOLT #1: "if num_pong_bytes is less than 65532: MUST respond by sending a
// pong message, with byteslen equal to num_pong_bytes. otherwise ... MUST
// ignore the ping." Its rationale: "Limited precautions are recommended
// against `ping` flooding": pings beyond PongBurst at once, or PongRate per
// second in the long run, are ignored, so a flood costs the Peer its
// decryption and no more.
func (p *Peer) answerPing(m *messaging.Ping) {
	p.stats.pingsReceived.Add(1)
	pong, ok := messaging.PongFor(m)
	if !ok || !p.pongs.take(time.Now()) {
		p.stats.pingsIgnored.Add(1)
		return
	}
	if p.write(pong) == nil {
		p.stats.pongsSent.Add(1)
	}
}

// bucket is a token bucket: it holds up to burst tokens and gains rate
// tokens per second. Over any span of time T it grants at most
// burst + rate*T tokens.
type bucket struct {
	rate   float64
	burst  float64
	tokens float64
	last   time.Time
}

func newBucket(rate float64, burst int, now time.Time) bucket {
	return bucket{rate: rate, burst: float64(burst), tokens: float64(burst), last: now}
}

// take takes one token at time now, if there is one.
func (b *bucket) take(now time.Time) bool {
	if d := now.Sub(b.last); d > 0 {
		b.tokens = min(b.burst, b.tokens+d.Seconds()*b.rate)
		b.last = now
	}
	if b.tokens < 1 {
		return false
	}
	b.tokens--
	return true
}
