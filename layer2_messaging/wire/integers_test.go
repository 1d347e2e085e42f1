package wire

import (
	"errors"
	"math"
	"math/rand/v2"
	"testing"
)

func TestTruncatedIntegers(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	vals := []uint64{0, 1, 0xff, 0x100, 0xffff, 0x10000, math.MaxUint32, math.MaxUint64}
	for i := 0; i < 1000; i++ {
		vals = append(vals, rng.Uint64()>>rng.IntN(64))
	}
	for _, v := range vals {
		b := AppendTU(nil, v)
		if len(b) != TULen(v) || len(b) > 0 && b[0] == 0 {
			t.Fatalf("%d: encoded %x", v, b)
		}
		got, err := DecodeTU(b, 8)
		if err != nil || got != v {
			t.Fatalf("%d: decoded %d, %v", v, got, err)
		}
		// A leading zero byte is never minimal.
		if _, err := DecodeTU(append([]byte{0}, b...), 9); !errors.Is(err, ErrNonMinimal) {
			t.Fatalf("%d with a leading zero: %v", v, err)
		}
	}
	if _, err := DecodeTU(mustHex("010000"), 2); !errors.Is(err, ErrRecordLength) {
		t.Fatalf("3 bytes as tu16: %v", err)
	}
	if v, err := DecodeTU(nil, 2); v != 0 || err != nil {
		t.Fatalf("empty tu16: %d, %v", v, err)
	}
}

func TestSignedIntegers(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	for i := 0; i < 1000; i++ {
		v := int64(rng.Uint64())
		b := AppendS64(nil, v)
		b = AppendS32(b, int32(v))
		b = AppendS16(b, int16(v))
		b = AppendS8(b, int8(v))
		r := NewReader(b)
		if r.S64() != v || r.S32() != int32(v) || r.S16() != int16(v) || r.S8() != int8(v) || r.Err() != nil {
			t.Fatalf("%d does not round-trip", v)
		}
	}
}
