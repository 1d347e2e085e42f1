package receive

import "errors"

// Sentinel errors. A failed HTLC's forward.Failure has one of them (or a
// layer4_routing/forward sentinel for the onion-against-HTLC checks) as
// Reason, for errors.Is.
var (
	// ErrUnknownPayment: no invoice has the HTLC's payment_hash.
	ErrUnknownPayment = errors.New("receive: unknown payment_hash")
	// ErrSecretMismatch: payment_secret is absent or not the invoice's.
	ErrSecretMismatch = errors.New("receive: payment_secret missing or wrong")
	// ErrAmountTooLow: the payment (total_msat) is below the invoice amount.
	ErrAmountTooLow = errors.New("receive: amount below the invoice's")
	// ErrAmountTooHigh: the payment is more than twice the invoice amount.
	ErrAmountTooHigh = errors.New("receive: amount above twice the invoice's")
	// ErrExpired: the invoice has expired.
	ErrExpired = errors.New("receive: invoice expired")
	// ErrNotOpen: the invoice was already settled or canceled.
	ErrNotOpen = errors.New("receive: invoice not open")
	// ErrTotalMismatch: total_msat differs between the HTLCs of one set.
	ErrTotalMismatch = errors.New("receive: total_msat differs within the HTLC set")
	// ErrMPPTimeout: the HTLC set did not reach total_msat in time.
	ErrMPPTimeout = errors.New("receive: multi-part payment timed out")
	// ErrNoMPP: a partial HTLC for an invoice without basic_mpp.
	ErrNoMPP = errors.New("receive: partial payment without basic_mpp")
	// ErrDuplicateHTLC: an HTLC with the same key is already held.
	ErrDuplicateHTLC = errors.New("receive: HTLC already held")
	// ErrDuplicateHash: Create was given a preimage already registered.
	ErrDuplicateHash = errors.New("receive: payment_hash already registered")
)
