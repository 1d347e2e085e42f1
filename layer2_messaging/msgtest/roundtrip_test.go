package msgtest

import (
	"errors"
	"fmt"
	"runtime"
	"testing"

	"github.com/lnstack/lnstack/layer2_messaging/wire"
)

// recorder is a testing.TB whose Fatalf records the failure and stops the
// goroutine, and whose Errorf records the error, so a test can check that
// the harness fails.
type recorder struct {
	testing.TB
	failed string
	errs   []string
}

func (r *recorder) Helper() {}

func (r *recorder) Errorf(format string, args ...any) {
	r.errs = append(r.errs, fmt.Sprintf(format, args...))
}

func (r *recorder) Fatalf(format string, args ...any) {
	r.failed = fmt.Sprintf(format, args...)
	runtime.Goexit()
}

// run runs f against a recorder and returns the failure, or "".
func run(t *testing.T, f func(tb testing.TB)) string {
	r := &recorder{TB: t}
	done := make(chan struct{})
	go func() {
		defer close(done)
		f(r)
	}()
	<-done
	return r.failed
}

// bytesCodec treats the input as a length byte and that many bytes.
func bytesCodec() Codec[[]byte] {
	return Codec[[]byte]{
		Decode: func(b []byte) ([]byte, error) {
			if len(b) == 0 || int(b[0]) != len(b)-1 {
				return nil, wire.ErrTruncated
			}
			return append([]byte(nil), b[1:]...), nil
		},
		Encode:    func(v []byte) ([]byte, error) { return append([]byte{byte(len(v))}, v...), nil },
		JSON:      func(v []byte) ([]byte, error) { return []byte(fmt.Sprintf("%q", v)), nil },
		Canonical: true,
	}
}

func TestHarnessPassesAGoodCodec(t *testing.T) {
	c := bytesCodec()
	if msg := run(t, func(tb testing.TB) {
		RoundTrip(tb, c, []byte{2, 'h', 'i'})
		RoundTrip(tb, c, []byte{9}) // a typed failure is fine
		Valid(tb, c, []byte{0})
		Truncations(tb, c, []byte{3, 1, 2, 3}, nil)
	}); msg != "" {
		t.Fatal(msg)
	}
}

func TestHarnessCatchesBrokenCodecs(t *testing.T) {
	lossy := bytesCodec()
	lossy.Encode = func(v []byte) ([]byte, error) {
		if len(v) > 0 {
			v = v[1:]
		}
		return append([]byte{byte(len(v))}, v...), nil
	}
	untyped := bytesCodec()
	untyped.Decode = func([]byte) ([]byte, error) { return nil, errors.New("boom") }
	badJSON := bytesCodec()
	badJSON.JSON = func(v []byte) ([]byte, error) { return []byte("{"), nil }
	lenient := bytesCodec()
	lenient.Decode = func(b []byte) ([]byte, error) { return append([]byte(nil), b...), nil }
	lenient.Canonical = false
	for name, f := range map[string]func(tb testing.TB){
		"encode loses a byte":      func(tb testing.TB) { RoundTrip(tb, lossy, []byte{2, 'h', 'i'}) },
		"untyped decode error":     func(tb testing.TB) { RoundTrip(tb, untyped, []byte{1}) },
		"invalid JSON":             func(tb testing.TB) { RoundTrip(tb, badJSON, []byte{0}) },
		"valid input fails":        func(tb testing.TB) { Valid(tb, bytesCodec(), []byte{5}) },
		"prefix decodes":           func(tb testing.TB) { Truncations(tb, lenient, []byte{1, 2}, nil) },
		"truncated prefix untyped": func(tb testing.TB) { Truncations(tb, untyped, []byte{1, 2}, nil) },
	} {
		if msg := run(t, f); msg == "" {
			t.Errorf("%s: the harness did not fail", name)
		}
	}
}
