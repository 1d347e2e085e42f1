package layer1

import (
	"bytes"
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"math/rand/v2"
	"net"
	"sync"
	"testing"
	"time"

	"github.com/btcsuite/btcd/btcec/v2"
	"github.com/lightningnetwork/lnd/brontide"
	"github.com/lightningnetwork/lnd/lnwire"
	"github.com/lnstack/lnstack/layer1_transport/noise"
)

const (
	// exchangeCount messages go each way: 20 key rotations per direction
	// (BOLT #8 rotates every 500 messages).
	exchangeCount = 10_000
	// exchangeTimeout bounds one whole exchange.
	exchangeTimeout = 3 * time.Minute
	// rotationPeriod is the number of messages between two key rotations:
	// 1000 nonces, two per message (length prefix and body).
	rotationPeriod = 500
)

// Seeds of the two directions' message streams.
const (
	seedInitiatorToResponder = 0x6c6e737461636b01
	seedResponderToInitiator = 0x6c6e737461636b02
)

// messageStream is the deterministic sequence of messages one side sends;
// the receiver replays the same stream to know what to expect.
type messageStream struct {
	src *rand.ChaCha8
	rng *rand.Rand
	buf [noise.MaxMessageSize]byte
	i   int
}

func newMessageStream(seed uint64) *messageStream {
	var key [32]byte
	binary.LittleEndian.PutUint64(key[:], seed)
	src := rand.NewChaCha8(key)
	return &messageStream{src: src, rng: rand.New(src)}
}

// next returns the next message; the slice is valid until the next call.
// Sizes are uniform in 0..65535 except around key rotations: the last
// message under one key and the first under the next are both of maximum
// size or both empty, alternating from one rotation to the next, so that
// both extremes are encrypted with the last nonces of a key and the first
// of the next.
func (s *messageStream) next() []byte {
	var size int
	switch s.i % rotationPeriod {
	case rotationPeriod - 1:
		size = (s.i / rotationPeriod % 2) * noise.MaxMessageSize
	case 0:
		size = (1 - s.i/rotationPeriod%2) * noise.MaxMessageSize
	default:
		size = s.rng.IntN(noise.MaxMessageSize + 1)
	}
	s.i++
	msg := s.buf[:size]
	_, _ = s.src.Read(msg) // ChaCha8.Read never fails
	return msg
}

// endpoint is one side of an encrypted connection, whoever implemented it.
type endpoint struct {
	name  string
	conn  net.Conn // for deadlines and Close
	write func([]byte) error
	read  func() ([]byte, error)
}

func ourEndpoint(c *noise.Conn) endpoint {
	return endpoint{name: "lnstack", conn: c, write: c.WriteMessage, read: c.ReadMessage}
}

func theirEndpoint(c *brontide.Conn) endpoint {
	return endpoint{
		name: "brontide",
		conn: c,
		write: func(msg []byte) error {
			if err := c.WriteMessage(msg); err != nil {
				return err
			}
			_, err := c.Flush()
			return err
		},
		read: c.ReadNextMessage,
	}
}

// exchange sends exchangeCount messages each way at the same time and checks
// every received message against the sender's stream. The first failure
// closes both connections, which ends the other goroutines.
func exchange(t *testing.T, initiator, responder endpoint) {
	t.Helper()
	deadline := time.Now().Add(exchangeTimeout)
	for _, e := range []endpoint{initiator, responder} {
		if err := e.conn.SetDeadline(deadline); err != nil {
			t.Fatal(err)
		}
	}
	var (
		wg   sync.WaitGroup
		once sync.Once
		errs = make(chan error, 4)
	)
	fail := func(err error) {
		errs <- err
		once.Do(func() {
			initiator.conn.Close()
			responder.conn.Close()
		})
	}
	direction := func(from, to endpoint, seed uint64) {
		wg.Add(2)
		go func() {
			defer wg.Done()
			out := newMessageStream(seed)
			for i := range exchangeCount {
				if err := from.write(out.next()); err != nil {
					fail(fmt.Errorf("%s writes message %d: %w", from.name, i, err))
					return
				}
			}
		}()
		go func() {
			defer wg.Done()
			want := newMessageStream(seed)
			for i := range exchangeCount {
				w := want.next()
				got, err := to.read()
				if err != nil {
					fail(fmt.Errorf("%s reads message %d from %s: %w", to.name, i, from.name, err))
					return
				}
				if !bytes.Equal(got, w) {
					fail(fmt.Errorf("message %d from %s to %s: got %d bytes, want %d bytes (contents differ)",
						i, from.name, to.name, len(got), len(w)))
					return
				}
			}
		}()
	}
	direction(initiator, responder, seedInitiatorToResponder)
	direction(responder, initiator, seedResponderToInitiator)
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
}

// checkKeys checks that each side learned the other's static key.
func checkKeys(t *testing.T, ourRemote, theirRemote, ourKey, theirKey *btcec.PublicKey) {
	t.Helper()
	if !ourRemote.IsEqual(theirKey) {
		t.Errorf("lnstack sees remote key %x, want brontide's %x",
			ourRemote.SerializeCompressed(), theirKey.SerializeCompressed())
	}
	if !theirRemote.IsEqual(ourKey) {
		t.Errorf("brontide sees remote key %x, want lnstack's %x",
			theirRemote.SerializeCompressed(), ourKey.SerializeCompressed())
	}
}

// brontideListener listens on loopback with lnd's listener, which runs the
// handshake before Accept returns; the first accepted connection or
// handshake error comes out of the returned channel.
func brontideListener(t *testing.T, key *btcec.PrivateKey) (*brontide.Listener, <-chan acceptResult) {
	t.Helper()
	l, err := brontide.NewListener(newStaticKey(key), "127.0.0.1:0", brontide.DisabledBanClosure)
	if err != nil {
		t.Fatal(err)
	}
	return l, acceptOne(t, l, func(c net.Conn) acceptResult {
		return acceptResult{theirs: c.(*brontide.Conn)}
	})
}

// lnstackListener listens on loopback and runs noise.Respond on the first
// connection.
func lnstackListener(ctx context.Context, t *testing.T, key *btcec.PrivateKey) (net.Listener, <-chan acceptResult) {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	return l, acceptOne(t, l, func(c net.Conn) acceptResult {
		conn, err := noise.Respond(ctx, c, key)
		return acceptResult{ours: conn, err: err}
	})
}

// acceptOne accepts one connection on l in a goroutine and hands back what
// handshake makes of it, or the accept error. The listener closes when the
// test ends, which ends the goroutine if no connection came.
func acceptOne(t *testing.T, l net.Listener, handshake func(net.Conn) acceptResult) <-chan acceptResult {
	t.Cleanup(func() { l.Close() })
	results := make(chan acceptResult, 1)
	go func() {
		c, err := l.Accept()
		if err != nil {
			results <- acceptResult{err: err}
			return
		}
		results <- handshake(c)
	}()
	return results
}

// acceptResult is what a listener goroutine hands back.
type acceptResult struct {
	ours   *noise.Conn
	theirs *brontide.Conn
	err    error
}

// await takes a listener's result, bounded by ctx.
func await(ctx context.Context, t *testing.T, results <-chan acceptResult) acceptResult {
	t.Helper()
	select {
	case r := <-results:
		return r
	case <-ctx.Done():
		t.Fatalf("listener: %v", ctx.Err())
		return acceptResult{}
	}
}

// dialBrontide runs lnd's initiator against addr, expecting the static key
// remote.
func dialBrontide(key *btcec.PrivateKey, remote *btcec.PublicKey, addr net.Addr) (*brontide.Conn, error) {
	return brontide.Dial(newStaticKey(key), &lnwire.NetAddress{IdentityKey: remote, Address: addr},
		10*time.Second, net.DialTimeout)
}

// TestLnstackInitiatorBrontideResponder: noise.Initiate over TCP to lnd's
// brontide.Listener, then the message exchange.
func TestLnstackInitiatorBrontideResponder(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	ourKey, theirKey := testKey(t, "initiator"), testKey(t, "responder")
	l, results := brontideListener(t, theirKey)

	raw, err := (&net.Dialer{}).DialContext(ctx, "tcp", l.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	ours, err := noise.Initiate(ctx, raw, ourKey, theirKey.PubKey())
	if err != nil {
		t.Fatalf("noise.Initiate to brontide: %v", err)
	}
	defer ours.Close()
	r := await(ctx, t, results)
	if r.err != nil {
		t.Fatalf("brontide listener: %v", r.err)
	}
	defer r.theirs.Close()

	checkKeys(t, ours.RemotePub(), r.theirs.RemotePub(), ourKey.PubKey(), theirKey.PubKey())
	exchange(t, ourEndpoint(ours), theirEndpoint(r.theirs))
}

// TestBrontideInitiatorLnstackResponder: lnd's brontide.Dial over TCP to
// noise.Respond, then the message exchange.
func TestBrontideInitiatorLnstackResponder(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	theirKey, ourKey := testKey(t, "initiator"), testKey(t, "responder")
	l, results := lnstackListener(ctx, t, ourKey)

	theirs, err := dialBrontide(theirKey, ourKey.PubKey(), l.Addr())
	if err != nil {
		t.Fatalf("brontide.Dial to lnstack: %v", err)
	}
	defer theirs.Close()
	r := await(ctx, t, results)
	if r.err != nil {
		t.Fatalf("noise.Respond to brontide: %v", r.err)
	}
	defer r.ours.Close()

	checkKeys(t, r.ours.RemotePub(), theirs.RemotePub(), ourKey.PubKey(), theirKey.PubKey())
	exchange(t, theirEndpoint(theirs), ourEndpoint(r.ours))
}

// TestWrongKeyLnstackInitiator: an initiator that dials the wrong static key
// fails act one at lnd's responder, which hangs up; lnstack then sees the
// stream end while waiting for act two.
func TestWrongKeyLnstackInitiator(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	ourKey, theirKey, otherKey := testKey(t, "initiator"), testKey(t, "responder"), testKey(t, "other")
	l, results := brontideListener(t, theirKey)

	raw, err := (&net.Dialer{}).DialContext(ctx, "tcp", l.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	ours, err := noise.Initiate(ctx, raw, ourKey, otherKey.PubKey())
	if err == nil {
		ours.Close()
		t.Fatal("noise.Initiate towards the wrong key succeeded")
	}
	var he *noise.HandshakeError
	if !errors.As(err, &he) || he.Act != 2 || !errors.Is(err, noise.ErrShortRead) {
		t.Errorf("noise.Initiate: %v, want a short read in act 2", err)
	}
	if r := await(ctx, t, results); r.err == nil {
		r.theirs.Close()
		t.Error("brontide accepted a handshake towards another key")
	}
}

// TestWrongKeyBrontideInitiator: lnd dialling the wrong static key is caught
// by lnstack's responder at act one's MAC.
func TestWrongKeyBrontideInitiator(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	theirKey, ourKey, otherKey := testKey(t, "initiator"), testKey(t, "responder"), testKey(t, "other")
	l, results := lnstackListener(ctx, t, ourKey)

	theirs, err := dialBrontide(theirKey, otherKey.PubKey(), l.Addr())
	if err == nil {
		theirs.Close()
		t.Error("brontide.Dial towards the wrong key succeeded")
	}
	r := await(ctx, t, results)
	if r.err == nil {
		r.ours.Close()
		t.Fatal("noise.Respond accepted a handshake meant for another key")
	}
	var he *noise.HandshakeError
	if !errors.As(r.err, &he) || he.Act != 1 || !errors.Is(r.err, noise.ErrBadMAC) {
		t.Errorf("noise.Respond: %v, want a bad MAC in act 1", r.err)
	}
}
