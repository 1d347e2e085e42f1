package wire

// Walker is a value whose wire layout is written once, as a walk over its
// fields: a message, a subtype or a TLV stream. The same walk decodes,
// encodes and prints the value, so the three cannot drift apart.
type Walker interface {
	// Fields walks the value's fields in wire order, calling one method of
	// f per field with the field's BOLT name and a pointer to its value.
	Fields(f *Fields)
}

// Mode is what a walk does.
type Mode uint8

// The walks.
const (
	// ModeDecode reads each field from the input into the value.
	ModeDecode Mode = iota + 1
	// ModeEncode appends each field of the value to the output.
	ModeEncode
	// ModeJSON appends each field to the output as a member of a JSON
	// object, in the form of docs/WIREJSON (BOLT field names as keys).
	ModeJSON
)

// Fields walks the fields of one value. A codec calls its methods in wire
// order; each method decodes, encodes or prints one field, depending on the
// mode the walk was started in (NewDecoder, NewEncoder, NewJSON).
//
// Fields is a value meant to live on the caller's stack: a codec's Decode
// declares one, calls its own Fields method on it with a concrete (not an
// interface) receiver, and nothing escapes to the heap. It fails closed:
// after the first failure every method does nothing.
type Fields struct {
	// r is the input of a decoding walk. Its err is the walk's one error
	// slot in every mode: a sentinel set by the Reader, replaced by a
	// *DecodeError naming the field as soon as the walk sees it.
	r    Reader
	out  []byte // ModeEncode, ModeJSON
	base int    // len(out) at the start, restored on failure

	recName string // the TLV record being walked, for errors
	js      *jsonState

	streams int32 // TLV streams begun and not ended
	mode    Mode
	named   bool // r.err is a *DecodeError already
	noCopy  bool // decoding: byte fields alias the input (NewDecoderNoCopy)
}

// jsonState is the state of a JSON walk: whether a member precedes the next
// one, the nesting depth and, per depth, whether the container is an array
// (its members have no key). It is a pointer so the other walks do not
// carry it.
type jsonState struct {
	comma  bool
	depth  int
	arrays uint64
}

// maxDepth bounds JSON nesting (containers within containers).
const maxDepth = 64

// NewDecoder returns a walk that decodes payload. Byte fields are copied:
// the decoded value does not alias payload.
func NewDecoder(payload []byte) Fields {
	return Fields{mode: ModeDecode, r: Reader{buf: payload, end: len(payload)}}
}

// NewDecoderNoCopy returns a walk that decodes payload like NewDecoder,
// except that the variable-length byte fields (Bytes16, RestBytes) and the
// values of unknown TLV records alias payload instead of copying it, which
// saves an allocation per field. The caller hands payload over: it must not
// change while the decoded value is in use. Strings and arrays of other
// types are still built afresh. The aliases have no spare capacity, so
// appending to one never writes into payload.
func NewDecoderNoCopy(payload []byte) Fields {
	return Fields{mode: ModeDecode, noCopy: true, r: Reader{buf: payload, end: len(payload)}}
}

// ResetDecoder makes f a walk that decodes payload, as NewDecoder returns
// (NewDecoderNoCopy when noCopy is true), in place. It is for a walk kept in
// a long-lived value (messaging.Decoder keeps one per connection): setting
// the fields one by one costs less than assigning a new Fields, which copies
// the whole struct through the garbage collector's write barrier.
func (f *Fields) ResetDecoder(payload []byte, noCopy bool) {
	f.r.buf, f.r.off, f.r.end, f.r.inRecord = payload, 0, len(payload), false
	if f.r.err != nil {
		f.r.err = nil
	}
	if f.out != nil {
		f.out = nil
	}
	if f.recName != "" {
		f.recName = ""
	}
	if f.js != nil {
		f.js = nil
	}
	f.base, f.streams, f.mode, f.named, f.noCopy = 0, 0, ModeDecode, false, noCopy
}

// NewEncoder returns a walk that appends the encoding to dst.
func NewEncoder(dst []byte) Fields {
	return Fields{mode: ModeEncode, out: dst, base: len(dst)}
}

// NewJSON returns a walk that appends a JSON object of the fields to dst.
func NewJSON(dst []byte) Fields {
	f := Fields{mode: ModeJSON, out: dst, base: len(dst), js: &jsonState{depth: 1}}
	f.out = append(f.out, '{')
	return f
}

// Mode returns what the walk does, for codecs with a field the methods of
// Fields do not cover.
func (f *Fields) Mode() Mode { return f.mode }

// Decoding reports whether the walk decodes.
func (f *Fields) Decoding() bool { return f.mode == ModeDecode }

// Reader returns the input cursor of a decoding walk, for a field the
// methods of Fields do not cover. After reading, call Check.
func (f *Fields) Reader() *Reader { return &f.r }

// Out returns the output of an encoding or JSON walk, for a field the methods
// of Fields do not cover: append to *Out().
func (f *Fields) Out() *[]byte { return &f.out }

// Check names field name in the Reader's failure, if there is one and it
// has no name yet. Every field method calls it after reading.
func (f *Fields) Check(name string) {
	if f.r.err != nil && !f.named {
		f.name(name, f.r.err)
	}
}

// Fail stops the walk with err, unless it has failed already.
func (f *Fields) Fail(name string, err error) {
	if f.r.err == nil {
		f.name(name, err)
	}
}

// name replaces the walk's error with a *DecodeError naming the field. It
// runs once per walk, on the failure path only, so it is kept out of line:
// inlined into every field method, it would make their frames larger.
//
//go:noinline
func (f *Fields) name(name string, err error) {
	field := name
	if f.recName != "" {
		field = f.recName
		if name != "" {
			field += "." + name
		}
	}
	f.r.err = &DecodeError{Field: field, Offset: f.r.off, Err: err}
	f.named = true
}

// Err returns the first failure, a *DecodeError, or nil.
func (f *Fields) Err() error { return f.r.err }

// Done ends a decoding walk: it fails with ErrTrailingBytes when input is
// left (the walk of a message ends with its extension stream, which takes
// whatever follows, so only a value without one can have trailing bytes).
func (f *Fields) Done() error {
	// The success test is small enough to inline into every codec's Decode.
	if f.streams != 0 || f.r.off != len(f.r.buf) {
		f.done()
	}
	return f.r.err
}

func (f *Fields) done() {
	if f.r.err == nil {
		if f.streams != 0 {
			f.Fail("tlv_stream", ErrDeclaration)
		} else {
			f.Fail("", ErrTrailingBytes)
		}
	}
}

// Output ends an encoding or JSON walk and returns the output. On failure it
// returns dst as it was passed in, and the error.
func (f *Fields) Output() ([]byte, error) {
	// The success test of an encoding walk inlines into every Encode.
	if int(f.streams)|int(f.mode^ModeEncode) != 0 || f.r.err != nil {
		f.output()
	}
	return f.out, f.r.err
}

// output ends a walk that is not a successful encoding: on failure it
// takes the output back to where it started.
func (f *Fields) output() {
	if f.r.err == nil && f.streams != 0 {
		f.Fail("tlv_stream", ErrDeclaration)
	}
	if f.r.err != nil {
		f.out = f.out[:f.base]
		return
	}
	if f.mode == ModeJSON {
		f.out = append(f.out, '}')
	}
}

// bytes returns the next n bytes of a decoding walk: a copy, or an alias of
// the input in a NewDecoderNoCopy walk; nil when n is 0 or on failure.
func (f *Fields) bytes(n int) []byte {
	if !f.noCopy {
		return f.r.Copy(n)
	}
	b := f.r.Bytes(n)
	if len(b) == 0 {
		return nil
	}
	return b
}

// Decode decodes b into w through its walk. It is the generic form for tools
// and tests; a codec's own Decode declares its walk on the stack instead,
// which this interface call cannot.
func Decode(b []byte, w Walker) error {
	f := NewDecoder(b)
	w.Fields(&f)
	return f.Done()
}

// Encode appends the encoding of w to dst (the generic form, like Decode).
func Encode(dst []byte, w Walker) ([]byte, error) {
	f := NewEncoder(dst)
	w.Fields(&f)
	return f.Output()
}

// MarshalJSON returns the JSON object of w's fields.
func MarshalJSON(w Walker) ([]byte, error) {
	f := NewJSON(nil)
	w.Fields(&f)
	return f.Output()
}

// Byte walks a byte.
func (f *Fields) Byte(name string, v *byte) {
	switch f.mode {
	case ModeDecode:
		*v = f.r.Byte()
		f.Check(name)
	case ModeEncode:
		f.out = append(f.out, *v)
	case ModeJSON:
		f.jsonUint(name, uint64(*v))
	}
}

// U16 walks a u16.
func (f *Fields) U16(name string, v *uint16) {
	switch f.mode {
	case ModeDecode:
		*v = f.r.U16()
		f.Check(name)
	case ModeEncode:
		f.out = AppendU16(f.out, *v)
	case ModeJSON:
		f.jsonUint(name, uint64(*v))
	}
}

// U32 walks a u32.
func (f *Fields) U32(name string, v *uint32) {
	switch f.mode {
	case ModeDecode:
		*v = f.r.U32()
		f.Check(name)
	case ModeEncode:
		f.out = AppendU32(f.out, *v)
	case ModeJSON:
		f.jsonUint(name, uint64(*v))
	}
}

// U64 walks a u64.
func (f *Fields) U64(name string, v *uint64) {
	switch f.mode {
	case ModeDecode:
		*v = f.r.U64()
		f.Check(name)
	case ModeEncode:
		f.out = AppendU64(f.out, *v)
	case ModeJSON:
		f.jsonUint(name, *v)
	}
}

// S8 walks an s8.
func (f *Fields) S8(name string, v *int8) {
	switch f.mode {
	case ModeDecode:
		*v = f.r.S8()
		f.Check(name)
	case ModeEncode:
		f.out = AppendS8(f.out, *v)
	case ModeJSON:
		f.jsonInt(name, int64(*v))
	}
}

// S16 walks an s16.
func (f *Fields) S16(name string, v *int16) {
	switch f.mode {
	case ModeDecode:
		*v = f.r.S16()
		f.Check(name)
	case ModeEncode:
		f.out = AppendS16(f.out, *v)
	case ModeJSON:
		f.jsonInt(name, int64(*v))
	}
}

// S32 walks an s32.
func (f *Fields) S32(name string, v *int32) {
	switch f.mode {
	case ModeDecode:
		*v = f.r.S32()
		f.Check(name)
	case ModeEncode:
		f.out = AppendS32(f.out, *v)
	case ModeJSON:
		f.jsonInt(name, int64(*v))
	}
}

// S64 walks an s64.
func (f *Fields) S64(name string, v *int64) {
	switch f.mode {
	case ModeDecode:
		*v = f.r.S64()
		f.Check(name)
	case ModeEncode:
		f.out = AppendS64(f.out, *v)
	case ModeJSON:
		f.jsonInt(name, *v)
	}
}

// BigSize walks a bigsize.
func (f *Fields) BigSize(name string, v *uint64) {
	switch f.mode {
	case ModeDecode:
		*v = f.r.BigSize()
		f.Check(name)
	case ModeEncode:
		f.out = AppendBigSize(f.out, *v)
	case ModeJSON:
		f.jsonUint(name, *v)
	}
}

// TU16 walks a tu16; like every truncated integer it is the last field of
// its TLV record and takes the rest of it.
func (f *Fields) TU16(name string, v *uint16) {
	u := uint64(*v)
	f.tu(name, &u, 2)
	*v = uint16(u)
}

// TU32 walks a tu32 (the last field of its record).
func (f *Fields) TU32(name string, v *uint32) {
	u := uint64(*v)
	f.tu(name, &u, 4)
	*v = uint32(u)
}

// TU64 walks a tu64 (the last field of its record).
func (f *Fields) TU64(name string, v *uint64) { f.tu(name, v, 8) }

func (f *Fields) tu(name string, v *uint64, max int) {
	switch f.mode {
	case ModeEncode:
		f.out = AppendTU(f.out, *v)
	case ModeDecode:
		// A minimal value that fits: the short way.
		if r := &f.r; r.err == nil && r.end-r.off <= max && (r.off == r.end || r.buf[r.off] != 0) {
			var u uint64
			for _, c := range r.buf[r.off:r.end] {
				u = u<<8 | uint64(c)
			}
			*v, r.off = u, r.end
			return
		}
		*v = f.r.TU(max)
		f.Check(name)
	case ModeJSON:
		f.jsonUint(name, *v)
	}
}

// FixedBytes walks an N*byte field into b, whose length is N.
func (f *Fields) FixedBytes(name string, b []byte) {
	switch f.mode {
	case ModeDecode:
		f.r.ReadFull(b)
		f.Check(name)
	case ModeEncode:
		f.out = append(f.out, b...)
	case ModeJSON:
		f.jsonHex(name, b)
	}
}

// ChainHash walks a chain_hash.
func (f *Fields) ChainHash(name string, v *ChainHash) { f.FixedBytes(name, v[:]) }

// ChannelID walks a channel_id.
func (f *Fields) ChannelID(name string, v *ChannelID) { f.FixedBytes(name, v[:]) }

// SHA256 walks a sha256.
func (f *Fields) SHA256(name string, v *SHA256) { f.FixedBytes(name, v[:]) }

// Signature walks a signature.
func (f *Fields) Signature(name string, v *Signature) { f.FixedBytes(name, v[:]) }

// Bip340Sig walks a bip340sig.
func (f *Fields) Bip340Sig(name string, v *Bip340Sig) { f.FixedBytes(name, v[:]) }

// Point walks a point; decoding fails with ErrInvalidPoint unless it is a
// valid compressed secp256k1 point.
func (f *Fields) Point(name string, v *Point) {
	f.FixedBytes(name, v[:])
	if f.mode == ModeDecode && f.r.err == nil && !ValidPoint(v) {
		f.Fail(name, ErrInvalidPoint)
	}
}

// ShortChannelID walks a short_channel_id; its JSON form is "BLOCKxTXxOUT".
func (f *Fields) ShortChannelID(name string, v *ShortChannelID) {
	switch f.mode {
	case ModeDecode:
		*v = ShortChannelID(f.r.U64())
		f.Check(name)
	case ModeEncode:
		f.out = AppendU64(f.out, uint64(*v))
	case ModeJSON:
		f.key(name)
		f.out = append(f.out, '"')
		f.out = append(f.out, v.String()...)
		f.out = append(f.out, '"')
		f.js.comma = true
	}
}

// SciddirOrPubkey walks a sciddir_or_pubkey (9 or 33 bytes); decoding checks
// the point of the 33-byte form.
func (f *Fields) SciddirOrPubkey(name string, v *SciddirOrPubkey) {
	switch f.mode {
	case ModeDecode:
		f.r.readSciddir(v)
		f.Check(name)
	case ModeEncode:
		f.out = append(f.out, v.b[:v.Len()]...)
	case ModeJSON:
		f.jsonHex(name, v.b[:v.Len()])
	}
}
