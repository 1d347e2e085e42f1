package bolt11

import (
	"crypto/sha256"
	"fmt"
	"time"
	"unicode/utf8"

	"github.com/lnstack/lnstack/layer2_messaging/feature"
)

// Invoice is a BOLT #11 payment request: the human-readable part, the
// timestamp, the tagged fields and the signature.
//
// Decode fills every field; Encode writes one from the fields, signing it.
// Optional fields are nil (or false) when absent. Decode also records the
// order of the fields (Order) and the fields a reader skips (Ignored), so
// that any invoice Decode accepts is written back to the same data part.
type Invoice struct {
	// Network is the currency prefix after "ln".
	Network Network
	// AmountMsat is the amount in millisatoshi; 0 when the invoice has no
	// amount (a zero amount cannot be written: see ErrInvalidAmount).
	AmountMsat uint64
	// Timestamp is in seconds since 1970 (35 bits).
	Timestamp uint64

	// PaymentHash is the first p field.
	PaymentHash [32]byte
	// PaymentSecret is the first s field.
	PaymentSecret [32]byte
	// Description is the first d field; used when DescriptionHash is nil.
	Description string
	// DescriptionHash is the first h field; nil when the invoice has d.
	DescriptionHash *[32]byte
	// Payee is the payee's node id: the n field when ExplicitPayee, else
	// the key recovered from the signature (zero after DecodeUnverified).
	Payee [33]byte
	// ExplicitPayee is true when the invoice carries an n field.
	ExplicitPayee bool
	// Expiry is the x field in seconds; nil for the default, DefaultExpiry.
	Expiry *uint64
	// MinFinalCLTVExpiryDelta is the c field; nil for the default,
	// DefaultMinFinalCLTVExpiry.
	MinFinalCLTVExpiryDelta *uint64
	// Fallbacks are the f fields of known versions, most preferred first.
	Fallbacks []Fallback
	// RouteHints are the r fields, one route each.
	RouteHints []RouteHint
	// Features is the 9 field, minimal; nil when absent.
	Features feature.Vector
	// PaymentMetadata is the m field; nil when absent.
	PaymentMetadata []byte

	// Signature is R (32 bytes), S (32 bytes) and the recovery id, as the
	// invoice carries it. Encode does not read it.
	Signature [65]byte

	// Order lists the tags of the fields above, in the order of the data
	// part (f and r once per element). Decode sets it. When nil, Encode
	// uses the order lnd's zpay32 writes (p, d, h, m, c, x, f, r, n, s, 9),
	// so both write the same string from the same fields.
	Order []Tag
	// Ignored holds the fields a reader skips, at their place among all the
	// fields: unknown types, f fields of versions 19 to 31, and repeats of
	// single-valued fields ("SHOULD use the first `p` field").
	Ignored []TaggedField
}

// Decode parses an invoice and checks it as BOLT #11 asks a reader to: the
// bech32 checksum, the prefix and amount, the length of every fixed-length
// field, the required fields, the feature bits, and the signature (against
// the n field when present, else by recovering the payee's key).
// docs/layer5_payment.md (BOLT 11 section) lists the choices made where the BOLT leaves
// one.
func Decode(s string) (*Invoice, error) { return decode(s, true) }

// DecodeUnverified is Decode without the signature check: Payee stays zero
// unless the invoice has an n field, and nothing proves the payee wrote the
// invoice. It is for looking at invoices, never for paying them.
func DecodeUnverified(s string) (*Invoice, error) { return decode(s, false) }

func decode(s string, verify bool) (*Invoice, error) {
	if len(s) > MaxLength {
		return nil, ErrTooLong
	}
	// One buffer for the 5-bit values of the data part (at most one per
	// character) and, after them, the signed bytes (the human-readable part
	// and the data part in bytes: fewer than one per character again).
	buf := make([]byte, 0, 2*len(s))
	hrp, data, err := decodeBech32(s, buf)
	if err != nil {
		return nil, err
	}
	inv := new(Invoice)
	if inv.Network, inv.AmountMsat, err = parseHRP(hrp); err != nil {
		return nil, err
	}
	if len(data) < timestampLen+signatureLen {
		return nil, fmt.Errorf("%w: %d data values, a timestamp and a signature take %d",
			ErrTooShort, len(data), timestampLen+signatureLen)
	}
	unsigned := data[:len(data)-signatureLen]
	inv.Timestamp, _ = readUint(unsigned[:timestampLen])
	if err := inv.parseFields(unsigned[timestampLen:]); err != nil {
		return nil, err
	}
	if err := inv.checkFields(); err != nil {
		return nil, err
	}
	appendBytes(inv.Signature[:0], data[len(unsigned):], false) // 520 bits: 65 whole bytes
	if inv.Signature[64] > 3 {
		// BOLT #11: "a trailing 1-byte recovery id in {0,1,2,3}".
		return nil, fmt.Errorf("%w: %d", ErrInvalidRecoveryID, inv.Signature[64])
	}
	if !verify {
		return inv, nil
	}
	// BOLT #11: the signature covers "the SHA-256 hash of: the
	// human-readable part (as UTF-8 bytes) concatenated with the data part
	// (excluding the signature), with 0 bits appended to pad to a byte
	// boundary." The part is hashed as lower case, the form bech32 defines.
	msg := data[len(data):]
	for i := 0; i < len(hrp); i++ {
		msg = append(msg, lower(hrp[i]))
	}
	msg, _ = appendBytes(msg, unsigned, true)
	if err := inv.checkSignature(sha256.Sum256(msg)); err != nil {
		return nil, err
	}
	return inv, nil
}

// parseFields reads the tagged fields.
func (inv *Invoice) parseFields(fields []byte) error {
	var seen uint32 // one bit per tag
	inv.Order = make([]Tag, 0, 8)
	for i, idx := 0, 0; i < len(fields); idx++ {
		tag := Tag(fields[i])
		if len(fields)-i < fieldHeadLen {
			return &FieldError{Tag: tag, Index: idx, Err: fmt.Errorf("%w: no room for data_length", ErrTruncatedField)}
		}
		n := int(fields[i+1])<<5 | int(fields[i+2])
		i += fieldHeadLen
		if n > len(fields)-i {
			return &FieldError{Tag: tag, Index: idx,
				Err: fmt.Errorf("%w: data_length %d, %d values left", ErrTruncatedField, n, len(fields)-i)}
		}
		d := fields[i : i+n]
		i += n
		first := seen&(1<<tag) == 0
		seen |= 1 << tag
		kept, err := inv.readField(tag, d, first)
		if err != nil {
			return &FieldError{Tag: tag, Index: idx, Err: err}
		}
		if kept {
			inv.Order = append(inv.Order, tag)
		} else {
			inv.Ignored = append(inv.Ignored, TaggedField{Index: idx, Tag: tag, Data: d})
		}
	}
	return nil
}

// readField checks one field's data and, when store is true, keeps its
// value (f and r are kept whenever they are valid and known: they repeat).
// kept reports whether the value went into the typed fields.
func (inv *Invoice) readField(tag Tag, d []byte, store bool) (kept bool, err error) {
	switch tag {
	case TagPaymentHash, TagPaymentSecret, TagDescriptionHash:
		var h [32]byte
		if err := readFixed(h[:], d, hashLen); err != nil {
			return false, err
		}
		if !store {
			return false, nil
		}
		switch tag {
		case TagPaymentHash:
			inv.PaymentHash = h
		case TagPaymentSecret:
			inv.PaymentSecret = h
		default:
			inv.DescriptionHash = &h
		}
	case TagPayee:
		var k [33]byte
		if err := readFixed(k[:], d, pubkeyLen); err != nil {
			return false, err
		}
		if k[0] != 2 && k[0] != 3 {
			return false, fmt.Errorf("%w: starts with 0x%02x", ErrInvalidPubkey, k[0])
		}
		if !store {
			return false, nil
		}
		inv.Payee, inv.ExplicitPayee = k, true
	case TagDescription:
		var scratch [maxFieldBytes + 1]byte
		b, err := readBytes(scratch[:0], d)
		if err != nil {
			return false, err
		}
		if !utf8.Valid(b) {
			return false, ErrInvalidUTF8
		}
		if !store {
			return false, nil
		}
		inv.Description = string(b)
	case TagPaymentMetadata:
		var scratch [maxFieldBytes + 1]byte
		b, err := readBytes(scratch[:0], d)
		if err != nil || !store {
			return false, err
		}
		inv.PaymentMetadata = append(make([]byte, 0, len(b)), b...)
	case TagExpiry, TagMinFinalCLTVExpiry:
		if len(d) > 0 && d[0] == 0 {
			return false, ErrNonMinimal
		}
		v, ok := readUint(d)
		if !ok {
			return false, fmt.Errorf("%w: %d values", ErrValueOverflow, len(d))
		}
		if !store {
			return false, nil
		}
		if tag == TagExpiry {
			inv.Expiry = &v
		} else {
			inv.MinFinalCLTVExpiryDelta = &v
		}
	case TagFeatures:
		v, err := readFeatures(d)
		if err != nil || !store {
			return false, err
		}
		inv.Features = v
	case TagFallback:
		f, known, err := parseFallback(d)
		if err != nil || !known {
			return false, err
		}
		inv.Fallbacks = append(inv.Fallbacks, f)
	case TagRouteHint:
		r, err := parseRouteHint(d)
		if err != nil {
			return false, err
		}
		inv.RouteHints = append(inv.RouteHints, r)
	default:
		return false, nil // a type BOLT #11 does not define: skipped
	}
	return true, nil
}

// readFixed reads a p, s, h or n field into dst. BOLT #11: "MUST fail the
// payment if any field with fixed data_length (p, h, s, n) does not have
// the correct length (52, 52, 52, 53)."
func readFixed(dst, d []byte, want int) error {
	if len(d) != want {
		return fmt.Errorf("%w: data_length %d, want %d", ErrFieldLength, len(d), want)
	}
	if _, ok := appendBytes(dst[:0], d, false); !ok {
		return ErrFieldPadding
	}
	return nil
}

// readBytes reads a field of bytes (d, m) into scratch, which holds the
// 639 bytes a field can (the caller copies what it keeps).
func readBytes(scratch, d []byte) ([]byte, error) {
	_, canonical := bytesLen(len(d))
	b, ok := appendBytes(scratch, d, false)
	if !canonical || !ok {
		return nil, ErrFieldPadding
	}
	return b, nil
}

// readFeatures reads a 9 field: big-endian 5-bit values, bit 0 the lowest
// bit of the last value. BOLT #11: "if `9` contains non-zero bits: MUST use
// the minimum `data_length` possible to encode the non-zero bits with no 0
// field-elements at the start. otherwise: MUST omit the `9` field
// altogether." A reader "SHOULD treat the invoice as invalid" when the
// field starts with a zero; an empty field is the same case (it sets no bit
// and should be absent).
func readFeatures(d []byte) (feature.Vector, error) {
	if len(d) == 0 || d[0] == 0 {
		return nil, ErrNonMinimal
	}
	v := make(feature.Vector, (5*len(d)+7)/8)
	var acc uint32
	n, j := uint(0), len(v)-1
	for i := len(d) - 1; i >= 0; i-- {
		acc |= uint32(d[i]) << n
		n += 5
		if n >= 8 {
			v[j] = byte(acc)
			j--
			acc >>= 8
			n -= 8
		}
	}
	if n > 0 {
		v[j] = byte(acc)
	}
	return v.Minimal(), nil
}

// checkFields applies the reader's rules on the fields as a whole.
func (inv *Invoice) checkFields() error {
	var p, s, d bool
	for _, t := range inv.Order {
		switch t {
		case TagPaymentHash:
			p = true
		case TagPaymentSecret:
			s = true
		case TagDescription:
			d = true
		}
	}
	switch {
	case !p:
		return ErrMissingPaymentHash
	case !s:
		// BOLT #11: "if a valid `s` field is not provided: MUST fail the
		// payment."
		return ErrMissingPaymentSecret
	case !d && inv.DescriptionHash == nil:
		return ErrMissingDescription
	case d && inv.DescriptionHash != nil:
		return ErrDescriptionAndHash
	}
	return checkFeatures(inv.Features)
}

// checkFeatures applies the feature rules of a reader. BOLT #11: "if the `9`
// field contains unknown _odd_ bits that are non-zero: MUST ignore the bit.
// if the `9` field contains unknown _even_ bits that are non-zero: MUST
// fail the payment." A bit is known when BOLT #9 presents its feature in
// invoices (Context 9) or nowhere in particular (the ASSUMED features): a
// feature of another context means nothing in an invoice, so its bits are
// as unknown here as unassigned ones. Then, over the known bits, "if the
// feature vector does not set all known, transitive feature dependencies:
// MUST NOT attempt the payment."
func checkFeatures(v feature.Vector) error {
	var unknown []feature.Bit
	allKnown := true
	for i := len(v) - 1; i >= 0; i-- {
		for j := range 8 {
			if v[i]&(1<<j) == 0 {
				continue
			}
			b := feature.Bit((len(v)-1-i)*8 + j)
			if knownInInvoice(b) {
				continue
			}
			allKnown = false
			if b.IsRequired() {
				unknown = append(unknown, b)
			}
		}
	}
	if unknown != nil {
		return &feature.UnknownRequiredError{Bits: unknown}
	}
	if allKnown {
		return feature.CheckDependencies(v)
	}
	var known feature.Vector
	for _, b := range v.Bits() {
		if knownInInvoice(b) {
			known.Set(b)
		}
	}
	return feature.CheckDependencies(known)
}

// knownInInvoice reports whether BOLT #9 presents b's feature in invoices or
// in no context in particular.
func knownInInvoice(b feature.Bit) bool {
	f, ok := feature.Lookup(b)
	return ok && (f.Contexts&feature.InInvoice != 0 || f.Contexts == 0)
}

// HasAmount reports whether the invoice names an amount. BOLT #11: "if the
// `amount` is empty: SHOULD indicate to the payer that amount is
// unspecified."
func (inv *Invoice) HasAmount() bool { return inv.AmountMsat != 0 }

// ExpiryOrDefault returns the x field, or DefaultExpiry without one.
func (inv *Invoice) ExpiryOrDefault() uint64 {
	if inv.Expiry != nil {
		return *inv.Expiry
	}
	return DefaultExpiry
}

// MinFinalCLTVExpiryDeltaOrDefault returns the c field, or
// DefaultMinFinalCLTVExpiry without one. BOLT #11: "if the `c` field
// (`min_final_cltv_expiry_delta`) is not provided: MUST use an expiry delta
// of at least 18 when making the payment".
func (inv *Invoice) MinFinalCLTVExpiryDeltaOrDefault() uint64 {
	if inv.MinFinalCLTVExpiryDelta != nil {
		return *inv.MinFinalCLTVExpiryDelta
	}
	return DefaultMinFinalCLTVExpiry
}

// ExpiresAt returns the timestamp plus the expiry. BOLT #11: a payer "after
// the `timestamp` plus `expiry` has passed: SHOULD NOT attempt a payment."
func (inv *Invoice) ExpiresAt() time.Time {
	const maxSeconds = 1 << 62 // far past any date, and no overflow
	t := inv.Timestamp + min(inv.ExpiryOrDefault(), maxSeconds)
	return time.Unix(int64(min(t, maxSeconds)), 0)
}

// CheckDescription checks a description against the h field. BOLT #11: "MUST
// check that the SHA2 256-bit hash in the `h` field exactly matches the
// hashed description." Without an h field it compares with d.
func (inv *Invoice) CheckDescription(description string) error {
	if inv.DescriptionHash == nil {
		if description != inv.Description {
			return ErrDescriptionMismatch
		}
		return nil
	}
	if sha256.Sum256([]byte(description)) != *inv.DescriptionHash {
		return ErrDescriptionMismatch
	}
	return nil
}
