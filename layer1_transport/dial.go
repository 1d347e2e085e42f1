package transport

import (
	"context"
	"net"

	"github.com/btcsuite/btcd/btcec/v2"
	"github.com/lnstack/lnstack/layer1_transport/netaddr"
	"github.com/lnstack/lnstack/layer1_transport/noise"
)

// ProxyDialer is a Dialer that hands destination host names to a proxy
// unresolved. tor.Dialer is one. Dial reaches an onion address only through
// a ProxyDialer whose ResolvesRemotely returns true.
type ProxyDialer interface {
	Dialer
	// ResolvesRemotely reports that names passed to DialContext are
	// resolved by the proxy, never by this process.
	ResolvesRemotely() bool
}

// Dial opens a connection to addr through d and runs the BOLT #8 handshake as
// initiator: local is this node's static key, remote the static key the peer
// must prove it holds (BOLT #8: the initiator knows the responder's static
// public key beforehand). It returns the encrypted, authenticated connection.
//
// A nil d dials TCP directly (a DNSHostname is then resolved by the system
// resolver). An address that NeedsProxy (an onion) returns ErrNeedsProxy
// unless d is a ProxyDialer that resolves remotely. Opening the stream is
// bounded by WithConnectTimeout and the handshake by WithHandshakeTimeout;
// ctx bounds and cancels both. An invalid local key returns the noise error
// before anything is dialed; other failures are *DialError.
func Dial(ctx context.Context, d Dialer, addr netaddr.Address, remote *btcec.PublicKey, local *btcec.PrivateKey, opts ...Option) (*noise.Conn, error) {
	if addr == nil {
		return nil, ErrNoAddress
	}
	if remote == nil {
		return nil, ErrNoRemoteKey
	}
	if addr.NeedsProxy() && !resolvesRemotely(d) {
		return nil, &DialError{Addr: addr, Op: "connect", Err: ErrNeedsProxy}
	}
	id, err := noise.NewIdentity(local)
	if err != nil {
		return nil, err
	}
	if d == nil {
		d = &net.Dialer{}
	}
	cfg := buildConfig(opts)

	cctx, cancel := context.WithTimeout(ctx, cfg.connectTimeout)
	c, err := d.DialContext(cctx, addr.Network(), addr.String())
	cancel()
	if err != nil {
		return nil, &DialError{Addr: addr, Op: "connect", Err: err}
	}
	// noise closes c when the handshake fails.
	nc, err := id.Initiate(ctx, c, remote, noise.WithHandshakeTimeout(cfg.handshakeTimeout))
	if err != nil {
		return nil, &DialError{Addr: addr, Op: "handshake", Err: err}
	}
	return nc, nil
}

func resolvesRemotely(d Dialer) bool {
	p, ok := d.(ProxyDialer)
	return ok && p.ResolvesRemotely()
}
