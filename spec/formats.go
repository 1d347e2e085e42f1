package spec

import (
	"sort"
	"strconv"
	"strings"
)

// Formats is every message, onion failure message, TLV stream and subtype
// format extracted from the pinned BOLTs, as the CSV files of spec/ hold them.
// Lookups scan the slices, so a copy made with Clone can be changed freely
// (the tests of spec/speccheck do, to show the checker catches layout
// mistakes).
type Formats struct {
	// Commit is the lightning/bolts commit the formats were extracted from.
	Commit string
	// Messages are the Lightning wire messages, by BOLT then in the order
	// the BOLT defines them.
	Messages []*Message
	// Failures are the BOLT #4 onion failure messages (a 2-byte
	// failure_code and its data). Their codes live in their own number space
	// and reuse wire message numbers (18, 19, ...).
	Failures []*Message
	// Streams are the TLV streams, by BOLT then in document order.
	Streams []*TLVStream
	// Subtypes are the subtypes, by BOLT then in document order.
	Subtypes []*Subtype
}

// Message is the format of one wire message or one onion failure message.
type Message struct {
	// Name is the BOLT's name of the message (e.g. "init").
	Name string
	// Type is the 2-byte message type, or the failure_code for a failure
	// message (flags included: PERM|15 is 0x400f).
	Type uint16
	// BOLT is the number of the BOLT that defines it.
	BOLT int
	// Failure is true for a BOLT #4 onion failure message.
	Failure bool
	// Fields are the message's fields in wire order; a TLV extension is the
	// last field, with the stream's name as its Type.
	Fields []Field
}

// TLVStream is a named TLV stream (a "tlv_stream" of the BOLTs).
type TLVStream struct {
	// Name is the stream's name (e.g. "init_tlvs").
	Name string
	// BOLT is the number of the BOLT that defines it.
	BOLT int
	// Records are the stream's known records in increasing type order.
	Records []*TLVRecord
}

// TLVRecord is one known record of a TLV stream.
type TLVRecord struct {
	// Name is the record's name (e.g. "networks").
	Name string
	// Type is the record's TLV type.
	Type uint64
	// Fields are the fields of the record's value in wire order.
	Fields []Field
}

// Subtype is a named structure used as a field type (e.g. "blinded_path").
type Subtype struct {
	// Name is the subtype's name.
	Name string
	// BOLT is the number of the BOLT that defines it.
	BOLT int
	// Fields are the subtype's fields in wire order.
	Fields []Field
}

// Field is one field of a message, TLV record or subtype.
type Field struct {
	// Name is the field's name (e.g. "globalfeatures").
	Name string
	// Type is the element type: a fundamental type, a subtype or a TLV
	// stream name (e.g. "byte", "point", "blinded_path", "init_tlvs").
	Type string
	// Count is "" for a single value, a decimal number for a fixed-size
	// array ("32" in `32*byte`), the name of an earlier field holding the
	// number of elements ("gflen" in `gflen*byte`), or "..." for "the rest"
	// of the enclosing TLV record or message.
	Count string
}

// CountKind classifies Field.Count.
type CountKind int

// The kinds of counts a field can have.
const (
	// CountSingle is one value.
	CountSingle CountKind = iota + 1
	// CountFixed is a fixed number of elements (Field.Fixed).
	CountFixed
	// CountByField is a number of elements given by an earlier field.
	CountByField
	// CountRest is as many elements as the rest of the enclosing TLV
	// record (or message) holds.
	CountRest
)

// CountKind reports which kind of count the field has.
func (f Field) CountKind() CountKind {
	switch {
	case f.Count == "":
		return CountSingle
	case f.Count == "...":
		return CountRest
	case isDecimal(f.Count):
		return CountFixed
	}
	return CountByField
}

// Fixed returns the number of elements of a CountFixed field, or 0.
func (f Field) Fixed() int {
	if f.CountKind() != CountFixed {
		return 0
	}
	n, err := strconv.Atoi(f.Count)
	if err != nil {
		return 0
	}
	return n
}

// String gives the field in the BOLT's own notation: [`count*type`:`name`].
func (f Field) String() string {
	t := f.Type
	if f.Count != "" {
		t = f.Count + "*" + t
	}
	return "[`" + t + "`:`" + f.Name + "`]"
}

// IsLengthField reports whether fields[i] only gives the number of elements
// of a later field (its name is that field's Count). Such fields are implied
// by the data they count and are omitted from the JSON form.
func IsLengthField(fields []Field, i int) bool {
	for _, g := range fields[i+1:] {
		if g.Count == fields[i].Name {
			return true
		}
	}
	return false
}

// Message returns the wire message or failure message named name, or nil.
func (f *Formats) Message(name string) *Message {
	for _, m := range f.Messages {
		if m.Name == name {
			return m
		}
	}
	for _, m := range f.Failures {
		if m.Name == name {
			return m
		}
	}
	return nil
}

// MessageByType returns the wire message of type t, or nil.
func (f *Formats) MessageByType(t uint16) *Message {
	for _, m := range f.Messages {
		if m.Type == t {
			return m
		}
	}
	return nil
}

// FailureByCode returns the onion failure message with failure_code code, or nil.
func (f *Formats) FailureByCode(code uint16) *Message {
	for _, m := range f.Failures {
		if m.Type == code {
			return m
		}
	}
	return nil
}

// Stream returns the TLV stream named name, or nil. The BOLTs sometimes
// name a stream with a "tlv_" prefix where it is used (BOLT #4's onionmsg_tlv
// has fields of type `tlv_invoice_request` for BOLT #12's `invoice_request`
// stream); such a name resolves to the stream without the prefix.
func (f *Formats) Stream(name string) *TLVStream {
	for _, s := range f.Streams {
		if s.Name == name {
			return s
		}
	}
	if rest, ok := strings.CutPrefix(name, "tlv_"); ok {
		for _, s := range f.Streams {
			if s.Name == rest {
				return s
			}
		}
	}
	return nil
}

// Subtype returns the subtype named name, or nil.
func (f *Formats) Subtype(name string) *Subtype {
	for _, s := range f.Subtypes {
		if s.Name == name {
			return s
		}
	}
	return nil
}

// MessagesOf returns the wire messages BOLT bolt defines, in type order.
func (f *Formats) MessagesOf(bolt int) []*Message {
	return sortedByType(f.Messages, bolt)
}

// FailuresOf returns the onion failure messages BOLT bolt defines (only BOLT
// #4 has any), in failure_code order.
func (f *Formats) FailuresOf(bolt int) []*Message {
	return sortedByType(f.Failures, bolt)
}

// StreamsOf returns the TLV streams BOLT bolt defines, in document order.
func (f *Formats) StreamsOf(bolt int) []*TLVStream {
	var out []*TLVStream
	for _, s := range f.Streams {
		if s.BOLT == bolt {
			out = append(out, s)
		}
	}
	return out
}

func sortedByType(ms []*Message, bolt int) []*Message {
	var out []*Message
	for _, m := range ms {
		if m.BOLT == bolt {
			out = append(out, m)
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Type < out[j].Type })
	return out
}

// Record returns the stream's record named name, or nil.
func (s *TLVStream) Record(name string) *TLVRecord {
	for _, r := range s.Records {
		if r.Name == name {
			return r
		}
	}
	return nil
}

// RecordByType returns the stream's record of TLV type t, or nil.
func (s *TLVStream) RecordByType(t uint64) *TLVRecord {
	for _, r := range s.Records {
		if r.Type == t {
			return r
		}
	}
	return nil
}

// TLVField returns the index of the message's TLV extension field and its
// stream, or -1 and nil when the message has none.
func (f *Formats) TLVField(m *Message) (int, *TLVStream) {
	for i, fd := range m.Fields {
		if fd.Count == "" {
			if s := f.Stream(fd.Type); s != nil {
				return i, s
			}
		}
	}
	return -1, nil
}

// Resolved is what a field's element type names: exactly one of its three
// members is set.
type Resolved struct {
	// Fundamental is set (Ok true) for a fundamental type.
	Fundamental Fundamental
	// Ok reports whether Fundamental is set.
	Ok bool
	// Subtype is set for a subtype.
	Subtype *Subtype
	// Stream is set for a TLV stream.
	Stream *TLVStream
}

// Resolve says what the element type name typ is. It returns false when typ
// is neither a fundamental type, nor a subtype, nor a TLV stream.
func (f *Formats) Resolve(typ string) (Resolved, bool) {
	if fd, ok := LookupFundamental(typ); ok {
		return Resolved{Fundamental: fd, Ok: true}, true
	}
	if s := f.Subtype(typ); s != nil {
		return Resolved{Subtype: s}, true
	}
	if s := f.Stream(typ); s != nil {
		return Resolved{Stream: s}, true
	}
	return Resolved{}, false
}

// Clone returns a deep copy of f.
func (f *Formats) Clone() *Formats {
	c := &Formats{Commit: f.Commit}
	for _, m := range f.Messages {
		c.Messages = append(c.Messages, m.clone())
	}
	for _, m := range f.Failures {
		c.Failures = append(c.Failures, m.clone())
	}
	for _, s := range f.Streams {
		cs := &TLVStream{Name: s.Name, BOLT: s.BOLT}
		for _, r := range s.Records {
			cs.Records = append(cs.Records, &TLVRecord{Name: r.Name, Type: r.Type, Fields: append([]Field(nil), r.Fields...)})
		}
		c.Streams = append(c.Streams, cs)
	}
	for _, s := range f.Subtypes {
		c.Subtypes = append(c.Subtypes, &Subtype{Name: s.Name, BOLT: s.BOLT, Fields: append([]Field(nil), s.Fields...)})
	}
	return c
}

func (m *Message) clone() *Message {
	c := *m
	c.Fields = append([]Field(nil), m.Fields...)
	return &c
}

func isDecimal(s string) bool {
	if s == "" {
		return false
	}
	for _, c := range s {
		if c < '0' || c > '9' {
			return false
		}
	}
	return true
}
