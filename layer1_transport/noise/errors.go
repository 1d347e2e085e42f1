package noise

import (
	"errors"
	"fmt"
)

// Sentinel errors. Every error the package returns for a protocol failure
// matches one of them with errors.Is; handshake failures are further wrapped
// in a *HandshakeError naming the act.
var (
	// ErrBadVersion is returned when a handshake act carries a version byte
	// other than 0. The concrete error is a *VersionError holding the byte.
	//
	// BOLT #8: "If v is an unrecognized handshake version, then the
	// responder MUST abort the connection attempt."
	ErrBadVersion = errors.New("noise: unknown handshake version")

	// ErrBadPubkey is returned when a public key in a handshake act (the
	// ephemeral key of act one or two, or the decrypted static key of act
	// three) is not a valid compressed secp256k1 point.
	ErrBadPubkey = errors.New("noise: invalid public key")

	// ErrBadMAC is returned when a Poly1305 tag does not authenticate: the
	// tag of an act, the encrypted static key of act three, or the length
	// prefix or body of a transport frame.
	ErrBadMAC = errors.New("noise: message authentication failed")

	// ErrShortRead is returned when an act or a frame ends before its full
	// size arrived. When the cause was the stream ending, the error also
	// matches io.ErrUnexpectedEOF or io.EOF.
	ErrShortRead = errors.New("noise: short read")

	// ErrActSize is returned when a handshake state machine is handed an
	// act longer than the act's fixed size.
	//
	// BOLT #8: "Each handshake is a _fixed_ sized payload without any header
	// or additional meta-data attached."
	ErrActSize = errors.New("noise: act longer than its fixed size")

	// ErrMessageTooLarge is returned when asked to send a message longer
	// than MaxMessageSize.
	//
	// BOLT #8: "The maximum size of any Lightning message MUST NOT exceed
	// 65535 bytes."
	ErrMessageTooLarge = errors.New("noise: message larger than 65535 bytes")

	// ErrHandshakeTimeout is returned when the handshake did not finish
	// before its deadline (the context's or the handshake timeout, whichever
	// came first). The error also matches os.ErrDeadlineExceeded, and
	// context.DeadlineExceeded when the context's deadline was the one hit.
	ErrHandshakeTimeout = errors.New("noise: handshake timed out")

	// ErrInvalidKey is returned when a nil or zero private key, or a nil
	// remote public key, is passed in, or an ephemeral key source returns
	// one.
	ErrInvalidKey = errors.New("noise: invalid key")

	// ErrHandshakeState is returned when a handshake state machine method is
	// called out of order, twice, or after an earlier step failed.
	ErrHandshakeState = errors.New("noise: handshake step out of order")

	// ErrFrameState is returned when a CipherState is asked to decrypt a
	// body that does not match the length its header announced, or a body
	// with no header before it.
	ErrFrameState = errors.New("noise: frame out of order")
)

// HandshakeError is a handshake failure, naming the act (1, 2 or 3) during
// which it happened. Err is the cause: one of the sentinels above, a
// *VersionError, an I/O error or a context error.
type HandshakeError struct {
	Act int
	Err error
}

// Error implements error.
func (e *HandshakeError) Error() string {
	return fmt.Sprintf("noise: handshake act %d: %v", e.Act, e.Err)
}

// Unwrap returns the cause, so errors.Is sees the sentinel inside.
func (e *HandshakeError) Unwrap() error { return e.Err }

// VersionError reports the unknown version byte of a handshake act. It
// matches ErrBadVersion with errors.Is.
type VersionError struct {
	Version byte
}

// Error implements error.
func (e *VersionError) Error() string {
	return fmt.Sprintf("noise: unknown handshake version %d", e.Version)
}

// Is makes errors.Is(err, ErrBadVersion) true for a *VersionError.
func (e *VersionError) Is(target error) bool { return target == ErrBadVersion }
