package bolt11

import (
	"crypto/sha256"
	"fmt"
	"unicode/utf8"

	"github.com/lnstack/lnstack/layer2_messaging/feature"
)

// Encode writes the invoice and signs it with signer. It checks what BOLT
// #11 asks of a writer that the fields can get wrong (see Invoice for the
// order of the fields), and fails when the result is longer than MaxLength.
// The human-readable part's amount takes the shortest form, and the string
// is lower case (strings.ToUpper makes the form BOLT #11 suggests for QR
// codes).
func (inv *Invoice) Encode(signer Signer) (string, error) {
	// BOLT #11: "MUST set the `9` field to a feature vector compliant with
	// the" ... "BOLT 9 origin node requirements". (Only Encode checks it: an
	// invoice Decode accepts may carry odd bits of other contexts, which
	// SigningData writes back as they were.)
	if err := feature.Validate(inv.Features, feature.InInvoice); err != nil {
		return "", err
	}
	msg, hrpLen, data, err := inv.unsigned()
	if err != nil {
		return "", err
	}
	if inv.ExplicitPayee && signer.PubKey() != inv.Payee {
		return "", ErrPayeeMismatch
	}
	hrp := msg[:hrpLen]
	sig, err := signer.SignCompact(sha256.Sum256(msg))
	if err != nil {
		return "", err
	}
	if sig[64] > 3 {
		return "", fmt.Errorf("%w: the signer returned %d", ErrInvalidRecoveryID, sig[64])
	}
	data = appendGroups(data, sig[:])
	out := appendBech32(make([]byte, 0, len(hrp)+1+len(data)+checksumLen), string(hrp), data, checksumBech32)
	if len(out) > MaxLength {
		return "", fmt.Errorf("%w: %d characters", ErrTooLong, len(out))
	}
	return string(out), nil
}

// SigningData returns the bytes the signature covers: the human-readable
// part and the data part before the signature, padded to a byte.
func (inv *Invoice) SigningData() ([]byte, error) {
	msg, _, _, err := inv.unsigned()
	return msg, err
}

// unsigned returns the signed bytes (the human-readable part, hrpLen bytes,
// then the data part in bytes) and the data part as 5-bit values.
func (inv *Invoice) unsigned() (msg []byte, hrpLen int, data []byte, err error) {
	data, err = inv.appendData(make([]byte, 0, 512))
	if err != nil {
		return nil, 0, nil, err
	}
	msg = make([]byte, 0, 32+len(data))
	if msg, err = inv.appendHRP(msg); err != nil {
		return nil, 0, nil, err
	}
	hrpLen = len(msg)
	msg, _ = appendBytes(msg, data, true)
	return msg, hrpLen, data, nil
}

// appendHRP appends "ln", the network and the amount.
func (inv *Invoice) appendHRP(dst []byte) ([]byte, error) {
	if !inv.Network.Known() {
		return nil, fmt.Errorf("%w: %q", ErrUnknownNetwork, string(inv.Network))
	}
	dst = append(append(dst, "ln"...), inv.Network...)
	if inv.AmountMsat == 0 {
		return dst, nil
	}
	return appendAmount(dst, inv.AmountMsat)
}

// canonicalOrder is the order Encode writes the fields in when Order is
// nil: lnd's zpay32 order.
func (inv *Invoice) canonicalOrder() []Tag {
	order := make([]Tag, 0, 8+len(inv.Fallbacks)+len(inv.RouteHints))
	order = append(order, TagPaymentHash)
	if inv.DescriptionHash == nil {
		order = append(order, TagDescription)
	} else {
		order = append(order, TagDescriptionHash)
	}
	if inv.PaymentMetadata != nil {
		order = append(order, TagPaymentMetadata)
	}
	if inv.MinFinalCLTVExpiryDelta != nil {
		order = append(order, TagMinFinalCLTVExpiry)
	}
	if inv.Expiry != nil {
		order = append(order, TagExpiry)
	}
	for range inv.Fallbacks {
		order = append(order, TagFallback)
	}
	for range inv.RouteHints {
		order = append(order, TagRouteHint)
	}
	if inv.ExplicitPayee {
		order = append(order, TagPayee)
	}
	order = append(order, TagPaymentSecret)
	if len(inv.Features.Minimal()) > 0 {
		order = append(order, TagFeatures)
	}
	return order
}

// checkOrder checks that order names each present field as many times as
// it is present.
func (inv *Invoice) checkOrder(order []Tag) error {
	var want, got [32]int
	for _, t := range inv.canonicalOrder() {
		want[t]++
	}
	for _, t := range order {
		if t > 31 {
			return fmt.Errorf("%w: tag %d", ErrInvalidOrder, t)
		}
		got[t]++
	}
	if want != got {
		for t := range want {
			if want[t] != got[t] {
				return fmt.Errorf("%w: %d %s fields present, Order lists %d", ErrInvalidOrder, want[t], Tag(t), got[t])
			}
		}
	}
	return nil
}

// appendData appends the data part before the signature: the timestamp and
// the tagged fields, as 5-bit values.
func (inv *Invoice) appendData(dst []byte) ([]byte, error) {
	// BOLT #11: "`timestamp`: seconds-since-1970 (35 bits, big-endian)".
	if inv.Timestamp >= 1<<35 {
		return nil, fmt.Errorf("%w: timestamp %d needs more than 35 bits", ErrValueOverflow, inv.Timestamp)
	}
	for i := timestampLen - 1; i >= 0; i-- {
		dst = append(dst, byte(inv.Timestamp>>(5*uint(i)))&31)
	}
	if inv.DescriptionHash != nil && inv.Description != "" {
		return nil, ErrDescriptionAndHash
	}
	order := inv.Order
	if order == nil {
		order = inv.canonicalOrder()
	} else if err := inv.checkOrder(order); err != nil {
		return nil, err
	}
	w := fieldWriter{inv: inv}
	total := len(order) + len(inv.Ignored)
	next, ignored := 0, inv.Ignored
	for idx := 0; idx < total; idx++ {
		var err error
		if len(ignored) > 0 && ignored[0].Index == idx {
			dst, err = w.appendIgnored(dst, ignored[0])
			ignored = ignored[1:]
		} else {
			if next == len(order) {
				return nil, fmt.Errorf("%w: Ignored field at index %d past the end", ErrInvalidOrder, ignored[0].Index)
			}
			dst, err = w.appendTyped(dst, order[next])
			next++
		}
		if err != nil {
			return nil, &FieldError{Tag: w.tag, Index: idx, Err: err}
		}
	}
	if len(ignored) > 0 {
		return nil, fmt.Errorf("%w: Ignored indexes not increasing or past the end", ErrInvalidOrder)
	}
	return dst, nil
}

// fieldWriter writes the fields in turn, counting the f and r fields
// written and the single-valued fields already written.
type fieldWriter struct {
	inv            *Invoice
	tag            Tag // the field being written, for errors
	fallbacks      int
	routes         int
	written        uint32
	scratchInvoice Invoice
}

// appendTyped appends one field from the invoice's values.
func (w *fieldWriter) appendTyped(dst []byte, t Tag) ([]byte, error) {
	inv := w.inv
	w.tag = t
	w.written |= 1 << t
	start := len(dst)
	dst = append(dst, byte(t), 0, 0)
	var err error
	switch t {
	case TagPaymentHash:
		dst = appendGroups(dst, inv.PaymentHash[:])
	case TagPaymentSecret:
		dst = appendGroups(dst, inv.PaymentSecret[:])
	case TagDescriptionHash:
		dst = appendGroups(dst, inv.DescriptionHash[:])
	case TagPayee:
		if inv.Payee[0] != 2 && inv.Payee[0] != 3 {
			return nil, fmt.Errorf("%w: starts with 0x%02x", ErrInvalidPubkey, inv.Payee[0])
		}
		dst = appendGroups(dst, inv.Payee[:])
	case TagDescription:
		if !utf8.ValidString(inv.Description) {
			return nil, ErrInvalidUTF8
		}
		if len(inv.Description) > maxFieldBytes {
			return nil, fmt.Errorf("%w: %d bytes of description", ErrFieldTooLong, len(inv.Description))
		}
		dst = appendGroups(dst, []byte(inv.Description))
	case TagPaymentMetadata:
		if len(inv.PaymentMetadata) > maxFieldBytes {
			return nil, fmt.Errorf("%w: %d bytes of metadata", ErrFieldTooLong, len(inv.PaymentMetadata))
		}
		dst = appendGroups(dst, inv.PaymentMetadata)
	case TagExpiry:
		dst = appendUint(dst, *inv.Expiry)
	case TagMinFinalCLTVExpiry:
		dst = appendUint(dst, *inv.MinFinalCLTVExpiryDelta)
	case TagFeatures:
		dst = appendFeatures(dst, inv.Features)
	case TagFallback:
		f := inv.Fallbacks[w.fallbacks]
		w.fallbacks++
		if err = f.validate(); err == nil {
			dst = appendFallback(dst, f)
		}
	case TagRouteHint:
		dst, err = appendRouteHint(dst, inv.RouteHints[w.routes])
		w.routes++
	}
	if err != nil {
		return nil, err
	}
	return setLength(dst, start)
}

// appendIgnored appends a field kept as written, after checking that a
// reader skips it: a type BOLT #11 does not define, an f field of version
// 19 to 31, or a valid repeat of a single-valued field after the first.
func (w *fieldWriter) appendIgnored(dst []byte, f TaggedField) ([]byte, error) {
	w.tag = f.Tag
	for _, v := range f.Data {
		if v > 31 {
			return nil, fmt.Errorf("%w: value %d is not 5 bits", ErrInvalidOrder, v)
		}
	}
	switch {
	case f.Tag > 31:
		return nil, fmt.Errorf("%w: tag %d", ErrInvalidOrder, f.Tag)
	case f.Tag == TagRouteHint:
		return nil, fmt.Errorf("%w: every r field is a route hint", ErrInvalidOrder)
	case f.Tag == TagFallback:
		if len(f.Data) == 0 || f.Data[0] <= maxKnownVersion {
			return nil, fmt.Errorf("%w: an f field of a known version belongs in Fallbacks", ErrInvalidOrder)
		}
	case f.Tag.singleton():
		if w.written&(1<<f.Tag) == 0 {
			return nil, fmt.Errorf("%w: a repeated %s field before the first", ErrInvalidOrder, f.Tag)
		}
		if _, err := w.scratchInvoice.readField(f.Tag, f.Data, false); err != nil {
			return nil, err
		}
	}
	start := len(dst)
	dst = append(dst, byte(f.Tag), 0, 0)
	dst = append(dst, f.Data...)
	return setLength(dst, start)
}

// setLength fills in the data_length of the field starting at start.
func setLength(dst []byte, start int) ([]byte, error) {
	n := len(dst) - start - fieldHeadLen
	if n > maxFieldLen {
		return nil, fmt.Errorf("%w: %d values", ErrFieldTooLong, n)
	}
	dst[start+1], dst[start+2] = byte(n>>5), byte(n&31)
	return dst, nil
}

// appendFeatures appends the 9 field's data: the vector's bits in big-endian
// 5-bit values, as few as hold the highest bit set.
func appendFeatures(dst []byte, v feature.Vector) []byte {
	v = v.Minimal()
	if len(v) == 0 {
		return dst
	}
	top := 8*len(v) - 1
	for v[0]&(1<<(top%8)) == 0 {
		top--
	}
	n := top/5 + 1
	for i := n - 1; i >= 0; i-- {
		var g byte
		for b := 4; b >= 0; b-- {
			g <<= 1
			if bit := 5*i + b; v.IsSet(feature.Bit(bit)) {
				g |= 1
			}
		}
		dst = append(dst, g)
	}
	return dst
}
