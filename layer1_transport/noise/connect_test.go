package noise

import (
	"context"
	"errors"
	"io"
	"net"
	"os"
	"sync"
	"testing"
	"time"
)

// tcpPair returns the two ends of a TCP connection on 127.0.0.1.
func tcpPair(t *testing.T) (client, server net.Conn) {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	accepted := make(chan net.Conn, 1)
	go func() {
		c, err := ln.Accept()
		if err != nil {
			accepted <- nil
			return
		}
		accepted <- c
	}()
	client, err = net.Dial("tcp", ln.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	server = <-accepted
	if server == nil {
		t.Fatal("accept failed")
	}
	t.Cleanup(func() { client.Close(); server.Close() })
	return client, server
}

// pipePair returns the two ends of a net.Pipe.
func pipePair(t *testing.T) (net.Conn, net.Conn) {
	a, b := net.Pipe()
	t.Cleanup(func() { a.Close(); b.Close() })
	return a, b
}

// handshakeOver runs Initiate on ci and Respond on cr concurrently and
// returns the two encrypted connections.
func handshakeOver(t *testing.T, ci, cr net.Conn, opts ...Option) (initConn, respConn *Conn) {
	t.Helper()
	p := newTestPeers(t)
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	type result struct {
		c   *Conn
		err error
	}
	done := make(chan result, 1)
	go func() {
		c, err := p.resp.Respond(ctx, cr, opts...)
		done <- result{c, err}
	}()
	ic, err := p.init.Initiate(ctx, ci, p.resp.PubKey(), opts...)
	r := <-done
	if err != nil || r.err != nil {
		t.Fatalf("handshake: initiator %v, responder %v", err, r.err)
	}
	if !ic.RemotePub().IsEqual(p.resp.PubKey()) || !r.c.RemotePub().IsEqual(p.init.PubKey()) {
		t.Fatal("remote keys wrong")
	}
	if !ic.LocalPub().IsEqual(p.init.PubKey()) || !r.c.LocalPub().IsEqual(p.resp.PubKey()) {
		t.Fatal("local keys wrong")
	}
	return ic, r.c
}

// assertTimeout checks a handshake error for a deadline: typed, in the
// expected act, and still an os.ErrDeadlineExceeded underneath.
func assertTimeout(t *testing.T, err error, act int) {
	t.Helper()
	assertActErr(t, err, act, ErrHandshakeTimeout)
	if !errors.Is(err, os.ErrDeadlineExceeded) {
		t.Fatalf("%v does not match os.ErrDeadlineExceeded", err)
	}
}

func TestRespondTimeoutOnStalledActOne(t *testing.T) {
	// The peer sends half of act one and then nothing: Respond gives up at
	// the handshake deadline with a typed error.
	client, server := tcpPair(t)
	p := newTestPeers(t)
	a1, _, _, _, _ := p.acts(t)
	if _, err := client.Write(a1[:ActOneSize/2]); err != nil {
		t.Fatal(err)
	}
	_, err := p.resp.Respond(context.Background(), server, WithHandshakeTimeout(200*time.Millisecond))
	assertTimeout(t, err, 1)
	// The failed handshake closed the connection: the client sees EOF.
	if _, err := client.Read(make([]byte, 1)); !errors.Is(err, io.EOF) {
		t.Fatalf("client read after the responder gave up: %v", err)
	}
}

func TestInitiateTimeoutOnSilentResponder(t *testing.T) {
	client, server := tcpPair(t)
	p := newTestPeers(t)
	_ = server // accepts, never answers
	_, err := p.init.Initiate(context.Background(), client, p.resp.PubKey(), WithHandshakeTimeout(200*time.Millisecond))
	assertTimeout(t, err, 2)
}

func TestHandshakeContextDeadlineWins(t *testing.T) {
	// The context's deadline comes before the (long) handshake timeout.
	_, server := tcpPair(t)
	p := newTestPeers(t)
	ctx, cancel := context.WithTimeout(context.Background(), 150*time.Millisecond)
	defer cancel()
	_, err := p.resp.Respond(ctx, server, WithHandshakeTimeout(time.Hour))
	assertTimeout(t, err, 1)
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("%v does not match context.DeadlineExceeded", err)
	}
}

func TestHandshakeContextCancel(t *testing.T) {
	client, server := tcpPair(t)
	p := newTestPeers(t)
	a1, _, _, _, _ := p.acts(t)
	ctx, cancel := context.WithCancel(context.Background())
	errc := make(chan error, 1)
	go func() {
		_, err := p.resp.Respond(ctx, server, WithHandshakeTimeout(time.Hour))
		errc <- err
	}()
	if _, err := client.Write(a1[:10]); err != nil {
		t.Fatal(err)
	}
	cancel()
	err := <-errc
	assertActErr(t, err, 1, context.Canceled)
	if errors.Is(err, ErrHandshakeTimeout) {
		t.Fatalf("cancellation reported as a timeout: %v", err)
	}

	// Already cancelled: nothing is attempted.
	_, server2 := tcpPair(t)
	_, err = p.resp.Respond(ctx, server2)
	assertActErr(t, err, 1, context.Canceled)
}

// deadlineRecorder records SetDeadline calls on a net.Conn.
type deadlineRecorder struct {
	net.Conn
	mu    sync.Mutex
	calls []time.Time
}

func (d *deadlineRecorder) SetDeadline(t time.Time) error {
	d.mu.Lock()
	d.calls = append(d.calls, t)
	d.mu.Unlock()
	return d.Conn.SetDeadline(t)
}

func TestHandshakeDeadlineSetAndCleared(t *testing.T) {
	a, b := pipePair(t)
	ra, rb := &deadlineRecorder{Conn: a}, &deadlineRecorder{Conn: b}
	before := time.Now()
	// handshakeOver's context allows 10s; the option's 2s comes first.
	handshakeOver(t, ra, rb, WithHandshakeTimeout(2*time.Second))
	for _, r := range []*deadlineRecorder{ra, rb} {
		r.mu.Lock()
		calls := r.calls
		r.mu.Unlock()
		if len(calls) != 2 {
			t.Fatalf("%d SetDeadline calls, want 2 (set, clear)", len(calls))
		}
		if calls[0].Before(before.Add(2*time.Second)) || calls[0].After(time.Now().Add(2*time.Second)) {
			t.Fatalf("deadline %v not two seconds from the start", calls[0])
		}
		if !calls[1].IsZero() {
			t.Fatalf("deadline not cleared: %v", calls[1])
		}
	}
}

func TestActTruncatedOverConn(t *testing.T) {
	// A peer that closes the stream inside an act, at every length: the
	// act is reported as a short read (and as the io error underneath).
	p := newTestPeers(t)
	a1, a2, a3, _, _ := p.acts(t)
	ctx := context.Background()
	assertShort := func(err error, act, n int) {
		t.Helper()
		assertActErr(t, err, act, ErrShortRead)
		if !errors.Is(err, io.ErrUnexpectedEOF) && !(n == 0 && errors.Is(err, io.EOF)) {
			t.Fatalf("act %d cut at %d: %v lacks the io error", act, n, err)
		}
	}
	for n := 0; n < ActOneSize; n++ {
		peer, c := pipePair(t)
		go func() { peer.Write(a1[:n]); peer.Close() }()
		_, err := p.resp.Respond(ctx, c, fixedEphemeral(t, respEphHex))
		assertShort(err, 1, n)
	}
	for n := 0; n < ActTwoSize; n++ {
		c, peer := pipePair(t)
		go func() {
			io.ReadFull(peer, make([]byte, ActOneSize))
			peer.Write(a2[:n])
			peer.Close()
		}()
		_, err := p.init.Initiate(ctx, c, p.resp.PubKey(), fixedEphemeral(t, initEphHex))
		assertShort(err, 2, n)
	}
	for n := 0; n < ActThreeSize; n++ {
		peer, c := pipePair(t)
		go func() {
			peer.Write(a1[:])
			io.ReadFull(peer, make([]byte, ActTwoSize))
			peer.Write(a3[:n])
			peer.Close()
		}()
		_, err := p.resp.Respond(ctx, c, fixedEphemeral(t, respEphHex))
		assertShort(err, 3, n)
	}
}

func TestHandshakeFailureOverConn(t *testing.T) {
	// A tampered act two ends the initiator's handshake with the state
	// machine's typed error, and closes the connection.
	p := newTestPeers(t)
	_, a2, _, _, _ := p.acts(t)
	c, peer := pipePair(t)
	go func() {
		io.ReadFull(peer, make([]byte, ActOneSize))
		peer.Write(flipBit(a2[:], 8*ActTwoSize-1))
	}()
	_, err := p.init.Initiate(context.Background(), c, p.resp.PubKey(), fixedEphemeral(t, initEphHex))
	assertActErr(t, err, 2, ErrBadMAC)
	if _, err := c.Write([]byte{0}); !errors.Is(err, io.ErrClosedPipe) {
		t.Fatalf("connection left open after a failed handshake: %v", err)
	}
}

func TestInitiateRespondPackageFuncs(t *testing.T) {
	ci, cr := tcpPair(t)
	ki, kr := privFromHex(t, initStaticHex), privFromHex(t, respStaticHex)
	ctx := context.Background()
	errc := make(chan error, 1)
	go func() {
		c, err := Respond(ctx, cr, kr)
		if err == nil {
			var msg []byte
			msg, err = c.ReadMessage()
			if err == nil {
				err = c.WriteMessage(append(msg, '!'))
			}
		}
		errc <- err
	}()
	c, err := Initiate(ctx, ci, ki, kr.PubKey())
	if err != nil {
		t.Fatal(err)
	}
	if err := c.WriteMessage([]byte("hi")); err != nil {
		t.Fatal(err)
	}
	got, err := c.ReadMessage()
	if err != nil || string(got) != "hi!" {
		t.Fatalf("echo: %q, %v", got, err)
	}
	if err := <-errc; err != nil {
		t.Fatal(err)
	}
	if _, err := Initiate(ctx, ci, nil, kr.PubKey()); !errors.Is(err, ErrInvalidKey) {
		t.Fatalf("nil key: %v", err)
	}
	if _, err := Respond(ctx, cr, nil); !errors.Is(err, ErrInvalidKey) {
		t.Fatalf("nil key: %v", err)
	}
}
