package funding

import "errors"

// Errors returned by this package; wrap them with errors.Is.
var (
	// ErrNoInputs is returned for a transaction without inputs.
	ErrNoInputs = errors.New("funding: no inputs")
	// ErrInsufficientFunds is returned when the inputs do not cover the
	// funding amount and the fee.
	ErrInsufficientFunds = errors.New("funding: inputs do not cover the funding amount and fee")
	// ErrAmountOutOfRange is returned for a negative amount or one above
	// 21 million bitcoin.
	ErrAmountOutOfRange = errors.New("funding: amount out of range")
	// ErrDuplicateSerialID is returned when two inputs or two outputs of an
	// interactive transaction share a serial_id.
	ErrDuplicateSerialID = errors.New("funding: duplicate serial_id")
	// ErrTooMany is returned for more than 252 inputs or outputs.
	ErrTooMany = errors.New("funding: more than 252 inputs or outputs")
	// ErrUnsupportedScript is returned when a signer is asked to spend an
	// output script it does not handle.
	ErrUnsupportedScript = errors.New("funding: unsupported previous output script")
)
