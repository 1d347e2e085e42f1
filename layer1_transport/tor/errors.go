package tor

import (
	"errors"
	"fmt"
)

// Sentinel errors.
var (
	// ErrNetwork: DialContext was asked for a network other than TCP; SOCKS5
	// CONNECT carries only TCP streams.
	ErrNetwork = errors.New("tor: only tcp can be dialed through SOCKS5")

	// ErrProxy: the SOCKS5 proxy could not be reached or refused or failed
	// the connection; the wrapped error says which.
	ErrProxy = errors.New("tor: SOCKS5 proxy")

	// ErrAuth: no authentication method offered by Tor's control port can
	// be used (or the one tried was refused: then a *ControlError is
	// wrapped too).
	ErrAuth = errors.New("tor: control port authentication failed")

	// ErrServerHash: during SAFECOOKIE authentication the control port did
	// not prove it knows the cookie, so it is not the Tor we meant to talk to.
	ErrServerHash = errors.New("tor: control port failed to prove it knows the cookie")

	// ErrMalformedReply: the control port sent something that is not a
	// reply of the control protocol (or one too large to be Tor's).
	ErrMalformedReply = errors.New("tor: malformed control port reply")

	// ErrBadKeyFile: the onion service key file does not hold an
	// "ED25519-V3:<base64 of 64 bytes>" key.
	ErrBadKeyFile = errors.New("tor: malformed onion service key file")

	// ErrBadArgument: a value that would be written into a control port
	// command contains characters that could inject another command.
	ErrBadArgument = errors.New("tor: unsafe control command argument")
)

// ControlError is a non-2xx reply of the control port, such as 515
// (authentication failed) or 512 (syntax error in an argument).
type ControlError struct {
	Code int
	Msg  string
}

func (e *ControlError) Error() string {
	return fmt.Sprintf("tor: control port replied %d %s", e.Code, e.Msg)
}
