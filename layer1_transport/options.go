package transport

import (
	"log/slog"
	"time"

	"github.com/lnstack/lnstack/layer1_transport/noise"
)

// Defaults of Dial and Listen.
const (
	// DefaultConnectTimeout bounds opening the byte stream in Dial (TCP
	// connect, or the SOCKS5 exchange and Tor circuit build), unless the
	// context's deadline comes first. Tor circuits to an onion service take
	// tens of seconds at worst, hence a minute.
	DefaultConnectTimeout = 60 * time.Second

	// DefaultHandshakeTimeout bounds the BOLT #8 handshake, as in noise.
	DefaultHandshakeTimeout = noise.DefaultHandshakeTimeout

	// DefaultMaxPendingHandshakes bounds the inbound handshakes a Listener
	// runs at once (one goroutine and one socket each), and the finished
	// connections it holds for Accept.
	DefaultMaxPendingHandshakes = 1000
)

// Option configures Dial, Listen and NewListener.
type Option func(*config)

type config struct {
	connectTimeout   time.Duration
	handshakeTimeout time.Duration
	maxPending       int
	logger           *slog.Logger
}

func buildConfig(opts []Option) config {
	c := config{
		connectTimeout:   DefaultConnectTimeout,
		handshakeTimeout: DefaultHandshakeTimeout,
		maxPending:       DefaultMaxPendingHandshakes,
		logger:           slog.New(slog.DiscardHandler),
	}
	for _, o := range opts {
		if o != nil {
			o(&c)
		}
	}
	return c
}

// WithConnectTimeout bounds opening the byte stream in Dial (default
// DefaultConnectTimeout; zero or less keeps the default).
func WithConnectTimeout(d time.Duration) Option {
	return func(c *config) {
		if d > 0 {
			c.connectTimeout = d
		}
	}
}

// WithHandshakeTimeout bounds each BOLT #8 handshake, dialed or accepted
// (default DefaultHandshakeTimeout; zero or less keeps the default). On a
// Listener it is how long a silent or slow peer may hold a handshake slot.
func WithHandshakeTimeout(d time.Duration) Option {
	return func(c *config) {
		if d > 0 {
			c.handshakeTimeout = d
		}
	}
}

// WithMaxPendingHandshakes bounds the handshakes a Listener runs at once
// (default DefaultMaxPendingHandshakes; less than one keeps the default).
// When the bound is reached, a new connection evicts the oldest unfinished
// handshake; see Listener.
func WithMaxPendingHandshakes(n int) Option {
	return func(c *config) {
		if n > 0 {
			c.maxPending = n
		}
	}
}

// WithLogger sets where a Listener reports failed and evicted handshakes
// (at debug level) and dropped connections (warn). Default: discard.
func WithLogger(l *slog.Logger) Option {
	return func(c *config) {
		if l != nil {
			c.logger = l
		}
	}
}
