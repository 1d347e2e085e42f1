package conformance

import (
	"bytes"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"reflect"

	messaging "github.com/lnstack/lnstack/layer2_messaging"
	"github.com/lnstack/lnstack/layer2_messaging/wire"
	"github.com/lnstack/lnstack/layer2_messaging/wire/wiretest"
	"github.com/lnstack/lnstack/testvectors"
)

// bolt01Runners checks the BOLT #1 vectors (Appendices A to D) through
// layer2_messaging/wire, the n1 and n2 namespaces of wiretest, and the
// messaging Codec.
func bolt01Runners() map[string]RunFunc {
	return map[string]RunFunc{
		"bolt01/bigsize-decoding":             runBolt01BigSizeDecoding,
		"bolt01/bigsize-encoding":             runBolt01BigSizeEncoding,
		"bolt01/tlv-decoding-failures":        runBolt01TLVFailure,
		"bolt01/tlv-stream-decoding-failures": runBolt01TLVFailure,
		"bolt01/tlv-decoding-successes":       runBolt01TLVSuccess,
		"bolt01/init-extension":               runBolt01InitExtension,
		"bolt01/signed-integers":              runBolt01SignedInteger,
	}
}

// bolt01Errors maps the failure classes of the TLV and init vectors (each
// vector keeps the BOLT's reason text beside its class) to the sentinels of
// package wire.
var bolt01Errors = map[string]error{
	"truncated":         wire.ErrTruncated,
	"non-minimal":       wire.ErrNonMinimal,
	"tlv-length":        wire.ErrTLVLength,
	"record-length":     wire.ErrRecordLength,
	"unknown-even-type": wire.ErrUnknownEvenType,
	"invalid-point":     wire.ErrInvalidPoint,
	"tlv-order":         wire.ErrTLVOrder,
}

// bolt01BigSizeErrors maps the exp_error texts of Appendix A (lnd's error strings)
// to the sentinels. A BigSize that is cut short, or absent, is truncated.
var bolt01BigSizeErrors = map[string]error{
	"decoded bigsize is not canonical": wire.ErrNonMinimal,
	"unexpected EOF":                   wire.ErrTruncated,
	"EOF":                              wire.ErrTruncated,
}

func runBolt01BigSizeDecoding(v testvectors.Vector) error {
	var tv struct {
		Name     string    `json:"name"`
		Bytes    bolt01Hex `json:"bytes"`
		Value    *uint64   `json:"value"`
		ExpError string    `json:"exp_error"`
	}
	if err := v.Decode(&tv); err != nil {
		return err
	}
	got, n, err := wire.DecodeBigSize(tv.Bytes)
	if tv.ExpError != "" {
		return bolt01Expect(err, bolt01BigSizeErrors, tv.ExpError)
	}
	if err != nil {
		return fmt.Errorf("unexpected error %w", err)
	}
	if tv.Value == nil || got != *tv.Value || n != len(tv.Bytes) {
		return fmt.Errorf("decoded %d from %d bytes, want %v from %d", got, n, tv.Value, len(tv.Bytes))
	}
	return nil
}

func runBolt01BigSizeEncoding(v testvectors.Vector) error {
	var tv struct {
		Name  string    `json:"name"`
		Value uint64    `json:"value"`
		Bytes bolt01Hex `json:"bytes"`
	}
	if err := v.Decode(&tv); err != nil {
		return err
	}
	got := wire.AppendBigSize(nil, tv.Value)
	if !bytes.Equal(got, tv.Bytes) || wire.BigSizeLen(tv.Value) != len(tv.Bytes) {
		return fmt.Errorf("encoded %x, want %x", got, []byte(tv.Bytes))
	}
	return nil
}

// bolt01TLVVector is the shape of the Appendix B vectors.
type bolt01TLVVector struct {
	Name       string          `json:"name"`
	Stream     bolt01Hex       `json:"stream"`
	Namespaces []string        `json:"namespaces"`
	Reason     string          `json:"reason"`
	Error      string          `json:"error"`
	Values     json.RawMessage `json:"values"`
}

// bolt01Namespace is one of the Appendix B test namespaces.
type bolt01Namespace interface {
	wire.Walker
	Decode(b []byte) error
	Encode(dst []byte) ([]byte, error)
}

func bolt01NewNamespace(name string) (bolt01Namespace, error) {
	switch name {
	case "n1":
		return new(wiretest.N1), nil
	case "n2":
		return new(wiretest.N2), nil
	}
	return nil, fmt.Errorf("unknown namespace %q", name)
}

func runBolt01TLVFailure(v testvectors.Vector) error {
	var tv bolt01TLVVector
	if err := v.Decode(&tv); err != nil {
		return err
	}
	if len(tv.Namespaces) == 0 {
		return errors.New("vector names no namespace")
	}
	for _, ns := range tv.Namespaces {
		s, err := bolt01NewNamespace(ns)
		if err != nil {
			return err
		}
		if err := bolt01Expect(s.Decode(tv.Stream), bolt01Errors, tv.Error); err != nil {
			return fmt.Errorf("%s: %w", ns, err)
		}
	}
	return nil
}

func runBolt01TLVSuccess(v testvectors.Vector) error {
	var tv bolt01TLVVector
	if err := v.Decode(&tv); err != nil {
		return err
	}
	if len(tv.Namespaces) == 0 {
		return errors.New("vector names no namespace")
	}
	var want map[string]any
	if err := bolt01UnmarshalJSON(tv.Values, &want); err != nil {
		return err
	}
	for _, ns := range tv.Namespaces {
		s, err := bolt01NewNamespace(ns)
		if err != nil {
			return err
		}
		if err := s.Decode(tv.Stream); err != nil {
			return fmt.Errorf("%s: %w", ns, err)
		}
		js, err := wire.MarshalJSON(s)
		if err != nil {
			return fmt.Errorf("%s: %w", ns, err)
		}
		var got map[string]any
		if err := bolt01UnmarshalJSON(js, &got); err != nil {
			return err
		}
		delete(got, "unknown") // the vectors give the known records only
		if !reflect.DeepEqual(got, want) {
			return fmt.Errorf("%s: decoded %s, want %s", ns, js, tv.Values)
		}
		// Unknown odd records are kept: the stream re-encodes unchanged.
		re, err := s.Encode(nil)
		if err != nil || !bytes.Equal(re, tv.Stream) {
			return fmt.Errorf("%s: re-encoded %x (%v), want %x", ns, re, err, []byte(tv.Stream))
		}
	}
	return nil
}

func runBolt01InitExtension(v testvectors.Vector) error {
	var tv struct {
		Name    string    `json:"name"`
		Message bolt01Hex `json:"message"`
		Valid   bool      `json:"valid"`
		Reason  string    `json:"reason"`
		Error   string    `json:"error"`
	}
	if err := v.Decode(&tv); err != nil {
		return err
	}
	c, err := messaging.NewCodec(messaging.Messages())
	if err != nil {
		return err
	}
	m, err := c.Decode(tv.Message)
	if !tv.Valid {
		return bolt01Expect(err, bolt01Errors, tv.Error)
	}
	if err != nil {
		return fmt.Errorf("unexpected error %w", err)
	}
	if _, ok := m.(*messaging.Init); !ok {
		return fmt.Errorf("decoded %T, want *messaging.Init", m)
	}
	re, err := c.Encode(nil, m)
	if err != nil || !bytes.Equal(re, tv.Message) {
		return fmt.Errorf("re-encoded %x (%v), want %x", re, err, []byte(tv.Message))
	}
	return nil
}

func runBolt01SignedInteger(v testvectors.Vector) error {
	var tv struct {
		Name  string    `json:"name"`
		Value int64     `json:"value"`
		Bytes bolt01Hex `json:"bytes"`
	}
	if err := v.Decode(&tv); err != nil {
		return err
	}
	r := wire.NewReader(tv.Bytes)
	var enc []byte
	var dec int64
	switch len(tv.Bytes) {
	case 1:
		enc, dec = wire.AppendS8(nil, int8(tv.Value)), int64(r.S8())
	case 2:
		enc, dec = wire.AppendS16(nil, int16(tv.Value)), int64(r.S16())
	case 4:
		enc, dec = wire.AppendS32(nil, int32(tv.Value)), int64(r.S32())
	case 8:
		enc, dec = wire.AppendS64(nil, tv.Value), r.S64()
	default:
		return fmt.Errorf("%d bytes is no signed integer width", len(tv.Bytes))
	}
	if r.Err() != nil || r.Len() != 0 || dec != tv.Value {
		return fmt.Errorf("decoded %d (%v), want %d", dec, r.Err(), tv.Value)
	}
	if !bytes.Equal(enc, tv.Bytes) {
		return fmt.Errorf("encoded %x, want %x", enc, []byte(tv.Bytes))
	}
	return nil
}

// bolt01Expect checks that err wraps the sentinel the table gives for class.
func bolt01Expect(err error, table map[string]error, class string) error {
	want, ok := table[class]
	if !ok {
		return fmt.Errorf("no sentinel for failure class %q", class)
	}
	if err == nil {
		return fmt.Errorf("decoded, want failure %v", want)
	}
	if !errors.Is(err, want) {
		return fmt.Errorf("failed with %v, want %v", err, want)
	}
	return nil
}

// bolt01Hex is a byte string written as lower-case hex in a vector.
type bolt01Hex []byte

func (h *bolt01Hex) UnmarshalJSON(b []byte) error {
	var s string
	if err := json.Unmarshal(b, &s); err != nil {
		return err
	}
	d, err := hex.DecodeString(s)
	if err != nil {
		return err
	}
	*h = d
	return nil
}

func bolt01UnmarshalJSON(b []byte, dst any) error {
	d := json.NewDecoder(bytes.NewReader(b))
	d.UseNumber()
	return d.Decode(dst)
}
