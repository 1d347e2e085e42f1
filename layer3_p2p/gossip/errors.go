package gossip

import (
	"errors"
	"fmt"

	"github.com/lnstack/lnstack/layer2_messaging/feature"
	"github.com/lnstack/lnstack/layer2_messaging/wire"
)

// Errors of message decoding. A malformed message fails with a wire
// sentinel (wire.Malformed reports it, and BOLT #1 says to close the
// connection); the errors below are wrapped together with
// wire.ErrInvalidValue, so they are both.
var (
	// ErrInvalidAddresses: a node_announcement addresses field holds a
	// descriptor of a known type that is cut short or invalid (a Tor v3
	// address with a bad checksum, a hostname that is not ASCII). BOLT #7:
	// "if addrlen is insufficient to hold the address descriptors of the
	// known types: SHOULD send a warning. MAY close the connection." The
	// error also wraps the netaddr sentinel that says why.
	ErrInvalidAddresses = errors.New("gossip: invalid address descriptor")
)

// Errors of the encoded arrays of the query messages (encoded_short_ids,
// encoded_timestamps, encoded_query_flags). The messages keep these fields
// as bytes; the Contents methods and the Decode functions of scidlist.go
// read them. BOLT #7 lets the receiver choose: "MAY send a warning. MAY
// close the connection."
var (
	// ErrMissingEncoding: an encoded_short_ids field of zero bytes. BOLT #7:
	// the sender "MUST set the first byte of encoded_short_ids to the
	// encoding type."
	ErrMissingEncoding = errors.New("gossip: encoded array without its encoding type")

	// ErrUnknownEncoding: an encoding type other than 0 and 1. BOLT #7: "if
	// the first byte of encoded_short_ids is not a known encoding type: MAY
	// send a warning."
	ErrUnknownEncoding = errors.New("gossip: unknown encoding type")

	// ErrZlib: a zlib-encoded array (encoding type 1) whose data is not a
	// valid zlib stream, or has bytes after it.
	ErrZlib = errors.New("gossip: invalid zlib data")

	// ErrListTooLarge: a zlib-encoded array inflating to more than
	// MaxInflatedLen bytes.
	ErrListTooLarge = errors.New("gossip: encoded array inflates past the limit")

	// ErrPartialElement: an array that is not a whole number of elements.
	// BOLT #7: "if encoded_short_ids does not decode into a whole number of
	// short_channel_id: MAY send a warning."
	ErrPartialElement = errors.New("gossip: encoded array is not a whole number of elements")

	// ErrUnsortedIDs: short_channel_ids not in strictly ascending order.
	// BOLT #7 encoding type 0 is an "uncompressed array of
	// short_channel_id types, in ascending order"; a repeated id counts as
	// out of order. The error is an *UnsortedError.
	ErrUnsortedIDs = errors.New("gossip: short_channel_ids not in ascending order")

	// ErrCountMismatch: query flags, timestamps or checksums whose number
	// differs from the number of short_channel_ids. BOLT #7: "if
	// encoded_query_flags does not decode to exactly one flag per
	// short_channel_id: MAY send a warning."
	ErrCountMismatch = errors.New("gossip: array length differs from the number of short_channel_ids")
)

// Errors of validation (validate.go): a decoded gossip message that breaks
// a BOLT #7 rule. Each says what BOLT #7 tells the receiver to do.
var (
	// ErrUnknownChain: the chain_hash is not the Validator's chain. BOLT
	// #7: "if the specified chain_hash is unknown to the receiver: MUST
	// ignore the message."
	ErrUnknownChain = errors.New("gossip: unknown chain_hash")

	// ErrInvalidKey: a node_id or bitcoin_key that is not a valid
	// compressed point. The error is a *KeyError and also matches
	// wire.ErrInvalidPoint. BOLT #7 (node_announcement): "if node_id is NOT
	// a valid compressed public key: SHOULD send a warning. MAY close the
	// connection. MUST NOT process the message further."
	ErrInvalidKey = errors.New("gossip: invalid public key")

	// ErrBadSignature: a signature that is not a valid signature of the
	// message by its key. The error is a *SignatureError. BOLT #7: "SHOULD
	// send a warning", "MAY close the connection", "MUST ignore the
	// message" (channel_announcement) or "MUST NOT process the message
	// further" (node_announcement, channel_update).
	ErrBadSignature = errors.New("gossip: invalid signature")

	// ErrNodeKeyOrder: a channel_announcement whose node_id_1 is not the
	// lesser of the two keys. BOLT #7: the origin node "MUST set node_id_1
	// and node_id_2 to the public keys of the two nodes operating the
	// channel, such that node_id_1 is the lexicographically-lesser of the
	// two compressed keys sorted in ascending lexicographic order." Two
	// equal keys break it too.
	ErrNodeKeyOrder = errors.New("gossip: node_id_1 is not less than node_id_2")

	// ErrUnknownRequiredFeature: an announcement sets an even feature bit
	// the Validator does not know. The message is otherwise valid (every
	// other check ran before): BOLT #7 says "MUST NOT attempt to route
	// messages through the channel" for a channel_announcement, and "SHOULD
	// NOT connect to the node" and "MUST NOT route a payment through the
	// node" for a node_announcement. The error is a *FeatureError and also
	// matches feature.ErrUnknownRequiredFeature.
	ErrUnknownRequiredFeature = errors.New("gossip: unknown required feature")

	// ErrFunding: the FundingChecker rejected a channel_announcement's
	// funding output. The error is a *FundingError wrapping the checker's
	// reason (one of the ErrFunding... sentinels below, for a checker
	// written for this package). BOLT #7: "if the short_channel_id's output
	// does NOT correspond to a P2WSH ... OR the output is spent: MUST ignore
	// the message."
	ErrFunding = errors.New("gossip: funding output check failed")

	// ErrFutureTimestamp: a channel_update timestamp more than
	// Validator.MaxFutureSkew ahead of the clock. BOLT #7: "if the
	// timestamp is unreasonably far in the future: MAY discard the
	// channel_update."
	ErrFutureTimestamp = errors.New("gossip: timestamp too far in the future")

	// ErrOutdated: a timestamp lower than that of the last message of the
	// same origin (for a node_announcement, lower or equal). BOLT #7: "if
	// timestamp is lower than that of the last-received channel_update for
	// this short_channel_id AND for node_id: SHOULD ignore the message";
	// "if timestamp is NOT greater than the last-received
	// node_announcement from this node_id: SHOULD ignore the message."
	ErrOutdated = errors.New("gossip: timestamp not newer than the last message")

	// ErrDuplicate: a channel_update with the timestamp of the last one and
	// the same fields (only the signature may differ). BOLT #7: "if the
	// fields below timestamp are equal: SHOULD ignore this message".
	ErrDuplicate = errors.New("gossip: channel_update repeats the last one")

	// ErrConflictingUpdate: a channel_update with the timestamp of the
	// last one but other fields. BOLT #7: "if the fields below timestamp
	// differ: MAY blacklist this node_id. MAY forget all channels
	// associated with it."
	ErrConflictingUpdate = errors.New("gossip: channel_update changes fields without a new timestamp")

	// ErrHTLCRange: a channel_update whose htlc_maximum_msat is below its
	// htlc_minimum_msat. BOLT #7: "if htlc_maximum_msat < htlc_minimum_msat:
	// SHOULD ignore this channel during route considerations."
	ErrHTLCRange = errors.New("gossip: htlc_maximum_msat below htlc_minimum_msat")

	// ErrHTLCMaxAboveCapacity: a channel_update whose htlc_maximum_msat
	// exceeds the channel capacity. BOLT #7: "if htlc_maximum_msat is
	// greater than channel capacity: MAY blacklist this node_id", "SHOULD
	// ignore this channel during route considerations."
	ErrHTLCMaxAboveCapacity = errors.New("gossip: htlc_maximum_msat above the channel capacity")

	// ErrMultipleHostnames: a node_announcement with more than one DNS
	// hostname descriptor. The message is otherwise valid; BOLT #7: "if
	// more than one type 5 address is announced: SHOULD ignore the
	// additional data. MUST not forward the node_announcement."
	ErrMultipleHostnames = errors.New("gossip: more than one DNS hostname announced")

	// ErrSCIDMismatch: an announcement_signatures whose short_channel_id is
	// not that of the channel_announcement it is checked against. BOLT #7:
	// "If the short_channel_id doesn't match one of its funding
	// transactions: SHOULD send a warning."
	ErrSCIDMismatch = errors.New("gossip: short_channel_id does not match the channel")

	// ErrRateLimited: a Limiter refused the work (a peer's signature
	// budget, or a channel direction's update budget, is spent). The
	// message is dropped without processing; the connection stays up.
	ErrRateLimited = errors.New("gossip: rate limited")
)

// Errors a FundingChecker returns (wrapped as it likes) so callers can tell
// the cases apart; the Validator wraps them in a *FundingError.
var (
	// ErrFundingNotFound: no transaction output at the short_channel_id
	// (no such block, transaction or output).
	ErrFundingNotFound = errors.New("gossip: funding output not found")
	// ErrFundingScript: the output is not the P2WSH of the two
	// bitcoin_keys' 2-of-2 script (BOLT #3 "Funding Transaction Output").
	ErrFundingScript = errors.New("gossip: funding output pays another script")
	// ErrFundingSpent: the output is spent.
	ErrFundingSpent = errors.New("gossip: funding output spent")
	// ErrFundingUnconfirmed: the output has fewer confirmations than the
	// checker requires. BOLT #7: "if the short_channel_id's output does NOT
	// have at least 6 confirmations: MAY accept the message if the output
	// is close to 6 confirmations ... otherwise: SHOULD ignore the
	// message."
	ErrFundingUnconfirmed = errors.New("gossip: funding output not deep enough")
)

// Errors of policy.go.
var (
	// ErrAmountOverflow: an amount plus its fees does not fit in 64 bits.
	ErrAmountOverflow = errors.New("gossip: amount overflows")
	// ErrCLTVOverflow: a CLTV expiry plus the deltas does not fit in 32
	// bits.
	ErrCLTVOverflow = errors.New("gossip: cltv expiry overflows")
)

// UnsortedError names the first short_channel_id not greater than the one
// before it.
type UnsortedError struct {
	Index      int
	Prev, Next wire.ShortChannelID
}

func (e *UnsortedError) Error() string {
	return fmt.Sprintf("%v: #%d %s after %s", ErrUnsortedIDs, e.Index, e.Next, e.Prev)
}

// Is makes errors.Is(err, ErrUnsortedIDs) true.
func (e *UnsortedError) Is(target error) bool { return target == ErrUnsortedIDs }

// SignatureError names the signature field that failed to verify.
type SignatureError struct {
	// Field is the BOLT name of the signature, e.g. "bitcoin_signature_2".
	Field string
	// Malformed is true when r or s is not in [1, n-1], so no key could
	// have made the signature.
	Malformed bool
}

func (e *SignatureError) Error() string {
	if e.Malformed {
		return fmt.Sprintf("%v: %s is not a valid signature encoding", ErrBadSignature, e.Field)
	}
	return fmt.Sprintf("%v: %s does not sign the message", ErrBadSignature, e.Field)
}

// Is makes errors.Is(err, ErrBadSignature) true.
func (e *SignatureError) Is(target error) bool { return target == ErrBadSignature }

// KeyError names the point field that is not a valid public key.
type KeyError struct {
	// Field is the BOLT name of the point, e.g. "node_id_1".
	Field string
}

func (e *KeyError) Error() string { return fmt.Sprintf("%v: %s", ErrInvalidKey, e.Field) }

// Is makes errors.Is true for ErrInvalidKey and wire.ErrInvalidPoint.
func (e *KeyError) Is(target error) bool {
	return target == ErrInvalidKey || target == wire.ErrInvalidPoint
}

// FeatureError lists the unknown even feature bits of an announcement.
type FeatureError struct {
	// Message is "channel_announcement" or "node_announcement".
	Message string
	// Bits are the unknown even bits.
	Bits []feature.Bit
}

func (e *FeatureError) Error() string {
	return fmt.Sprintf("%v: %s bits %v", ErrUnknownRequiredFeature, e.Message, e.Bits)
}

// Is makes errors.Is true for ErrUnknownRequiredFeature and
// feature.ErrUnknownRequiredFeature.
func (e *FeatureError) Is(target error) bool {
	return target == ErrUnknownRequiredFeature || target == feature.ErrUnknownRequiredFeature
}

// FundingError is a funding output the FundingChecker rejected.
type FundingError struct {
	SCID wire.ShortChannelID
	// Err is the checker's reason.
	Err error
}

func (e *FundingError) Error() string {
	return fmt.Sprintf("%v: %s: %v", ErrFunding, e.SCID, e.Err)
}

// Is makes errors.Is(err, ErrFunding) true.
func (e *FundingError) Is(target error) bool { return target == ErrFunding }

// Unwrap returns the checker's reason.
func (e *FundingError) Unwrap() error { return e.Err }

// malformed returns the error of a message field whose content breaks a
// BOLT #7 rule: it matches wire.ErrInvalidValue (so wire.Malformed reports
// it), reason, and cause.
func malformed(reason, cause error) error {
	return fmt.Errorf("%w: %w: %w", wire.ErrInvalidValue, reason, cause)
}
