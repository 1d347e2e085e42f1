package noise

import (
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"sync"
	"time"

	"github.com/btcsuite/btcd/btcec/v2"
)

// Conn is an encrypted, authenticated connection after a finished BOLT #8
// handshake. It carries whole Lightning messages with ReadMessage and
// WriteMessage, and also implements net.Conn over the same stream: Read
// returns the bytes of the next message(s) and Write cuts its input into
// messages of at most MaxMessageSize bytes.
//
// One goroutine may read while any number of goroutines write: writes are
// serialized, each message going out as one frame with one Write on the
// underlying connection. Reads are serialized too, but two readers would
// see an arbitrary split of the messages.
type Conn struct {
	conn    net.Conn
	session *Session

	rmu     sync.Mutex
	hdr     [LengthHeaderSize]byte
	hdrN    int    // bytes of the current header read so far
	bodyLen int    // message length of the current frame, -1 before its header
	body    []byte // ciphertext buffer of the current frame's body
	bodyN   int    // bytes of the current body read so far
	plain   []byte // decrypted message backing pending
	pending []byte // what Read has not returned yet of the last message
	rerr    error  // the stream is unusable after this read error

	wmu  sync.Mutex
	wbuf []byte
	werr error // the stream is unusable after this write error
}

var _ net.Conn = (*Conn)(nil)

func newConn(c net.Conn, s *Session) *Conn {
	return &Conn{conn: c, session: s, bodyLen: -1}
}

// RemotePub returns the peer's static public key (its node id).
func (c *Conn) RemotePub() *btcec.PublicKey { return c.session.RemotePub() }

// LocalPub returns this node's static public key.
func (c *Conn) LocalPub() *btcec.PublicKey { return c.session.LocalPub() }

// ReadMessage reads and decrypts the next Lightning message. The returned
// slice is newly allocated and belongs to the caller. A peer that closes the
// connection between two frames yields io.EOF; one that closes inside a frame
// yields an error matching both ErrShortRead and io.ErrUnexpectedEOF; a frame
// that fails authentication yields ErrBadMAC. If a read deadline expires, the
// error matches os.ErrDeadlineExceeded and the next call resumes the frame
// where it stopped; every other error is final.
//
// If Read left part of a message unread, ReadMessage returns that remainder.
func (c *Conn) ReadMessage() ([]byte, error) {
	c.rmu.Lock()
	defer c.rmu.Unlock()
	if len(c.pending) > 0 {
		msg := append([]byte(nil), c.pending...)
		c.pending = nil
		return msg, nil
	}
	body, err := c.readFrame()
	if err != nil {
		return nil, err
	}
	// One allocation per message, of exactly its size: the caller owns it.
	return c.decryptBody(make([]byte, 0, len(body)-MACSize), body)
}

// Read implements net.Conn: it returns the bytes of the next message, or the
// rest of the last one, without ever blocking once it has something.
// Empty messages are skipped.
func (c *Conn) Read(p []byte) (int, error) {
	if len(p) == 0 {
		return 0, nil
	}
	c.rmu.Lock()
	defer c.rmu.Unlock()
	for len(c.pending) == 0 {
		body, err := c.readFrame()
		if err != nil {
			return 0, err
		}
		if n := len(body) - MACSize; n <= len(p) {
			// The whole message fits: decrypt straight into p.
			out, err := c.decryptBody(p[:0], body)
			if err != nil {
				return 0, err
			}
			if n > 0 {
				return len(out), nil
			}
			continue
		}
		c.plain, err = c.decryptBody(c.plain[:0], body)
		if err != nil {
			return 0, err
		}
		c.pending = c.plain
	}
	n := copy(p, c.pending)
	c.pending = c.pending[n:]
	return n, nil
}

// readFrame reads the next frame's header and body from the stream and
// returns the body's ciphertext. It keeps its progress across calls, so a
// read that stops at a deadline resumes where it stopped.
func (c *Conn) readFrame() ([]byte, error) {
	if c.rerr != nil {
		return nil, c.rerr
	}
	recv := c.session.Recv()
	if c.bodyLen < 0 {
		// BOLT #8: "Read _exactly_ 18 bytes from the network buffer."
		for c.hdrN < LengthHeaderSize {
			n, err := c.conn.Read(c.hdr[c.hdrN:])
			c.hdrN += n
			if err != nil && c.hdrN < LengthHeaderSize {
				return nil, c.readFailed(err, c.hdrN == 0)
			}
		}
		l, err := recv.DecryptHeader(c.hdr[:])
		if err != nil {
			c.rerr = err
			return nil, err
		}
		c.hdrN, c.bodyLen, c.bodyN = 0, l, 0
		if need := l + MACSize; cap(c.body) < need {
			c.body = make([]byte, need)
		}
	}
	// BOLT #8: "Read _exactly_ l+16 bytes from the network buffer".
	body := c.body[:c.bodyLen+MACSize]
	for c.bodyN < len(body) {
		n, err := c.conn.Read(body[c.bodyN:])
		c.bodyN += n
		if err != nil && c.bodyN < len(body) {
			return nil, c.readFailed(err, false)
		}
	}
	c.bodyLen = -1
	return body, nil
}

// decryptBody decrypts the body readFrame returned, making any failure final.
func (c *Conn) decryptBody(dst, body []byte) ([]byte, error) {
	out, err := c.session.Recv().DecryptBody(dst, body)
	if err != nil {
		c.rerr = err
		return nil, err
	}
	return out, nil
}

// readFailed classifies a read error. A deadline leaves the stream usable
// (readFrame resumes); the end of the stream between frames is io.EOF, inside
// a frame a short read; anything else is final.
func (c *Conn) readFailed(err error, atBoundary bool) error {
	if errors.Is(err, os.ErrDeadlineExceeded) {
		return err
	}
	if errors.Is(err, io.EOF) {
		if atBoundary {
			err = io.EOF
		} else {
			err = fmt.Errorf("%w: %w", ErrShortRead, io.ErrUnexpectedEOF)
		}
	}
	c.rerr = err
	return err
}

// WriteMessage encrypts msg as one frame and writes it. It returns
// ErrMessageTooLarge, writing nothing, when len(msg) > MaxMessageSize. After
// any write error, including an expired write deadline, the connection
// cannot send any more (part of a frame may have gone out) and every later
// write returns that error.
func (c *Conn) WriteMessage(msg []byte) error {
	if len(msg) > MaxMessageSize {
		return ErrMessageTooLarge
	}
	c.wmu.Lock()
	defer c.wmu.Unlock()
	return c.writeLocked(msg)
}

// Write implements net.Conn: p goes out as consecutive messages of at most
// MaxMessageSize bytes, not interleaved with other writers' messages.
func (c *Conn) Write(p []byte) (int, error) {
	c.wmu.Lock()
	defer c.wmu.Unlock()
	n := 0
	for len(p) > 0 {
		chunk := p[:min(len(p), MaxMessageSize)]
		if err := c.writeLocked(chunk); err != nil {
			return n, err
		}
		n += len(chunk)
		p = p[len(chunk):]
	}
	return n, nil
}

func (c *Conn) writeLocked(msg []byte) error {
	if c.werr != nil {
		return c.werr
	}
	var err error
	c.wbuf, err = c.session.Send().EncryptFrame(c.wbuf[:0], msg)
	if err != nil {
		return err
	}
	// BOLT #8: "Send lc || c over the network buffer."
	if _, err := c.conn.Write(c.wbuf); err != nil {
		c.werr = err
		return err
	}
	return nil
}

// Close closes the underlying connection.
func (c *Conn) Close() error { return c.conn.Close() }

// LocalAddr returns the underlying connection's local address.
func (c *Conn) LocalAddr() net.Addr { return c.conn.LocalAddr() }

// RemoteAddr returns the underlying connection's remote address.
func (c *Conn) RemoteAddr() net.Addr { return c.conn.RemoteAddr() }

// SetDeadline sets the underlying connection's read and write deadlines.
func (c *Conn) SetDeadline(t time.Time) error { return c.conn.SetDeadline(t) }

// SetReadDeadline sets the underlying connection's read deadline.
func (c *Conn) SetReadDeadline(t time.Time) error { return c.conn.SetReadDeadline(t) }

// SetWriteDeadline sets the underlying connection's write deadline.
func (c *Conn) SetWriteDeadline(t time.Time) error { return c.conn.SetWriteDeadline(t) }
