package onionmsg_test

import (
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"testing"
	"unicode/utf8"

	messaging "github.com/lnstack/lnstack/layer2_messaging"
	"github.com/lnstack/lnstack/layer2_messaging/msgtest"
	"github.com/lnstack/lnstack/layer2_messaging/wire"
	"github.com/lnstack/lnstack/layer4_routing/onionmsg"
	"github.com/lnstack/lnstack/spec"
	"github.com/lnstack/lnstack/spec/speccheck"
)

// TestSpecLayout checks BOLT #4's message (onion_message, its table entry)
// and its three TLV streams against spec/bolt04.csv. onionmsg_tlv's BOLT
// #12 records hold streams layer 5 implements; here they are decoded by
// specNested, a reader driven by spec/bolt12.csv, plugged in the way layer
// 5's codecs will be.
func TestSpecLayout(t *testing.T) {
	f, err := spec.Load()
	if err != nil {
		t.Fatal(err)
	}
	c, err := messaging.NewCodec(messaging.Messages(), onionmsg.Messages())
	if err != nil {
		t.Fatal(err)
	}
	opts := speccheck.Options{Iterations: 100}
	msgtest.SpecTable(t, f, 4, onionmsg.Messages(), c, opts)

	streams := msgtest.StreamDecoders(onionmsg.Messages().Streams)
	streams["onionmsg_tlv"] = func(b []byte) ([]byte, []byte, error) {
		var p onionmsg.Payload
		if err := p.DecodeWith(b, specNested(f)); err != nil {
			return nil, nil, err
		}
		js, err := wire.MarshalJSON(&p)
		if err != nil {
			return nil, nil, err
		}
		re, err := p.Encode(nil)
		return js, re, err
	}
	msgtest.SpecStreams(t, f, 4, streams, opts)
}

// specNested returns the constructor of nested BOLT #12 streams read from
// spec/: the bytes are kept for encoding and printed, in the JSON walk, as
// the stream's object.
func specNested(f *spec.Formats) onionmsg.NewNested {
	names := map[uint64]string{onionmsg.TypeInvoiceRequest: "invoice_request", onionmsg.TypeInvoice: "invoice", onionmsg.TypeInvoiceError: "invoice_error"}
	return func(typ uint64) onionmsg.Nested {
		return &specStream{f: f, s: f.Stream(names[typ])}
	}
}

type specStream struct {
	f   *spec.Formats
	s   *spec.TLVStream
	raw []byte
}

func (s *specStream) WalkStream(f *wire.Fields, name string) {
	if f.Mode() != wire.ModeJSON {
		f.RestBytes(name, &s.raw)
		return
	}
	v, err := specReader{s.f}.stream(s.s, s.raw)
	if err != nil {
		f.Fail(name, err)
		return
	}
	js, err := json.Marshal(v)
	if err != nil {
		f.Fail(name, err)
		return
	}
	f.RawJSON(name, js)
}

var errSpecReader = errors.New("spec reader: malformed")

// specReader decodes fields as spec/ lays them out into the JSON form of
// docs/spec.md.
type specReader struct{ f *spec.Formats }

func (r specReader) stream(s *spec.TLVStream, b []byte) (map[string]any, error) {
	if s == nil {
		return nil, errSpecReader
	}
	rs, err := wire.ParseRecords(b)
	if err != nil {
		return nil, err
	}
	obj := map[string]any{}
	unknown := map[string]any{}
	for _, rec := range rs {
		def := s.RecordByType(rec.Type)
		if def == nil {
			unknown[strconv.FormatUint(rec.Type, 10)] = hex.EncodeToString(rec.Value)
			continue
		}
		v, rest, err := r.fields(def.Fields, rec.Value)
		if err != nil {
			return nil, err
		}
		if len(rest) > 0 {
			return nil, fmt.Errorf("%w: %d bytes left in %s", errSpecReader, len(rest), def.Name)
		}
		obj[def.Name] = v
	}
	if len(unknown) > 0 {
		obj["unknown"] = unknown
	}
	return obj, nil
}

func (r specReader) fields(fields []spec.Field, b []byte) (map[string]any, []byte, error) {
	obj := map[string]any{}
	counts := map[string]int{}
	for i, fd := range fields {
		res, ok := r.f.Resolve(fd.Type)
		if !ok {
			return nil, nil, errSpecReader
		}
		if spec.IsLengthField(fields, i) {
			var n uint64
			var err error
			if n, b, err = r.integer(res.Fundamental, b); err != nil {
				return nil, nil, err
			}
			counts[fd.Name] = int(n)
			continue
		}
		if res.Stream != nil {
			v, err := r.stream(res.Stream, b)
			if err != nil {
				return nil, nil, err
			}
			obj[fd.Name], b = v, nil
			continue
		}
		var v any
		var err error
		switch fd.CountKind() {
		case spec.CountSingle:
			v, b, err = r.element(res, b)
		case spec.CountFixed:
			v, b, err = r.array(res, fd.Fixed(), b)
		case spec.CountByField:
			v, b, err = r.array(res, counts[fd.Count], b)
		case spec.CountRest:
			v, b, err = r.array(res, -1, b)
		}
		if err != nil {
			return nil, nil, err
		}
		obj[fd.Name] = v
	}
	return obj, b, nil
}

// array reads n elements, or all that b holds when n < 0.
func (r specReader) array(res spec.Resolved, n int, b []byte) (any, []byte, error) {
	if res.Ok && res.Fundamental.Name == "byte" || res.Ok && res.Fundamental.Kind == spec.KindUTF8 {
		if n < 0 {
			n = len(b)
		}
		if n > len(b) {
			return nil, nil, errSpecReader
		}
		if res.Fundamental.Kind == spec.KindUTF8 {
			if !utf8.Valid(b[:n]) {
				return nil, nil, errSpecReader
			}
			return string(b[:n]), b[n:], nil
		}
		return hex.EncodeToString(b[:n]), b[n:], nil
	}
	arr := []any{}
	for i := 0; n < 0 && len(b) > 0 || i < n; i++ {
		v, rest, err := r.element(res, b)
		if err != nil {
			return nil, nil, err
		}
		arr, b = append(arr, v), rest
	}
	return arr, b, nil
}

func (r specReader) element(res spec.Resolved, b []byte) (any, []byte, error) {
	if res.Subtype != nil {
		return r.fields(res.Subtype.Fields, b)
	}
	fd := res.Fundamental
	take := func(n int) ([]byte, error) {
		if n > len(b) {
			return nil, errSpecReader
		}
		return b[:n], nil
	}
	switch fd.Kind {
	case spec.KindUnsigned, spec.KindTruncated, spec.KindBigSize:
		v, rest, err := r.integer(fd, b)
		return json.Number(strconv.FormatUint(v, 10)), rest, err
	case spec.KindSigned:
		v, err := take(fd.Size)
		if err != nil {
			return nil, nil, err
		}
		u := uint64(0)
		for _, x := range v {
			u = u<<8 | uint64(x)
		}
		shift := 64 - 8*uint(fd.Size)
		return json.Number(strconv.FormatInt(int64(u<<shift)>>shift, 10)), b[fd.Size:], nil
	case spec.KindBytes, spec.KindPoint:
		v, err := take(fd.Size)
		return hex.EncodeToString(v), b[len(v):], err
	case spec.KindShortChannelID:
		v, err := take(8)
		if err != nil {
			return nil, nil, err
		}
		return wire.ShortChannelID(binary.BigEndian.Uint64(v)).String(), b[8:], nil
	case spec.KindSciddirOrPubkey:
		n := 33
		if len(b) > 0 && b[0] < 2 {
			n = 9
		}
		v, err := take(n)
		return hex.EncodeToString(v), b[len(v):], err
	}
	return nil, nil, errSpecReader
}

func (r specReader) integer(fd spec.Fundamental, b []byte) (uint64, []byte, error) {
	switch fd.Kind {
	case spec.KindBigSize:
		v, n, err := wire.DecodeBigSize(b)
		return v, b[n:], err
	case spec.KindTruncated:
		// A truncated integer is the last field of its record.
		v, err := wire.DecodeTU(b, fd.Max)
		return v, nil, err
	case spec.KindUnsigned:
		if fd.Size > len(b) {
			return 0, nil, errSpecReader
		}
		v := uint64(0)
		for _, x := range b[:fd.Size] {
			v = v<<8 | uint64(x)
		}
		return v, b[fd.Size:], nil
	}
	return 0, nil, errSpecReader
}
