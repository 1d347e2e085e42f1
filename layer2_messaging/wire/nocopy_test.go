package wire_test

import (
	"errors"
	"math/rand/v2"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/lnstack/lnstack/layer2_messaging/msgtest"
	"github.com/lnstack/lnstack/layer2_messaging/wire"
)

// decodeSink decodes b with the walk f, which must be a decoding walk of b.
func decodeSink(f *wire.Fields) (*sink, error) {
	var v sink
	v.Fields(f)
	if err := f.Done(); err != nil {
		return nil, err
	}
	return &v, nil
}

// sameDecodeError reports whether two decode errors name the same field,
// offset and sentinel.
func sameDecodeError(a, b error) bool {
	var da, db *wire.DecodeError
	if !errors.As(a, &da) || !errors.As(b, &db) {
		return a == nil && b == nil
	}
	return da.Field == db.Field && da.Offset == db.Offset && errors.Is(a, db.Err)
}

// TestNoCopyDecodeMatchesCopy decodes random values, whole and cut short,
// with NewDecoder and NewDecoderNoCopy: the same value or the same error.
func TestNoCopyDecodeMatchesCopy(t *testing.T) {
	rng := rand.New(rand.NewPCG(51, 52))
	pts := testPoints(4)
	for i := 0; i < 200; i++ {
		m := randomSink(rng, pts)
		m.TLVs.Blob = m.TLVs.Blob[:min(len(m.TLVs.Blob), 400)]
		b, err := wire.Encode(nil, m)
		if err != nil {
			t.Fatal(err)
		}
		for _, in := range [][]byte{b, b[:rng.IntN(len(b))]} {
			c := wire.NewDecoder(in)
			want, wantErr := decodeSink(&c)
			a := wire.NewDecoderNoCopy(in)
			got, gotErr := decodeSink(&a)
			if !sameDecodeError(gotErr, wantErr) {
				t.Fatalf("no-copy error %v, copy error %v", gotErr, wantErr)
			}
			if diff := cmp.Diff(want, got, cmp.AllowUnexported(wire.SciddirOrPubkey{})); diff != "" {
				t.Fatalf("no-copy and copy decodes differ:\n%s", diff)
			}
		}
	}
}

// TestNoCopyDecodeAliases checks which fields alias the input: byte arrays
// and unknown records do, with no spare capacity; strings do not.
func TestNoCopyDecodeAliases(t *testing.T) {
	m := &sink{Node: testPoints(1)[0], Data: []byte{1, 2, 3}, Text: "abc"}
	m.TLVs.HasBlob, m.TLVs.Blob = true, []byte{4, 5}
	m.TLVs.Unknown = wire.Records{{Type: 1<<40 + 1, Value: []byte{6}}}
	b, err := wire.Encode(nil, m)
	if err != nil {
		t.Fatal(err)
	}
	f := wire.NewDecoderNoCopy(b)
	got, err := decodeSink(&f)
	if err != nil {
		t.Fatal(err)
	}
	for i := range b {
		b[i] ^= 0xff
	}
	if got.Data[0] != 1^0xff || got.TLVs.Blob[0] != 4^0xff || got.TLVs.Unknown[0].Value[0] != 6^0xff {
		t.Errorf("byte fields do not alias the input: %x %x %x", got.Data, got.TLVs.Blob, got.TLVs.Unknown[0].Value)
	}
	if got.Text != "abc" {
		t.Errorf("string aliases the input: %q", got.Text)
	}
	if cap(got.Data) != 3 || cap(got.TLVs.Blob) != 2 || cap(got.TLVs.Unknown[0].Value) != 1 {
		t.Error("an alias has spare capacity into the input")
	}
}

// TestResetDecoder reuses one walk for decodes of several inputs, good and
// bad, after an encoding walk: each gives what a new walk gives.
func TestResetDecoder(t *testing.T) {
	rng := rand.New(rand.NewPCG(53, 54))
	pts := testPoints(4)
	reused := wire.NewEncoder(nil)
	(&sink{Node: pts[0]}).Fields(&reused)
	if _, err := reused.Output(); err != nil {
		t.Fatal(err)
	}
	for i := 0; i < 100; i++ {
		b, err := wire.Encode(nil, randomSink(rng, pts))
		if err != nil {
			t.Fatal(err)
		}
		in := b[:len(b)-rng.IntN(3)]
		noCopy := i%2 == 0
		fresh := wire.NewDecoder(in)
		if noCopy {
			fresh = wire.NewDecoderNoCopy(in)
		}
		want, wantErr := decodeSink(&fresh)
		reused.ResetDecoder(in, noCopy)
		got, gotErr := decodeSink(&reused)
		if !sameDecodeError(gotErr, wantErr) {
			t.Fatalf("reused walk error %v, new walk error %v", gotErr, wantErr)
		}
		if diff := cmp.Diff(want, got, cmp.AllowUnexported(wire.SciddirOrPubkey{})); diff != "" {
			t.Fatalf("reused and new walks differ:\n%s", diff)
		}
	}
}

// FuzzNoCopy checks that a NewDecoderNoCopy walk decodes every input as a
// NewDecoder walk does, and that a reused walk (ResetDecoder) does too.
func FuzzNoCopy(f *testing.F) {
	msgtest.Seed(f, sinkSeeds(f)...)
	reused := wire.NewDecoder(nil)
	f.Fuzz(func(t *testing.T, b []byte) {
		c := wire.NewDecoder(b)
		want, wantErr := decodeSink(&c)
		a := wire.NewDecoderNoCopy(b)
		got, gotErr := decodeSink(&a)
		reused.ResetDecoder(b, true)
		again, againErr := decodeSink(&reused)
		if !sameDecodeError(gotErr, wantErr) || !sameDecodeError(againErr, wantErr) {
			t.Fatalf("errors: copy %v, no-copy %v, reused %v", wantErr, gotErr, againErr)
		}
		opt := cmp.AllowUnexported(wire.SciddirOrPubkey{})
		if !cmp.Equal(want, got, opt) || !cmp.Equal(want, again, opt) {
			t.Fatalf("decodes differ:\n%s\n%s", cmp.Diff(want, got, opt), cmp.Diff(want, again, opt))
		}
	})
}
