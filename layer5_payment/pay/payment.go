package pay

import (
	"crypto/sha256"
	"fmt"
	"time"

	"github.com/lnstack/lnstack/layer2_messaging/wire"
	"github.com/lnstack/lnstack/layer3_p2p/amount"
	"github.com/lnstack/lnstack/layer4_routing/failure"
	"github.com/lnstack/lnstack/layer4_routing/pathfind"
	"github.com/lnstack/lnstack/layer4_routing/sphinx"
)

// Action is what a Payment asks its caller to do: FindRoutes, SendHTLC or
// Done.
type Action interface{ isAction() }

// FindRoutes asks for routes carrying Request.AmountMsat to the payee
// (pathfind.Finder.Routes); the answer goes to RoutesFound. The caller may
// fill Request.FirstHops with its channels' current balances.
type FindRoutes struct{ Request pathfind.Request }

// SendHTLC asks to offer an HTLC on channel SCID: update_add_htlc with
// the amount, expiry, payment hash and onion given. Its result goes to
// Settled, Failed or FailedLocally with Attempt.
type SendHTLC struct {
	Attempt     int
	SCID        wire.ShortChannelID
	AmountMsat  amount.MilliSatoshi
	CLTVExpiry  uint32
	PaymentHash [32]byte
	Onion       sphinx.Packet
	Route       *pathfind.Route
}

// Done reports the end of the payment; no action follows it.
type Done struct{ Outcome *Outcome }

func (FindRoutes) isAction() {}
func (SendHTLC) isAction()   {}
func (Done) isAction()       {}

// AttemptState is where one HTLC of the payment is.
type AttemptState uint8

// The states of an attempt.
const (
	InFlight AttemptState = iota
	Succeeded
	Failed
)

// Attempt is one HTLC sent along one route.
type Attempt struct {
	Route pathfind.Route
	State AttemptState
	// Failure is the failure message that came back, FailedAt the
	// position of the node that sent it (0 the source, i the node of
	// Route.Hops[i-1]), when State is Failed.
	Failure  failure.Message
	FailedAt int
	secrets  []sphinx.Secret
}

// Outcome is how a payment ended.
type Outcome struct {
	// Err is nil when the payment succeeded, otherwise one of the
	// sentinel errors, wrapped.
	Err      error
	Preimage [32]byte
	// AmountMsat and FeeMsat add up the settled parts.
	AmountMsat amount.MilliSatoshi
	FeeMsat    amount.MilliSatoshi
	Attempts   []Attempt
}

// Payment is the state machine of one payment. It is not safe for
// concurrent use: one goroutine feeds it events.
type Payment struct {
	cfg      Config
	deadline time.Time
	attempts []Attempt
	inFlight amount.MilliSatoshi // received amounts of the HTLCs in flight
	failures int
	routing  bool // a FindRoutes is unanswered
	stuck    bool // no route for the rest: wait for an HTLC to come back
	preimage *[32]byte
	err      error
	outcome  *Outcome
	excludeC []pathfind.ChannelDirection
	excludeN []wire.Point
}

// New returns a payment for cfg, not started.
func New(cfg Config) (*Payment, error) {
	if err := cfg.check(); err != nil {
		return nil, err
	}
	return &Payment{cfg: cfg}, nil
}

// Outcome returns the outcome, nil while the payment runs.
func (p *Payment) Outcome() *Outcome { return p.outcome }

// Attempts returns the attempts so far.
func (p *Payment) Attempts() []Attempt { return p.attempts }

// Start starts the payment at now: it asks for routes.
func (p *Payment) Start(now time.Time) []Action {
	p.deadline = now.Add(p.cfg.Timeout)
	return p.next(now)
}

// Tick passes the time: after Config.Timeout no new HTLC is sent, and the
// payment fails once none is in flight.
func (p *Payment) Tick(now time.Time) []Action { return p.next(now) }

// RoutesFound gives the routes of a FindRoutes (err from pathfinding when
// there are none) and returns an HTLC to send per route.
func (p *Payment) RoutesFound(routes []pathfind.Route, err error, now time.Time) []Action {
	p.routing = false
	if p.outcome != nil || p.preimage != nil || p.err != nil {
		return p.next(now)
	}
	if err == nil && len(routes) == 0 {
		err = ErrNoRoute
	}
	if err == nil && p.cfg.MaxFeeMsat != 0 {
		fee := p.feeInFlight()
		for i := range routes {
			fee += routes[i].FeeMsat()
		}
		if fee > p.cfg.MaxFeeMsat {
			err = ErrFeeLimit
		}
	}
	if err != nil {
		if p.inFlight == 0 {
			p.err = fmt.Errorf("%w: %w", ErrNoRoute, err)
		}
		p.stuck = true
		return p.next(now)
	}
	var out []Action
	for i := range routes {
		r := routes[i]
		onion, secrets, err := buildOnion(&r, &p.cfg, p.cfg.Rand)
		if err != nil {
			p.err = err
			return append(out, p.next(now)...)
		}
		p.attempts = append(p.attempts, Attempt{Route: r, secrets: secrets})
		p.inFlight += r.ReceivedMsat()
		a := &p.attempts[len(p.attempts)-1]
		out = append(out, SendHTLC{
			Attempt: len(p.attempts) - 1, SCID: r.Hops[0].SCID,
			AmountMsat: r.AmountMsat(), CLTVExpiry: r.CLTVExpiry(),
			PaymentHash: p.cfg.PaymentHash, Onion: onion, Route: &a.Route,
		})
	}
	return out
}

// Settled reports that attempt i was fulfilled with preimage. The payment
// succeeds once no other part is in flight.
func (p *Payment) Settled(i int, preimage [32]byte, now time.Time) []Action {
	a := p.attempt(i)
	if a == nil {
		return nil
	}
	if sha256.Sum256(preimage[:]) != p.cfg.PaymentHash {
		// Not the preimage of the payment: the HTLC is not settled.
		return p.fail(a, -1, nil, now)
	}
	a.State = Succeeded
	p.inFlight -= a.Route.ReceivedMsat()
	p.cfg.Liquidity.ReportSuccess(&a.Route, now)
	p.preimage = &preimage
	return p.next(now)
}

// Failed reports that attempt i failed with update_fail_htlc's reason: the
// failure onion is decrypted with the attempt's secrets (BOLT #4 "Returning
// Errors") to learn which node failed it and why.
func (p *Payment) Failed(i int, reason []byte, now time.Time) []Action {
	a := p.attempt(i)
	if a == nil {
		return nil
	}
	res, err := failure.Decrypt(a.secrets, reason, nil)
	if err != nil {
		// Nobody on the route authenticated it: learn nothing, retry.
		return p.fail(a, -1, nil, now)
	}
	msg, err := res.Failure()
	if err != nil {
		return p.fail(a, -1, nil, now)
	}
	return p.fail(a, res.Index+1, msg, now)
}

// FailedLocally reports that attempt i failed before its onion was
// answered: the source could not offer it (erring 0), or a malformed
// failure from hop erring.
func (p *Payment) FailedLocally(i int, erring int, msg failure.Message, now time.Time) []Action {
	a := p.attempt(i)
	if a == nil {
		return nil
	}
	return p.fail(a, erring, msg, now)
}

// attempt returns attempt i when it is in flight.
func (p *Payment) attempt(i int) *Attempt {
	if i < 0 || i >= len(p.attempts) || p.attempts[i].State != InFlight {
		return nil
	}
	return &p.attempts[i]
}

// fail records a failed attempt and learns from it, following BOLT #4
// "Receiving Failure Codes".
func (p *Payment) fail(a *Attempt, erring int, msg failure.Message, now time.Time) []Action {
	a.State, a.Failure, a.FailedAt = Failed, msg, erring
	p.inFlight -= a.Route.ReceivedMsat()
	p.failures++
	p.stuck = false
	hops := a.Route.Hops
	if msg == nil || erring < 0 || erring > len(hops) {
		return p.next(now)
	}
	code := msg.Code()
	p.cfg.Liquidity.ReportFailure(&a.Route, erring, code, now)
	switch {
	case erring == len(hops):
		// The final node: only an incomplete set's timeout is worth
		// another try; every other answer is final.
		if code != failure.CodeMPPTimeout {
			p.err = fmt.Errorf("%w: %v", ErrRejected, code)
		}
	case code.IsNode() && erring > 0:
		// "if the NODE bit is set: SHOULD remove all channels connected
		// with the erring node from consideration."
		p.excludeN = append(p.excludeN, hops[erring-1].NodeID)
	case code != failure.CodeTemporaryChannelFailure:
		// The channel after the erring node refused for a reason the
		// liquidity model does not track (policy, expiry, disabled,
		// unknown or closed channel): keep it out of this payment.
		h := hops[erring]
		p.excludeC = append(p.excludeC, pathfind.ChannelDirection{SCID: h.SCID, Direction: h.Direction})
	}
	return p.next(now)
}

// next decides what comes after an event.
func (p *Payment) next(now time.Time) []Action {
	if p.outcome != nil {
		return nil
	}
	if p.preimage == nil && p.err == nil {
		switch {
		case !now.Before(p.deadline):
			p.err = ErrTimeout
		case p.failures >= p.cfg.MaxAttempts:
			p.err = ErrTooManyAttempts
		}
	}
	if p.preimage != nil || p.err != nil {
		if p.hasInFlight() {
			return nil
		}
		return []Action{p.finish()}
	}
	rest := p.cfg.AmountMsat - p.inFlight
	if rest == 0 || p.routing || p.stuck {
		return nil
	}
	p.routing = true
	return []Action{FindRoutes{Request: p.request(rest, now)}}
}

// request is the pathfinding request for rest.
func (p *Payment) request(rest amount.MilliSatoshi, now time.Time) pathfind.Request {
	maxParts := p.cfg.MaxParts
	if maxParts == 0 {
		maxParts = pathfind.DefaultMaxParts
	}
	return pathfind.Request{
		Source: p.cfg.Source, Payee: p.cfg.Payee, AmountMsat: rest,
		Height: p.cfg.Height, FinalCLTVDelta: p.cfg.FinalCLTVDelta,
		RouteHints: p.cfg.RouteHints, Liquidity: p.cfg.Liquidity, Now: now,
		MaxParts:        maxParts,
		ExcludeChannels: p.excludeC, ExcludeNodes: p.excludeN,
	}
}

func (p *Payment) hasInFlight() bool {
	for i := range p.attempts {
		if p.attempts[i].State == InFlight {
			return true
		}
	}
	return false
}

func (p *Payment) feeInFlight() amount.MilliSatoshi {
	var fee amount.MilliSatoshi
	for i := range p.attempts {
		if p.attempts[i].State != Failed {
			fee += p.attempts[i].Route.FeeMsat()
		}
	}
	return fee
}

// finish builds the Outcome.
func (p *Payment) finish() Action {
	o := &Outcome{Err: p.err, Attempts: p.attempts}
	if p.preimage != nil {
		o.Err, o.Preimage = nil, *p.preimage
		for i := range p.attempts {
			if a := &p.attempts[i]; a.State == Succeeded {
				o.AmountMsat += a.Route.ReceivedMsat()
				o.FeeMsat += a.Route.FeeMsat()
			}
		}
	}
	p.outcome = o
	return Done{Outcome: o}
}
