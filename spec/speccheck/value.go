package speccheck

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math/big"
	"sort"
	"strconv"
	"strings"

	"github.com/lnstack/lnstack/spec"
)

// object is a JSON object that keeps its keys in wire order, so that the
// checker reports the first differing field in the order the BOLT lists them.
type object struct {
	keys []string
	vals []any // json.Number, string, []any or *object
	// stream is set when the object is the JSON form of a TLV stream.
	stream *spec.TLVStream
}

func (o *object) set(k string, v any) {
	o.keys = append(o.keys, k)
	o.vals = append(o.vals, v)
}

// MarshalJSON writes the object with its keys in wire order.
func (o *object) MarshalJSON() ([]byte, error) {
	var b bytes.Buffer
	b.WriteByte('{')
	for i, k := range o.keys {
		if i > 0 {
			b.WriteByte(',')
		}
		kb, err := json.Marshal(k)
		if err != nil {
			return nil, err
		}
		b.Write(kb)
		b.WriteByte(':')
		vb, err := json.Marshal(o.vals[i])
		if err != nil {
			return nil, err
		}
		b.Write(vb)
	}
	b.WriteByte('}')
	return b.Bytes(), nil
}

// decodeJSON parses a layer's JSON with UseNumber, so u64 values keep their
// precision.
func decodeJSON(data []byte) (any, error) {
	d := json.NewDecoder(bytes.NewReader(data))
	d.UseNumber()
	var v any
	if err := d.Decode(&v); err != nil {
		return nil, err
	}
	if d.More() {
		return nil, fmt.Errorf("trailing data after the JSON value")
	}
	return v, nil
}

// difference returns a description of the first place where got differs
// from want, walking want in wire order, or "" when they agree.
func difference(path string, want, got any) string {
	switch w := want.(type) {
	case *object:
		g, ok := got.(map[string]any)
		if !ok {
			return fmt.Sprintf("%s: want an object, got %s", path, show(got))
		}
		if w.stream != nil {
			if d := unknownKnown(path, w.stream, g); d != "" {
				return d
			}
		}
		for i, k := range w.keys {
			gv, ok := g[k]
			if !ok {
				return fmt.Sprintf("%s.%s: missing, want %s", path, k, show(w.vals[i]))
			}
			if d := difference(path+"."+k, w.vals[i], gv); d != "" {
				return d
			}
		}
		var extra []string
		for k := range g {
			if !contains(w.keys, k) {
				extra = append(extra, k)
			}
		}
		if len(extra) > 0 {
			sort.Strings(extra)
			return fmt.Sprintf("%s.%s: present (%s) but absent from the instance built from spec/",
				path, extra[0], show(g[extra[0]]))
		}
	case []any:
		g, ok := got.([]any)
		if !ok {
			return fmt.Sprintf("%s: want an array of %d, got %s", path, len(w), show(got))
		}
		if len(g) != len(w) {
			return fmt.Sprintf("%s: want %d elements, got %d", path, len(w), len(g))
		}
		for i := range w {
			if d := difference(fmt.Sprintf("%s[%d]", path, i), w[i], g[i]); d != "" {
				return d
			}
		}
	case json.Number:
		g, ok := got.(json.Number)
		if !ok || !sameInteger(w, g) {
			return fmt.Sprintf("%s: want %s, got %s", path, w, show(got))
		}
	case string:
		g, ok := got.(string)
		if !ok || g != w {
			return fmt.Sprintf("%s: want %q, got %s", path, w, show(got))
		}
	default:
		return fmt.Sprintf("%s: cannot compare %T", path, want)
	}
	return ""
}

// unknownKnown reports a known record of s that the layer put under
// "unknown" (its type number in the layer differs from the spec's, or the
// layer does not implement it).
func unknownKnown(path string, s *spec.TLVStream, got map[string]any) string {
	u, ok := got["unknown"].(map[string]any)
	if !ok {
		return ""
	}
	var types []string
	for k := range u {
		types = append(types, k)
	}
	sort.Strings(types)
	for _, k := range types {
		n, err := strconv.ParseUint(k, 10, 64)
		if err != nil {
			return fmt.Sprintf("%s.unknown: key %q is not a TLV type number", path, k)
		}
		if r := s.RecordByType(n); r != nil {
			return fmt.Sprintf("%s: known TLV record %s (type %d) of %s shows up under \"unknown\"",
				path, r.Name, n, s.Name)
		}
	}
	return ""
}

func sameInteger(a, b json.Number) bool {
	x, ok1 := new(big.Int).SetString(string(a), 10)
	y, ok2 := new(big.Int).SetString(string(b), 10)
	return ok1 && ok2 && x.Cmp(y) == 0
}

// show prints a JSON value briefly.
func show(v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		return fmt.Sprintf("%v", v)
	}
	s := string(b)
	if len(s) > 120 {
		s = s[:117] + "..."
	}
	return s
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// span says which field a byte range of a generated instance encodes.
type span struct {
	path       string
	start, end int
}

// locate names the innermost field covering byte offset i.
func locate(spans []span, i int) string {
	best := ""
	size := -1
	for _, s := range spans {
		if i >= s.start && i < s.end && (size < 0 || s.end-s.start <= size) {
			best, size = s.path, s.end-s.start
		}
	}
	if best == "" {
		return "past the last field"
	}
	return best
}

func joinPath(parts ...string) string { return strings.Join(parts, ".") }
