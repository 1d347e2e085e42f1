package speccheck

import (
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/lnstack/lnstack/spec"
)

// refCodec is a codec driven by a *spec.Formats, written for the checker's
// own tests: built from the true formats it must pass every check; built
// from mutated formats (swapped fields, another width, another TLV number,
// a message removed) it plays a layer with that mistake.
type refCodec struct {
	f        *spec.Formats
	failures bool // decode failure codes instead of message types
	stream   *spec.TLVStream
}

var errRef = errors.New("refcodec: malformed")

func bad(format string, args ...any) error {
	return fmt.Errorf("%w: "+format, append([]any{errRef}, args...)...)
}

// decode is a DecodeFunc.
func (c refCodec) decode(wire []byte) ([]byte, []byte, error) {
	var fields []spec.Field
	var prefix []byte
	if c.stream != nil {
		fields = []spec.Field{{Name: "s", Type: c.stream.Name}}
	} else {
		if len(wire) < 2 {
			return nil, nil, bad("short message")
		}
		typ := binary.BigEndian.Uint16(wire)
		m := c.f.MessageByType(typ)
		if c.failures {
			m = c.f.FailureByCode(typ)
		}
		if m == nil {
			return nil, nil, fmt.Errorf("type %d: %w", typ, ErrNotImplemented)
		}
		fields, prefix, wire = m.Fields, wire[:2], wire[2:]
	}
	obj, rest, err := c.decodeFields(fields, wire)
	if err != nil {
		return nil, nil, err
	}
	if len(rest) > 0 {
		return nil, nil, bad("%d bytes left", len(rest))
	}
	var v any = obj
	if c.stream != nil {
		v = obj["s"]
	}
	js, err := json.Marshal(v)
	if err != nil {
		return nil, nil, err
	}
	// Encode back from the JSON, as a layer encodes from its typed value.
	back, err := decodeJSON(js)
	if err != nil {
		return nil, nil, err
	}
	if c.stream != nil {
		back = map[string]any{"s": back}
	}
	re, err := c.encodeFields(fields, back.(map[string]any))
	if err != nil {
		return nil, nil, err
	}
	return js, append(prefix, re...), nil
}

func (c refCodec) decodeFields(fields []spec.Field, data []byte) (map[string]any, []byte, error) {
	obj := map[string]any{}
	lengths := map[string]int{}
	for i, fd := range fields {
		res, ok := c.f.Resolve(fd.Type)
		if !ok {
			return nil, nil, bad("type %s", fd.Type)
		}
		if spec.IsLengthField(fields, i) {
			v, rest, err := c.decodeElement(res, data)
			if err != nil {
				return nil, nil, err
			}
			n, _ := strconv.Atoi(string(v.(json.Number)))
			lengths[fd.Name], data = n, rest
			continue
		}
		if res.Stream != nil {
			v, err := c.decodeStream(res.Stream, data)
			if err != nil {
				return nil, nil, err
			}
			obj[fd.Name], data = v, nil
			continue
		}
		if fd.CountKind() == spec.CountSingle {
			v, rest, err := c.decodeElement(res, data)
			if err != nil {
				return nil, nil, fmt.Errorf("%s: %w", fd.Name, err)
			}
			obj[fd.Name], data = v, rest
			continue
		}
		n := -1 // the rest
		switch fd.CountKind() {
		case spec.CountFixed:
			n = fd.Fixed()
		case spec.CountByField:
			n = lengths[fd.Count]
		}
		if res.Ok && (res.Fundamental.Name == "byte" || res.Fundamental.Kind == spec.KindUTF8) {
			if n < 0 {
				n = len(data)
			}
			if n > len(data) {
				return nil, nil, bad("%s: %d bytes, %d left", fd.Name, n, len(data))
			}
			if res.Fundamental.Name == "byte" {
				obj[fd.Name] = hex.EncodeToString(data[:n])
			} else {
				if !utf8.Valid(data[:n]) {
					return nil, nil, bad("%s: invalid utf8", fd.Name)
				}
				obj[fd.Name] = string(data[:n])
			}
			data = data[n:]
			continue
		}
		arr := []any{}
		for k := 0; n < 0 && len(data) > 0 || k < n; k++ {
			v, rest, err := c.decodeElement(res, data)
			if err != nil {
				return nil, nil, fmt.Errorf("%s[%d]: %w", fd.Name, k, err)
			}
			arr, data = append(arr, v), rest
		}
		obj[fd.Name] = arr
	}
	return obj, data, nil
}

func (c refCodec) decodeElement(res spec.Resolved, data []byte) (any, []byte, error) {
	if res.Subtype != nil {
		return c.decodeFields(res.Subtype.Fields, data)
	}
	fd := res.Fundamental
	take := func(n int) ([]byte, error) {
		if n > len(data) {
			return nil, bad("%s: want %d bytes, have %d", fd.Name, n, len(data))
		}
		b := data[:n]
		data = data[n:]
		return b, nil
	}
	switch fd.Kind {
	case spec.KindUnsigned, spec.KindSigned:
		b, err := take(fd.Size)
		if err != nil {
			return nil, nil, err
		}
		var u uint64
		for _, x := range b {
			u = u<<8 | uint64(x)
		}
		if fd.Kind == spec.KindSigned {
			shift := 64 - 8*uint(fd.Size)
			return json.Number(strconv.FormatInt(int64(u<<shift)>>shift, 10)), data, nil
		}
		return json.Number(strconv.FormatUint(u, 10)), data, nil
	case spec.KindTruncated:
		if len(data) > fd.Max || len(data) > 0 && data[0] == 0 {
			return nil, nil, bad("%s: not minimal", fd.Name)
		}
		var u uint64
		for _, x := range data {
			u = u<<8 | uint64(x)
		}
		return json.Number(strconv.FormatUint(u, 10)), nil, nil
	case spec.KindBigSize:
		u, rest, err := readBigSize(data)
		return json.Number(strconv.FormatUint(u, 10)), rest, err
	case spec.KindBytes, spec.KindPoint:
		b, err := take(fd.Size)
		if err != nil {
			return nil, nil, err
		}
		if fd.Kind == spec.KindPoint && b[0] != 2 && b[0] != 3 {
			return nil, nil, bad("point prefix %#x", b[0])
		}
		return hex.EncodeToString(b), data, nil
	case spec.KindShortChannelID:
		b, err := take(8)
		if err != nil {
			return nil, nil, err
		}
		return scidText(b), data, nil
	case spec.KindSciddirOrPubkey:
		n := 33
		if len(data) > 0 && data[0] < 2 {
			n = 9
		}
		b, err := take(n)
		if err != nil {
			return nil, nil, err
		}
		return hex.EncodeToString(b), data, nil
	}
	return nil, nil, bad("kind %d", fd.Kind)
}

func (c refCodec) decodeStream(s *spec.TLVStream, data []byte) (map[string]any, error) {
	obj := map[string]any{}
	unknown := map[string]any{}
	var last uint64
	for first := true; len(data) > 0; first = false {
		typ, rest, err := readBigSize(data)
		if err != nil {
			return nil, err
		}
		n, rest, err := readBigSize(rest)
		if err != nil {
			return nil, err
		}
		if n > uint64(len(rest)) {
			return nil, bad("record %d: length %d, %d left", typ, n, len(rest))
		}
		if !first && typ <= last {
			return nil, bad("record %d not in increasing order", typ)
		}
		value := rest[:n]
		last, data = typ, rest[n:]
		r := s.RecordByType(typ)
		if r == nil {
			if typ%2 == 0 {
				return nil, bad("unknown even record %d", typ)
			}
			unknown[strconv.FormatUint(typ, 10)] = hex.EncodeToString(value)
			continue
		}
		v, left, err := c.decodeFields(r.Fields, value)
		if err != nil {
			return nil, err
		}
		if len(left) > 0 {
			return nil, bad("record %s: %d bytes left", r.Name, len(left))
		}
		obj[r.Name] = v
	}
	if len(unknown) > 0 {
		obj["unknown"] = unknown
	}
	return obj, nil
}

func (c refCodec) encodeFields(fields []spec.Field, obj map[string]any) ([]byte, error) {
	var out []byte
	lengths := map[string]int{}
	for _, fd := range fields {
		if fd.CountKind() != spec.CountByField {
			continue
		}
		switch v := obj[fd.Name].(type) {
		case string:
			if fd.Type == "byte" {
				lengths[fd.Count] = len(v) / 2
			} else {
				lengths[fd.Count] = len(v)
			}
		case []any:
			lengths[fd.Count] = len(v)
		}
	}
	for i, fd := range fields {
		res, _ := c.f.Resolve(fd.Type)
		var err error
		switch {
		case spec.IsLengthField(fields, i):
			out, err = c.encodeElement(out, res, json.Number(strconv.Itoa(lengths[fd.Name])))
		case res.Stream != nil:
			m, _ := obj[fd.Name].(map[string]any)
			out, err = c.encodeStream(out, res.Stream, m)
		case fd.CountKind() == spec.CountSingle:
			out, err = c.encodeElement(out, res, obj[fd.Name])
		case res.Ok && res.Fundamental.Name == "byte":
			b, err2 := hex.DecodeString(fmt.Sprint(obj[fd.Name]))
			out, err = append(out, b...), err2
		case res.Ok && res.Fundamental.Kind == spec.KindUTF8:
			out = append(out, fmt.Sprint(obj[fd.Name])...)
		default:
			arr, _ := obj[fd.Name].([]any)
			for _, v := range arr {
				if out, err = c.encodeElement(out, res, v); err != nil {
					break
				}
			}
		}
		if err != nil {
			return nil, fmt.Errorf("%s: %w", fd.Name, err)
		}
	}
	return out, nil
}

func (c refCodec) encodeElement(out []byte, res spec.Resolved, v any) ([]byte, error) {
	if res.Subtype != nil {
		m, _ := v.(map[string]any)
		b, err := c.encodeFields(res.Subtype.Fields, m)
		return append(out, b...), err
	}
	fd := res.Fundamental
	switch fd.Kind {
	case spec.KindUnsigned, spec.KindSigned, spec.KindTruncated, spec.KindBigSize:
		num, _ := v.(json.Number)
		u, err := strconv.ParseUint(string(num), 10, 64)
		if fd.Kind == spec.KindSigned {
			var s int64
			s, err = strconv.ParseInt(string(num), 10, 64)
			u = uint64(s)
		}
		if err != nil {
			return nil, bad("number %v", v)
		}
		switch fd.Kind {
		case spec.KindTruncated:
			n := 8
			for n > 0 && u>>(8*uint(n-1)) == 0 {
				n--
			}
			return appendBE(out, u, n), nil
		case spec.KindBigSize:
			return appendBigSize(out, u), nil
		}
		return appendBE(out, u, fd.Size), nil
	case spec.KindShortChannelID:
		var b, t, o uint64
		if _, err := fmt.Sscanf(fmt.Sprint(v), "%dx%dx%d", &b, &t, &o); err != nil {
			return nil, bad("scid %v", v)
		}
		return appendBE(out, b<<40|t<<16|o, 8), nil
	}
	b, err := hex.DecodeString(fmt.Sprint(v))
	return append(out, b...), err
}

func (c refCodec) encodeStream(out []byte, s *spec.TLVStream, obj map[string]any) ([]byte, error) {
	type rec struct {
		typ   uint64
		value []byte
	}
	var recs []rec
	for k, v := range obj {
		if k == "unknown" {
			for ts, hx := range v.(map[string]any) {
				typ, _ := strconv.ParseUint(ts, 10, 64)
				b, err := hex.DecodeString(fmt.Sprint(hx))
				if err != nil {
					return nil, err
				}
				recs = append(recs, rec{typ, b})
			}
			continue
		}
		r := s.Record(k)
		if r == nil {
			return nil, bad("no record %s", k)
		}
		m, _ := v.(map[string]any)
		b, err := c.encodeFields(r.Fields, m)
		if err != nil {
			return nil, err
		}
		recs = append(recs, rec{r.Type, b})
	}
	sort.Slice(recs, func(i, j int) bool { return recs[i].typ < recs[j].typ })
	for _, r := range recs {
		out = appendBigSize(out, r.typ)
		out = appendBigSize(out, uint64(len(r.value)))
		out = append(out, r.value...)
	}
	return out, nil
}

func readBigSize(b []byte) (uint64, []byte, error) {
	if len(b) == 0 {
		return 0, nil, bad("bigsize: empty")
	}
	n, min := 0, uint64(0)
	switch b[0] {
	case 0xfd:
		n, min = 2, 0xfd
	case 0xfe:
		n, min = 4, 0x10000
	case 0xff:
		n, min = 8, 0x100000000
	default:
		return uint64(b[0]), b[1:], nil
	}
	if len(b) < 1+n {
		return 0, nil, bad("bigsize: short")
	}
	var u uint64
	for _, x := range b[1 : 1+n] {
		u = u<<8 | uint64(x)
	}
	if u < min {
		return 0, nil, bad("bigsize: not canonical")
	}
	return u, b[1+n:], nil
}

// mentions reports whether any recorded error contains every word.
func mentions(errs []string, words ...string) bool {
	for _, e := range errs {
		all := true
		for _, w := range words {
			all = all && strings.Contains(e, w)
		}
		if all {
			return true
		}
	}
	return false
}
