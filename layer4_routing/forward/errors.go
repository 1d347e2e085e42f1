package forward

import "errors"

// The rules a forwarding decision checks. A Failure's Reason is one of
// these, so that a node can log and count why it failed an HTLC (errors.Is)
// while the peer only sees the failure code. Inside a blinded route every
// rule fails with invalid_onion_blinding; the Reason still names the rule.
var (
	// ErrNodeUnavailable: the node is failing every HTLC for a while
	// (temporary_node_failure).
	ErrNodeUnavailable = errors.New("forward: node temporarily unavailable")
	// ErrNodeRetired: the node no longer forwards at all
	// (permanent_node_failure).
	ErrNodeRetired = errors.New("forward: node permanently unavailable")

	// ErrMissingField: a field the payload must have is absent
	// (invalid_onion_payload with its type).
	ErrMissingField = errors.New("forward: payload field missing")
	// ErrForbiddenField: the payload has a field it must not have here
	// (invalid_onion_payload with its type).
	ErrForbiddenField = errors.New("forward: payload field not allowed here")

	// ErrUnknownChannel: no channel to the peer the onion names
	// (unknown_next_peer).
	ErrUnknownChannel = errors.New("forward: no channel to the next peer")
	// ErrChannelClosing: the outgoing channel is closing or closed
	// (permanent_channel_failure).
	ErrChannelClosing = errors.New("forward: outgoing channel closing")
	// ErrPeerOffline: the outgoing channel's peer is not connected
	// (temporary_channel_failure).
	ErrPeerOffline = errors.New("forward: next peer offline")
	// ErrAboveMaximum: the amount to forward exceeds the channel's
	// htlc_maximum_msat (temporary_channel_failure).
	ErrAboveMaximum = errors.New("forward: amount above htlc_maximum_msat")
	// ErrBandwidth: the channel cannot offer the amount now: balance,
	// reserve or in-flight limit (temporary_channel_failure).
	ErrBandwidth = errors.New("forward: not enough outgoing bandwidth")
	// ErrNoSlot: the channel has max_accepted_htlcs HTLCs in flight
	// already (temporary_channel_failure).
	ErrNoSlot = errors.New("forward: no HTLC slot on the outgoing channel")
	// ErrBelowMinimum: the amount to forward is below the channel's
	// minimum (amount_below_minimum).
	ErrBelowMinimum = errors.New("forward: amount below htlc_minimum_msat")
	// ErrFee: the incoming amount does not cover the amount to forward
	// plus the fee (fee_insufficient).
	ErrFee = errors.New("forward: fee insufficient")
	// ErrCLTVDelta: the incoming expiry does not leave cltv_expiry_delta
	// blocks over the outgoing one (incorrect_cltv_expiry).
	ErrCLTVDelta = errors.New("forward: cltv_expiry_delta not met")
	// ErrExpiryTooSoon: the HTLC expires too near the current height to
	// forward safely (expiry_too_soon).
	ErrExpiryTooSoon = errors.New("forward: expiry too soon")
	// ErrExpiryTooFar: the incoming expiry is more than max_htlc_cltv
	// blocks away (expiry_too_far).
	ErrExpiryTooFar = errors.New("forward: expiry too far")
	// ErrChannelDisabled: the outgoing channel is disabled
	// (channel_disabled).
	ErrChannelDisabled = errors.New("forward: outgoing channel disabled")

	// ErrBlinding: the blinded route part of the payload breaks a rule of
	// BOLT #4 "Route Blinding" (invalid_onion_blinding).
	ErrBlinding = errors.New("forward: invalid blinded payload")
	// ErrConstraints: the HTLC breaks the blinded route's
	// payment_constraints (invalid_onion_blinding).
	ErrConstraints = errors.New("forward: payment_constraints not met")

	// ErrFinalExpiryTooSoon: at the final node, the HTLC expires before
	// current height + min_final_cltv_expiry_delta
	// (incorrect_or_unknown_payment_details).
	ErrFinalExpiryTooSoon = errors.New("forward: final expiry too soon")
	// ErrFinalCLTV: at the final node, the HTLC's expiry is below the
	// onion's outgoing_cltv_value (final_incorrect_cltv_expiry).
	ErrFinalCLTV = errors.New("forward: final cltv_expiry below outgoing_cltv_value")
	// ErrFinalAmount: at the final node, the HTLC's amount is below the
	// onion's amt_to_forward (final_incorrect_htlc_amount).
	ErrFinalAmount = errors.New("forward: final amount below amt_to_forward")
)
