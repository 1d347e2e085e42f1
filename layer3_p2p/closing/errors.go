package closing

import "errors"

// Errors returned by this package; wrap them with errors.Is.
var (
	// ErrAmountOutOfRange is returned for a balance or fee above 21
	// million bitcoin, or a negative one.
	ErrAmountOutOfRange = errors.New("closing: amount out of range")
	// ErrFeeTooHigh is returned when the fee exceeds the balance of the
	// side that pays it.
	ErrFeeTooHigh = errors.New("closing: fee exceeds the payer's balance")
	// ErrDustOutput is returned when the requested variant of a
	// closing_complete transaction would hold a dust output.
	ErrDustOutput = errors.New("closing: output below the dust threshold")
	// ErrNoOutputs is returned when the transaction would have no output.
	ErrNoOutputs = errors.New("closing: transaction has no output")
	// ErrUnknownVariant is returned for a Variant other than the three of
	// closing_complete.
	ErrUnknownVariant = errors.New("closing: unknown variant")
	// ErrMissingScript is returned when an output's scriptpubkey is empty.
	ErrMissingScript = errors.New("closing: missing scriptpubkey")
	// ErrBadSignature is returned when a signature does not verify.
	ErrBadSignature = errors.New("closing: signature does not verify")
	// ErrNotClosingTx is returned when asked to sign a transaction that
	// does not have the single funding input of a closing transaction.
	ErrNotClosingTx = errors.New("closing: not a one-input closing transaction")
	// ErrMissingKey is returned when a key argument is nil.
	ErrMissingKey = errors.New("closing: missing key")
)
