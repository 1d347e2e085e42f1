package netaddr

import (
	"errors"
	"fmt"
)

// Sentinel errors. Every error returned by this package wraps one of them, so
// callers tell cases apart with errors.Is.
var (
	// ErrTruncated: the bytes end inside an address descriptor of a known type.
	// BOLT #7 calls this "addrlen is insufficient to hold the address
	// descriptors of the known types" (the reader SHOULD send a warning).
	ErrTruncated = errors.New("netaddr: address descriptor truncated")

	// ErrUnknownDescriptor: a single descriptor (such as init's remote_addr)
	// has a type this package does not know, so its length is unknown.
	ErrUnknownDescriptor = errors.New("netaddr: unknown address descriptor type")

	// ErrTrailingBytes: a single descriptor is followed by extra bytes.
	ErrTrailingBytes = errors.New("netaddr: trailing bytes after address descriptor")

	// ErrBadOnion: a Tor onion address has the wrong length or is not base32.
	ErrBadOnion = errors.New("netaddr: malformed onion address")

	// ErrBadOnionVersion: a Tor v3 onion address whose version byte is not 3.
	ErrBadOnionVersion = errors.New("netaddr: onion address version is not 3")

	// ErrBadOnionChecksum: a Tor v3 onion address whose two checksum bytes do
	// not match SHA3-256(".onion checksum" || pubkey || version)[:2].
	ErrBadOnionChecksum = errors.New("netaddr: onion address checksum mismatch")

	// ErrTorV2: a Tor v2 onion address where one is not accepted (Tor removed
	// v2 services; BOLT #7 says a node SHOULD NOT announce one).
	ErrTorV2 = errors.New("netaddr: Tor v2 onion addresses are deprecated")

	// ErrBadHost: a host that is neither an IP address, an onion address nor
	// a valid ASCII DNS hostname of at most 255 bytes.
	ErrBadHost = errors.New("netaddr: invalid host")

	// ErrBadPort: a port that is missing where required, not a number in
	// 1..65535, or zero where BOLT #7 forbids it.
	ErrBadPort = errors.New("netaddr: invalid port")

	// ErrMultipleHostnames: more than one DNS hostname descriptor where
	// BOLT #7 allows one ("MUST NOT announce more than one type 5").
	ErrMultipleHostnames = errors.New("netaddr: more than one DNS hostname")

	// ErrBadPubkey: a node id that is not a 33-byte compressed secp256k1
	// public key in hex.
	ErrBadPubkey = errors.New("netaddr: invalid node public key")

	// ErrBadNodeAddr: a string that is not of the form <pubkey>@<host>[:<port>].
	ErrBadNodeAddr = errors.New("netaddr: want <pubkey>@<host>[:<port>]")
)

// DescriptorError says where in an addresses field a descriptor failed to
// decode. It wraps one of the sentinel errors.
type DescriptorError struct {
	// Offset is the index of the descriptor's type byte in the input.
	Offset int
	// Type is the descriptor's type byte.
	Type DescriptorType
	// Err is the reason, one of the sentinel errors (possibly wrapped).
	Err error
}

func (e *DescriptorError) Error() string {
	return fmt.Sprintf("address descriptor %s at offset %d: %v", e.Type, e.Offset, e.Err)
}

// Unwrap returns the reason, so errors.Is sees the sentinel.
func (e *DescriptorError) Unwrap() error { return e.Err }
