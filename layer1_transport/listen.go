package transport

import (
	"container/list"
	"context"
	"errors"
	"net"
	"sync"
	"time"

	"github.com/btcsuite/btcd/btcec/v2"
	"github.com/lnstack/lnstack/layer1_transport/noise"
)

// Listener accepts TCP connections and hands out only those that completed
// the BOLT #8 handshake as responder.
//
// Each accepted connection's handshake runs in its own goroutine, owned by
// the Listener, bounded by the handshake timeout, so a peer that connects and
// stalls delays nobody else. At most WithMaxPendingHandshakes handshakes run
// at once; when a new connection arrives at the bound, the oldest unfinished
// handshake is closed to make room. A honest handshake lasts 1.5 round trips,
// so the oldest is almost always a stalled one, and a flood of half-open
// connections cannot lock well-behaved peers out for a whole timeout (it
// would have to open the bound's worth of connections within one honest
// handshake to evict it).
//
// Finished connections wait for Accept in a queue of the same bound; if
// Accept falls that far behind, further authenticated connections are closed
// (and logged) rather than piling up.
type Listener struct {
	ln     net.Listener
	id     *noise.Identity
	cfg    config
	ctx    context.Context // cancelled by shutdown; aborts running handshakes
	cancel context.CancelFunc
	ready  chan *noise.Conn
	done   chan struct{} // closed by shutdown
	wg     sync.WaitGroup
	once   sync.Once

	mu      sync.Mutex
	pending list.List // of *pendingConn, oldest first
	closed  bool
	err     error // what Accept returns once done is closed
}

// pendingConn is one inbound connection whose handshake is running.
type pendingConn struct {
	conn    net.Conn
	elem    *list.Element
	evicted bool // closed to make room; the handshake's result is void
}

// Listen listens for TCP on address ("127.0.0.1:9735", ":0"...) and returns a
// Listener that authenticates inbound connections as the node holding local.
// ctx bounds only setting up the socket; Close stops the Listener.
func Listen(ctx context.Context, address string, local *btcec.PrivateKey, opts ...Option) (*Listener, error) {
	id, err := noise.NewIdentity(local)
	if err != nil {
		return nil, err
	}
	var lc net.ListenConfig
	ln, err := lc.Listen(ctx, "tcp", address)
	if err != nil {
		return nil, err
	}
	return newListener(ln, id, opts), nil
}

// NewListener wraps an existing listener (a Unix socket behind a Tor onion
// service, say). The Listener owns ln from then on and closes it on Close.
func NewListener(ln net.Listener, local *btcec.PrivateKey, opts ...Option) (*Listener, error) {
	id, err := noise.NewIdentity(local)
	if err != nil {
		return nil, err
	}
	return newListener(ln, id, opts), nil
}

func newListener(ln net.Listener, id *noise.Identity, opts []Option) *Listener {
	cfg := buildConfig(opts)
	ctx, cancel := context.WithCancel(context.Background())
	l := &Listener{
		ln:     ln,
		id:     id,
		cfg:    cfg,
		ctx:    ctx,
		cancel: cancel,
		ready:  make(chan *noise.Conn, cfg.maxPending),
		done:   make(chan struct{}),
	}
	l.wg.Add(1)
	go l.acceptLoop()
	return l
}

// Addr returns the address the Listener listens on.
func (l *Listener) Addr() net.Addr { return l.ln.Addr() }

// LocalPub returns the static public key inbound peers authenticate.
func (l *Listener) LocalPub() *btcec.PublicKey { return l.id.PubKey() }

// Accept waits for the next connection that completed the handshake; its
// RemotePub is the peer's node id. After Close it returns net.ErrClosed (and
// if the underlying listener failed, that error, which also matches
// net.ErrClosed when it was closed from outside).
func (l *Listener) Accept() (*noise.Conn, error) {
	select {
	case <-l.done:
		return nil, l.err
	default:
	}
	select {
	case c := <-l.ready:
		return c, nil
	case <-l.done:
		return nil, l.err
	}
}

// Close stops accepting, aborts every running handshake, closes connections
// not yet returned by Accept, and waits for the Listener's goroutines to
// end. It returns nil; calling it again does nothing.
func (l *Listener) Close() error {
	l.shutdown(net.ErrClosed)
	l.wg.Wait()
	for {
		select {
		case c := <-l.ready:
			_ = c.Close()
		default:
			return nil
		}
	}
}

// shutdown marks the Listener closed with the error Accept will return and
// stops the socket and the handshakes; it does not wait for goroutines, so
// the accept loop may call it.
func (l *Listener) shutdown(reason error) {
	l.once.Do(func() {
		l.mu.Lock()
		l.closed = true
		l.err = reason
		for e := l.pending.Front(); e != nil; e = e.Next() {
			_ = e.Value.(*pendingConn).conn.Close()
		}
		l.mu.Unlock()
		l.cancel()
		_ = l.ln.Close()
		close(l.done)
	})
}

// acceptLoop accepts until the listener closes. Errors other than closure
// (out of file descriptors, a connection reset before accept) are retried
// with a backoff of up to a second.
func (l *Listener) acceptLoop() {
	defer l.wg.Done()
	const maxBackoff = time.Second
	var backoff time.Duration
	for {
		c, err := l.ln.Accept()
		if err != nil {
			if errors.Is(err, net.ErrClosed) {
				l.shutdown(err)
				return
			}
			backoff = min(max(2*backoff, 5*time.Millisecond), maxBackoff)
			l.cfg.logger.Warn("accept failed, retrying", "err", err, "backoff", backoff)
			t := time.NewTimer(backoff)
			select {
			case <-t.C:
			case <-l.done:
				t.Stop()
				return
			}
			continue
		}
		backoff = 0
		l.startHandshake(c)
	}
}

// startHandshake registers c as pending, evicting the oldest pending
// handshake at the bound, and runs its handshake in a new goroutine.
func (l *Listener) startHandshake(c net.Conn) {
	l.mu.Lock()
	if l.closed {
		l.mu.Unlock()
		_ = c.Close()
		return
	}
	if l.pending.Len() >= l.cfg.maxPending {
		old := l.pending.Remove(l.pending.Front()).(*pendingConn)
		old.evicted = true
		_ = old.conn.Close()
		l.cfg.logger.Debug("handshake evicted: too many pending", "remote", old.conn.RemoteAddr())
	}
	p := &pendingConn{conn: c}
	p.elem = l.pending.PushBack(p)
	l.wg.Add(1)
	l.mu.Unlock()
	go l.handshake(p)
}

// handshake runs the responder's side for p and queues the result for Accept.
func (l *Listener) handshake(p *pendingConn) {
	defer l.wg.Done()
	nc, err := l.id.Respond(l.ctx, p.conn, noise.WithHandshakeTimeout(l.cfg.handshakeTimeout))

	l.mu.Lock()
	evicted, closed := p.evicted, l.closed
	if !evicted {
		l.pending.Remove(p.elem)
	}
	l.mu.Unlock()

	switch {
	case err != nil:
		// noise has closed the connection.
		l.cfg.logger.Debug("inbound handshake failed", "remote", p.conn.RemoteAddr(), "err", err)
		return
	case evicted || closed:
		// The handshake finished just as it was evicted or the Listener
		// closed: its socket is closed, or nobody will Accept it.
		_ = nc.Close()
		return
	}
	select {
	case l.ready <- nc:
	default:
		_ = nc.Close()
		l.cfg.logger.Warn("authenticated connection dropped: Accept is not keeping up", "remote", nc.RemoteAddr())
	}
}

// pendingHandshakes returns how many handshakes are running (for tests).
func (l *Listener) pendingHandshakes() int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.pending.Len()
}
