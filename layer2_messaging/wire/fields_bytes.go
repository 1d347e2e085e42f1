package wire

import (
	"encoding/binary"
	"unicode/utf8"
)

// The variable-length fields: byte arrays and UTF-8 strings, behind a u16
// length or taking the rest of the message or record.

// Bytes16 walks a byte array behind a u16 length: [u16:lenName]
// [lenName*byte:name]. Decoding copies the bytes (nil when there are none),
// after checking they are there, or aliases them in a NewDecoderNoCopy
// walk; JSON leaves the length out.
func (f *Fields) Bytes16(lenName, name string, v *[]byte) {
	switch f.mode {
	case ModeDecode:
		// The length and the bytes are there: nearly every input.
		if r := &f.r; r.err == nil && r.end-r.off >= 2 {
			start := r.off + 2
			if end := start + int(binary.BigEndian.Uint16(r.buf[r.off:])); end <= r.end {
				r.off = end
				switch {
				case end == start:
					if *v != nil {
						*v = nil
					}
				case f.noCopy:
					*v = r.buf[start:end:end]
				default:
					c := make([]byte, end-start)
					copy(c, r.buf[start:end])
					*v = c
				}
				return
			}
		}
		n := f.r.U16()
		f.Check(lenName)
		*v = f.bytes(int(n))
		f.Check(name)
	case ModeEncode:
		if len(*v) > 0xffff {
			f.Fail(name, ErrTooLarge)
			return
		}
		f.out = AppendU16(f.out, uint16(len(*v)))
		f.out = append(f.out, *v...)
	case ModeJSON:
		f.jsonHex(name, *v)
	}
}

// RestBytes walks [...*byte:name]: the rest of the message or record,
// copied (aliased in a NewDecoderNoCopy walk; nil when empty).
func (f *Fields) RestBytes(name string, v *[]byte) {
	switch f.mode {
	case ModeDecode:
		*v = f.bytes(f.r.Len())
		f.Check(name)
	case ModeEncode:
		f.out = append(f.out, *v...)
	case ModeJSON:
		f.jsonHex(name, *v)
	}
}

// String16 walks a UTF-8 string behind a u16 length: [u16:lenName]
// [lenName*utf8:name]. Both directions check it is valid UTF-8 (BOLT #1: "A
// writer MUST ensure an array of these is a valid UTF-8 string, a reader
// MAY reject any messages containing an array of these which is not").
func (f *Fields) String16(lenName, name string, v *string) {
	switch f.mode {
	case ModeDecode:
		n := f.r.U16()
		f.Check(lenName)
		f.readString(name, int(n), v)
	case ModeEncode:
		if len(*v) > 0xffff {
			f.Fail(name, ErrTooLarge)
			return
		}
		if !utf8.ValidString(*v) {
			f.Fail(name, ErrInvalidUTF8)
			return
		}
		f.out = AppendU16(f.out, uint16(len(*v)))
		f.out = append(f.out, *v...)
	case ModeJSON:
		f.jsonString(name, *v)
	}
}

// RestString walks [...*utf8:name]: the rest of the message or record as a
// UTF-8 string, checked in both directions.
func (f *Fields) RestString(name string, v *string) {
	switch f.mode {
	case ModeDecode:
		f.readString(name, f.r.Len(), v)
	case ModeEncode:
		if !utf8.ValidString(*v) {
			f.Fail(name, ErrInvalidUTF8)
			return
		}
		f.out = append(f.out, *v...)
	case ModeJSON:
		f.jsonString(name, *v)
	}
}

func (f *Fields) readString(name string, n int, v *string) {
	b := f.r.Bytes(n)
	f.Check(name)
	if f.r.err != nil {
		return
	}
	if !utf8.Valid(b) {
		f.Fail(name, ErrInvalidUTF8)
		return
	}
	*v = string(b)
}
