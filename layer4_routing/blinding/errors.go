package blinding

import (
	"errors"
	"fmt"
)

// Errors of route blinding. Every failure a node meets inside a blinded
// path is reported upstream as invalid_onion_blinding (BOLT #4: "the
// decision turn every error into invalid_onion_blinding"); ProcessPayment
// wraps them, and the onion and payload errors under them, in a *PathError.
var (
	// ErrDecrypt: encrypted_recipient_data does not authenticate with the
	// node's rho key. BOLT #4: "MUST return an error if
	// encrypted_recipient_data does not decrypt using the path_key".
	ErrDecrypt = errors.New("blinding: encrypted_recipient_data does not decrypt")

	// ErrInvalidData: the decrypted encrypted_data_tlv breaks a rule of its
	// reader: both short_channel_id and next_node_id, no next hop or no
	// payment_relay at a forwarding node, an unknown allowed feature, a
	// path_id or payment fields where they do not belong.
	ErrInvalidData = errors.New("blinding: encrypted_data_tlv invalid for this hop")

	// ErrConstraints: the HTLC breaks payment_constraints (expiry past
	// max_cltv_expiry, amount below htlc_minimum_msat), or is too small to
	// pay payment_relay's fee, or expires before its CLTV delta.
	ErrConstraints = errors.New("blinding: HTLC outside the path's payment constraints")

	// ErrBadPath: a path with no hops, a path key that is not a point, or
	// inputs of different lengths.
	ErrBadPath = errors.New("blinding: invalid blinded path")
)

// PathError is a failure of a hop inside a blinded path, or of the
// introduction node, while processing a payment (ProcessPayment). It
// carries what decides the failure to return: BOLT #4 "An erring node: if
// path_key is set in the incoming update_add_htlc: MUST return an
// invalid_onion_blinding error", which BOLT #2 sends as
// update_fail_malformed_htlc, while an introduction node ("current_path_key
// is set in the onion payload and it is not the final node") sends
// update_fail_htlc with the same code.
type PathError struct {
	// PathKeyInHTLC is true when the HTLC came with a path_key (the node is
	// past the introduction node).
	PathKeyInHTLC bool
	// Err is the cause: a sentinel of this package, of sphinx, or of
	// layer2_messaging/wire.
	Err error
}

func (e *PathError) Error() string {
	return fmt.Sprintf("blinded path: %v", e.Err)
}

// Unwrap returns the cause.
func (e *PathError) Unwrap() error { return e.Err }
