package failure

import (
	"errors"
	"fmt"
)

// Errors of the return packet and of attribution data.
var (
	// ErrPacketLength: a return packet too short to hold its HMAC, its two
	// lengths and the 256 bytes of message and padding BOLT #4 requires,
	// or whose lengths do not add up to its size.
	ErrPacketLength = errors.New("failure: return packet of invalid length")

	// ErrMessageTooLong: a failure message, or a padded length asked for,
	// that does not fit a u16 length.
	ErrMessageTooLong = errors.New("failure: failure message too long")

	// ErrUnknownSource: no hop of the route authenticates the return
	// packet; the origin cannot tell who sent it (attribution data, when
	// present, still narrows it down).
	ErrUnknownSource = errors.New("failure: return packet from no hop of the route")

	// ErrNotBadOnion: update_fail_malformed_htlc with a failure code
	// without the BADONION bit.
	ErrNotBadOnion = errors.New("failure: malformed HTLC failure without BADONION")

	// ErrNoRoute: decryption was asked for a route without hops, or with
	// more hops than attribution data covers.
	ErrNoRoute = errors.New("failure: route empty or too long")
)

// MessageError is a failure message that did not decode: its code (zero
// when even that was missing) and the layer2_messaging/wire error.
type MessageError struct {
	Code Code
	Err  error
}

func (e *MessageError) Error() string {
	return fmt.Sprintf("failure message %v: %v", e.Code, e.Err)
}

// Unwrap returns the wire error, so wire.Malformed and errors.Is see it.
func (e *MessageError) Unwrap() error { return e.Err }
