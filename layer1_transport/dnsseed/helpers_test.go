package dnsseed

import (
	"context"
	"crypto/sha256"
	"fmt"
	"net"
	"net/netip"
	"sync"
	"testing"
	"time"

	"github.com/btcsuite/btcd/btcec/v2"
)

// testKey returns a deterministic node key, different for every i.
func testKey(i int) *btcec.PublicKey {
	seed := sha256.Sum256([]byte(fmt.Sprintf("dnsseed test key %d", i)))
	priv, _ := btcec.PrivKeyFromBytes(seed[:])
	return priv.PubKey()
}

// testNodes returns n nodes: even ones with an IPv4 and an IPv6 address,
// odd ones IPv4 only; every third one (i%3 == 2) listens on port 9736
// instead of 9735.
func testNodes(n int) []Node {
	nodes := make([]Node, n)
	for i := range nodes {
		port := uint16(DefaultPort)
		if i%3 == 2 {
			port = 9736
		}
		v4 := netip.AddrFrom4([4]byte{10, 0, byte(i >> 8), byte(i)})
		nodes[i] = Node{ID: testKey(i), Addrs: []netip.AddrPort{netip.AddrPortFrom(v4, port)}}
		if i%2 == 0 {
			v6 := netip.AddrFrom16([16]byte{0x20, 0x01, 0x0d, 0xb8, 14: byte(i >> 8), 15: byte(i)})
			nodes[i].Addrs = append(nodes[i].Addrs, netip.AddrPortFrom(v6, port))
		}
	}
	return nodes
}

// startServer runs a seed for zone on 127.0.0.1 and stops it at cleanup.
func startServer(t testing.TB, zone string, nodes []Node, opts ...func(*Server)) (*Server, string) {
	t.Helper()
	s := &Server{Zone: zone, Nodes: NewNodeSet(nodes)}
	for _, o := range opts {
		o(s)
	}
	addr, err := s.Start("127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if err := s.Close(); err != nil {
			t.Errorf("close: %v", err)
		}
	})
	return s, addr
}

// testCtx is a context bounding a test's network work (a hang fails the
// test instead of blocking the run); it is no measurement.
func testCtx(t testing.TB) context.Context {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	t.Cleanup(cancel)
	return ctx
}

// nodeByKey finds the node with key id in nodes.
func nodeByKey(nodes []Node, id *btcec.PublicKey) (Node, bool) {
	for _, n := range nodes {
		if n.ID.IsEqual(id) {
			return n, true
		}
	}
	return Node{}, false
}

// recordingDialer dials directly and records every (network, address).
type recordingDialer struct {
	mu    sync.Mutex
	dials []string
}

func (d *recordingDialer) DialContext(ctx context.Context, network, address string) (net.Conn, error) {
	d.mu.Lock()
	d.dials = append(d.dials, network+" "+address)
	d.mu.Unlock()
	var nd net.Dialer
	return nd.DialContext(ctx, network, address)
}

// Dial makes recordingDialer a golang.org/x/net/proxy forward dialer.
func (d *recordingDialer) Dial(network, address string) (net.Conn, error) {
	return d.DialContext(context.Background(), network, address)
}

func (d *recordingDialer) seen() []string {
	d.mu.Lock()
	defer d.mu.Unlock()
	return append([]string(nil), d.dials...)
}
