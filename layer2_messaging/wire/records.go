package wire

import "slices"

// Record is one TLV record kept as raw bytes: an unknown odd record a decoder
// keeps so the stream re-encodes unchanged, or any record of the generic view
// ParseRecords gives of a stream whose format is not known.
type Record struct {
	Type  uint64
	Value []byte
}

// Records is a list of raw records in strictly increasing type order.
type Records []Record

// Len returns the number of bytes the records take on the wire.
func (rs Records) Len() int {
	n := 0
	for _, r := range rs {
		n += BigSizeLen(r.Type) + BigSizeLen(uint64(len(r.Value))) + len(r.Value)
	}
	return n
}

// Append appends the records' wire encoding to dst. It fails with
// ErrTLVOrder when their types are not strictly increasing.
func (rs Records) Append(dst []byte) ([]byte, error) {
	for i, r := range rs {
		if i > 0 && r.Type <= rs[i-1].Type {
			return dst, ErrTLVOrder
		}
		dst = AppendBigSize(dst, r.Type)
		dst = AppendBigSize(dst, uint64(len(r.Value)))
		dst = append(dst, r.Value...)
	}
	return dst, nil
}

// Clone returns a deep copy.
func (rs Records) Clone() Records {
	if rs == nil {
		return nil
	}
	out := slices.Clone(rs)
	for i := range out {
		out[i].Value = slices.Clone(out[i].Value)
	}
	return out
}

// ParseRecords splits a TLV stream into its records without knowing its
// format, keeping every record, even or odd: the generic view for printing
// a stream. It applies the rules every stream obeys (minimal BigSize type
// and length, strictly increasing types, lengths within the stream) and
// copies the values, so the result does not alias b.
func ParseRecords(b []byte) (Records, error) {
	var rs Records
	r := NewReader(b)
	for r.Len() > 0 {
		start := r.Offset()
		h := r.recordHeader()
		if r.err != nil {
			return nil, &DecodeError{Field: "tlv_record", Offset: start, Err: r.err}
		}
		if len(rs) > 0 && h.typ <= rs[len(rs)-1].Type {
			return nil, &DecodeError{Field: "tlv_record", Offset: start, Err: ErrTLVOrder}
		}
		rs = append(rs, Record{Type: h.typ, Value: r.Copy(h.len)})
	}
	return rs, nil
}

// header is a parsed TLV record header.
type header struct {
	typ   uint64
	len   int
	start int // offset of the type in the input
}

// recordHeader reads a record's type and length and checks that the value
// is within the input: BOLT #1 "if length exceeds the number of bytes
// remaining in the message: MUST fail to parse the tlv_stream".
func (r *Reader) recordHeader() header {
	start := r.off
	typ := r.BigSize()
	n := r.BigSize()
	if r.err == nil && n > uint64(r.Len()) {
		r.err = ErrTLVLength
	}
	return header{typ: typ, len: int(n), start: start}
}
