package peer

import (
	"fmt"
	"log/slog"
	"slices"
	"time"

	"github.com/lnstack/lnstack/layer1_transport/netaddr"
	messaging "github.com/lnstack/lnstack/layer2_messaging"
	"github.com/lnstack/lnstack/layer2_messaging/feature"
	"github.com/lnstack/lnstack/layer2_messaging/wire"
)

// Defaults for the zero values of Config.
const (
	// DefaultInitTimeout bounds the init exchange.
	DefaultInitTimeout = 15 * time.Second
	// DefaultPingInterval is the time between two pings.
	DefaultPingInterval = time.Minute
	// DefaultPongTimeout is how long a ping waits for its pong.
	DefaultPongTimeout = 30 * time.Second
	// DefaultPongRate is how many pings per second are answered in the
	// long run.
	DefaultPongRate = 1.0
	// DefaultPongBurst is how many pings are answered back to back.
	DefaultPongBurst = 10
	// DefaultRecvBuffer is how many delivered messages wait for Recv
	// before the Peer stops reading.
	DefaultRecvBuffer = 32
	// MaxPingPongBytes bounds the num_pong_bytes of the pings the Peer
	// sends: enough to tell pongs apart, small enough to cost little.
	MaxPingPongBytes = 1024
)

// Config is what a Peer needs. The zero value of every field but Codec and
// Features means its default.
type Config struct {
	// Codec decodes the remote's messages: layer 2's table
	// (messaging.Messages()) and the tables of the layers above, built
	// with messaging.NewCodec by the caller. Messages it does not know are
	// handled by the BOLT #1 rules (odd ignored, even closes). Nil means
	// layer 2's table alone.
	Codec *messaging.Codec

	// Features is the local feature vector sent in init's features
	// field, and negotiated against the remote's (package feature). It
	// must pass feature.Validate in init context; the remote must offer
	// every feature it requires, and it must offer every feature the
	// remote requires.
	Features feature.Vector
	// GlobalFeatures is init's legacy globalfeatures field, normally
	// empty. BOLT #1: a sender "SHOULD NOT set features greater than 13
	// in globalfeatures".
	GlobalFeatures feature.Vector

	// Chains are the chains the local node is interested in, sent as the
	// networks record of init. When set, a remote whose networks share
	// none of them is refused (ErrNoCommonChain); a remote that sends no
	// networks is accepted. BOLT #1: the sender "SHOULD set networks to
	// all chains it will gossip or open channels for."
	Chains []wire.ChainHash

	// RemoteAddr, when set, is sent as init's remote_addr: BOLT #1 "SHOULD
	// set remote_addr to reflect the remote IP address (and port) of an
	// incoming connection".
	RemoteAddr netaddr.Address

	// InitTimeout bounds the init exchange (DefaultInitTimeout).
	InitTimeout time.Duration
	// PingInterval is the time between pings (DefaultPingInterval); a
	// negative value sends no pings.
	PingInterval time.Duration
	// PongTimeout is how long a ping waits for its pong before the Peer
	// closes with ErrPongTimeout (DefaultPongTimeout).
	PongTimeout time.Duration

	// PongRate and PongBurst bound the pongs sent: a token bucket of
	// PongBurst tokens refilled at PongRate per second, one token per
	// pong; a ping that finds the bucket empty is ignored. BOLT #1
	// recommends "Limited precautions are recommended against `ping`
	// flooding".
	// Defaults: DefaultPongRate, DefaultPongBurst.
	PongRate  float64
	PongBurst int

	// RecvBuffer is how many delivered messages wait for Recv
	// (DefaultRecvBuffer). When it is full the Peer stops reading from
	// the connection until Recv is called.
	RecvBuffer int

	// Logger receives the Peer's log lines (warnings from the remote, the
	// reason for closing). Nil discards them.
	Logger *slog.Logger
}

// withDefaults returns a copy of c with defaults filled in and its slices
// cloned, or an error wrapping ErrConfig.
func (c Config) withDefaults() (Config, error) {
	var err error
	if c.Codec == nil {
		if c.Codec, err = messaging.NewCodec(messaging.Messages()); err != nil {
			return c, fmt.Errorf("%w: %w", ErrConfig, err)
		}
	}
	for _, t := range []uint16{messaging.TypeInit, messaging.TypePing, messaging.TypePong, messaging.TypeError, messaging.TypeWarning} {
		if _, ok := c.Codec.Lookup(t); !ok {
			return c, fmt.Errorf("%w: codec lacks BOLT #1 message type %d (build it with messaging.Messages())", ErrConfig, t)
		}
	}
	if c.InitTimeout < 0 || c.PongTimeout < 0 || c.PongRate < 0 || c.PongBurst < 0 || c.RecvBuffer < 0 {
		return c, fmt.Errorf("%w: negative timeout, rate or size", ErrConfig)
	}
	if c.InitTimeout == 0 {
		c.InitTimeout = DefaultInitTimeout
	}
	if c.PingInterval == 0 {
		c.PingInterval = DefaultPingInterval
	}
	if c.PongTimeout == 0 {
		c.PongTimeout = DefaultPongTimeout
	}
	if c.PongRate == 0 {
		c.PongRate = DefaultPongRate
	}
	if c.PongBurst == 0 {
		c.PongBurst = DefaultPongBurst
	}
	if c.RecvBuffer == 0 {
		c.RecvBuffer = DefaultRecvBuffer
	}
	if c.Logger == nil {
		c.Logger = slog.New(slog.DiscardHandler)
	}
	c.Features = slices.Clone(c.Features)
	c.GlobalFeatures = slices.Clone(c.GlobalFeatures)
	c.Chains = slices.Clone(c.Chains)

	local := feature.Or(c.GlobalFeatures, c.Features)
	// BOLT #9: the origin node "MUST NOT set both the optional and
	// mandatory bits."
	for _, b := range local.Bits() {
		if b.IsRequired() && local.IsSet(b.Optional()) {
			return c, fmt.Errorf("%w: both bits of %s set", ErrConfig, feature.Name(b))
		}
	}
	if err := feature.Validate(local, feature.InInit); err != nil {
		return c, fmt.Errorf("%w: local features: %w", ErrConfig, err)
	}
	return c, nil
}
