package wire

// TLV streams (BOLT #1 "Type-Length-Value Format"). A stream's codec is one
// declaration of its known records, in increasing type order, each with the
// fields of its value:
//
//	func (s *InitTLVs) Walk(f *wire.Fields, name string) {
//		tlv := f.BeginStream(name, &s.Unknown)
//		if tlv.Record(1, "networks", &s.HasNetworks) {
//			... the fields of networks ...
//		}
//		if tlv.Record(3, "remote_addr", &s.HasRemoteAddr) {
//			f.RestBytes("data", &s.RemoteAddr)
//		}
//		tlv.End()
//	}
//
// Decoding merges the records of the input with the declared ones as both
// run in increasing type order: a declared record found in the input is
// decoded by the fields inside its if; an undeclared one is an unknown
// record, kept when odd and an error when even. Encoding writes the present
// records and the kept unknown ones merged in type order, so a decoded
// stream re-encodes byte for byte.

// Stream is the state of one TLV stream being walked. BeginStream returns it
// as a value for the walk to keep in a local variable: nothing about the
// stream is stored in Fields, so the stream's value does not escape to the
// heap, and a record's value can hold a stream of its own.
type Stream struct {
	f       *Fields
	unknown *Records
	name    string // the stream's field name, for JSON; see open

	lastDecl uint64 // the type of the last declared record

	// Nothing saved below is a pointer: a pointer loaded from the Stream
	// and stored into Fields would make escape analysis move the walked
	// value to the heap.

	next     int // encoding: index of the next unknown record to write
	recStart int // encoding: index of the open record's length byte in out
	outerEnd int // decoding: the reader's limit outside the open record

	// Decoding: the last type read, and a header read but not yet
	// consumed (its record comes after the declared record being looked
	// for). The stream ends where the reader's limit is outside records.
	last uint64
	pend header

	begun       bool // begin has run
	declared    bool // a record has been declared
	ended       bool
	rec         bool // a record's fields are being walked
	outerRecord bool // decoding: whether the stream is itself in a record
	named       bool // JSON: the stream opened an object of its own
	seen        bool // decoding: a record has been read
	pending     bool // decoding: pend holds a header
}

// BeginStream starts the TLV stream of field name, which runs to the end of
// the message or record. Unknown odd records are kept in *unknown (decoding
// resets it). In JSON the stream is an object under name, or when name is ""
// its records are members of the enclosing object (a stream on its own).
func (f *Fields) BeginStream(name string, unknown *Records) Stream {
	// Small enough to inline, so the caller's Stream is built in place (a
	// Stream returned from a call is copied out with wide loads of fields
	// just stored narrow: a store-forwarding stall on every stream). The
	// work of each mode waits for the first Record or End (begin).
	f.streams++
	return Stream{f: f, unknown: unknown, name: name}
}

// begin does what starting the stream does in each mode: decoding resets
// the unknown records, JSON opens the stream's object.
func (s *Stream) begin() {
	s.begun = true
	switch f := s.f; f.mode {
	case ModeDecode:
		*s.unknown = nil
	case ModeJSON:
		if s.name != "" {
			f.open(s.name, '{')
			s.named = true
		}
	}
}

// Record declares the record of type typ, named name, and reports whether
// its fields follow: when decoding, whether it is the next record in the
// input (setting *present); otherwise whether *present is true. The fields
// walked after a true Record, up to the next Record or End, are the record's
// value. Records must be declared in increasing type order.
//
// Record runs once per declared record of every stream walked, so the
// common cases take no call: encoding a record with no unknown record
// before it, decoding one whose header has one-byte type and length.
func (s *Stream) Record(typ uint64, name string, present *bool) bool {
	f := s.f
	switch f.mode {
	case ModeEncode:
		if s.rec {
			// Close the record before: its length byte, reserved
			// below, is fixed up now.
			s.rec, f.recName = false, ""
			if n := len(f.out) - s.recStart - 1; n < 0xfd {
				f.out[s.recStart] = byte(n)
			} else {
				s.longLength(n)
			}
		}
		if f.r.err != nil || !s.declare(typ, name) {
			return false
		}
		if s.next < len(*s.unknown) {
			s.writeUnknownBelow(typ)
			if f.r.err != nil {
				return false
			}
		}
		if !*present {
			return false
		}
		if typ < 0xfd {
			f.out = append(f.out, byte(typ), 0)
		} else {
			f.out = append(AppendBigSize(f.out, typ), 0)
		}
		s.rec, f.recName, s.recStart = true, name, len(f.out)-1
		return true
	case ModeDecode:
		*present = false
		r := &f.r
		if s.rec {
			// Close the record before: its fields must have taken all
			// of it.
			if r.err == nil && r.off != r.end {
				f.Fail("", ErrRecordLength)
			}
			r.end, r.inRecord = s.outerEnd, s.outerRecord
			s.rec, f.recName = false, ""
		} else if !s.begun {
			s.begin()
		}
		if r.err != nil || !s.declare(typ, name) {
			return false
		}
		for {
			h := s.pend
			if !s.pending {
				// Read the next header: inline when type and length
				// are one byte each, in order and within the stream.
				if i := r.off; i+1 < r.end && r.buf[i] < 0xfd && r.buf[i+1] < 0xfd &&
					(!s.seen || uint64(r.buf[i]) > s.last) && int(r.buf[i+1]) <= r.end-i-2 {
					h = header{typ: uint64(r.buf[i]), len: int(r.buf[i+1]), start: i}
					r.off = i + 2
					s.seen, s.last = true, h.typ
				} else {
					var ok bool
					if h, ok = s.readHeader(); !ok {
						return false // the end of the stream, or a failure
					}
				}
				s.pending, s.pend = true, h
			}
			if h.typ > typ {
				return false // absent; the record read stays pending
			}
			s.pending = false
			if h.typ < typ {
				s.skipUnknown(h)
				if f.r.err != nil {
					return false
				}
				continue
			}
			s.rec, f.recName = true, name
			s.outerEnd, s.outerRecord = f.r.end, f.r.inRecord
			// BOLT #1: "if length is not exactly equal to that required
			// for the known encoding for type: MUST fail to parse the
			// tlv_stream": reads stop at the record's end, and running
			// out there is a record length error.
			f.r.end, f.r.inRecord = f.r.off+h.len, true
			*present = true
			return true
		}
	}
	return s.recordJSON(typ, name, present)
}

// declare checks that typ comes after the records declared before it.
func (s *Stream) declare(typ uint64, name string) bool {
	if s.ended || s.declared && typ <= s.lastDecl {
		s.f.Fail(name, ErrDeclaration)
		return false
	}
	s.declared, s.lastDecl = true, typ
	return true
}

// recordJSON is Record in a JSON walk (or a zero Fields, which does
// nothing).
func (s *Stream) recordJSON(typ uint64, name string, present *bool) bool {
	f := s.f
	if s.rec {
		s.endRecord()
	} else if !s.begun {
		s.begin()
	}
	if f.r.err != nil || !s.declare(typ, name) || f.mode != ModeJSON || !*present {
		return false
	}
	f.open(name, '{')
	s.rec, f.recName = true, name
	return true
}

// End ends the stream: decoding takes the records after the last declared
// one (unknown ones), encoding writes the unknown records left, JSON adds
// them as "unknown": {"<type>": "<hex>"}.
func (s *Stream) End() {
	f := s.f
	if s.rec {
		s.endRecord()
	} else if !s.begun {
		s.begin()
	}
	if s.ended {
		f.Fail("tlv_stream", ErrDeclaration)
		return
	}
	s.ended = true
	f.streams--
	if f.r.err != nil {
		return
	}
	switch f.mode {
	case ModeEncode:
		for rs := *s.unknown; s.next < len(rs); s.next++ {
			s.writeRecord(rs[s.next])
		}
	case ModeDecode:
		for s.pending || f.r.off < f.r.end {
			h := s.pend
			if !s.pending {
				var ok bool
				if h, ok = s.readHeader(); !ok {
					return
				}
			}
			s.pending = false
			s.skipUnknown(h)
			if f.r.err != nil {
				return
			}
		}
	case ModeJSON:
		if rs := *s.unknown; len(rs) > 0 {
			f.open("unknown", '{')
			for _, r := range rs {
				f.jsonHex(string(appendUint(nil, r.Type)), r.Value)
			}
			f.close('}')
		}
		if s.named {
			f.close('}')
		}
	}
}

// Extension walks a message's extension: a TLV stream with no known records
// (BOLT #1 "Lightning Message Format"), for messages whose BOLT defines none.
// Unknown odd records are kept in *v; JSON leaves an empty one out.
func (f *Fields) Extension(v *Records) {
	// Nearly every message has no extension: take the short way then.
	if f.mode == ModeDecode {
		if f.r.off == f.r.end {
			if *v != nil { // a load costs less than a pointer store
				*v = nil
			}
			return
		}
	} else if len(*v) == 0 {
		return
	}
	s := f.BeginStream("extension", v)
	s.End()
}

// readHeader reads the header of the next record in the input, leaves it
// pending, and checks the order of types. ok is false at the end of the
// stream and on failure.
func (s *Stream) readHeader() (h header, ok bool) {
	r := &s.f.r
	// BOLT #1: "if zero bytes remain before parsing a type: MUST stop
	// parsing the tlv_stream."
	if r.err != nil || r.off >= r.end {
		return h, false
	}
	h.start = r.off
	var n uint64
	if i := r.off; i+1 < r.end && r.buf[i] < 0xfd && r.buf[i+1] < 0xfd {
		// One-byte type and length: nearly every record.
		h.typ, n = uint64(r.buf[i]), uint64(r.buf[i+1])
		r.off = i + 2
	} else {
		h.typ = r.BigSize()
		n = r.BigSize()
	}
	if r.err == nil && n > uint64(r.end-r.off) {
		r.err = ErrTLVLength
	}
	if r.err != nil {
		s.f.errAt("tlv_record", h.start, r.err)
		return h, false
	}
	h.len = int(n)
	// BOLT #1: "if decoded types are not strictly-increasing (including
	// situations when two or more occurrences of the same type are met):
	// MUST fail to parse the tlv_stream."
	if s.seen && h.typ <= s.last {
		s.f.errAt("tlv_record", h.start, ErrTLVOrder)
		return h, false
	}
	s.seen, s.last = true, h.typ
	s.pending, s.pend = true, h
	return h, true
}

// skipUnknown consumes the record of unknown type h.typ, whose header was
// read.
func (s *Stream) skipUnknown(h header) {
	// BOLT #1: "otherwise, if type is unknown: if type is even: MUST fail
	// to parse the tlv_stream. otherwise, if type is odd: MUST discard the
	// next length bytes." Discarding here means keeping them aside, so the
	// stream re-encodes unchanged (a signature may cover it).
	if h.typ%2 == 0 {
		s.f.errAt("tlv_record", h.start, ErrUnknownEvenType)
		return
	}
	*s.unknown = append(*s.unknown, Record{Type: h.typ, Value: s.f.bytes(h.len)})
}

// endRecord ends the record being walked.
func (s *Stream) endRecord() {
	f := s.f
	switch f.mode {
	case ModeEncode:
		// Fix up the one-byte length reserved by Record.
		if n := len(f.out) - s.recStart - 1; n < 0xfd {
			f.out[s.recStart] = byte(n)
		} else {
			s.longLength(n)
		}
	case ModeDecode:
		s.endDecoded()
		return
	case ModeJSON:
		f.close('}')
	}
	// The name of an enclosing record, if any, is not restored (it would
	// be a pointer loaded from the Stream): errors in its later fields
	// carry the field name alone.
	s.rec, f.recName = false, ""
}

// endDecoded ends the record being decoded: its fields must have taken
// all of it.
func (s *Stream) endDecoded() {
	f := s.f
	if f.r.err == nil && f.r.off != f.r.end {
		f.Fail("", ErrRecordLength)
	}
	f.r.end, f.r.inRecord = s.outerEnd, s.outerRecord
	s.rec, f.recName = false, ""
}

// longLength writes the length n of a record value of 253 bytes or more,
// which needs a longer BigSize than the byte Record reserved: the value
// moves up to make room.
func (s *Stream) longLength(n int) {
	f := s.f
	start := s.recStart
	k := BigSizeLen(uint64(n)) - 1
	f.out = append(f.out, make([]byte, k)...)
	copy(f.out[start+1+k:], f.out[start+1:start+1+n])
	AppendBigSize(f.out[:start], uint64(n))
}

// writeUnknownBelow writes the kept unknown records with types below typ,
// failing when one has type typ itself.
func (s *Stream) writeUnknownBelow(typ uint64) {
	rs := *s.unknown
	for ; s.next < len(rs) && rs[s.next].Type < typ; s.next++ {
		s.writeRecord(rs[s.next])
	}
	if s.next < len(rs) && rs[s.next].Type == typ {
		s.f.Fail("unknown", ErrTLVOrder)
	}
}

// writeRecord writes the unknown record r, failing when the unknown records
// are out of order.
func (s *Stream) writeRecord(r Record) {
	f := s.f
	if i := s.next; i > 0 && (*s.unknown)[i-1].Type >= r.Type {
		f.Fail("unknown", ErrTLVOrder)
	}
	if f.r.err != nil {
		return
	}
	f.out = AppendBigSize(f.out, r.Type)
	f.out = AppendBigSize(f.out, uint64(len(r.Value)))
	f.out = append(f.out, r.Value...)
}

// errAt records a failure at offset off (a record's header, rather than
// where the reader stopped inside it), unless one is recorded already; a
// failure of the Reader not yet named becomes this one.
func (f *Fields) errAt(name string, off int, err error) {
	if f.named {
		return
	}
	if f.r.err != nil {
		err = f.r.err
	}
	f.name(name, err)
	f.r.err.(*DecodeError).Offset = off
}
