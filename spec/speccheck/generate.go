package speccheck

import (
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"strconv"
	"unicode/utf8"

	"github.com/btcsuite/btcd/btcec/v2"

	"github.com/lnstack/lnstack/spec"
)

// maxMessage is the largest Lightning message, type included (BOLT #1: "the
// maximum possible size is 65535 bytes").
const maxMessage = 65535

// Instance is one random valid instance of a message (or TLV stream) built
// field by field from spec/: its wire bytes and the JSON "fields" object a
// conforming codec must print for it (docs/spec.md).
type Instance struct {
	// Name is the message's (or stream's) name.
	Name string
	// Wire is the 2-byte type followed by the fields (for a stream: the
	// records).
	Wire []byte
	// Fields is the expected JSON "fields" object (for a stream: the
	// stream's object), keys in wire order.
	Fields []byte

	want  *object
	spans []span
}

// mode steers the choices of a generator: the first iterations of a check
// try the smallest and the fullest instance, the rest are random.
type mode int

const (
	modeRandom  mode = iota
	modeMinimal      // empty arrays, no TLV record
	modeFull         // every TLV record and an unknown odd one
)

type generator struct {
	f     *spec.Formats
	r     *rand.Rand
	opts  *Options
	mode  mode
	out   []byte
	spans []span
}

// Generate builds a random valid instance of the message or onion failure
// message named name, drawing from r.
func Generate(f *spec.Formats, name string, r *rand.Rand, opts Options) (*Instance, error) {
	m := f.Message(name)
	if m == nil {
		return nil, fmt.Errorf("%w: %s", ErrUnknownName, name)
	}
	return generateMessage(f, m, r, &opts, modeRandom)
}

// GenerateStream builds a random valid instance of the TLV stream named
// name, drawing from r; Wire holds only the stream's records.
func GenerateStream(f *spec.Formats, name string, r *rand.Rand, opts Options) (*Instance, error) {
	s := f.Stream(name)
	if s == nil {
		return nil, fmt.Errorf("%w: %s", ErrUnknownName, name)
	}
	return generateStream(f, s, r, &opts, modeRandom)
}

func generateMessage(f *spec.Formats, m *spec.Message, r *rand.Rand, opts *Options, md mode) (*Instance, error) {
	for try := 0; try < 8; try++ {
		g := &generator{f: f, r: r, opts: opts, mode: md}
		g.out = binary.BigEndian.AppendUint16(g.out, m.Type)
		g.spans = append(g.spans, span{m.Name + " (type)", 0, 2})
		obj, err := g.fields(m.Name, m.Name, m.Fields, true)
		if err != nil {
			return nil, err
		}
		if len(g.out) > maxMessage {
			continue
		}
		return g.instance(m.Name, obj)
	}
	return nil, fmt.Errorf("%w: %s", ErrTooLarge, m.Name)
}

func generateStream(f *spec.Formats, s *spec.TLVStream, r *rand.Rand, opts *Options, md mode) (*Instance, error) {
	g := &generator{f: f, r: r, opts: opts, mode: md}
	obj, err := g.stream(s.Name, s, true)
	if err != nil {
		return nil, err
	}
	return g.instance(s.Name, obj)
}

func (g *generator) instance(name string, obj *object) (*Instance, error) {
	js, err := json.Marshal(obj)
	if err != nil {
		return nil, err
	}
	return &Instance{Name: name, Wire: g.out, Fields: js, want: obj, spans: g.spans}, nil
}

// fields appends the encoding of fields and returns their JSON object. path
// names the place for reports, owner keys Options.Bytes, top allows an
// unknown record in a TLV extension.
func (g *generator) fields(path, owner string, fields []spec.Field, top bool) (*object, error) {
	obj := &object{}
	counts := map[string]int{}
	data := map[string][]byte{} // byte arrays chosen up front (overrides)
	for _, fd := range fields {
		fn := g.opts.Bytes[owner+"."+fd.Name]
		if fd.Type != "byte" || fn == nil {
			continue
		}
		b := fn(g.r)
		switch fd.CountKind() {
		case spec.CountFixed:
			if len(b) != fd.Fixed() {
				return nil, fmt.Errorf("%w: %s.%s wants %d bytes, got %d", ErrBadOverride, owner, fd.Name, fd.Fixed(), len(b))
			}
		case spec.CountByField:
			if n, ok := counts[fd.Count]; ok && n != len(b) {
				return nil, fmt.Errorf("%w: %s.%s shares its length with another field", ErrBadOverride, owner, fd.Name)
			}
			counts[fd.Count] = len(b)
		case spec.CountSingle:
			return nil, fmt.Errorf("%w: %s.%s is a single byte", ErrBadOverride, owner, fd.Name)
		}
		data[fd.Name] = b
	}
	for _, fd := range fields {
		if fd.CountKind() == spec.CountByField {
			if _, ok := counts[fd.Count]; !ok {
				counts[fd.Count] = g.count(fd)
			}
		}
	}
	for i, fd := range fields {
		p := path + "." + fd.Name
		start := len(g.out)
		res, ok := g.f.Resolve(fd.Type)
		if !ok {
			return nil, fmt.Errorf("%w: %s: type %s", spec.ErrInconsistent, p, fd.Type)
		}
		if spec.IsLengthField(fields, i) {
			if err := g.number(res, uint64(counts[fd.Name])); err != nil {
				return nil, fmt.Errorf("%s: %w", p, err)
			}
			g.spans = append(g.spans, span{p, start, len(g.out)})
			continue
		}
		var v any
		var err error
		switch {
		case res.Stream != nil:
			v, err = g.stream(p, res.Stream, top)
		case fd.CountKind() == spec.CountSingle:
			v, err = g.element(p, res)
		default:
			n := 0
			switch fd.CountKind() {
			case spec.CountFixed:
				n = fd.Fixed()
			case spec.CountByField:
				n = counts[fd.Count]
			case spec.CountRest:
				n = g.count(fd)
			}
			if b, ok := data[fd.Name]; ok {
				g.out = append(g.out, b...)
				v = hex.EncodeToString(b)
			} else {
				v, err = g.array(p, res, n)
			}
		}
		if err != nil {
			return nil, err
		}
		g.spans = append(g.spans, span{p, start, len(g.out)})
		obj.set(fd.Name, v)
	}
	return obj, nil
}

// count picks the number of elements of a counted field: none in minimal
// mode, up to 3 elements of a wider type, up to 64 bytes (any length field,
// even a single byte, holds that).
func (g *generator) count(fd spec.Field) int {
	if g.mode == modeMinimal {
		return 0
	}
	limit := 64
	if res, ok := g.f.Resolve(fd.Type); ok && (!res.Ok || res.Fundamental.Size != 1) {
		limit = 3
	}
	if g.mode == modeFull {
		return 1 + g.r.IntN(limit)
	}
	return g.r.IntN(limit + 1)
}

// array appends n elements and returns their JSON form: a hex string for
// bytes, a string for utf8, an array otherwise.
func (g *generator) array(path string, res spec.Resolved, n int) (any, error) {
	if res.Ok && res.Fundamental.Kind == spec.KindUnsigned && res.Fundamental.Name == "byte" {
		b := g.bytes(n)
		g.out = append(g.out, b...)
		return hex.EncodeToString(b), nil
	}
	if res.Ok && res.Fundamental.Kind == spec.KindUTF8 {
		s := g.utf8(n)
		g.out = append(g.out, s...)
		return s, nil
	}
	arr := make([]any, 0, n)
	for i := 0; i < n; i++ {
		start := len(g.out)
		p := fmt.Sprintf("%s[%d]", path, i)
		v, err := g.element(p, res)
		if err != nil {
			return nil, err
		}
		g.spans = append(g.spans, span{p, start, len(g.out)})
		arr = append(arr, v)
	}
	return arr, nil
}

// element appends one value of a fundamental type or subtype.
func (g *generator) element(path string, res spec.Resolved) (any, error) {
	if res.Subtype != nil {
		return g.fields(path, res.Subtype.Name, res.Subtype.Fields, false)
	}
	if !res.Ok {
		return nil, fmt.Errorf("%w: %s: a tlv_stream cannot be an array element", spec.ErrInconsistent, path)
	}
	fd := res.Fundamental
	switch fd.Kind {
	case spec.KindUnsigned, spec.KindTruncated, spec.KindBigSize:
		v := g.uint(min(fd.Max, 8))
		if err := g.number(res, v); err != nil {
			return nil, err
		}
		return json.Number(strconv.FormatUint(v, 10)), nil
	case spec.KindSigned:
		u := g.uint(fd.Size)
		shift := 64 - 8*uint(fd.Size)
		v := int64(u<<shift) >> shift
		g.out = appendBE(g.out, u, fd.Size)
		return json.Number(strconv.FormatInt(v, 10)), nil
	case spec.KindBytes:
		b := g.bytes(fd.Size)
		g.out = append(g.out, b...)
		return hex.EncodeToString(b), nil
	case spec.KindPoint:
		b := g.point()
		g.out = append(g.out, b...)
		return hex.EncodeToString(b), nil
	case spec.KindShortChannelID:
		b := g.bytes(8)
		g.out = append(g.out, b...)
		return scidText(b), nil
	case spec.KindSciddirOrPubkey:
		var b []byte
		if g.r.IntN(2) == 0 {
			// BOLT #1: "if the first byte is 0 or 1, then an 8-byte
			// short_channel_id follows for a total of 9 bytes".
			b = append([]byte{byte(g.r.IntN(2))}, g.bytes(8)...)
		} else {
			b = g.point()
		}
		g.out = append(g.out, b...)
		return hex.EncodeToString(b), nil
	case spec.KindUTF8:
		s := g.utf8(1)
		g.out = append(g.out, s...)
		return s, nil
	}
	return nil, fmt.Errorf("%w: %s: kind %d", spec.ErrInconsistent, path, fd.Kind)
}

// number appends v in the encoding of the integer type res.
func (g *generator) number(res spec.Resolved, v uint64) error {
	if !res.Ok || !res.Fundamental.Integer() {
		return fmt.Errorf("%w: length of type %v is not an integer", spec.ErrInconsistent, res)
	}
	fd := res.Fundamental
	switch fd.Kind {
	case spec.KindTruncated:
		n := 8
		for n > 0 && v>>(8*uint(n-1)) == 0 {
			n--
		}
		g.out = appendBE(g.out, v, n)
	case spec.KindBigSize:
		g.out = appendBigSize(g.out, v)
	default:
		if fd.Size < 8 && v>>(8*uint(fd.Size)) != 0 {
			return fmt.Errorf("%w: %d does not fit %s", ErrBadOverride, v, fd.Name)
		}
		g.out = appendBE(g.out, v, fd.Size)
	}
	return nil
}

// stream appends a TLV stream: a random subset of its records in increasing
// type order and, at the top level, sometimes one unknown odd record.
func (g *generator) stream(path string, s *spec.TLVStream, top bool) (*object, error) {
	obj := &object{stream: s}
	unknown, haveUnknown := uint64(0), false
	if top && !g.opts.NoUnknown && (g.mode == modeFull || g.mode == modeRandom && g.r.IntN(2) == 0) {
		unknown, haveUnknown = g.unknownType(s), true
	}
	var unknownValue []byte
	writeUnknown := func() {
		unknownValue = g.bytes(g.r.IntN(17))
		start := len(g.out)
		g.out = appendBigSize(g.out, unknown)
		g.out = appendBigSize(g.out, uint64(len(unknownValue)))
		g.out = append(g.out, unknownValue...)
		g.spans = append(g.spans, span{fmt.Sprintf("%s.unknown.%d", path, unknown), start, len(g.out)})
		haveUnknown = false
	}
	wroteUnknown := haveUnknown
	for _, r := range s.Records {
		if haveUnknown && unknown < r.Type {
			writeUnknown()
		}
		switch g.mode {
		case modeMinimal:
			continue
		case modeRandom:
			if g.r.IntN(2) == 0 {
				continue
			}
		}
		p := path + "." + r.Name
		child := &generator{f: g.f, r: g.r, opts: g.opts, mode: g.mode}
		v, err := child.fields(p, s.Name+"."+r.Name, r.Fields, false)
		if err != nil {
			return nil, err
		}
		start := len(g.out)
		g.out = appendBigSize(g.out, r.Type)
		g.spans = append(g.spans, span{p + " (tlv type)", start, len(g.out)})
		lstart := len(g.out)
		g.out = appendBigSize(g.out, uint64(len(child.out)))
		g.spans = append(g.spans, span{p + " (tlv length)", lstart, len(g.out)})
		off := len(g.out)
		g.out = append(g.out, child.out...)
		for _, sp := range child.spans {
			g.spans = append(g.spans, span{sp.path, sp.start + off, sp.end + off})
		}
		g.spans = append(g.spans, span{p, start, len(g.out)})
		obj.set(r.Name, v)
	}
	if haveUnknown {
		writeUnknown()
	}
	if wroteUnknown {
		u := &object{}
		u.set(strconv.FormatUint(unknown, 10), hex.EncodeToString(unknownValue))
		obj.set("unknown", u)
	}
	return obj, nil
}

// unknownType picks an odd type the stream does not define, near its known
// types.
func (g *generator) unknownType(s *spec.TLVStream) uint64 {
	var top uint64
	for _, r := range s.Records {
		top = max(top, r.Type)
	}
	for try := 0; try < 64; try++ {
		t := g.r.Uint64N(top+32) | 1
		if s.RecordByType(t) == nil {
			return t
		}
	}
	return top + 1 | 1
}

// uint returns a value of up to width bytes, often an edge (0, 1, the
// maximum) and otherwise of random magnitude.
func (g *generator) uint(width int) uint64 {
	maxv := ^uint64(0) >> (64 - 8*uint(width))
	switch g.r.IntN(6) {
	case 0:
		return 0
	case 1:
		return 1
	case 2:
		return maxv
	}
	bits := 1 + g.r.IntN(8*width)
	return g.r.Uint64() >> (64 - uint(bits))
}

func (g *generator) bytes(n int) []byte {
	b := make([]byte, n)
	for i := range b {
		b[i] = byte(g.r.Uint32())
	}
	return b
}

// point returns a valid compressed secp256k1 point.
func (g *generator) point() []byte {
	for {
		priv, _ := btcec.PrivKeyFromBytes(g.bytes(32))
		if priv.Key.IsZero() {
			continue
		}
		return priv.PubKey().SerializeCompressed()
	}
}

// utf8 returns a valid UTF-8 string of exactly n bytes mixing 1- to 4-byte
// characters.
func (g *generator) utf8(n int) string {
	b := make([]byte, 0, n)
	for len(b) < n {
		size := 1 + g.r.IntN(min(4, n-len(b)))
		var c rune
		switch size {
		case 1:
			c = rune(0x20 + g.r.IntN(0x7f-0x20))
		case 2:
			c = rune(0x80 + g.r.IntN(0x800-0x80))
		case 3:
			c = rune(0x800 + g.r.IntN(0x10000-0x800))
			if c >= 0xd800 && c < 0xe000 { // surrogates are not UTF-8
				c = 0xe000 + c - 0xd800
			}
		default:
			c = rune(0x10000 + g.r.IntN(0x110000-0x10000))
		}
		b = utf8.AppendRune(b, c)
	}
	return string(b)
}

// scidText is the BLOCKxTXxOUT form of a short_channel_id.
func scidText(b []byte) string {
	v := binary.BigEndian.Uint64(b)
	return fmt.Sprintf("%dx%dx%d", v>>40, v>>16&0xffffff, v&0xffff)
}

func appendBE(b []byte, v uint64, n int) []byte {
	for i := n - 1; i >= 0; i-- {
		b = append(b, byte(v>>(8*uint(i))))
	}
	return b
}

// appendBigSize appends v in BOLT #1's BigSize encoding.
func appendBigSize(b []byte, v uint64) []byte {
	switch {
	case v < 0xfd:
		return append(b, byte(v))
	case v <= 0xffff:
		return appendBE(append(b, 0xfd), v, 2)
	case v <= 0xffffffff:
		return appendBE(append(b, 0xfe), v, 4)
	}
	return appendBE(append(b, 0xff), v, 8)
}
