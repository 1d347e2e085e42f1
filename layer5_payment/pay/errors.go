package pay

import "errors"

// Sentinel errors of Outcome.Err.
var (
	// ErrConfig: New was given an unusable Config.
	ErrConfig = errors.New("pay: invalid config")
	// ErrNoRoute: pathfinding found no route for what is left to pay.
	ErrNoRoute = errors.New("pay: no route")
	// ErrRejected: the recipient failed the payment (a wrong or unknown
	// payment, an expiry or amount it refused); retrying cannot help.
	ErrRejected = errors.New("pay: recipient rejected the payment")
	// ErrTimeout: Config.Timeout passed before the payment completed.
	ErrTimeout = errors.New("pay: timed out")
	// ErrTooManyAttempts: Config.MaxAttempts HTLCs failed.
	ErrTooManyAttempts = errors.New("pay: too many failed attempts")
	// ErrFeeLimit: the only routes found cost more than Config.MaxFeeMsat.
	ErrFeeLimit = errors.New("pay: routes exceed the fee limit")
	// ErrInvoiceExpired: the invoice expired before the payment started.
	ErrInvoiceExpired = errors.New("pay: invoice expired")
)
