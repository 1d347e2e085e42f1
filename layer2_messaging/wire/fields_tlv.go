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
	next    int // encoding: index of the next unknown record to write

	declared bool   // a record has been declared
	lastDecl uint64 // the type of the last declared record

	// Decoding: the end of the stream in the input, the last type read,
	// and a header read but not yet consumed (its record comes after the
	// declared record being looked for).
	end     int
	seen    bool
	last    uint64
	pending bool
	pend    header

	// The record whose fields are being walked.
	//
	// Nothing saved here is a pointer: a pointer loaded from the Stream
	// and stored into Fields would make escape analysis move the walked
	// value to the heap.
	rec         bool
	recStart    int  // encoding: index of its length byte in out
	outerEnd    int  // decoding: the reader's limit outside the record
	outerRecord bool // decoding: whether the stream is itself in a record

	named bool // JSON: the stream opened an object of its own
	ended bool
}

// BeginStream starts the TLV stream of field name, which runs to the end of
// the message or record. Unknown odd records are kept in *unknown (decoding
// resets it). In JSON the stream is an object under name, or when name is ""
// its records are members of the enclosing object (a stream on its own).
func (f *Fields) BeginStream(name string, unknown *Records) Stream {
	s := Stream{f: f, unknown: unknown}
	f.streams++
	switch f.mode {
	case ModeDecode:
		*unknown = nil
		s.end = f.r.end
	case ModeJSON:
		if name != "" {
			f.open(name, '{')
			s.named = true
		}
	}
	return s
}

// Record declares the record of type typ, named name, and reports whether
// its fields follow: when decoding, whether it is the next record in the
// input (setting *present); otherwise whether *present is true. The fields
// walked after a true Record, up to the next Record or End, are the record's
// value. Records must be declared in increasing type order.
func (s *Stream) Record(typ uint64, name string, present *bool) bool {
	f := s.f
	s.closeRecord()
	if f.mode == ModeDecode {
		*present = false
	}
	if f.r.err != nil {
		return false
	}
	if s.ended || s.declared && typ <= s.lastDecl {
		f.Fail(name, ErrDeclaration)
		return false
	}
	s.declared, s.lastDecl = true, typ
	switch f.mode {
	case ModeDecode:
		for {
			h, ok := s.nextHeader()
			if !ok || h.typ > typ {
				return false // absent; a later record stays pending
			}
			if h.typ < typ {
				s.skipUnknown(h)
				continue
			}
			s.pending = false
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
	case ModeEncode:
		s.writeUnknownBelow(typ)
		if !*present || f.r.err != nil {
			return false
		}
		f.out = AppendBigSize(f.out, typ)
		s.rec, f.recName, s.recStart = true, name, len(f.out)
		f.out = append(f.out, 0) // the length, fixed up by closeRecord
		return true
	case ModeJSON:
		if !*present {
			return false
		}
		f.open(name, '{')
		s.rec, f.recName = true, name
		return true
	}
	return false
}

// End ends the stream: decoding takes the records after the last declared
// one (unknown ones), encoding writes the unknown records left, JSON adds
// them as "unknown": {"<type>": "<hex>"}.
func (s *Stream) End() {
	f := s.f
	s.closeRecord()
	if s.ended {
		f.Fail("tlv_stream", ErrDeclaration)
		return
	}
	s.ended = true
	f.streams--
	if f.r.err == nil {
		switch f.mode {
		case ModeDecode:
			for {
				h, ok := s.nextHeader()
				if !ok {
					break
				}
				s.skipUnknown(h)
			}
		case ModeEncode:
			for rs := *s.unknown; s.next < len(rs); s.next++ {
				s.writeRecord(rs[s.next])
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
}

// Extension walks a message's extension: a TLV stream with no known records
// (BOLT #1 "Lightning Message Format"), for messages whose BOLT defines none.
// Unknown odd records are kept in *v; JSON leaves an empty one out.
func (f *Fields) Extension(v *Records) {
	// Nearly every message has no extension: take the short way then.
	if f.mode == ModeDecode {
		if f.r.off == f.r.end {
			*v = nil
			return
		}
	} else if len(*v) == 0 {
		return
	}
	s := f.BeginStream("extension", v)
	s.End()
}

// nextHeader returns the header of the next record in the input, reading it
// unless it is pending, and checks the order of types. ok is false at the
// end of the stream and on failure.
func (s *Stream) nextHeader() (h header, ok bool) {
	f := s.f
	if s.pending {
		return s.pend, true
	}
	// BOLT #1: "if zero bytes remain before parsing a type: MUST stop
	// parsing the tlv_stream."
	if f.r.err != nil || f.r.off >= s.end {
		return h, false
	}
	start := f.r.off
	h = f.r.recordHeader()
	if f.r.err != nil {
		f.errAt("tlv_record", start, f.r.err)
		return h, false
	}
	// BOLT #1: "if decoded types are not strictly-increasing (including
	// situations when two or more occurrences of the same type are met):
	// MUST fail to parse the tlv_stream."
	if s.seen && h.typ <= s.last {
		f.errAt("tlv_record", start, ErrTLVOrder)
		return h, false
	}
	s.seen, s.last = true, h.typ
	s.pending, s.pend = true, h
	return h, true
}

// skipUnknown consumes the pending record of unknown type h.typ.
func (s *Stream) skipUnknown(h header) {
	s.pending = false
	// BOLT #1: "otherwise, if type is unknown: if type is even: MUST fail
	// to parse the tlv_stream. otherwise, if type is odd: MUST discard the
	// next length bytes." Discarding here means keeping them aside, so the
	// stream re-encodes unchanged (a signature may cover it).
	if h.typ%2 == 0 {
		s.f.errAt("tlv_record", h.start, ErrUnknownEvenType)
		return
	}
	*s.unknown = append(*s.unknown, Record{Type: h.typ, Value: s.f.r.Copy(h.len)})
}

// closeRecord ends the record being walked, if any.
func (s *Stream) closeRecord() {
	if s.rec {
		s.endRecord()
	}
}

// endRecord ends the record being walked.
func (s *Stream) endRecord() {
	f := s.f
	switch f.mode {
	case ModeDecode:
		if f.r.err == nil && f.r.off != f.r.end {
			f.Fail("", ErrRecordLength)
		}
		f.r.end, f.r.inRecord = s.outerEnd, s.outerRecord
	case ModeEncode:
		// Fix up the one-byte length reserved by Record; a value of 253
		// bytes or more needs a longer BigSize, so the value moves up.
		start := s.recStart
		n := len(f.out) - start - 1
		if k := BigSizeLen(uint64(n)) - 1; k > 0 {
			f.out = append(f.out, make([]byte, k)...)
			copy(f.out[start+1+k:], f.out[start+1:start+1+n])
		}
		AppendBigSize(f.out[:start], uint64(n))
	case ModeJSON:
		f.close('}')
	}
	// The name of an enclosing record, if any, is not restored (it would
	// be a pointer loaded from the Stream): errors in its later fields
	// carry the field name alone.
	s.rec, f.recName = false, ""
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
