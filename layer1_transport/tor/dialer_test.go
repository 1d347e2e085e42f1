package tor

import (
	"bytes"
	"context"
	"errors"
	"net"
	"strconv"
	"testing"
	"time"

	"github.com/btcsuite/btcd/btcec/v2"
	transport "github.com/lnstack/lnstack/layer1_transport"
	"github.com/lnstack/lnstack/layer1_transport/netaddr"
)

var (
	_ transport.Dialer      = (*Dialer)(nil)
	_ transport.ProxyDialer = (*Dialer)(nil)
)

func newKey(t *testing.T) *btcec.PrivateKey {
	t.Helper()
	k, err := btcec.NewPrivateKey()
	if err != nil {
		t.Fatal(err)
	}
	return k
}

// peer is a Lightning listener on 127.0.0.1 that authenticates and echoes one
// message per connection.
type peer struct {
	key  *btcec.PrivateKey
	l    *transport.Listener
	port uint16
}

func startPeer(t *testing.T) *peer {
	t.Helper()
	key := newKey(t)
	l, err := transport.Listen(context.Background(), "127.0.0.1:0", key)
	if err != nil {
		t.Fatal(err)
	}
	done := make(chan struct{})
	go func() {
		defer close(done)
		for {
			c, err := l.Accept()
			if err != nil {
				return
			}
			go func() {
				defer c.Close()
				if m, err := c.ReadMessage(); err == nil {
					_ = c.WriteMessage(m)
				}
			}()
		}
	}()
	t.Cleanup(func() {
		l.Close()
		<-done
	})
	return &peer{key: key, l: l, port: uint16(l.Addr().(*net.TCPAddr).Port)}
}

// handshakeAndEcho dials p at addr through d and checks one echoed message.
func handshakeAndEcho(t *testing.T, d transport.Dialer, addr netaddr.Address, p *peer) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	c, err := transport.Dial(ctx, d, addr, p.key.PubKey(), newKey(t))
	if err != nil {
		t.Fatalf("dial %s: %v", addr, err)
	}
	defer c.Close()
	if !c.RemotePub().IsEqual(p.key.PubKey()) {
		t.Fatal("authenticated the wrong node")
	}
	msg := []byte("ping through the proxy")
	if err := c.WriteMessage(msg); err != nil {
		t.Fatal(err)
	}
	_ = c.SetReadDeadline(time.Now().Add(30 * time.Second))
	got, err := c.ReadMessage()
	if err != nil || !bytes.Equal(got, msg) {
		t.Fatalf("echo: %q, %v", got, err)
	}
}

// TestDialThroughMicrosocks runs BOLT #8 handshakes through a real SOCKS5
// proxy, by IP and by the name "localhost", which the proxy resolves.
func TestDialThroughMicrosocks(t *testing.T) {
	proxyAddr := startMicrosocks(t)
	p := startPeer(t)
	d, err := NewDialer(proxyAddr)
	if err != nil {
		t.Fatal(err)
	}
	handshakeAndEcho(t, d, netaddr.IPv4{IP: [4]byte{127, 0, 0, 1}, Port: p.port}, p)
	handshakeAndEcho(t, d, netaddr.DNSHostname{Host: "localhost", Port: p.port}, p)
}

// TestNoLocalResolution: names reach the proxy as SOCKS5 domain names, never
// resolved here. The ".invalid" top-level domain is guaranteed never to
// resolve (RFC 6761), so had this process tried, the dial would have failed
// before reaching the proxy; instead the proxy (the recorder, which maps
// every name to the peer) receives the name verbatim and the handshake
// completes. The same holds for an onion name.
func TestNoLocalResolution(t *testing.T) {
	p := startPeer(t)
	rec := startRecorder(t, p.l.Addr().String())
	d, err := NewDialer(rec.addr())
	if err != nil {
		t.Fatal(err)
	}
	onion, err := netaddr.ParseTorV3("duckduckgogg42xjoc72x3sjasowoarfbgcmvfimaftt6twagswzczad.onion", 9735)
	if err != nil {
		t.Fatal(err)
	}
	addrs := []netaddr.Address{
		netaddr.DNSHostname{Host: "lightning-peer.invalid", Port: 9735},
		onion,
		netaddr.IPv6{IP: [16]byte{15: 1}, Port: 9736},
	}
	for _, a := range addrs {
		handshakeAndEcho(t, d, a, p)
	}
	reqs := rec.requests()
	if len(reqs) != len(addrs) {
		t.Fatalf("proxy saw %d requests, want %d", len(reqs), len(addrs))
	}
	for i, a := range addrs {
		host, port := a.HostPort()
		wantType := byte(3) // domain name
		if a.Type() == netaddr.TypeIPv6 {
			wantType = 4
		}
		if reqs[i].atyp != wantType || reqs[i].host != host || reqs[i].port != port {
			t.Errorf("request %d: type %d %s:%d, want type %d %s:%d", i, reqs[i].atyp, reqs[i].host, reqs[i].port, wantType, host, port)
		}
	}
}

// TestStreamIsolation checks the credentials sent, which decide Tor's
// circuits under IsolateSOCKSAuth.
func TestStreamIsolation(t *testing.T) {
	rec := startRecorder(t, "")
	dial := func(d *Dialer, address string) socksRequest {
		t.Helper()
		n := len(rec.requests())
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		c, err := d.DialContext(ctx, "tcp", address)
		if err != nil {
			t.Fatal(err)
		}
		c.Close()
		reqs := rec.requests()
		if len(reqs) != n+1 {
			t.Fatalf("proxy saw %d requests, want %d", len(reqs), n+1)
		}
		return reqs[n]
	}
	a, b := "a.example:9735", "b.example:9735"

	perDest, err := NewDialer(rec.addr())
	if err != nil {
		t.Fatal(err)
	}
	a1, a2, b1 := dial(perDest, a), dial(perDest, a), dial(perDest, b)
	if a1.user == "" || a1.user != a2.user || a1.password != a2.password {
		t.Errorf("same destination, different credentials: %q %q", a1.user, a2.user)
	}
	if a1.user == b1.user {
		t.Errorf("two destinations share credentials %q: they would share a circuit", a1.user)
	}
	restarted, err := NewDialer(rec.addr())
	if err != nil {
		t.Fatal(err)
	}
	if a3 := dial(restarted, a); a3.user == a1.user {
		t.Error("a new Dialer reuses the old one's credentials")
	}

	perConn, err := NewDialer(rec.addr(), WithIsolation(IsolatePerConnection))
	if err != nil {
		t.Fatal(err)
	}
	if c1, c2 := dial(perConn, a), dial(perConn, a); c1.user == c2.user {
		t.Error("per-connection isolation sent the same credentials twice")
	}

	none, err := NewDialer(rec.addr(), WithIsolation(IsolateNone))
	if err != nil {
		t.Fatal(err)
	}
	if r := dial(none, a); !bytes.Equal(r.methods, []byte{0}) || r.user != "" {
		t.Errorf("no isolation: offered methods %v, user %q", r.methods, r.user)
	}
}

func TestDialerErrors(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	d, err := NewDialer("127.0.0.1:" + strconv.Itoa(freePort(t)))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := d.DialContext(ctx, "udp", "example.com:53"); !errors.Is(err, ErrNetwork) {
		t.Errorf("udp: %v", err)
	}
	if _, err := d.DialContext(ctx, "tcp", "example.com:9735"); !errors.Is(err, ErrProxy) {
		t.Errorf("proxy down: %v", err)
	}
	if _, err := NewDialer("no-port"); !errors.Is(err, ErrProxy) {
		t.Errorf("bad proxy address: %v", err)
	}
	if d, err := NewDialer(""); err != nil || d.ProxyAddr() != DefaultSOCKSAddr {
		t.Errorf("default proxy: %v, %v", d, err)
	}
	// transport.Dial wraps the proxy failure as a connect failure.
	var de *transport.DialError
	key := newKey(t)
	_, err = transport.Dial(ctx, d, netaddr.DNSHostname{Host: "x.invalid", Port: 1}, key.PubKey(), key)
	if !errors.As(err, &de) || de.Op != "connect" || !errors.Is(err, ErrProxy) {
		t.Errorf("transport.Dial through a dead proxy: %v", err)
	}
}
