package feature_test

import (
	"encoding/hex"
	"errors"
	"slices"
	"testing"

	"github.com/lnstack/lnstack/layer2_messaging/feature"
	"github.com/lnstack/lnstack/layer2_messaging/msgtest"
)

// vectorCodec is the harness codec of a feature field: every byte string is
// a vector, kept as sent.
var vectorCodec = msgtest.Codec[feature.Vector]{
	Decode:    func(b []byte) (feature.Vector, error) { return feature.Vector(slices.Clone(b)), nil },
	Encode:    func(v feature.Vector) ([]byte, error) { return slices.Clone([]byte(v)), nil },
	Canonical: true,
}

// FuzzVector checks that any bytes are a vector whose bits, names and
// negotiation are consistent, and that nothing panics.
func FuzzVector(f *testing.F) {
	for _, s := range []string{"", "00", "0200", "000102", "8000000000000000000000000002", "ffffffffffffffff", "02aaa2"} {
		b, _ := hex.DecodeString(s)
		f.Add(b)
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		msgtest.RoundTrip(t, vectorCodec, b)
		v := feature.Vector(b)
		back := feature.New(v.Bits()...)
		if !back.Equal(v) || !feature.Or(v, nil).Equal(v) || len(back) != len(v.Minimal()) {
			t.Fatalf("%x: bits %v rebuild as %x", b, v.Bits(), []byte(back))
		}
		if len(v.Names()) > len(v.Bits()) {
			t.Fatal("more names than bits")
		}
		for _, ctx := range []feature.Context{feature.InInit, feature.InNode, feature.InChannel, feature.InInvoice, feature.InBlindedPath, feature.InChannelType} {
			if err := feature.Validate(v, ctx); err != nil && !errors.Is(err, feature.ErrWrongContext) && !errors.Is(err, feature.ErrMissingDependency) {
				t.Fatalf("untyped error %v", err)
			}
		}
		// A node negotiating with itself fails only on its own dependencies.
		if _, err := feature.Negotiate(v, v); err != nil && !errors.Is(err, feature.ErrMissingDependency) {
			t.Fatalf("self negotiation: %v", err)
		}
	})
}
