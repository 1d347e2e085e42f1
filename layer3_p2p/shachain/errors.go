package shachain

import "errors"

// Errors returned by this package; wrap them with errors.Is.
var (
	// ErrIndexOutOfRange is returned for an index above 2^48-1.
	ErrIndexOutOfRange = errors.New("shachain: index out of range")
	// ErrSecretMismatch is returned by Store.Insert when the new secret
	// does not derive a secret already held: the two were not generated
	// from the same seed.
	ErrSecretMismatch = errors.New("shachain: secret does not match the ones received")
	// ErrOutOfOrder is returned by Store.Insert when the index is not the
	// one after the last inserted (secrets arrive in descending order from
	// 2^48-1, one per revoked commitment).
	ErrOutOfOrder = errors.New("shachain: secret index out of order")
	// ErrUnknownIndex is returned by Store.Lookup for an index whose secret
	// has not been received.
	ErrUnknownIndex = errors.New("shachain: secret not received yet")
	// ErrMalformed is returned when decoding stored bytes fails.
	ErrMalformed = errors.New("shachain: malformed store encoding")
)
