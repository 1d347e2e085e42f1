package noise

import (
	"crypto/hmac"
	"crypto/sha256"
	"io"
	mrand "math/rand/v2"
	"testing"

	"golang.org/x/crypto/hkdf"
)

func TestHKDFMatchesLibrary(t *testing.T) {
	// The stack-only HKDF against golang.org/x/crypto/hkdf, and its HMAC
	// against crypto/hmac, for random salts and every input length up to a
	// block (the package only ever uses 0 and 32).
	rng := mrand.New(mrand.NewPCG(3, 4))
	for n := 0; n <= 64; n++ {
		var salt [32]byte
		for i := range salt {
			salt[i] = byte(rng.Uint32())
		}
		ikm := make([]byte, n)
		for i := range ikm {
			ikm[i] = byte(rng.Uint32())
		}
		var want [64]byte
		if _, err := io.ReadFull(hkdf.New(sha256.New, ikm, salt[:], nil), want[:]); err != nil {
			t.Fatal(err)
		}
		k1, k2 := hkdf2(&salt, ikm)
		if string(k1[:]) != string(want[:32]) || string(k2[:]) != string(want[32:]) {
			t.Fatalf("HKDF with %d-byte ikm differs from x/crypto/hkdf", n)
		}
		m := hmac.New(sha256.New, salt[:])
		m.Write(ikm)
		if got := hmacSHA256(&salt, ikm); string(got[:]) != string(m.Sum(nil)) {
			t.Fatalf("HMAC of %d bytes differs from crypto/hmac", n)
		}
	}
	// HKDF with the empty ikm, as the final split and no other step uses.
	var zero [32]byte
	if a, _ := hkdf2(&zero, nil); a == zero {
		t.Fatal("degenerate output")
	}
}

func TestHKDFNoAllocs(t *testing.T) {
	var ck, k [32]byte
	if n := testing.AllocsPerRun(100, func() { ck, k = hkdf2(&ck, k[:]) }); n != 0 {
		t.Fatalf("%v allocations per HKDF", n)
	}
}
