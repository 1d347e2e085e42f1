package sphinx

import (
	"errors"
	"fmt"
)

// Errors of peeling an onion. The first three are the failures BOLT #4
// names BADONION: the processing node cannot authenticate the onion, so it
// cannot return an encrypted error either and answers with
// update_fail_malformed_htlc (package failure maps them to
// invalid_onion_version, invalid_onion_key and invalid_onion_hmac). The
// others come after the HMAC checked: the onion is authentic but its
// contents are unusable, and the node returns an encrypted
// invalid_onion_payload.
var (
	// ErrInvalidVersion: the version byte is not 0. BOLT #4: "if version
	// is not 0: MUST abort processing the packet and fail." The error is
	// a *VersionError.
	ErrInvalidVersion = errors.New("sphinx: unknown onion version")

	// ErrInvalidKey: public_key is not a valid compressed secp256k1 point.
	// BOLT #4: "if public_key is not a valid pubkey: MUST abort processing
	// the packet and fail."
	ErrInvalidKey = errors.New("sphinx: invalid onion ephemeral key")

	// ErrInvalidHMAC: the HMAC over hop_payloads and the associated data
	// does not match. BOLT #4: "If the computed HMAC and hmac differ: MUST
	// abort processing the packet and fail."
	ErrInvalidHMAC = errors.New("sphinx: onion HMAC mismatch")

	// ErrPacketLength: the packet is shorter than its fixed parts (66
	// bytes), or a payment onion is not 1366 bytes.
	ErrPacketLength = errors.New("sphinx: onion packet of wrong length")

	// ErrPayloadLength: the decrypted length of this hop's payload is
	// malformed, below 2, or runs past the onion (the payload, its length
	// and the next HMAC must leave at least hop_payloads' size of the
	// unwrapped stream). The error is a *PayloadLengthError.
	ErrPayloadLength = errors.New("sphinx: hop payload length invalid")

	// ErrReplay: the onion's shared secret was seen before. BOLT #4: "if
	// hmac has previously been received ... MUST abort processing the
	// packet and fail."
	ErrReplay = errors.New("sphinx: onion replayed")
)

// Errors of building an onion: the caller's route or payloads do not fit.
var (
	// ErrNoHops: a route without hops.
	ErrNoHops = errors.New("sphinx: route has no hops")

	// ErrRouteTooLong: the hop payloads, with their lengths and HMACs, do
	// not fit in hop_payloads.
	ErrRouteTooLong = errors.New("sphinx: hop payloads exceed the onion size")

	// ErrPayloadTooShort: a hop payload shorter than 2 bytes. BOLT #4:
	// "length values of 0 and 1 are reserved".
	ErrPayloadTooShort = errors.New("sphinx: hop payload shorter than 2 bytes")

	// ErrBadKey: a private or public key handed in is nil, zero or not on
	// the curve, or a blinding tweak reduces a key to zero.
	ErrBadKey = errors.New("sphinx: invalid key")
)

// Errors of the per-hop payload (the `payload` TLV stream) beyond the TLV
// format itself, whose errors are the sentinels of layer2_messaging/wire.
var (
	// ErrMissingRecord: a record the hop's role requires is absent. The
	// error is a *RecordError naming it.
	ErrMissingRecord = errors.New("sphinx: payload lacks a required record")

	// ErrUnexpectedRecord: a record the hop's role forbids is present. The
	// error is a *RecordError naming it.
	ErrUnexpectedRecord = errors.New("sphinx: payload has a forbidden record")
)

// VersionError reports the version byte of a rejected onion.
type VersionError struct {
	Version byte
}

func (e *VersionError) Error() string {
	return fmt.Sprintf("%v: %d", ErrInvalidVersion, e.Version)
}

// Is makes errors.Is(err, ErrInvalidVersion) true.
func (e *VersionError) Is(target error) bool { return target == ErrInvalidVersion }

// PayloadLengthError reports the length prefix of a hop payload that does
// not fit the onion, or is reserved, or is not a minimal BigSize (then
// Length is 0 and Err says why).
type PayloadLengthError struct {
	// Length is the decoded payload_length.
	Length uint64
	// Err is the BigSize failure, when the prefix did not decode.
	Err error
}

func (e *PayloadLengthError) Error() string {
	if e.Err != nil {
		return fmt.Sprintf("%v: %v", ErrPayloadLength, e.Err)
	}
	return fmt.Sprintf("%v: %d", ErrPayloadLength, e.Length)
}

// Is makes errors.Is(err, ErrPayloadLength) true.
func (e *PayloadLengthError) Is(target error) bool { return target == ErrPayloadLength }

// Unwrap returns the BigSize failure, if any.
func (e *PayloadLengthError) Unwrap() error { return e.Err }

// RecordError names the payload record a role check failed on; it wraps
// ErrMissingRecord or ErrUnexpectedRecord.
type RecordError struct {
	// Type is the TLV type of the record.
	Type uint64
	// Name is its BOLT name.
	Name string
	// Err is ErrMissingRecord or ErrUnexpectedRecord.
	Err error
}

func (e *RecordError) Error() string {
	return fmt.Sprintf("%v: %s (type %d)", e.Err, e.Name, e.Type)
}

// Unwrap returns the sentinel.
func (e *RecordError) Unwrap() error { return e.Err }
