package tor

import (
	"context"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"net"

	"golang.org/x/net/proxy"
)

// DefaultSOCKSAddr is where a system Tor daemon listens for SOCKS5.
const DefaultSOCKSAddr = "127.0.0.1:9050"

// Isolation chooses the SOCKS5 username and password a Dialer sends. Tor
// (with its default IsolateSOCKSAuth flag on every SocksPort) never puts two
// streams with different credentials on the same circuit, so credentials are
// how a client asks for separate circuits: peers that share a circuit share
// an exit (or rendezvous path) that can link them to one another.
type Isolation int

const (
	// IsolatePerDestination (the default) sends credentials derived from
	// the destination "host:port" with a key drawn when the Dialer is
	// made: each peer gets its own circuit, while reconnecting to the same
	// peer reuses it. A new Dialer (a restart) uses new credentials, so
	// circuits do not outlive the process.
	IsolatePerDestination Isolation = iota
	// IsolatePerConnection sends fresh random credentials on every dial:
	// every connection its own circuit, at the cost of a circuit build each
	// time.
	IsolatePerConnection
	// IsolateNone sends no credentials; Tor may share circuits between
	// destinations.
	IsolateNone
)

// Dialer dials TCP through a SOCKS5 proxy, normally Tor's SocksPort. It
// implements transport.Dialer and transport.ProxyDialer. Make one with
// NewDialer; it is safe for concurrent use.
//
// It never resolves a host name itself: the destination host is passed to
// the proxy as written, as a SOCKS5 domain name unless it is an IP literal,
// so onion names and clearnet names alike are resolved by the proxy (Tor
// resolves clearnet names at the exit) and no DNS query leaves this machine.
type Dialer struct {
	proxyAddr string
	isolation Isolation
	key       [32]byte // keys the per-destination credentials
}

// DialerOption configures NewDialer.
type DialerOption func(*Dialer)

// WithIsolation sets how streams are isolated (default IsolatePerDestination).
func WithIsolation(i Isolation) DialerOption {
	return func(d *Dialer) { d.isolation = i }
}

// NewDialer returns a Dialer using the SOCKS5 proxy at proxyAddr ("host:port";
// DefaultSOCKSAddr when empty). The proxy's own host name, if it is one, is
// resolved locally: it is where the proxy runs, not a destination.
func NewDialer(proxyAddr string, opts ...DialerOption) (*Dialer, error) {
	if proxyAddr == "" {
		proxyAddr = DefaultSOCKSAddr
	}
	if _, _, err := net.SplitHostPort(proxyAddr); err != nil {
		return nil, fmt.Errorf("%w: proxy address %q: %v", ErrProxy, proxyAddr, err)
	}
	d := &Dialer{proxyAddr: proxyAddr}
	if _, err := rand.Read(d.key[:]); err != nil {
		return nil, err
	}
	for _, o := range opts {
		if o != nil {
			o(d)
		}
	}
	return d, nil
}

// ProxyAddr returns the proxy's address.
func (d *Dialer) ProxyAddr() string { return d.proxyAddr }

// ResolvesRemotely returns true: names go to the proxy unresolved, which is
// what transport.Dial requires before it dials an onion address.
func (d *Dialer) ResolvesRemotely() bool { return true }

// DialContext connects to address ("host:port") through the proxy. network
// must be "tcp" (or "tcp4"/"tcp6", which the proxy decides anyway).
func (d *Dialer) DialContext(ctx context.Context, network, address string) (net.Conn, error) {
	switch network {
	case "tcp", "tcp4", "tcp6":
	default:
		return nil, fmt.Errorf("%w: %q", ErrNetwork, network)
	}
	if d.proxyAddr == "" {
		return nil, fmt.Errorf("%w: no proxy address (make the Dialer with NewDialer)", ErrProxy)
	}
	auth, err := d.credentials(address)
	if err != nil {
		return nil, err
	}
	// proxy.SOCKS5 only builds a small value; one per dial carries the
	// destination's credentials. The forward dialer reaches the proxy.
	pd, err := proxy.SOCKS5("tcp", d.proxyAddr, auth, &net.Dialer{})
	if err != nil {
		return nil, fmt.Errorf("%w: %w", ErrProxy, err)
	}
	c, err := pd.(proxy.ContextDialer).DialContext(ctx, "tcp", address)
	if err != nil {
		return nil, fmt.Errorf("%w: %s via %s: %w", ErrProxy, address, d.proxyAddr, err)
	}
	return c, nil
}

// credentials returns the SOCKS5 username/password for a dial to address.
func (d *Dialer) credentials(address string) (*proxy.Auth, error) {
	var tag []byte
	switch d.isolation {
	case IsolateNone:
		return nil, nil
	case IsolatePerConnection:
		tag = make([]byte, 16)
		if _, err := rand.Read(tag); err != nil {
			return nil, err
		}
	default:
		mac := hmac.New(sha256.New, d.key[:])
		mac.Write([]byte(address))
		tag = mac.Sum(nil)[:16]
	}
	// The username is what differs; the password is constant. A name that
	// does not start with "<torS0X>" is a plain isolation token to Tor.
	return &proxy.Auth{User: "lnstack-" + hex.EncodeToString(tag), Password: "lnstack"}, nil
}
