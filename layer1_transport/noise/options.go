package noise

import (
	"time"

	"github.com/btcsuite/btcd/btcec/v2"
)

// DefaultHandshakeTimeout bounds a whole handshake (all three acts) when
// neither WithHandshakeTimeout nor an earlier context deadline says
// otherwise. A handshake is 1.5 round trips plus a few hundred microseconds
// of elliptic-curve work; 15 seconds leaves room for slow Tor circuits (a
// few seconds per round trip) while a peer that opens a connection and then
// stalls holds a socket and a goroutine for at most that long.
const DefaultHandshakeTimeout = 15 * time.Second

// Option configures Initiate, Respond and the handshake state machines.
type Option func(*options)

type options struct {
	timeout   time.Duration
	ephemeral func() (*btcec.PrivateKey, error)
}

func buildOptions(opts []Option) options {
	o := options{timeout: DefaultHandshakeTimeout}
	for _, opt := range opts {
		if opt != nil {
			opt(&o)
		}
	}
	return o
}

// WithHandshakeTimeout bounds the handshake to d. The context's deadline
// still applies when it comes earlier. A d of zero or less means
// DefaultHandshakeTimeout.
func WithHandshakeTimeout(d time.Duration) Option {
	return func(o *options) {
		if d <= 0 {
			d = DefaultHandshakeTimeout
		}
		o.timeout = d
	}
}

// WithEphemeralKey replaces the random ephemeral key with the keys gen
// returns, one call per handshake. It exists for the BOLT #8 test vectors
// and for tests; production code must not use it.
//
// BOLT #8: "For each session, a node MUST generate a new ephemeral key with
// strong cryptographic randomness."
func WithEphemeralKey(gen func() (*btcec.PrivateKey, error)) Option {
	return func(o *options) { o.ephemeral = gen }
}
