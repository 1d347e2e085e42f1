package messaging

import (
	"errors"
	"fmt"
)

// Sentinel errors of framing and of the Codec. Decoding a known message that
// is malformed fails with one of the sentinels of package wire instead
// (wire.Malformed reports those); both mean "close the connection".
var (
	// ErrMessageTooLarge: a frame longer than 65535 bytes. BOLT #1: "the
	// maximum possible size is 65535 bytes".
	ErrMessageTooLarge = errors.New("messaging: message longer than 65535 bytes")

	// ErrUnknownRequiredMessage: a message of an even type no table knows.
	// BOLT #1: "upon receiving a message of even, unknown type: MUST close
	// the connection." The error is an *UnknownMessageError.
	ErrUnknownRequiredMessage = errors.New("messaging: unknown even message type")

	// ErrTableConflict: NewCodec was given two entries with one type or one
	// name, or an entry whose constructor builds a message of another type.
	ErrTableConflict = errors.New("messaging: conflicting message tables")

	// ErrUnknownStream: DecodeStreamJSON was given a stream name no table
	// knows.
	ErrUnknownStream = errors.New("messaging: unknown TLV stream")

	// ErrTypeMismatch: Decoder.DecodeInto was given a frame of another
	// type than the message to decode into. The error is a
	// *TypeMismatchError.
	ErrTypeMismatch = errors.New("messaging: frame of another message type")
)

// UnknownMessageError is the error for a message of unknown even type.
type UnknownMessageError struct {
	Type uint16
}

// Error names the type.
func (e *UnknownMessageError) Error() string {
	return fmt.Sprintf("%v: %d", ErrUnknownRequiredMessage, e.Type)
}

// Is makes errors.Is(err, ErrUnknownRequiredMessage) true.
func (e *UnknownMessageError) Is(target error) bool { return target == ErrUnknownRequiredMessage }

// MessageError is the error for a known message that failed to decode: it
// names the message and wraps the reason (a *wire.DecodeError).
type MessageError struct {
	Type uint16
	Name string
	Err  error
}

// Error names the message and the reason.
func (e *MessageError) Error() string { return e.Name + ": " + e.Err.Error() }

// Unwrap returns the reason.
func (e *MessageError) Unwrap() error { return e.Err }

// TypeMismatchError is the error for a frame decoded into a message of
// another type.
type TypeMismatchError struct {
	// Type is the frame's type, Want the message's.
	Type, Want uint16
}

// Error names both types.
func (e *TypeMismatchError) Error() string {
	return fmt.Sprintf("%v: frame type %d, message type %d", ErrTypeMismatch, e.Type, e.Want)
}

// Is makes errors.Is(err, ErrTypeMismatch) true.
func (e *TypeMismatchError) Is(target error) bool { return target == ErrTypeMismatch }
