package channelmsg

import (
	"bytes"
	"math/big"
	"math/rand/v2"
	"testing"

	"github.com/btcsuite/btcd/btcec/v2"

	"github.com/lnstack/lnstack/layer2_messaging/wire"
)

// pointWith returns a point with the given prefix and x.
func pointWith(prefix byte, x []byte) *wire.Point {
	var p wire.Point
	p[0] = prefix
	copy(p[1+32-len(x):], x)
	return &p
}

// TestValidPointMatchesWire checks validPoint against wire.ValidPoint (the
// exponentiation) on real keys, random x, and the edges of the range of x.
func TestValidPointMatchesWire(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	var cases []*wire.Point
	for i := 0; i < 200; i++ {
		var seed [32]byte
		for j := range seed {
			seed[j] = byte(rng.Uint32())
		}
		k, _ := btcec.PrivKeyFromBytes(seed[:])
		p := wire.PointFromPubKey(k.PubKey())
		cases = append(cases, &p)
	}
	for i := 0; i < 20000; i++ {
		x := make([]byte, 32)
		for j := range x {
			x[j] = byte(rng.Uint32())
		}
		cases = append(cases, pointWith(2+byte(i%2), x))
	}
	pBytes := btcec.S256().P.Bytes()
	pMinus := new(big.Int).Sub(btcec.S256().P, big.NewInt(1)).Bytes()
	pPlus := new(big.Int).Add(btcec.S256().P, big.NewInt(1)).Bytes()
	for _, x := range [][]byte{
		nil, {1}, {2}, {3}, {7}, pMinus, pBytes, pPlus, bytes.Repeat([]byte{0xff}, 32),
		bytes.Repeat([]byte{0x80}, 32), {1, 0, 0, 0, 0, 0, 0, 0, 0},
	} {
		for _, prefix := range []byte{0, 1, 2, 3, 4, 5, 6, 7, 0xff} {
			cases = append(cases, pointWith(prefix, x))
		}
	}
	valid := 0
	for _, p := range cases {
		want := wire.ValidPoint(p)
		if got := validPoint(p); got != want {
			t.Fatalf("validPoint(%x) = %v, wire.ValidPoint %v", p[:], got, want)
		}
		if want {
			valid++
		}
	}
	// About half of random x are on the curve.
	if valid < len(cases)/3 {
		t.Fatalf("only %d of %d points valid", valid, len(cases))
	}
}

// TestJacobiModP checks the symbol against math/big's on random values
// and small ones.
func TestJacobiModP(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	P := btcec.S256().P
	check := func(g *big.Int) {
		var u uint256
		b := g.FillBytes(make([]byte, 32))
		for i := range u {
			for k := 0; k < 8; k++ {
				u[i] |= uint64(b[31-8*i-k]) << (8 * k)
			}
		}
		if got, want := jacobiModP(u), big.Jacobi(g, P); got != want {
			t.Fatalf("jacobiModP(%x) = %d, big.Jacobi %d", b, got, want)
		}
	}
	for i := int64(1); i < 2000; i++ {
		check(big.NewInt(i))
		check(new(big.Int).Sub(P, big.NewInt(i)))
	}
	for i := 0; i < 5000; i++ {
		b := make([]byte, 32)
		for j := range b {
			b[j] = byte(rng.Uint32())
		}
		g := new(big.Int).Mod(new(big.Int).SetBytes(b), P)
		if g.Sign() == 0 {
			continue
		}
		check(g)
	}
}

// TestJacobiBatches measures how many batches the recurrence takes on
// random input: the bound jacobiBatches must leave a wide margin, so that
// the slow fallback never runs in practice.
func TestJacobiBatches(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	worst := 0
	for i := 0; i < 20000; i++ {
		var g uint256
		for j := range g {
			g[j] = rng.Uint64()
		}
		g[3] >>= 1 // below p
		if g == (uint256{}) {
			continue
		}
		n := jacobiBatchesFor(g)
		if n == 0 {
			t.Fatalf("%x: no result after %d batches", g, jacobiBatches)
		}
		worst = max(worst, n)
	}
	if worst > jacobiBatches/2 {
		t.Fatalf("worst case %d batches, bound %d: the margin is too thin", worst, jacobiBatches)
	}
	// Too small a bound gives 0, validPoint's cue to fall back.
	if symbol, _ := jacobiRun(uint256{12345}, 1); symbol != 0 {
		t.Fatalf("one batch settled: %d", symbol)
	}
	t.Logf("worst case over 20000 random inputs: %d batches of %d steps", worst, jacobiSteps)
}

// jacobiBatchesFor returns the number of batches the recurrence of
// jacobiModP settles in (0 if it does not).
func jacobiBatchesFor(g uint256) int {
	symbol, n := jacobiRun(g, jacobiBatches)
	if symbol == 0 {
		return 0
	}
	return n
}

// FuzzValidPoint checks validPoint against wire.ValidPoint on any 33 bytes.
func FuzzValidPoint(f *testing.F) {
	f.Add(bytes.Repeat([]byte{2}, 33))
	f.Add(append([]byte{3}, btcec.S256().P.Bytes()...))
	f.Fuzz(func(t *testing.T, b []byte) {
		if len(b) != wire.PointLen {
			return
		}
		p := wire.Point(b)
		if got, want := validPoint(&p), wire.ValidPoint(&p); got != want {
			t.Fatalf("validPoint(%x) = %v, wire.ValidPoint %v", b, got, want)
		}
	})
}

func BenchmarkValidPoint(b *testing.B) {
	k, _ := btcec.PrivKeyFromBytes(bytes.Repeat([]byte{9}, 32))
	p := wire.PointFromPubKey(k.PubKey())
	b.Run("jacobi", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if !validPoint(&p) {
				b.Fatal("invalid")
			}
		}
	})
	b.Run("wire", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if !wire.ValidPoint(&p) {
				b.Fatal("invalid")
			}
		}
	})
}
