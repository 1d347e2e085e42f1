package bolt11

import (
	"errors"
	"fmt"
	"strings"

	"github.com/lnstack/lnstack/layer2_messaging/feature"
)

// Errors of the bech32 envelope (BOLT #11 "Encoding Overview"). A string
// that fails here is not an invoice at all.
var (
	// ErrTooLong: the string is longer than MaxLength characters. BOLT #11
	// lifts the 90-character limit of BIP-0173 without naming another; the
	// limit is what other implementations use (the most a QR code holds),
	// checked before any other work so a huge input costs nothing.
	ErrTooLong = errors.New("bolt11: invoice longer than 7089 characters")

	// ErrTooShort: the string, or its data part, is too short to hold a
	// checksum, a timestamp and a signature.
	ErrTooShort = errors.New("bolt11: invoice too short")

	// ErrInvalidCharacter: a character outside printable ASCII, or outside
	// the bech32 alphabet in the data part.
	ErrInvalidCharacter = errors.New("bolt11: invalid bech32 character")

	// ErrMixedCase: upper and lower case letters in one string. BIP-0173:
	// decoders must not accept strings where some characters are uppercase
	// and some are lowercase.
	ErrMixedCase = errors.New("bolt11: mixed-case bech32 string")

	// ErrMissingSeparator: no "1" between the human-readable part and the
	// data part, or one that leaves no room for the checksum.
	ErrMissingSeparator = errors.New("bolt11: no bech32 separator")

	// ErrChecksum: the bech32 checksum does not match. BOLT #11: "if the
	// checksum is incorrect: MUST fail the payment."
	ErrChecksum = errors.New("bolt11: bech32 checksum mismatch")
)

// Errors of the human-readable part (BOLT #11 "Human-Readable Part").
var (
	// ErrUnknownPrefix: the prefix is not "ln" followed by a known currency
	// (bc, tb, tbs, bcrt, sb). BOLT #11: "if it does NOT understand the
	// prefix: MUST fail the payment."
	ErrUnknownPrefix = errors.New("bolt11: unknown prefix")

	// ErrInvalidAmount: the amount is not a positive decimal integer
	// without leading zeros, or its value in millisatoshi overflows 64
	// bits. BOLT #11: "if amount contains a non-digit ... MUST fail the
	// payment"; zero and leading zeros break the writer's "MUST encode
	// amount as a positive decimal integer with no leading 0s" (see
	// docs/layer5_payment.md (BOLT 11 section)).
	ErrInvalidAmount = errors.New("bolt11: invalid amount")

	// ErrInvalidMultiplier: the amount is followed by a letter that is not
	// a multiplier. BOLT #11: "if amount ... is followed by anything except
	// a multiplier (see table above): MUST fail the payment."
	ErrInvalidMultiplier = errors.New("bolt11: invalid amount multiplier")

	// ErrSubMillisatoshi: a "p" amount whose last digit is not 0. BOLT #11:
	// "if multiplier is p and the last decimal of amount is not 0: MUST fail
	// the payment."
	ErrSubMillisatoshi = errors.New("bolt11: amount has sub-millisatoshi precision")
)

// Errors of the tagged fields (BOLT #11 "Tagged Fields"). They come wrapped
// in a *FieldError that names the field.
var (
	// ErrTruncatedField: a tagged field whose type, length or data runs
	// past the signature.
	ErrTruncatedField = errors.New("bolt11: tagged field cut short")

	// ErrFieldLength: a p, h, s or n field whose data_length is not 52, 52,
	// 52, 53. BOLT #11: "MUST fail the payment if any field with fixed
	// data_length (p, h, s, n) does not have the correct length".
	ErrFieldLength = errors.New("bolt11: wrong data_length for the field")

	// ErrNonMinimal: an x, c or 9 field that starts with a zero 5-bit value,
	// or a 9 field with no data. BOLT #11: "if a c, x, or 9 field is
	// provided which has a non-minimal data_length (i.e. begins with 0 field
	// elements): SHOULD treat the invoice as invalid."
	ErrNonMinimal = errors.New("bolt11: non-minimal data_length")

	// ErrFieldPadding: a field holding bytes whose last 5-bit value carries
	// non-zero padding bits or a whole unneeded value. BOLT #11 (writer):
	// "MUST pad field data to a multiple of 5 bits, using 0s."
	ErrFieldPadding = errors.New("bolt11: invalid field padding")

	// ErrInvalidUTF8: a d field that is not UTF-8. BOLT #11 (writer): "MUST
	// set d to a valid UTF-8 string."
	ErrInvalidUTF8 = errors.New("bolt11: description is not valid UTF-8")

	// ErrValueOverflow: an x or c field (or a timestamp given to Encode)
	// that does not fit its integer.
	ErrValueOverflow = errors.New("bolt11: value overflows")

	// ErrInvalidFallback: an f field with no version, or a known version
	// whose program is not valid: BOLT #11 (writer) "MUST set an f field to
	// a valid witness version and program, OR to 17 followed by a public
	// key hash, OR to 18 followed by a script hash."
	ErrInvalidFallback = errors.New("bolt11: invalid fallback address")

	// ErrInvalidRouteHint: an r field that is empty or not a whole number
	// of 51-byte hops, or a hop whose pubkey is not a compressed key.
	ErrInvalidRouteHint = errors.New("bolt11: invalid route hint")

	// ErrInvalidPubkey: an n field that is not a public key.
	ErrInvalidPubkey = errors.New("bolt11: invalid payee public key")

	// ErrFieldTooLong: a field given to Encode whose data exceeds 1023
	// 5-bit values (639 bytes), or a route of more than 12 hops.
	ErrFieldTooLong = errors.New("bolt11: field data too long")
)

// Errors of the invoice as a whole.
var (
	// ErrMissingPaymentHash: no p field. BOLT #11 (writer): "MUST include
	// exactly one p field."
	ErrMissingPaymentHash = errors.New("bolt11: no payment hash (p)")

	// ErrMissingPaymentSecret: no s field. BOLT #11: "if a valid s field is
	// not provided: MUST fail the payment."
	ErrMissingPaymentSecret = errors.New("bolt11: no payment secret (s)")

	// ErrMissingDescription: neither d nor h. BOLT #11: "MUST fail the
	// payment if neither a d field nor a h field is present, or if both are
	// present."
	ErrMissingDescription = errors.New("bolt11: neither description (d) nor description hash (h)")

	// ErrDescriptionAndHash: both d and h (same rule).
	ErrDescriptionAndHash = errors.New("bolt11: both description (d) and description hash (h)")

	// ErrDescriptionMismatch: CheckDescription was given a description
	// whose SHA-256 is not the h field. BOLT #11: "MUST check that the SHA2
	// 256-bit hash in the h field exactly matches the hashed description."
	ErrDescriptionMismatch = errors.New("bolt11: description does not match the description hash")

	// ErrUnknownRequiredFeature: the 9 field sets an even bit this reader
	// does not know in invoices. BOLT #11: "if the 9 field contains unknown
	// even bits that are non-zero: MUST fail the payment." The error is a
	// *feature.UnknownRequiredError naming the bits.
	ErrUnknownRequiredFeature = feature.ErrUnknownRequiredFeature

	// ErrMissingDependency: the 9 field sets a feature without one it
	// depends on. BOLT #11: "if the feature vector does not set all known,
	// transitive feature dependencies: MUST NOT attempt the payment." The
	// error is a *feature.DependencyError.
	ErrMissingDependency = feature.ErrMissingDependency

	// ErrInvalidRecoveryID: the signature's last byte is not in {0,1,2,3}.
	ErrInvalidRecoveryID = errors.New("bolt11: invalid signature recovery id")

	// ErrInvalidSignature: no public key can be recovered from the
	// signature, or it does not verify against the n field. BOLT #11: "MUST
	// check that the signature is valid".
	ErrInvalidSignature = errors.New("bolt11: invalid signature")

	// ErrHighS: an n field is present and the signature's S is in the upper
	// half of the group order. BOLT #11: "If the signature is not compliant
	// with the low-S standard rule ... MUST fail the payment".
	ErrHighS = errors.New("bolt11: signature is not low-S")
)

// Errors of Encode only.
var (
	// ErrUnknownNetwork: the invoice's Network is not one of the five.
	ErrUnknownNetwork = errors.New("bolt11: unknown network")

	// ErrInvalidOrder: Order does not list each present field exactly
	// once (f and r once per element), or an Ignored field would not be
	// ignored by a reader.
	ErrInvalidOrder = errors.New("bolt11: field order does not match the fields")

	// ErrPayeeMismatch: the invoice carries an n field and the signer's key
	// is another. BOLT #11: "MUST set n to the public key used to create
	// the signature."
	ErrPayeeMismatch = errors.New("bolt11: n field is not the signing key")
)

// FieldError is a tagged field that failed: its type, its position among
// the tagged fields, and why (an error wrapping one of the sentinels above).
type FieldError struct {
	Tag   Tag
	Index int // position among the tagged fields, from 0
	Err   error
}

// Error names the field and says why it failed.
func (e *FieldError) Error() string {
	return fmt.Sprintf("bolt11: field %s (#%d): %s", e.Tag, e.Index, strings.TrimPrefix(e.Err.Error(), "bolt11: "))
}

// Unwrap returns the reason.
func (e *FieldError) Unwrap() error { return e.Err }
