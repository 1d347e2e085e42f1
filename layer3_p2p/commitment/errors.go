package commitment

import (
	"errors"
	"fmt"
)

// Errors returned by this package; wrap them with errors.Is.
var (
	// ErrUnknownChannelType is returned for a ChannelType other than
	// StaticRemoteKey and Anchors.
	ErrUnknownChannelType = errors.New("commitment: unknown channel type")
	// ErrMissingKey is returned when a key the transaction needs is nil.
	ErrMissingKey = errors.New("commitment: missing key")
	// ErrAmountOutOfRange is returned for an amount above 21 million
	// bitcoin, or a negative one.
	ErrAmountOutOfRange = errors.New("commitment: amount out of range")
	// ErrBalanceMismatch is returned when the balances and HTLCs of a
	// commitment do not add up to the funding amount.
	ErrBalanceMismatch = errors.New("commitment: balances and HTLCs do not add up to the funding amount")
	// ErrCommitmentNumber is returned for a commitment number above 2^48-1.
	ErrCommitmentNumber = errors.New("commitment: commitment number above 2^48-1")
	// ErrBadSignature is returned when a signature is missing or does not
	// verify; see SignatureError for which one.
	ErrBadSignature = errors.New("commitment: signature does not verify")
	// ErrSignatureCount is returned when a commitment_signed carries a
	// number of HTLC signatures other than the number of HTLC outputs.
	ErrSignatureCount = errors.New("commitment: wrong number of HTLC signatures")
	// ErrWrongHTLCTx is returned when an HTLC-success transaction is
	// finalized as an HTLC-timeout one, or the reverse.
	ErrWrongHTLCTx = errors.New("commitment: wrong kind of HTLC transaction")
	// ErrNoOutputs is returned when every output of a commitment would be
	// trimmed or dust: such a transaction could never be broadcast.
	ErrNoOutputs = errors.New("commitment: transaction has no output")
)

// SignatureError says which signature of a commitment did not verify:
// Index is -1 for the commitment transaction's own signature, otherwise the
// position of the HTLC signature (the HTLC outputs in output order).
type SignatureError struct {
	Index int
	Err   error
}

// Error says which signature failed.
func (e *SignatureError) Error() string {
	if e.Index < 0 {
		return fmt.Sprintf("commitment signature: %v", e.Err)
	}
	return fmt.Sprintf("HTLC signature %d: %v", e.Index, e.Err)
}

// Unwrap lets errors.Is find ErrBadSignature.
func (e *SignatureError) Unwrap() error { return e.Err }
