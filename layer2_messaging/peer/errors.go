package peer

import (
	"errors"
	"fmt"

	messaging "github.com/lnstack/lnstack/layer2_messaging"
	"github.com/lnstack/lnstack/layer2_messaging/wire"
)

// Sentinel errors. Every error a Peer returns matches one of them with
// errors.Is, or one of the sentinels of the packages it builds on:
// feature.ErrUnknownRequiredFeature and feature.ErrMissingDependency (the
// remote's init features), messaging.ErrUnknownRequiredMessage (an unknown
// even message) and the wire sentinels that wire.Malformed reports (a
// malformed known message). All of them mean the connection is closed.
var (
	// ErrConfig: New was given an unusable Config (a codec without the
	// BOLT #1 messages, local features that break the BOLT #9 rules, a
	// negative duration...).
	ErrConfig = errors.New("peer: invalid config")

	// ErrStarted: Start was called twice.
	ErrStarted = errors.New("peer: already started")

	// ErrNotReady: Send was called before Start finished the init
	// exchange. BOLT #1: the receiving node "MUST wait to receive init
	// before sending any other messages."
	ErrNotReady = errors.New("peer: init exchange not finished")

	// ErrReserved: Send was asked to send init, ping or pong, which the
	// Peer alone sends.
	ErrReserved = errors.New("peer: message type is sent by the peer itself")

	// ErrInitTimeout: the remote's init did not arrive within
	// Config.InitTimeout.
	ErrInitTimeout = errors.New("peer: no init from the remote in time")

	// ErrExpectedInit: the remote's first message was not init. BOLT #1:
	// the sending node "MUST send init as the first Lightning message for
	// any connection." The error is an *UnexpectedError.
	ErrExpectedInit = errors.New("peer: first message is not init")

	// ErrUnexpected: the remote sent a message that is out of place, such
	// as a second init. The error is an *UnexpectedError.
	ErrUnexpected = errors.New("peer: unexpected message")

	// ErrNoCommonChain: the remote's networks share no chain with
	// Config.Chains. BOLT #1: "upon receiving `networks` containing no
	// common chains ... MAY close the connection." The error is a
	// *ChainError.
	ErrNoCommonChain = errors.New("peer: no chain in common")

	// ErrPongTimeout: a ping got no matching pong within
	// Config.PongTimeout. BOLT #1: a node that "doesn't receive a
	// corresponding pong: MAY close the network connection, and MUST NOT
	// fail the channels in this case."
	ErrPongTimeout = errors.New("peer: no pong in time")

	// ErrRemoteError: the remote sent an error whose channel_id is all
	// zeros, which refers to every channel: BOLT #1 "MUST fail all
	// channels with the sending node." The error is a *RemoteError.
	ErrRemoteError = errors.New("peer: remote sent a connection-level error")

	// ErrDisconnected: the connection failed or the remote closed it. The
	// error wraps the I/O error as well.
	ErrDisconnected = errors.New("peer: connection lost")

	// ErrClosed: Close was called, or the context given to Start or Send
	// ended while it was waiting on the connection (the error then wraps
	// the context's error as well).
	ErrClosed = errors.New("peer: closed")
)

// UnexpectedError names a message the remote should not have sent where it
// did.
type UnexpectedError struct {
	// Reason is ErrExpectedInit or ErrUnexpected.
	Reason error
	// Type and Name identify the message.
	Type uint16
	Name string
}

func (e *UnexpectedError) Error() string {
	return fmt.Sprintf("%v: %s (type %d)", e.Reason, e.Name, e.Type)
}

// Unwrap returns the reason.
func (e *UnexpectedError) Unwrap() error { return e.Reason }

// ChainError lists the chains of both sides when they share none.
type ChainError struct {
	Local  []wire.ChainHash
	Remote []wire.ChainHash
}

func (e *ChainError) Error() string {
	return fmt.Sprintf("%v: local %v, remote %v", ErrNoCommonChain, e.Local, e.Remote)
}

// Is makes errors.Is(err, ErrNoCommonChain) true.
func (e *ChainError) Is(target error) bool { return target == ErrNoCommonChain }

// RemoteError is a connection-level error message from the remote.
type RemoteError struct {
	Msg *messaging.Error
}

func (e *RemoteError) Error() string {
	return fmt.Sprintf("%v: %s", ErrRemoteError, e.Msg.Text())
}

// Is makes errors.Is(err, ErrRemoteError) true.
func (e *RemoteError) Is(target error) bool { return target == ErrRemoteError }
