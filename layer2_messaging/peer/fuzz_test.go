package peer

import (
	"context"
	"errors"
	"io"
	"net"
	"sync"
	"testing"

	messaging "github.com/lnstack/lnstack/layer2_messaging"
	"github.com/lnstack/lnstack/layer2_messaging/wire"
)

// memConn is a MessageConn in memory: reads come from a list of frames,
// then io.EOF; writes are kept.
type memConn struct {
	in     chan []byte
	closed chan struct{}
	once   sync.Once

	mu  sync.Mutex
	out [][]byte
}

func newMemConn(frames ...[]byte) *memConn {
	c := &memConn{in: make(chan []byte, len(frames)), closed: make(chan struct{})}
	for _, f := range frames {
		c.in <- f
	}
	close(c.in)
	return c
}

func (c *memConn) ReadMessage() ([]byte, error) {
	select {
	case <-c.closed:
		return nil, net.ErrClosed
	default:
	}
	select {
	case f, ok := <-c.in:
		if !ok {
			return nil, io.EOF
		}
		return f, nil
	case <-c.closed:
		return nil, net.ErrClosed
	}
}

func (c *memConn) WriteMessage(msg []byte) error {
	select {
	case <-c.closed:
		return net.ErrClosed
	default:
	}
	c.mu.Lock()
	c.out = append(c.out, append([]byte(nil), msg...))
	c.mu.Unlock()
	return nil
}

func (c *memConn) Close() error {
	c.once.Do(func() { close(c.closed) })
	return nil
}

// FuzzPeerFrame hands a Peer a valid init, one arbitrary frame, then the
// end of the stream. The Peer must not panic, and must stop with the end of
// the stream or one of its documented reasons.
func FuzzPeerFrame(f *testing.F) {
	for _, m := range []messaging.Message{
		&messaging.Ping{NumPongBytes: 4},
		&messaging.Ping{NumPongBytes: messaging.NoPongThreshold},
		&messaging.Pong{Ignored: []byte{0, 0}},
		&messaging.Error{Data: []byte("all")},
		&messaging.Error{ChannelID: wire.ChannelID{1}, Data: []byte("one")},
		&messaging.Warning{Data: []byte("w")},
		&messaging.Init{},
		&testMsg{typ: typeTestEven, Value: 3},
	} {
		b, err := messaging.Encode(nil, m)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	f.Add([]byte{0x80, 0x01})
	f.Add([]byte{0x80, 0x00})
	f.Add([]byte{0x00})
	f.Add([]byte{0x00, 0x12, 0x00})
	initFrame, err := messaging.Encode(nil, &messaging.Init{Features: testFeatures()})
	if err != nil {
		f.Fatal(err)
	}
	codec := testCodec(f)
	f.Fuzz(func(t *testing.T, frame []byte) {
		conn := newMemConn(initFrame, frame)
		p, err := New(conn, Config{Codec: codec, Features: testFeatures(), PingInterval: -1})
		if err != nil {
			t.Fatal(err)
		}
		defer p.Close()
		// The stream may end before Start returns: Start then reports why
		// the Peer stopped, else Recv does after the messages.
		ctx := context.Background()
		err = p.Start(ctx)
		for err == nil {
			_, err = p.Recv(ctx)
		}
		if !errors.Is(err, ErrDisconnected) && !errors.Is(err, ErrRemoteError) && !errors.Is(err, ErrUnexpected) &&
			!errors.Is(err, messaging.ErrUnknownRequiredMessage) && !wire.Malformed(err) &&
			!errors.Is(err, messaging.ErrMessageTooLarge) {
			t.Fatalf("frame %x: undocumented reason %v", frame, err)
		}
	})
}
