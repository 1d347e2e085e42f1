package bolt12

import (
	"errors"
	"fmt"

	"github.com/lnstack/lnstack/layer2_messaging/wire"
)

// The reasons a BOLT #12 string, stream or message is rejected. A decoding
// failure of the TLV stream itself (truncation, record order, an unknown even
// record, a bad point, invalid UTF-8) is a layer2_messaging/wire sentinel in a
// *wire.DecodeError; every other error of this package wraps one of these.
// Invalid tells both kinds from a bug.
var (
	// ErrMixedCase: the string mixes upper and lower case letters. BOLT
	// #12: readers "MUST handle strings which are all lowercase, or all
	// uppercase", and writers "MUST either use all lowercase or all
	// UPPERCASE".
	ErrMixedCase = errors.New("bolt12: string mixes upper and lower case")

	// ErrContinuation: a '+' is not between two characters of the string
	// (first, last, or next to another '+'), or white space appears
	// other than right after a '+'.
	ErrContinuation = errors.New("bolt12: '+' not between two bech32 characters")

	// ErrCharacter: a character outside printable ASCII, or a data
	// character outside the bech32 alphabet.
	ErrCharacter = errors.New("bolt12: invalid character")

	// ErrPrefix: no human-readable prefix and '1' separator, or the prefix
	// is not the one of the expected kind ("lno", "lnr", "lni").
	ErrPrefix = errors.New("bolt12: wrong or missing human-readable prefix")

	// ErrPadding: the bech32 data does not end on a byte boundary with at
	// most 4 zero padding bits.
	ErrPadding = errors.New("bolt12: invalid bech32 padding")

	// ErrOutOfRange: a TLV record outside the type ranges its message
	// allows (offer: 1 to 79 and 1000000000 to 1999999999; invoice_request:
	// 0 to 159, 1000000000 to 2999999999 and the signature range 240 to
	// 1000).
	ErrOutOfRange = errors.New("bolt12: TLV type outside the ranges of this message")

	// ErrUnknownFeature: a feature field sets an even bit this package does
	// not know (see *FeatureError).
	ErrUnknownFeature = errors.New("bolt12: unknown even feature bit")

	// ErrMissingField: a field the reader requires is absent.
	ErrMissingField = errors.New("bolt12: required field missing")

	// ErrUnexpectedField: a field is present where the reader must reject
	// it (invreq_quantity without offer_quantity_max; offer_chains,
	// offer_features or offer_quantity_max in an invoice_request that
	// answers no offer).
	ErrUnexpectedField = errors.New("bolt12: field not allowed here")

	// ErrZeroAmount: offer_amount is present and zero.
	ErrZeroAmount = errors.New("bolt12: amount is zero")

	// ErrEmptyChains: offer_chains is present with no chain in it.
	ErrEmptyChains = errors.New("bolt12: offer_chains has no entries")

	// ErrEmptyPath: a blinded_path has num_hops 0.
	ErrEmptyPath = errors.New("bolt12: blinded path without hops")

	// ErrNoPaths: invoice_paths is absent or holds no path.
	ErrNoPaths = errors.New("bolt12: no blinded path to pay")

	// ErrPayInfo: invoice_blindedpay does not hold exactly one
	// blinded_payinfo per path of invoice_paths.
	ErrPayInfo = errors.New("bolt12: invoice_blindedpay does not match invoice_paths")

	// ErrNoUsablePath: every path's blinded_payinfo sets an unknown even
	// feature bit.
	ErrNoUsablePath = errors.New("bolt12: no usable blinded path")

	// ErrQuantity: invreq_quantity is zero or above offer_quantity_max.
	ErrQuantity = errors.New("bolt12: invalid quantity")

	// ErrAmount: invreq_amount is below the expected amount, or
	// invoice_amount differs from invreq_amount.
	ErrAmount = errors.New("bolt12: amount does not match")

	// ErrCurrency: the amount is in a currency the caller gave no
	// conversion for.
	ErrCurrency = errors.New("bolt12: no conversion for the offer's currency")

	// ErrSignature: the signature is absent or not a valid BIP-340
	// signature of the Merkle root by the expected key.
	ErrSignature = errors.New("bolt12: invalid signature")

	// ErrWrongKey: signing with a key that is not invreq_payer_id (an
	// invoice_request) or invoice_node_id (an invoice).
	ErrWrongKey = errors.New("bolt12: signing key does not match the message")

	// ErrNodeID: invoice_node_id is not the node the request was for
	// (offer_issuer_id, or the final blinded node of an offer path).
	ErrNodeID = errors.New("bolt12: invoice_node_id is not the offer's node")

	// ErrMismatch: fields that must be copied unchanged differ (an
	// invoice_request from its offer, an invoice from its request).
	ErrMismatch = errors.New("bolt12: copied fields differ")

	// ErrBIP353Name: invreq_bip_353_name holds a byte outside 0-9, a-z,
	// A-Z, '-', '_' and '.'.
	ErrBIP353Name = errors.New("bolt12: invalid invreq_bip_353_name")

	// ErrExpired: the offer or invoice has expired.
	ErrExpired = errors.New("bolt12: expired")

	// ErrUnsupportedChain: the message is for no chain the reader accepts.
	ErrUnsupportedChain = errors.New("bolt12: no supported chain")

	// ErrNoRecords: a Merkle root of a stream without a non-signature
	// record.
	ErrNoRecords = errors.New("bolt12: no record to hash")
)

// sentinels is the closed set above, for Invalid.
var sentinels = [...]error{
	ErrMixedCase, ErrContinuation, ErrCharacter, ErrPrefix, ErrPadding,
	ErrOutOfRange, ErrUnknownFeature, ErrMissingField, ErrUnexpectedField,
	ErrZeroAmount, ErrEmptyChains, ErrEmptyPath, ErrNoPaths, ErrPayInfo,
	ErrNoUsablePath, ErrQuantity, ErrAmount, ErrCurrency, ErrSignature,
	ErrWrongKey, ErrNodeID, ErrMismatch, ErrBIP353Name, ErrExpired,
	ErrUnsupportedChain, ErrNoRecords,
}

// Invalid reports whether err says the input was rejected: it wraps a
// sentinel of this package or a decoding sentinel of layer2_messaging/wire.
func Invalid(err error) bool {
	if wire.Malformed(err) {
		return true
	}
	for _, s := range sentinels {
		if errors.Is(err, s) {
			return true
		}
	}
	return false
}

// FieldError names the field (a TLV record's BOLT name, or "type N" for an
// unknown record) a check rejected. It wraps one of the sentinels.
type FieldError struct {
	Field string
	Err   error
}

// Error names the field and the reason.
func (e *FieldError) Error() string { return fmt.Sprintf("%s: %v", e.Field, e.Err) }

// Unwrap returns the sentinel.
func (e *FieldError) Unwrap() error { return e.Err }

// fieldErr builds a *FieldError.
func fieldErr(field string, err error) error { return &FieldError{Field: field, Err: err} }

// FeatureError names an unknown even bit of a feature field. errors.Is(err,
// ErrUnknownFeature) is true.
type FeatureError struct {
	// Field is the feature field's record, e.g. "offer_features".
	Field string
	// Bit is the first unknown even bit set, counting from the least
	// significant bit of the last byte.
	Bit int
}

// Error names the field and the bit.
func (e *FeatureError) Error() string {
	return fmt.Sprintf("%s: %v %d", e.Field, ErrUnknownFeature, e.Bit)
}

// Is makes errors.Is(err, ErrUnknownFeature) true.
func (e *FeatureError) Is(target error) bool { return target == ErrUnknownFeature }
