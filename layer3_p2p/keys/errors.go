package keys

import "errors"

// Errors returned by this package; wrap them with errors.Is.
var (
	// ErrInvalidPoint is returned for bytes that are not a compressed
	// secp256k1 point (33 bytes, 0x02 or 0x03 prefix, x on the curve).
	ErrInvalidPoint = errors.New("keys: invalid point")
	// ErrInvalidSecret is returned for a secret that is not 32 bytes or is
	// not a valid private key (zero, or not below the curve order).
	ErrInvalidSecret = errors.New("keys: invalid secret")
	// ErrNilKey is returned when a key argument is nil.
	ErrNilKey = errors.New("keys: nil key")
	// ErrDegenerate is returned when a derivation lands on the point at
	// infinity or the zero scalar. It cannot happen without a SHA-256
	// preimage attack, but a caller is told instead of handed a broken key.
	ErrDegenerate = errors.New("keys: derived key is degenerate")
)
