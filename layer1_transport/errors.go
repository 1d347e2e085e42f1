package transport

import (
	"errors"
	"fmt"

	"github.com/lnstack/lnstack/layer1_transport/netaddr"
)

// Sentinel errors of Dial and Listen.
var (
	// ErrNeedsProxy: the address (a Tor onion service) can only be reached
	// through a proxy that resolves names itself, and the Dialer given is not
	// one (see ProxyDialer). Dialing directly would hand the onion name to
	// the system resolver, which leaks it and cannot succeed anyway.
	ErrNeedsProxy = errors.New("transport: address needs a proxy (Tor) to be reached")

	// ErrNoAddress: Dial was called with a nil address.
	ErrNoAddress = errors.New("transport: no address to dial")

	// ErrNoRemoteKey: Dial was called without the remote node's static key,
	// which BOLT #8 requires the initiator to know in advance.
	ErrNoRemoteKey = errors.New("transport: remote node key required to dial")
)

// DialError is a failed Dial: which address, whether the failure came while
// opening the byte stream ("connect") or during the BOLT #8 handshake
// ("handshake"), and the cause (a Dialer error, or a noise error such as
// *noise.HandshakeError).
type DialError struct {
	Addr netaddr.Address
	Op   string
	Err  error
}

func (e *DialError) Error() string {
	return fmt.Sprintf("transport: %s %s: %v", e.Op, e.Addr, e.Err)
}

// Unwrap returns the cause.
func (e *DialError) Unwrap() error { return e.Err }
