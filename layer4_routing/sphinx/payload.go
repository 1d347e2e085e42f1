package sphinx

import "github.com/lnstack/lnstack/layer2_messaging/wire"

// Payload is the `payload` TLV stream of a payment hop (BOLT #4 "payload
// format"): what the origin tells one hop. Each record has its Has flag;
// unknown odd records (custom records, type 65536 and up, among them) are
// kept in Unknown and re-encoded unchanged. An unknown even record fails
// decoding with wire.ErrUnknownEvenType.
type Payload struct {
	// HasAmtToForward tells whether amt_to_forward (type 2) is present.
	HasAmtToForward bool
	// AmtToForward is the amount, in millisatoshis, to forward to the
	// next peer, or for the final node the amount it receives.
	AmtToForward uint64

	// HasOutgoingCLTV tells whether outgoing_cltv_value (type 4) is present.
	HasOutgoingCLTV bool
	// OutgoingCLTV is the CLTV value the outgoing HTLC should have.
	OutgoingCLTV uint32

	// HasShortChannelID tells whether short_channel_id (type 6) is present.
	HasShortChannelID bool
	// ShortChannelID is the outgoing channel of a non-final hop.
	ShortChannelID wire.ShortChannelID

	// HasPaymentData tells whether payment_data (type 8) is present.
	HasPaymentData bool
	// PaymentSecret is payment_data's payment_secret.
	PaymentSecret [32]byte
	// TotalMsat is payment_data's total_msat: the whole amount of a
	// (multi-part) payment.
	TotalMsat uint64

	// HasEncryptedRecipientData tells whether encrypted_recipient_data
	// (type 10) is present.
	HasEncryptedRecipientData bool
	// EncryptedRecipientData is this hop's blob of a blinded path.
	EncryptedRecipientData []byte

	// HasCurrentPathKey tells whether current_path_key (type 12) is
	// present.
	HasCurrentPathKey bool
	// CurrentPathKey is the path_key of a blinded path's introduction node.
	CurrentPathKey wire.Point

	// HasPaymentMetadata tells whether payment_metadata (type 16) is
	// present.
	HasPaymentMetadata bool
	// PaymentMetadata is the recipient's metadata from the invoice.
	PaymentMetadata []byte

	// HasTotalAmount tells whether total_amount_msat (type 18) is present.
	HasTotalAmount bool
	// TotalAmountMsat is the total of a payment to a blinded path.
	TotalAmountMsat uint64

	// Unknown holds the unknown odd records.
	Unknown wire.Records
}

// The record types of the payload stream.
const (
	TypeAmtToForward           = 2
	TypeOutgoingCLTV           = 4
	TypeShortChannelID         = 6
	TypePaymentData            = 8
	TypeEncryptedRecipientData = 10
	TypeCurrentPathKey         = 12
	TypePaymentMetadata        = 16
	TypeTotalAmountMsat        = 18
)

// Walk walks the stream as the field name ("" on its own).
func (p *Payload) Walk(f *wire.Fields, name string) {
	tlv := f.BeginStream(name, &p.Unknown)
	if tlv.Record(TypeAmtToForward, "amt_to_forward", &p.HasAmtToForward) {
		f.TU64("amt_to_forward", &p.AmtToForward)
	}
	if tlv.Record(TypeOutgoingCLTV, "outgoing_cltv_value", &p.HasOutgoingCLTV) {
		f.TU32("outgoing_cltv_value", &p.OutgoingCLTV)
	}
	if tlv.Record(TypeShortChannelID, "short_channel_id", &p.HasShortChannelID) {
		f.ShortChannelID("short_channel_id", &p.ShortChannelID)
	}
	if tlv.Record(TypePaymentData, "payment_data", &p.HasPaymentData) {
		f.FixedBytes("payment_secret", p.PaymentSecret[:])
		f.TU64("total_msat", &p.TotalMsat)
	}
	if tlv.Record(TypeEncryptedRecipientData, "encrypted_recipient_data", &p.HasEncryptedRecipientData) {
		f.RestBytes("encrypted_recipient_data", &p.EncryptedRecipientData)
	}
	if tlv.Record(TypeCurrentPathKey, "current_path_key", &p.HasCurrentPathKey) {
		f.Point("path_key", &p.CurrentPathKey)
	}
	if tlv.Record(TypePaymentMetadata, "payment_metadata", &p.HasPaymentMetadata) {
		f.RestBytes("payment_metadata", &p.PaymentMetadata)
	}
	if tlv.Record(TypeTotalAmountMsat, "total_amount_msat", &p.HasTotalAmount) {
		f.TU64("total_msat", &p.TotalAmountMsat)
	}
	tlv.End()
}

// Fields implements wire.Walker for the stream on its own.
func (p *Payload) Fields(f *wire.Fields) { p.Walk(f, "") }

// Encode appends the stream to dst.
func (p *Payload) Encode(dst []byte) ([]byte, error) {
	e := wire.NewEncoder(dst)
	p.Walk(&e, "")
	return e.Output()
}

// Decode decodes a hop payload; on failure p is unchanged.
func (p *Payload) Decode(b []byte) error {
	var v Payload
	d := wire.NewDecoder(b)
	v.Walk(&d, "")
	if err := d.Done(); err != nil {
		return err
	}
	*p = v
	return nil
}

// Role says where in the route a payload was read, for Check.
type Role struct {
	// Final is true at the final node (the onion's next HMAC is zero).
	Final bool
	// PathKeyInHTLC is true when the incoming update_add_htlc carried a
	// path_key: the hop is inside a blinded path, past its introduction
	// node.
	PathKeyInHTLC bool
}

// Check applies BOLT #4's reader requirements on which records a payload
// holds (the "The reader:" list of "payload format"), given the hop's role.
// It fails with a *RecordError wrapping ErrMissingRecord or
// ErrUnexpectedRecord. The values themselves (amounts against the HTLC,
// the encrypted data) are checked where they are known.
func (p *Payload) Check(r Role) error {
	if p.HasEncryptedRecipientData {
		// BOLT #4: "If path_key is set in the incoming update_add_htlc:
		// MUST return an error if current_path_key is present ...
		// Otherwise: MUST return an error if current_path_key is not
		// present."
		if r.PathKeyInHTLC && p.HasCurrentPathKey {
			return unexpected(TypeCurrentPathKey)
		}
		if !r.PathKeyInHTLC && !p.HasCurrentPathKey {
			return missing(TypeCurrentPathKey)
		}
		finalOnly := func(t uint64) bool {
			return t == TypeAmtToForward || t == TypeOutgoingCLTV || t == TypeTotalAmountMsat
		}
		if r.Final {
			// BOLT #4: "MUST return an error if amt_to_forward,
			// outgoing_cltv_value or total_amount_msat are not
			// present."
			for _, t := range [...]uint64{TypeAmtToForward, TypeOutgoingCLTV, TypeTotalAmountMsat} {
				if !p.has(t) {
					return missing(t)
				}
			}
		}
		// BOLT #4: "MUST return an error if the payload contains other
		// tlv fields than" encrypted_recipient_data and current_path_key
		// (and, at the final node, the three above).
		for t := uint64(TypeAmtToForward); t <= TypeTotalAmountMsat; t += 2 {
			ok := t == TypeEncryptedRecipientData || t == TypeCurrentPathKey || r.Final && finalOnly(t)
			if p.has(t) && !ok {
				return unexpected(t)
			}
		}
		if len(p.Unknown) > 0 {
			return &RecordError{Type: p.Unknown[0].Type, Name: "unknown", Err: ErrUnexpectedRecord}
		}
		return nil
	}
	// BOLT #4: "Otherwise (it is not part of a blinded route): MUST return
	// an error if path_key is set in the incoming update_add_htlc or
	// current_path_key is present. MUST return an error if amt_to_forward
	// or outgoing_cltv_value are not present."
	if r.PathKeyInHTLC {
		return missing(TypeEncryptedRecipientData)
	}
	if p.HasCurrentPathKey {
		return unexpected(TypeCurrentPathKey)
	}
	if !p.HasAmtToForward {
		return missing(TypeAmtToForward)
	}
	if !p.HasOutgoingCLTV {
		return missing(TypeOutgoingCLTV)
	}
	if !r.Final && !p.HasShortChannelID {
		// BOLT #4: "if it is not the final node: MUST return an error
		// if: short_channel_id is not present".
		return missing(TypeShortChannelID)
	}
	if !r.Final && p.HasPaymentData {
		// The writer "For every non-final node: MUST NOT include
		// payment_data"; a hop that finds one was handed a final payload.
		return unexpected(TypePaymentData)
	}
	return nil
}

// RecordName returns the BOLT name of a payload record type, or "" for a
// type the stream does not define.
func RecordName(t uint64) string {
	switch t {
	case TypeAmtToForward:
		return "amt_to_forward"
	case TypeOutgoingCLTV:
		return "outgoing_cltv_value"
	case TypeShortChannelID:
		return "short_channel_id"
	case TypePaymentData:
		return "payment_data"
	case TypeEncryptedRecipientData:
		return "encrypted_recipient_data"
	case TypeCurrentPathKey:
		return "current_path_key"
	case TypePaymentMetadata:
		return "payment_metadata"
	case TypeTotalAmountMsat:
		return "total_amount_msat"
	}
	return ""
}

func (p *Payload) has(t uint64) bool {
	switch t {
	case TypeAmtToForward:
		return p.HasAmtToForward
	case TypeOutgoingCLTV:
		return p.HasOutgoingCLTV
	case TypeShortChannelID:
		return p.HasShortChannelID
	case TypePaymentData:
		return p.HasPaymentData
	case TypeEncryptedRecipientData:
		return p.HasEncryptedRecipientData
	case TypeCurrentPathKey:
		return p.HasCurrentPathKey
	case TypePaymentMetadata:
		return p.HasPaymentMetadata
	case TypeTotalAmountMsat:
		return p.HasTotalAmount
	}
	return false
}

func missing(t uint64) error {
	return &RecordError{Type: t, Name: RecordName(t), Err: ErrMissingRecord}
}

func unexpected(t uint64) error {
	return &RecordError{Type: t, Name: RecordName(t), Err: ErrUnexpectedRecord}
}

// RecordAt returns the type and start of the TLV record of payload that
// holds byte offset, reading the record headers from the start: what an
// invalid_onion_payload failure reports ("If the failure can be narrowed
// down to a specific tlv type in the payload, the erring node may include
// that type and its byte offset"). It reports false when the headers up to
// offset do not parse or offset is past the end.
func RecordAt(payload []byte, offset int) (typ uint64, start int, ok bool) {
	scanRecords(payload, func(t uint64, s, end int) bool {
		if offset >= s && offset < end {
			typ, start, ok = t, s, true
			return false
		}
		return true
	})
	return typ, start, ok
}

// RecordOffset returns the start of the record of type typ in payload.
func RecordOffset(payload []byte, typ uint64) (start int, ok bool) {
	scanRecords(payload, func(t uint64, s, _ int) bool {
		if t == typ {
			start, ok = s, true
			return false
		}
		return true
	})
	return start, ok
}

// scanRecords calls f with the type, start and end of each record of
// payload until f returns false or a header does not parse; a record that
// runs past the end ends at the end.
func scanRecords(payload []byte, f func(t uint64, start, end int) bool) {
	for off := 0; off < len(payload); {
		t, n, err := wire.DecodeBigSize(payload[off:])
		if err != nil {
			return
		}
		l, m, err := wire.DecodeBigSize(payload[off+n:])
		if err != nil {
			return
		}
		end := len(payload)
		if l < uint64(len(payload)-off-n-m) {
			end = off + n + m + int(l)
		}
		if !f(t, off, end) {
			return
		}
		off = end
	}
}
