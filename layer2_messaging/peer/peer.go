package peer

import (
	"context"
	"fmt"
	"sync"
	"sync/atomic"
	"time"

	messaging "github.com/lnstack/lnstack/layer2_messaging"
	"github.com/lnstack/lnstack/layer2_messaging/feature"
	"github.com/lnstack/lnstack/layer2_messaging/wire"
)

// MessageConn is the connection a Peer runs over: whole Lightning messages
// in and out, as *noise.Conn of layer 1 carries them. ReadMessage is called
// from one goroutine and must return a slice the caller owns (a fresh one per
// message, as *noise.Conn does): decoded messages alias it instead of copying
// their byte fields. WriteMessage calls are serialized by the Peer and must
// not keep the slice. Close must make a blocked ReadMessage or WriteMessage
// return.
type MessageConn interface {
	ReadMessage() ([]byte, error)
	WriteMessage(msg []byte) error
	Close() error
}

// writeDeadliner is the optional part of a MessageConn that bounds the
// last-words warning sent before closing (net.Conn and *noise.Conn have it).
type writeDeadliner interface {
	SetWriteDeadline(t time.Time) error
}

// warningWriteTimeout bounds the warning sent before closing for a
// protocol violation: the connection is closed next either way.
const warningWriteTimeout = 2 * time.Second

// Peer is one Lightning connection at layer 2: it runs the init exchange,
// answers pings, checks the remote's liveness with its own pings, applies
// the BOLT #1 rules for unknown and malformed messages, and delivers every
// other message to the layer above through Recv.
//
// A Peer owns two goroutines once started: a reader and a pinger. Close,
// or any failure, stops both and closes the connection.
type Peer struct {
	conn MessageConn
	cfg  Config

	started  atomic.Bool
	ready    atomic.Bool   // the init exchange succeeded
	initSent chan struct{} // closed once our init is written
	initOK   chan struct{} // closed by the reader once the remote's init is accepted

	// Set by the reader before it closes initOK; read-only afterwards.
	remoteInit *messaging.Init
	remoteFeat feature.Vector
	negotiated feature.Vector

	dec   *messaging.Decoder // used by the reader only; messages alias the frames
	inbox chan messaging.Message
	live  liveness
	pongs bucket // used by the reader only
	stats counters

	wmu  sync.Mutex
	wbuf []byte

	done chan struct{}
	once sync.Once
	life sync.Mutex // orders starting the goroutines with Close
	err  error      // why the Peer stopped; set before done closes
	wg   sync.WaitGroup
}

// New returns a Peer over conn, not started: call Start. It fails with
// ErrConfig when cfg is unusable.
func New(conn MessageConn, cfg Config) (*Peer, error) {
	if conn == nil {
		return nil, fmt.Errorf("%w: nil connection", ErrConfig)
	}
	cfg, err := cfg.withDefaults()
	if err != nil {
		return nil, err
	}
	p := &Peer{
		conn:     conn,
		cfg:      cfg,
		initSent: make(chan struct{}),
		initOK:   make(chan struct{}),
		dec:      cfg.Codec.NewDecoder(),
		inbox:    make(chan messaging.Message, cfg.RecvBuffer),
		done:     make(chan struct{}),
	}
	p.pongs = newBucket(cfg.PongRate, cfg.PongBurst, time.Now())
	return p, nil
}

// Start runs the init exchange: it sends the local init and waits for the
// remote's, bounded by ctx and Config.InitTimeout. BOLT #1: the remote's
// first message must be init (ErrExpectedInit); its features, with the
// legacy globalfeatures ORed in, must not require a feature the local node
// does not offer (feature.ErrUnknownRequiredFeature) and must set their
// dependencies (feature.ErrMissingDependency); its networks, when both
// sides send them, must share a chain (ErrNoCommonChain).
//
// On success the Peer answers pings and sends its own until it stops; Start
// returns nil once the exchange succeeded even if the Peer stopped right
// after (the remote sent init and hung up): Recv and Err report that. On
// failure the connection is closed, after a warning to the remote when the
// fault is in its init, and Start returns the reason.
func (p *Peer) Start(ctx context.Context) error {
	if !p.started.CompareAndSwap(false, true) {
		return ErrStarted
	}
	p.life.Lock()
	if p.stopped() { // closed before it started
		p.life.Unlock()
		return p.err
	}
	p.wg.Add(2)
	go p.readLoop()
	go p.pingLoop()
	p.life.Unlock()

	ictx, cancel := context.WithTimeoutCause(ctx, p.cfg.InitTimeout, ErrInitTimeout)
	defer cancel()
	stop := context.AfterFunc(ictx, func() {
		select {
		case <-p.initOK:
			return // too late to fail the exchange
		default:
		}
		if cause := context.Cause(ictx); cause == ErrInitTimeout {
			p.fail(ErrInitTimeout)
		} else {
			p.fail(fmt.Errorf("%w: %w", ErrClosed, cause))
		}
	})
	defer stop()
	if err := p.write(p.localInit()); err != nil {
		p.fail(err)
	} else {
		close(p.initSent)
	}
	select {
	case <-p.initOK:
		// The exchange succeeded. If the Peer has stopped since (the
		// remote sent init and hung up, say), Recv and Err tell.
		p.ready.Store(true)
		return nil
	case <-p.done:
		select {
		case <-p.initOK: // both happened; the exchange did succeed
			p.ready.Store(true)
			return nil
		default:
		}
		p.wg.Wait()
		return p.err
	}
}

// Send sends m to the remote. It fails with ErrNotReady before Start has
// succeeded, with ErrReserved for init, ping and pong, with the encoding
// error when m does not encode (the Peer keeps running), and with the
// Peer's closing reason once it has stopped.
//
// If ctx ends while the message is being written, the Peer is closed: a
// message cut in the middle leaves the connection unusable.
func (p *Peer) Send(ctx context.Context, m messaging.Message) error {
	if !p.ready.Load() {
		return ErrNotReady
	}
	switch m.Type() {
	case messaging.TypeInit, messaging.TypePing, messaging.TypePong:
		return fmt.Errorf("%w: type %d", ErrReserved, m.Type())
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	select {
	case <-p.done:
		return p.err
	default:
	}
	if ctx.Done() != nil {
		stop := context.AfterFunc(ctx, func() {
			p.fail(fmt.Errorf("%w: send interrupted: %w", ErrClosed, context.Cause(ctx)))
		})
		defer stop()
	}
	return p.write(m)
}

// Recv returns the next message from the remote, typed: any message of the
// codec but init, ping and pong, including *messaging.Error for a channel
// and *messaging.Warning. Once the Peer has stopped and the messages
// received before are taken, it returns the reason the Peer stopped.
//
// Call Recv steadily: while RecvBuffer messages wait, the Peer reads
// nothing, and pongs to its own pings wait too.
func (p *Peer) Recv(ctx context.Context) (messaging.Message, error) {
	select {
	case m := <-p.inbox:
		p.stats.delivered.Add(1)
		return m, nil
	case <-p.done:
		select {
		case m := <-p.inbox:
			p.stats.delivered.Add(1)
			return m, nil
		default:
			return nil, p.err
		}
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}

// Close closes the connection, stops the Peer's goroutines and waits for
// them. It may be called at any time, from any goroutine, also before or
// during Start (which then fails with ErrClosed). Later calls of Err return ErrClosed unless the Peer had stopped for
// another reason. It returns nil.
func (p *Peer) Close() error {
	p.life.Lock()
	p.fail(ErrClosed)
	p.life.Unlock()
	p.wg.Wait()
	return nil
}

// Done is closed when the Peer has stopped.
func (p *Peer) Done() <-chan struct{} { return p.done }

// Err returns why the Peer stopped, or nil while it runs.
func (p *Peer) Err() error {
	select {
	case <-p.done:
		return p.err
	default:
		return nil
	}
}

// RemoteInit returns the remote's init message, or nil before Start has
// succeeded. The caller must not modify it.
func (p *Peer) RemoteInit() *messaging.Init {
	if !p.ready.Load() {
		return nil
	}
	return p.remoteInit
}

// RemoteFeatures returns the features the remote offered: init's two
// bitmaps ORed together (nil before Start has succeeded).
func (p *Peer) RemoteFeatures() feature.Vector {
	if !p.ready.Load() {
		return nil
	}
	return p.remoteFeat
}

// Negotiated returns the negotiated features (feature.Negotiate), nil
// before Start has succeeded. BOLT #1: "A feature is negotiated if either
// both peers offered it, or the local node offered it as even".
func (p *Peer) Negotiated() feature.Vector {
	if !p.ready.Load() {
		return nil
	}
	return p.negotiated
}

// RemoteNetworks returns the chains of the remote's networks record and
// whether it sent one.
func (p *Peer) RemoteNetworks() ([]wire.ChainHash, bool) {
	if !p.ready.Load() {
		return nil, false
	}
	return p.remoteInit.TLVs.Networks, p.remoteInit.TLVs.HasNetworks
}

// fail stops the Peer with reason err unless it has stopped already: it
// records err, closes done and the connection. It does not wait for the
// goroutines, so they may call it.
func (p *Peer) fail(err error) {
	p.once.Do(func() {
		p.err = err
		close(p.done)
		_ = p.conn.Close()
		if err != ErrClosed {
			p.cfg.Logger.Info("peer stopped", "reason", err)
		}
	})
}

// stopped reports whether the Peer has stopped.
func (p *Peer) stopped() bool {
	select {
	case <-p.done:
		return true
	default:
		return false
	}
}

// write encodes m and writes it. An encoding error is returned as is and
// leaves the Peer running; a write error stops the Peer.
func (p *Peer) write(m messaging.Message) error {
	p.wmu.Lock()
	defer p.wmu.Unlock()
	buf, err := messaging.Encode(p.wbuf[:0], m)
	if err != nil {
		return err
	}
	p.wbuf = buf
	if err := p.conn.WriteMessage(buf); err != nil {
		if p.stopped() {
			return p.err
		}
		err = fmt.Errorf("%w: write: %w", ErrDisconnected, err)
		p.fail(err)
		return err
	}
	return nil
}

// failWithWarning stops the Peer for a fault of the remote, telling it why
// first with a warning for all channels (warning, not error: BOLT #1 lets
// the receiver of error fail every channel, which a protocol fault on the
// connection does not call for). The write is bounded when the connection
// has write deadlines.
func (p *Peer) failWithWarning(err error) {
	if d, ok := p.conn.(writeDeadliner); ok {
		_ = d.SetWriteDeadline(time.Now().Add(warningWriteTimeout))
	}
	w := &messaging.Warning{Data: []byte(err.Error())}
	if len(w.Data) > 1024 {
		w.Data = w.Data[:1024]
	}
	_ = p.write(w)
	p.fail(err)
}

// Stats counts what the Peer did on its own.
type Stats struct {
	// PingsSent and PongsReceived count the Peer's pings (counted as
	// they are written) and the pongs that matched them.
	PingsSent     uint64
	PongsReceived uint64
	// PingsReceived counts the remote's pings; PongsSent those answered;
	// PingsIgnored those not answered (over the rate bound, or asking for
	// no pong).
	PingsReceived uint64
	PongsSent     uint64
	PingsIgnored  uint64
	// Ignored counts messages of unknown odd type, and pongs that matched
	// no ping.
	Ignored uint64
	// Delivered counts the messages Recv has returned.
	Delivered uint64
	// LastRTT is the round trip of the last ping answered, 0 before one.
	LastRTT time.Duration
}

// counters are the atomic counters behind Stats.
type counters struct {
	pingsSent, pongsReceived               atomic.Uint64
	pingsReceived, pongsSent, pingsIgnored atomic.Uint64
	ignored, delivered                     atomic.Uint64
	lastRTT                                atomic.Int64
}

// Stats returns the Peer's counters.
func (p *Peer) Stats() Stats {
	c := &p.stats
	return Stats{
		PingsSent:     c.pingsSent.Load(),
		PongsReceived: c.pongsReceived.Load(),
		PingsReceived: c.pingsReceived.Load(),
		PongsSent:     c.pongsSent.Load(),
		PingsIgnored:  c.pingsIgnored.Load(),
		Ignored:       c.ignored.Load(),
		Delivered:     c.delivered.Load(),
		LastRTT:       time.Duration(c.lastRTT.Load()),
	}
}
