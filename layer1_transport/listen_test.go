package transport

import (
	"bytes"
	"context"
	"errors"
	"io"
	"net"
	"testing"
	"time"

	"github.com/btcsuite/btcd/btcec/v2"
	"github.com/lnstack/lnstack/layer1_transport/netaddr"
	"github.com/lnstack/lnstack/layer1_transport/noise"
)

func newKey(t testing.TB) *btcec.PrivateKey {
	t.Helper()
	k, err := btcec.NewPrivateKey()
	if err != nil {
		t.Fatal(err)
	}
	return k
}

// listen starts a Listener on 127.0.0.1 closed at the end of the test.
func listen(t testing.TB, key *btcec.PrivateKey, opts ...Option) *Listener {
	t.Helper()
	l, err := Listen(context.Background(), "127.0.0.1:0", key, opts...)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = l.Close() })
	return l
}

func listenerAddr(t testing.TB, l *Listener) netaddr.Address {
	t.Helper()
	a, err := netaddr.FromNetAddr(l.Addr())
	if err != nil {
		t.Fatal(err)
	}
	return a
}

// acceptOne runs Accept in a goroutine and returns its result channel.
type acceptResult struct {
	c   *noise.Conn
	err error
}

func acceptAsync(l *Listener) <-chan acceptResult {
	ch := make(chan acceptResult, 1)
	go func() {
		c, err := l.Accept()
		ch <- acceptResult{c, err}
	}()
	return ch
}

func waitAccept(t testing.TB, ch <-chan acceptResult) acceptResult {
	t.Helper()
	select {
	case r := <-ch:
		return r
	case <-time.After(30 * time.Second):
		t.Fatal("Accept did not return within 30s")
		return acceptResult{}
	}
}

func TestDialListenExchange(t *testing.T) {
	serverKey, clientKey := newKey(t), newKey(t)
	l := listen(t, serverKey)
	accepted := acceptAsync(l)

	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	c, err := Dial(ctx, nil, listenerAddr(t, l), serverKey.PubKey(), clientKey)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	r := waitAccept(t, accepted)
	if r.err != nil {
		t.Fatal(r.err)
	}
	s := r.c
	defer s.Close()

	if !c.RemotePub().IsEqual(serverKey.PubKey()) || !s.RemotePub().IsEqual(clientKey.PubKey()) {
		t.Fatal("static keys not authenticated on both sides")
	}
	if !l.LocalPub().IsEqual(serverKey.PubKey()) {
		t.Fatal("LocalPub is not the listener's key")
	}
	for _, msg := range [][]byte{{0, 16, 0, 0}, bytes.Repeat([]byte{7}, noise.MaxMessageSize)} {
		if err := c.WriteMessage(msg); err != nil {
			t.Fatal(err)
		}
		got, err := s.ReadMessage()
		if err != nil || !bytes.Equal(got, msg) {
			t.Fatalf("server read %d bytes, %v", len(got), err)
		}
		if err := s.WriteMessage(msg); err != nil {
			t.Fatal(err)
		}
		if got, err = c.ReadMessage(); err != nil || !bytes.Equal(got, msg) {
			t.Fatalf("client read %d bytes, %v", len(got), err)
		}
	}
}

func TestDialWrongKeyNotAccepted(t *testing.T) {
	serverKey := newKey(t)
	l := listen(t, serverKey)
	accepted := acceptAsync(l)
	addr := listenerAddr(t, l)

	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	// Dialing with another node's key: act one does not decrypt at the
	// responder, which hangs up; the initiator sees the stream end.
	_, err := Dial(ctx, nil, addr, newKey(t).PubKey(), newKey(t))
	var de *DialError
	if !errors.As(err, &de) || de.Op != "handshake" || !errors.Is(err, noise.ErrShortRead) {
		t.Fatalf("dial with wrong key: %v", err)
	}
	// The failed connection never reaches Accept: the next one does.
	clientKey := newKey(t)
	c, err := Dial(ctx, nil, addr, serverKey.PubKey(), clientKey)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	r := waitAccept(t, accepted)
	if r.err != nil || !r.c.RemotePub().IsEqual(clientKey.PubKey()) {
		t.Fatalf("accepted %v, %v; want the second, good peer", r.c, r.err)
	}
	r.c.Close()
}

func TestDialErrors(t *testing.T) {
	ctx := context.Background()
	key := newKey(t)
	onion, err := netaddr.ParseAddress("duckduckgogg42xjoc72x3sjasowoarfbgcmvfimaftt6twagswzczad.onion")
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range []Dialer{nil, &net.Dialer{}} {
		if _, err := Dial(ctx, d, onion, key.PubKey(), key); !errors.Is(err, ErrNeedsProxy) {
			t.Errorf("onion with %T: %v, want ErrNeedsProxy", d, err)
		}
	}
	if _, err := Dial(ctx, nil, nil, key.PubKey(), key); !errors.Is(err, ErrNoAddress) {
		t.Errorf("nil address: %v", err)
	}
	v4 := netaddr.IPv4{IP: [4]byte{127, 0, 0, 1}, Port: 9}
	if _, err := Dial(ctx, nil, v4, nil, key); !errors.Is(err, ErrNoRemoteKey) {
		t.Errorf("nil remote key: %v", err)
	}
	if _, err := Dial(ctx, nil, v4, key.PubKey(), nil); !errors.Is(err, noise.ErrInvalidKey) {
		t.Errorf("nil local key: %v", err)
	}
	// A port nobody listens on: the connect step fails.
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	closed, _ := netaddr.FromNetAddr(ln.Addr())
	ln.Close()
	var de *DialError
	if _, err := Dial(ctx, nil, closed, key.PubKey(), key); !errors.As(err, &de) || de.Op != "connect" {
		t.Errorf("closed port: %v", err)
	}
}

// TestHalfOpenFlood: 1,000 connections that send nothing or half of act one
// hold handshake slots, and a well-behaved peer still completes its
// handshake within its own (short) handshake timeout. It runs at the default
// bound (the flood fits) and at a bound of 16 (the flood evicts itself).
func TestHalfOpenFlood(t *testing.T) {
	for _, tc := range []struct {
		name string
		max  int
	}{{"default bound", 0}, {"bound 16", 16}} {
		t.Run(tc.name, func(t *testing.T) {
			serverKey := newKey(t)
			// The listener's timeout is long so the flood is certainly
			// still pending when the good peer comes.
			l := listen(t, serverKey, WithHandshakeTimeout(time.Minute), WithMaxPendingHandshakes(tc.max))
			addr := l.Addr().String()

			const flood = 1000
			halfActOne := make([]byte, noise.ActOneSize/2)
			for i := 0; i < flood; i++ {
				c, err := net.DialTimeout("tcp", addr, 10*time.Second)
				if err != nil {
					t.Fatalf("flood connection %d: %v", i, err)
				}
				t.Cleanup(func() { c.Close() })
				if i%2 == 1 {
					if _, err := c.Write(halfActOne); err != nil {
						t.Fatal(err)
					}
				}
			}
			want := min(flood, DefaultMaxPendingHandshakes)
			if tc.max > 0 {
				want = tc.max
			}
			waitFor(t, "flood to occupy the handshake slots", func() bool { return l.pendingHandshakes() >= want })

			accepted := acceptAsync(l)
			clientKey := newKey(t)
			ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
			defer cancel()
			c, err := Dial(ctx, nil, listenerAddr(t, l), serverKey.PubKey(), clientKey, WithHandshakeTimeout(10*time.Second))
			if err != nil {
				t.Fatalf("good peer behind %d half-open connections: %v", flood, err)
			}
			defer c.Close()
			r := waitAccept(t, accepted)
			if r.err != nil || !r.c.RemotePub().IsEqual(clientKey.PubKey()) {
				t.Fatalf("Accept returned %v, %v; want the good peer", r.c, r.err)
			}
			r.c.Close()
			if n := l.pendingHandshakes(); n < want-1 {
				t.Fatalf("only %d handshakes pending after the good peer; the flood was not holding slots", n)
			}
		})
	}
}

// waitFor polls cond every 10ms for up to 30s.
func waitFor(t testing.TB, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

func TestEvictOldest(t *testing.T) {
	l := listen(t, newKey(t), WithMaxPendingHandshakes(1), WithHandshakeTimeout(time.Minute))
	first, err := net.Dial("tcp", l.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	defer first.Close()
	waitFor(t, "first handshake to start", func() bool { return l.pendingHandshakes() == 1 })
	second, err := net.Dial("tcp", l.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	defer second.Close()
	// The second connection takes the only slot: the first is closed.
	_ = first.SetReadDeadline(time.Now().Add(30 * time.Second))
	if _, err := first.Read(make([]byte, 1)); !errors.Is(err, io.EOF) {
		t.Fatalf("oldest pending connection: read %v, want EOF", err)
	}
	if n := l.pendingHandshakes(); n != 1 {
		t.Fatalf("%d pending, want 1", n)
	}
}

func TestCloseStopsEverything(t *testing.T) {
	l, err := Listen(context.Background(), "127.0.0.1:0", newKey(t), WithHandshakeTimeout(time.Minute))
	if err != nil {
		t.Fatal(err)
	}
	accepted := acceptAsync(l)
	raw, err := net.Dial("tcp", l.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close()
	waitFor(t, "handshake to start", func() bool { return l.pendingHandshakes() == 1 })

	if err := l.Close(); err != nil {
		t.Fatal(err)
	}
	if r := waitAccept(t, accepted); !errors.Is(r.err, net.ErrClosed) {
		t.Fatalf("blocked Accept returned %v, want net.ErrClosed", r.err)
	}
	if _, err := l.Accept(); !errors.Is(err, net.ErrClosed) {
		t.Fatalf("Accept after Close: %v", err)
	}
	// The pending handshake's socket was closed by Close.
	_ = raw.SetReadDeadline(time.Now().Add(30 * time.Second))
	if _, err := raw.Read(make([]byte, 1)); !errors.Is(err, io.EOF) {
		t.Fatalf("pending connection after Close: %v, want EOF", err)
	}
	if n := l.pendingHandshakes(); n != 0 {
		t.Fatalf("%d handshakes still pending after Close", n)
	}
	if _, err := net.Dial("tcp", l.Addr().String()); err == nil {
		t.Fatal("listener still accepts TCP after Close")
	}
	if err := l.Close(); err != nil {
		t.Fatalf("second Close: %v", err)
	}
}

func TestUnacceptedConnectionsClosedOnClose(t *testing.T) {
	serverKey := newKey(t)
	l, err := Listen(context.Background(), "127.0.0.1:0", serverKey)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	c, err := Dial(ctx, nil, listenerAddr(t, l), serverKey.PubKey(), newKey(t))
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	// Nobody calls Accept; Close must close the queued connection.
	waitFor(t, "handshake to finish", func() bool { return len(l.ready) == 1 })
	l.Close()
	_ = c.SetReadDeadline(time.Now().Add(30 * time.Second))
	if _, err := c.ReadMessage(); !errors.Is(err, io.EOF) {
		t.Fatalf("queued connection after Close: %v, want EOF", err)
	}
}

func TestNewListenerExternalClose(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	l, err := NewListener(ln, newKey(t))
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	ln.Close() // closed behind the Listener's back
	if _, err := l.Accept(); !errors.Is(err, net.ErrClosed) {
		t.Fatalf("Accept after the socket closed: %v", err)
	}
	if _, err := NewListener(ln, nil); !errors.Is(err, noise.ErrInvalidKey) {
		t.Fatalf("nil key: %v", err)
	}
}
