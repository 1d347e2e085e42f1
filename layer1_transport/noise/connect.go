package noise

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"time"

	"github.com/btcsuite/btcd/btcec/v2"
)

// Initiate runs the initiator's side of the BOLT #8 handshake over c, towards
// the node whose static key is remote, and returns the encrypted connection.
// It is NewIdentity(local) followed by Identity.Initiate; a node making many
// connections should keep one Identity instead.
func Initiate(ctx context.Context, c net.Conn, local *btcec.PrivateKey, remote *btcec.PublicKey, opts ...Option) (*Conn, error) {
	id, err := NewIdentity(local)
	if err != nil {
		return nil, err
	}
	return id.Initiate(ctx, c, remote, opts...)
}

// Respond runs the responder's side of the BOLT #8 handshake over c and
// returns the encrypted connection; Conn.RemotePub is the initiator's static
// key. It is NewIdentity(local) followed by Identity.Respond.
func Respond(ctx context.Context, c net.Conn, local *btcec.PrivateKey, opts ...Option) (*Conn, error) {
	id, err := NewIdentity(local)
	if err != nil {
		return nil, err
	}
	return id.Respond(ctx, c, opts...)
}

// Initiate runs the initiator's side of the handshake over c as id; see the
// package function Initiate. The handshake must finish before the earlier of
// the context's deadline and the handshake timeout (WithHandshakeTimeout,
// DefaultHandshakeTimeout); cancelling ctx aborts it. Both are applied with
// c.SetDeadline, which is cleared when the handshake succeeds. On failure c is
// closed and the error is a *HandshakeError naming the act.
func (id *Identity) Initiate(ctx context.Context, c net.Conn, remote *btcec.PublicKey, opts ...Option) (*Conn, error) {
	m, err := NewInitiator(id, remote, opts...)
	if err != nil {
		return nil, err
	}
	return runHandshake(ctx, c, buildOptions(opts).timeout, func() (*Session, error) {
		a1, err := m.ActOne()
		if err != nil {
			return nil, err
		}
		if _, err := c.Write(a1[:]); err != nil {
			return nil, &HandshakeError{Act: 1, Err: err}
		}
		// BOLT #8: "Read _exactly_ 50 bytes from the network buffer."
		var a2 [ActTwoSize]byte
		if _, err := io.ReadFull(c, a2[:]); err != nil {
			return nil, &HandshakeError{Act: 2, Err: err}
		}
		a3, s, err := m.RecvActTwo(a2[:])
		if err != nil {
			return nil, err
		}
		if _, err := c.Write(a3[:]); err != nil {
			return nil, &HandshakeError{Act: 3, Err: err}
		}
		return s, nil
	})
}

// Respond runs the responder's side of the handshake over c as id; see the
// package function Respond. Deadlines, cancellation and errors work as for
// Identity.Initiate.
func (id *Identity) Respond(ctx context.Context, c net.Conn, opts ...Option) (*Conn, error) {
	m, err := NewResponder(id, opts...)
	if err != nil {
		return nil, err
	}
	return runHandshake(ctx, c, buildOptions(opts).timeout, func() (*Session, error) {
		// BOLT #8: "Read _exactly_ 50 bytes from the network buffer."
		var a1 [ActOneSize]byte
		if _, err := io.ReadFull(c, a1[:]); err != nil {
			return nil, &HandshakeError{Act: 1, Err: err}
		}
		a2, err := m.RecvActOne(a1[:])
		if err != nil {
			return nil, err
		}
		if _, err := c.Write(a2[:]); err != nil {
			return nil, &HandshakeError{Act: 2, Err: err}
		}
		// BOLT #8: "Read _exactly_ 66 bytes from the network buffer."
		var a3 [ActThreeSize]byte
		if _, err := io.ReadFull(c, a3[:]); err != nil {
			return nil, &HandshakeError{Act: 3, Err: err}
		}
		return m.RecvActThree(a3[:])
	})
}

// runHandshake runs the acts under the handshake deadline and turns raw I/O
// failures into the package's errors.
func runHandshake(ctx context.Context, c net.Conn, timeout time.Duration, acts func() (*Session, error)) (*Conn, error) {
	if err := ctx.Err(); err != nil {
		_ = c.Close()
		return nil, &HandshakeError{Act: 1, Err: err}
	}
	deadline := time.Now().Add(timeout)
	ctxDeadline := false
	if d, ok := ctx.Deadline(); ok && d.Before(deadline) {
		deadline, ctxDeadline = d, true
	}
	if err := c.SetDeadline(deadline); err != nil {
		_ = c.Close()
		return nil, &HandshakeError{Act: 1, Err: err}
	}
	// Cancelling ctx moves the deadline into the past, which wakes a Read or
	// Write blocked on c at once.
	woken := make(chan struct{})
	stop := context.AfterFunc(ctx, func() {
		_ = c.SetDeadline(time.Unix(1, 0))
		close(woken)
	})

	s, err := acts()

	if !stop() {
		// The wake-up has started: wait for it so it cannot move the
		// deadline after it was cleared below.
		<-woken
	}
	if err == nil {
		err = c.SetDeadline(time.Time{})
		if err != nil {
			err = &HandshakeError{Act: 3, Err: err}
		}
	}
	if err != nil {
		_ = c.Close()
		var he *HandshakeError
		if errors.As(err, &he) {
			he.Err = classify(ctx, ctxDeadline, he.Err)
		}
		return nil, err
	}
	return newConn(c, s), nil
}

// classify maps a raw I/O error met during an act onto the package's errors,
// keeping the original in the chain. ctxDeadline tells whether the deadline
// set on the connection was the context's: when it expires, the connection's
// timer and the context's race, so ctx.Err() may still be nil.
func classify(ctx context.Context, ctxDeadline bool, err error) error {
	switch {
	case errors.Is(err, os.ErrDeadlineExceeded):
		if ctxErr := ctx.Err(); errors.Is(ctxErr, context.Canceled) {
			return fmt.Errorf("%w: %w", ctxErr, err)
		}
		if ctxDeadline {
			return fmt.Errorf("%w: %w: %w", ErrHandshakeTimeout, context.DeadlineExceeded, err)
		}
		return fmt.Errorf("%w: %w", ErrHandshakeTimeout, err)
	case errors.Is(err, io.EOF), errors.Is(err, io.ErrUnexpectedEOF):
		return fmt.Errorf("%w: %w", ErrShortRead, err)
	}
	return err
}
