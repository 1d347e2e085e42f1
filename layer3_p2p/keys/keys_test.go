package keys

import (
	"bytes"
	"crypto/sha256"
	"errors"
	"testing"

	"github.com/btcsuite/btcd/btcec/v2"
)

func secret(label string) *btcec.PrivateKey {
	h := sha256.Sum256([]byte(label))
	k, err := ParseSecret(h[:])
	if err != nil {
		panic(err)
	}
	return k
}

// TestPrivateMatchesPublic checks, over many keys, that each private
// derivation gives the key of the matching public derivation: what lets a
// node sign for the keys both nodes compute.
func TestPrivateMatchesPublic(t *testing.T) {
	for i := 0; i < 20; i++ {
		base := secret(string(rune('a' + i)))
		pcs := secret(string(rune('A' + i)))
		point := pcs.PubKey()
		pub, err := DerivePubkey(base.PubKey(), point)
		if err != nil {
			t.Fatal(err)
		}
		priv, err := DerivePrivkey(base, point)
		if err != nil {
			t.Fatal(err)
		}
		if !priv.PubKey().IsEqual(pub) {
			t.Fatalf("%d: DerivePrivkey does not match DerivePubkey", i)
		}
		rpub, err := DeriveRevocationPubkey(base.PubKey(), point)
		if err != nil {
			t.Fatal(err)
		}
		rpriv, err := DeriveRevocationPrivkey(base, pcs)
		if err != nil {
			t.Fatal(err)
		}
		if !rpriv.PubKey().IsEqual(rpub) {
			t.Fatalf("%d: DeriveRevocationPrivkey does not match DeriveRevocationPubkey", i)
		}
		// The revocation key needs both secrets: neither alone, nor a
		// tweak of one, gives it.
		if rpub.IsEqual(pub) || rpub.IsEqual(base.PubKey()) || rpub.IsEqual(point) {
			t.Fatalf("%d: revocation key equals a key one node knows alone", i)
		}
	}
}

func TestPerCommitmentPoint(t *testing.T) {
	var s [32]byte
	s[31] = 1
	p, err := PerCommitmentPoint(s)
	if err != nil || !p.IsEqual(btcec.Generator()) {
		t.Fatalf("1 * G = %v, %v", p, err)
	}
	if _, err := PerCommitmentPoint([32]byte{}); !errors.Is(err, ErrInvalidSecret) {
		t.Fatalf("zero secret: %v", err)
	}
	order := btcec.S256().N.FillBytes(make([]byte, 32))
	var n [32]byte
	copy(n[:], order)
	if _, err := PerCommitmentPoint(n); !errors.Is(err, ErrInvalidSecret) {
		t.Fatalf("secret = curve order: %v", err)
	}
}

func TestParseErrors(t *testing.T) {
	good := secret("x").PubKey().SerializeCompressed()
	offCurve := append([]byte{0x02}, bytes.Repeat([]byte{0xff}, 32)...) // x >= p
	uncompressed := secret("x").PubKey().SerializeUncompressed()
	for name, b := range map[string][]byte{
		"empty":        nil,
		"short":        good[:32],
		"long":         append(append([]byte(nil), good...), 0),
		"bad prefix":   append([]byte{0x04}, good[1:]...),
		"x off curve":  offCurve,
		"uncompressed": uncompressed,
	} {
		if _, err := ParsePoint(b); !errors.Is(err, ErrInvalidPoint) {
			t.Errorf("%s: %v, want ErrInvalidPoint", name, err)
		}
	}
	if p, err := ParsePoint(good); err != nil || !bytes.Equal(p.SerializeCompressed(), good) {
		t.Fatalf("good point: %v", err)
	}
	for name, b := range map[string][]byte{"short": make([]byte, 31), "zero": make([]byte, 32), "all ones": bytes.Repeat([]byte{0xff}, 32)} {
		if _, err := ParseSecret(b); !errors.Is(err, ErrInvalidSecret) {
			t.Errorf("secret %s: %v, want ErrInvalidSecret", name, err)
		}
	}
}

func TestNilKeys(t *testing.T) {
	p := secret("p").PubKey()
	k := secret("k")
	for name, err := range map[string]error{
		"DerivePubkey":            second(DerivePubkey(nil, p)),
		"DerivePrivkey":           second(DerivePrivkey(k, nil)),
		"DeriveRevocationPubkey":  second(DeriveRevocationPubkey(p, nil)),
		"DeriveRevocationPrivkey": second(DeriveRevocationPrivkey(nil, k)),
	} {
		if !errors.Is(err, ErrNilKey) {
			t.Errorf("%s: %v, want ErrNilKey", name, err)
		}
	}
	if _, err := DeriveCommitmentKeys(p, Basepoints{}, Basepoints{}); !errors.Is(err, ErrNilKey) {
		t.Errorf("DeriveCommitmentKeys: %v, want ErrNilKey", err)
	}
}

func second[T any](_ T, err error) error { return err }

// TestDegenerate: no input can be crafted to make a derivation land on
// infinity (that would take a SHA-256 preimage), so this checks the guard
// every public derivation ends in, and that adding a point to itself (a
// basepoint equal to the per-commitment point) is not mistaken for it.
func TestDegenerate(t *testing.T) {
	var inf btcec.JacobianPoint
	if _, err := toPubKey(&inf); !errors.Is(err, ErrDegenerate) {
		t.Fatalf("infinity: %v", err)
	}
	point := secret("point").PubKey()
	if _, err := DerivePubkey(point, point); err != nil {
		t.Fatalf("basepoint equal to the point: %v", err)
	}
	if _, err := DeriveRevocationPubkey(point, point); err != nil {
		t.Fatalf("revocation basepoint equal to the point: %v", err)
	}
}

func TestDeriveCommitmentKeys(t *testing.T) {
	owner := Basepoints{Revocation: secret("or").PubKey(), Payment: secret("op").PubKey(), DelayedPayment: secret("od").PubKey(), HTLC: secret("oh").PubKey()}
	other := Basepoints{Revocation: secret("xr").PubKey(), Payment: secret("xp").PubKey(), DelayedPayment: secret("xd").PubKey(), HTLC: secret("xh").PubKey()}
	point := secret("point").PubKey()
	k, err := DeriveCommitmentKeys(point, owner, other)
	if err != nil {
		t.Fatal(err)
	}
	want := func(f func(a, b *btcec.PublicKey) (*btcec.PublicKey, error), base *btcec.PublicKey) *btcec.PublicKey {
		p, err := f(base, point)
		if err != nil {
			t.Fatal(err)
		}
		return p
	}
	if !k.Revocation.IsEqual(want(DeriveRevocationPubkey, other.Revocation)) ||
		!k.LocalDelayed.IsEqual(want(DerivePubkey, owner.DelayedPayment)) ||
		!k.LocalHTLC.IsEqual(want(DerivePubkey, owner.HTLC)) ||
		!k.RemoteHTLC.IsEqual(want(DerivePubkey, other.HTLC)) ||
		!k.ToRemote.IsEqual(other.Payment) || !k.PerCommitmentPoint.IsEqual(point) {
		t.Fatal("commitment keys do not match their derivations")
	}
}

// FuzzParsePoint: the point decoder never panics, and what it accepts
// re-encodes to the same 33 bytes.
func FuzzParsePoint(f *testing.F) {
	f.Add(secret("seed").PubKey().SerializeCompressed())
	f.Add(make([]byte, 33))
	f.Fuzz(func(t *testing.T, b []byte) {
		p, err := ParsePoint(b)
		if err != nil {
			if !errors.Is(err, ErrInvalidPoint) {
				t.Fatalf("untyped error %v", err)
			}
			return
		}
		if !bytes.Equal(p.SerializeCompressed(), b) {
			t.Fatal("re-encoding differs")
		}
	})
}

func BenchmarkDerivePubkey(b *testing.B) {
	base, point := secret("b").PubKey(), secret("p").PubKey()
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		if _, err := DerivePubkey(base, point); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkDeriveRevocationPubkey(b *testing.B) {
	base, point := secret("b").PubKey(), secret("p").PubKey()
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		if _, err := DeriveRevocationPubkey(base, point); err != nil {
			b.Fatal(err)
		}
	}
}
