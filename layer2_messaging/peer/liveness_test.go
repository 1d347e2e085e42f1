package peer

import (
	"errors"
	"math"
	"testing"
	"time"

	messaging "github.com/lnstack/lnstack/layer2_messaging"
)

func TestPingAnswered(t *testing.T) {
	cfg := testConfig(t)
	cfg.PingInterval = -1 // only the remote pings here
	p, r := readyRemote(t, cfg)
	for _, n := range []uint16{0, 1, 300, messaging.NoPongThreshold - 1} {
		r.send(&messaging.Ping{NumPongBytes: n, Ignored: make([]byte, 3)})
		pong, ok := r.recv().(*messaging.Pong)
		if !ok || len(pong.Ignored) != int(n) {
			t.Fatalf("ping asking %d bytes: got %#v, want a pong of %d bytes", n, pong, n)
		}
		for _, b := range pong.Ignored {
			if b != 0 {
				t.Fatalf("pong ignored bytes not zero")
			}
		}
	}
	// BOLT #1: "otherwise (`num_pong_bytes` is **not** less than 65532):
	// MUST ignore the `ping`." The next pong answers the ping after it.
	r.send(&messaging.Ping{NumPongBytes: messaging.NoPongThreshold})
	r.send(&messaging.Ping{NumPongBytes: math.MaxUint16})
	r.send(&messaging.Ping{NumPongBytes: 7})
	if pong, ok := r.recv().(*messaging.Pong); !ok || len(pong.Ignored) != 7 {
		t.Fatalf("got %#v, want the pong of 7 bytes", pong)
	}
	// Once a later message is delivered, the pings before it are counted.
	r.send(&testMsg{typ: typeTestOdd})
	if _, err := p.Recv(testCtx(t)); err != nil {
		t.Fatal(err)
	}
	if s := p.Stats(); s.PingsReceived != 7 || s.PongsSent != 5 || s.PingsIgnored != 2 {
		t.Errorf("Stats %+v, want 7 pings received, 5 answered, 2 ignored", s)
	}
}

func TestPongTimeout(t *testing.T) {
	cfg := testConfig(t)
	cfg.PingInterval = 20 * time.Millisecond
	cfg.PongTimeout = 50 * time.Millisecond
	p, r := readyRemote(t, cfg)
	// The remote reads the ping and does not answer.
	if _, ok := r.recv().(*messaging.Ping); !ok {
		t.Fatal("the Peer sent no ping")
	}
	if err := waitStopped(t, p); !errors.Is(err, ErrPongTimeout) {
		t.Fatalf("stopped with %v, want ErrPongTimeout", err)
	}
}

func TestWrongPongIgnored(t *testing.T) {
	cfg := testConfig(t)
	cfg.PingInterval = 10 * time.Millisecond
	cfg.PongTimeout = time.Minute
	p, r := readyRemote(t, cfg)
	ping, ok := r.recv().(*messaging.Ping)
	if !ok {
		t.Fatal("the Peer sent no ping")
	}
	r.send(&messaging.Pong{Ignored: make([]byte, int(ping.NumPongBytes)+1)})
	pong, _ := messaging.PongFor(ping)
	r.send(pong)
	// A message after the pongs: once it is delivered, both pongs were
	// handled.
	r.send(&testMsg{typ: typeTestOdd})
	if _, err := p.Recv(testCtx(t)); err != nil {
		t.Fatal(err)
	}
	if s := p.Stats(); s.PongsReceived != 1 || s.Ignored != 1 || s.PingsSent != 1 {
		t.Errorf("Stats %+v, want 1 ping sent, 1 pong matched, 1 ignored", s)
	}
}

// TestLiveness runs two Peers that ping each other often and checks that
// pings keep the connection up: each gets several pongs back.
func TestLiveness(t *testing.T) {
	cfg := testConfig(t)
	cfg.PingInterval = 5 * time.Millisecond
	cfg.PongTimeout = testTimeout
	pa, pb := startPair(t, cfg, cfg)
	deadline := time.Now().Add(testTimeout)
	for pa.Stats().PongsReceived < 5 || pb.Stats().PongsReceived < 5 {
		if time.Now().After(deadline) {
			t.Fatalf("pongs received: %d and %d, want 5 each", pa.Stats().PongsReceived, pb.Stats().PongsReceived)
		}
		time.Sleep(5 * time.Millisecond)
	}
	if pa.Err() != nil || pb.Err() != nil {
		t.Fatalf("a Peer stopped: %v / %v", pa.Err(), pb.Err())
	}
	if s := pa.Stats(); s.LastRTT <= 0 {
		t.Errorf("LastRTT %v after pongs", s.LastRTT)
	}
}

// TestPingFlood sends 10,000 pings as fast as the connection takes them:
// the pongs stay within the rate bound, the rest are ignored, and the Peer
// keeps working.
func TestPingFlood(t *testing.T) {
	const (
		pings = 10000
		rate  = 50.0
		burst = 10
	)
	cfg := testConfig(t)
	cfg.PingInterval = -1
	cfg.PongRate, cfg.PongBurst = rate, burst
	p, r := readyRemote(t, cfg)

	// The Peer's side echoes the marker message back once it arrives;
	// being after every ping on the connection, it comes back after every
	// pong.
	ctx := testCtx(t)
	echoed := make(chan error, 1)
	go func() {
		m, err := p.Recv(ctx)
		if err == nil {
			err = p.Send(ctx, m)
		}
		echoed <- err
	}()
	type count struct {
		pongs int
		err   error
	}
	counted := make(chan count, 1)
	go func() {
		var c count
		for {
			m, err := r.tryRecv()
			if err != nil {
				c.err = err
				break
			}
			if _, ok := m.(*messaging.Pong); ok {
				c.pongs++
				continue
			}
			if _, ok := m.(*testMsg); ok {
				break
			}
		}
		counted <- c
	}()

	start := time.Now()
	ping, err := messaging.Encode(nil, &messaging.Ping{NumPongBytes: 16})
	if err != nil {
		t.Fatal(err)
	}
	for range pings {
		r.sendRaw(ping)
	}
	r.send(&testMsg{typ: typeTestOdd, Value: 1})
	c := wait(t, counted)
	elapsed := time.Since(start)
	if c.err != nil {
		t.Fatalf("remote read: %v", c.err)
	}
	if err := wait(t, echoed); err != nil {
		t.Fatalf("the Peer did not echo the message after the flood: %v", err)
	}

	bound := burst + int(rate*elapsed.Seconds()) + 1
	s := p.Stats()
	t.Logf("%d pings in %v: %d pongs (bound %d), %d ignored", pings, elapsed, c.pongs, bound, s.PingsIgnored)
	if c.pongs > bound || c.pongs < burst {
		t.Errorf("%d pongs, want between the burst %d and the bound %d", c.pongs, burst, bound)
	}
	if s.PingsReceived != pings || s.PongsSent != uint64(c.pongs) || s.PingsIgnored != uint64(pings-c.pongs) {
		t.Errorf("Stats %+v, want %d pings, %d pongs, the rest ignored", s, pings, c.pongs)
	}
	if p.Err() != nil {
		t.Fatalf("the flood stopped the Peer: %v", p.Err())
	}
}

func TestBucket(t *testing.T) {
	t0 := time.Unix(1000, 0)
	b := newBucket(2, 3, t0)
	took := 0
	for range 10 {
		if b.take(t0) {
			took++
		}
	}
	if took != 3 {
		t.Fatalf("a full bucket of 3 gave %d at once", took)
	}
	// Two tokens a second: half a second gives one, a long pause refills
	// to the burst and no further.
	if !b.take(t0.Add(500*time.Millisecond)) || b.take(t0.Add(500*time.Millisecond)) {
		t.Error("half a second at 2/s did not give exactly one token")
	}
	took = 0
	later := t0.Add(time.Hour)
	for range 10 {
		if b.take(later) {
			took++
		}
	}
	if took != 3 {
		t.Errorf("after an hour the bucket gave %d, want the burst 3", took)
	}
	// A clock that goes back gives nothing and breaks nothing.
	if b.take(t0) {
		t.Error("an empty bucket gave a token when time went back")
	}
}
