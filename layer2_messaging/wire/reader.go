package wire

import "encoding/binary"

// Reader reads fields from a byte slice through a cursor. It fails closed:
// the first failure is kept, every later read returns the zero value, and
// Err reports the failure. Fixed-size reads never allocate; Copy allocates
// only after checking that the input holds the bytes it copies.
//
// A Reader is a value: declare it on the stack with NewReader.
type Reader struct {
	buf []byte
	off int // next byte to read
	end int // reads stop here: len(buf), or the end of the TLV record being read
	err error

	// inRecord says reads are inside a known TLV record: running out of
	// input there is ErrRecordLength (the BOLT checks a record's length
	// against its encoding), elsewhere ErrTruncated. It is a bool, not the
	// error itself, so that saving and restoring it moves no pointer (see
	// Stream).
	inRecord bool
}

// short returns the error for running out of input.
func (r *Reader) short() error {
	if r.inRecord {
		return ErrRecordLength
	}
	return ErrTruncated
}

// NewReader returns a Reader over b.
func NewReader(b []byte) Reader {
	return Reader{buf: b, end: len(b)}
}

// Err returns the first failure, or nil.
func (r *Reader) Err() error { return r.err }

// Fail records err as the reader's failure unless one is recorded already.
func (r *Reader) Fail(err error) {
	if r.err == nil {
		r.err = err
	}
}

// Offset returns the index of the next byte to read.
func (r *Reader) Offset() int { return r.off }

// Len returns the number of bytes left to read.
func (r *Reader) Len() int { return r.end - r.off }

// need reports whether n more bytes can be read, and fails the reader when
// they cannot.
func (r *Reader) need(n int) bool {
	if r.err != nil {
		return false
	}
	if n < 0 || r.end-r.off < n {
		r.err = r.short()
		return false
	}
	return true
}

// Byte reads one byte.
func (r *Reader) Byte() byte {
	if !r.need(1) {
		return 0
	}
	r.off++
	return r.buf[r.off-1]
}

// U16 reads a big-endian u16.
func (r *Reader) U16() uint16 {
	if !r.need(2) {
		return 0
	}
	r.off += 2
	return binary.BigEndian.Uint16(r.buf[r.off-2:])
}

// U32 reads a big-endian u32.
func (r *Reader) U32() uint32 {
	if !r.need(4) {
		return 0
	}
	r.off += 4
	return binary.BigEndian.Uint32(r.buf[r.off-4:])
}

// U64 reads a big-endian u64.
func (r *Reader) U64() uint64 {
	if !r.need(8) {
		return 0
	}
	r.off += 8
	return binary.BigEndian.Uint64(r.buf[r.off-8:])
}

// S8 reads an s8.
func (r *Reader) S8() int8 { return int8(r.Byte()) }

// S16 reads a big-endian two's complement s16.
func (r *Reader) S16() int16 { return int16(r.U16()) }

// S32 reads a big-endian two's complement s32.
func (r *Reader) S32() int32 { return int32(r.U32()) }

// S64 reads a big-endian two's complement s64.
func (r *Reader) S64() int64 { return int64(r.U64()) }

// BigSize reads a minimally encoded BigSize.
func (r *Reader) BigSize() uint64 {
	// The one-byte form (below 0xfd) is nearly every TLV type and length:
	// read it here, small enough to inline.
	if r.err == nil && r.off < r.end {
		if c := r.buf[r.off]; c < 0xfd {
			r.off++
			return uint64(c)
		}
	}
	return r.bigSize()
}

// bigSize reads a BigSize of any length.
func (r *Reader) bigSize() uint64 {
	if r.err != nil {
		return 0
	}
	v, n, err := DecodeBigSize(r.buf[r.off:r.end])
	if err != nil {
		if err == ErrTruncated {
			err = r.short()
		}
		r.err = err
		return 0
	}
	r.off += n
	return v
}

// TU reads the rest of the input as a truncated integer of at most max bytes
// (2, 4 or 8): a truncated integer is always the last value of its record.
func (r *Reader) TU(max int) uint64 {
	if r.err != nil {
		return 0
	}
	v, err := DecodeTU(r.buf[r.off:r.end], max)
	if err != nil {
		r.err = err
		return 0
	}
	r.off = r.end
	return v
}

// ReadFull copies len(dst) bytes into dst: the read for fixed-size fields.
func (r *Reader) ReadFull(dst []byte) {
	if !r.need(len(dst)) {
		return
	}
	r.off += copy(dst, r.buf[r.off:])
}

// Bytes returns the next n bytes without copying: the result aliases the
// input, so it is only valid while the input is.
func (r *Reader) Bytes(n int) []byte {
	if !r.need(n) {
		return nil
	}
	r.off += n
	return r.buf[r.off-n : r.off : r.off]
}

// Copy returns a copy of the next n bytes, or nil when n is 0. It checks that
// the bytes are there before it allocates, so a length field cannot make it
// allocate more than the input holds.
func (r *Reader) Copy(n int) []byte {
	b := r.Bytes(n)
	if len(b) == 0 {
		return nil
	}
	// make and copy, not append: append goes through growslice, which
	// costs more than the copy of a short field.
	c := make([]byte, len(b))
	copy(c, b)
	return c
}

// Rest returns the bytes left, without copying.
func (r *Reader) Rest() []byte { return r.Bytes(r.Len()) }
