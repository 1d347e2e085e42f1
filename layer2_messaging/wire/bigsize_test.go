package wire

import (
	"errors"
	"math"
	"math/rand/v2"
	"testing"
)

func TestBigSizeRoundTrip(t *testing.T) {
	edges := []uint64{0, 1, 0xfc, 0xfd, 0xfe, 0xff, 0x100, 0xffff, 0x10000, 0xffffffff, 0x100000000, math.MaxUint64}
	rng := rand.New(rand.NewPCG(1, 2))
	for i := 0; i < 2000; i++ {
		edges = append(edges, rng.Uint64()>>rng.IntN(64))
	}
	for _, v := range edges {
		b := AppendBigSize(nil, v)
		if len(b) != BigSizeLen(v) {
			t.Fatalf("%d: %d bytes, BigSizeLen says %d", v, len(b), BigSizeLen(v))
		}
		got, n, err := DecodeBigSize(append(b, 0xaa)) // a trailing byte is not read
		if err != nil || got != v || n != len(b) {
			t.Fatalf("%d: decoded %d, %d bytes, %v", v, got, n, err)
		}
		for cut := 0; cut < len(b); cut++ {
			if _, _, err := DecodeBigSize(b[:cut]); !errors.Is(err, ErrTruncated) {
				t.Fatalf("%d cut at %d: %v, want ErrTruncated", v, cut, err)
			}
		}
	}
}

// TestBigSizeNonMinimal encodes every boundary value with a longer prefix
// than it needs and expects ErrNonMinimal.
func TestBigSizeNonMinimal(t *testing.T) {
	for _, tc := range []struct {
		v      uint64
		prefix byte
		width  int
	}{
		{0, 0xfd, 2}, {0xfc, 0xfd, 2},
		{0, 0xfe, 4}, {0xffff, 0xfe, 4},
		{0, 0xff, 8}, {0xffffffff, 0xff, 8},
	} {
		b := []byte{tc.prefix}
		for i := tc.width - 1; i >= 0; i-- {
			b = append(b, byte(tc.v>>(8*i)))
		}
		if _, _, err := DecodeBigSize(b); !errors.Is(err, ErrNonMinimal) {
			t.Errorf("%x: %v, want ErrNonMinimal", b, err)
		}
	}
}

func BenchmarkBigSizeEncode(b *testing.B) {
	b.ReportAllocs()
	buf := make([]byte, 0, 64)
	vals := []uint64{0x10, 0x1234, 0x12345678, 0x123456789a}
	for i := 0; i < b.N; i++ {
		buf = buf[:0]
		for _, v := range vals {
			buf = AppendBigSize(buf, v)
		}
	}
}

func BenchmarkBigSizeDecode(b *testing.B) {
	b.ReportAllocs()
	var in []byte
	for _, v := range []uint64{0x10, 0x1234, 0x12345678, 0x123456789a} {
		in = AppendBigSize(in, v)
	}
	for i := 0; i < b.N; i++ {
		r := NewReader(in)
		for r.Len() > 0 {
			r.BigSize()
		}
		if r.Err() != nil {
			b.Fatal(r.Err())
		}
	}
}
