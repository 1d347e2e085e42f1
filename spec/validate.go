package spec

import (
	"errors"
	"fmt"
)

// Validate checks that the formats hold together, so that every message can
// be parsed field by field: names and type numbers are unique, every field
// type is a fundamental type, a subtype or a TLV stream, every count names an
// earlier single integer field, TLV records are in strictly increasing type
// order, and variable-size data (truncated integers, "the rest" arrays, TLV
// streams) only comes last. The errors wrap ErrInconsistent.
func (f *Formats) Validate() error {
	var errs []error
	bad := func(format string, args ...any) {
		errs = append(errs, fmt.Errorf("%w: "+format, append([]any{ErrInconsistent}, args...)...))
	}
	names := map[string]bool{}
	types := map[uint16]string{}
	codes := map[uint16]string{}
	for _, m := range append(append([]*Message(nil), f.Messages...), f.Failures...) {
		if names[m.Name] {
			bad("message %s defined twice", m.Name)
		}
		names[m.Name] = true
		seen := types
		if m.Failure {
			seen = codes
		}
		if other, dup := seen[m.Type]; dup {
			bad("messages %s and %s share type %d", other, m.Name, m.Type)
		}
		seen[m.Type] = m.Name
		f.checkFields(bad, "message "+m.Name, m.Fields, inMessage)
	}
	typeNames := map[string]string{}
	define := func(kind, name string) {
		if _, ok := LookupFundamental(name); ok {
			bad("%s %s has the name of a fundamental type", kind, name)
		}
		if other, dup := typeNames[name]; dup {
			bad("%s %s is also a %s", kind, name, other)
		}
		typeNames[name] = kind
	}
	for _, s := range f.Subtypes {
		define("subtype", s.Name)
		f.checkFields(bad, "subtype "+s.Name, s.Fields, inSubtype)
	}
	for _, s := range f.Streams {
		define("tlv_stream", s.Name)
		recs := map[string]bool{}
		for i, r := range s.Records {
			if recs[r.Name] {
				bad("tlv_stream %s: record %s defined twice", s.Name, r.Name)
			}
			recs[r.Name] = true
			if i > 0 && r.Type <= s.Records[i-1].Type {
				bad("tlv_stream %s: record %s (type %d) is not after %s (type %d)",
					s.Name, r.Name, r.Type, s.Records[i-1].Name, s.Records[i-1].Type)
			}
			f.checkFields(bad, "tlv_stream "+s.Name+" record "+r.Name, r.Fields, inRecord)
		}
	}
	return errors.Join(errs...)
}

type container int

const (
	inMessage container = iota
	inSubtype
	inRecord
)

func (f *Formats) checkFields(bad func(string, ...any), owner string, fields []Field, in container) {
	seen := map[string]int{}
	for i, fd := range fields {
		last := i == len(fields)-1
		where := fmt.Sprintf("%s field %s", owner, fd.Name)
		if fd.Name == "" || fd.Type == "" {
			bad("%s: empty name or type", where)
			continue
		}
		if _, dup := seen[fd.Name]; dup {
			bad("%s: defined twice", where)
		}
		seen[fd.Name] = i
		res, ok := f.Resolve(fd.Type)
		if !ok {
			bad("%s: type %s is not a fundamental type, subtype or tlv_stream", where, fd.Type)
			continue
		}
		switch fd.CountKind() {
		case CountFixed:
			if fd.Fixed() <= 0 {
				bad("%s: fixed count %s is not positive", where, fd.Count)
			}
		case CountByField:
			j, ok := seen[fd.Count]
			if !ok || j >= i {
				bad("%s: count %s names no earlier field", where, fd.Count)
				break
			}
			c := fields[j]
			cr, _ := f.Resolve(c.Type)
			if c.Count != "" || !cr.Ok || !cr.Fundamental.Integer() || cr.Fundamental.Kind == KindSigned {
				bad("%s: count field %s is not a single unsigned integer", where, c.Name)
			}
		case CountRest:
			if !last || in == inSubtype {
				bad("%s: \"...\" count only fits the last field of a message or TLV record", where)
			}
		}
		switch {
		case res.Stream != nil:
			if in == inSubtype || !last || fd.Count != "" {
				bad("%s: a tlv_stream field must be the single last field of a message or record", where)
			}
		case res.Ok && res.Fundamental.Kind == KindTruncated:
			// BOLT #1: "For the final value in TLV records, truncated
			// integers may be used."
			if in != inRecord || !last || fd.Count != "" {
				bad("%s: a truncated integer only fits the last field of a TLV record", where)
			}
		}
	}
}
