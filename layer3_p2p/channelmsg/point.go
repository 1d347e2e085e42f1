package channelmsg

import (
	"math/bits"

	"github.com/btcsuite/btcd/btcec/v2"

	"github.com/lnstack/lnstack/layer2_messaging/wire"
)

// Point validation, the bulk of decoding a message with points. A point is
// valid when its prefix is 2 or 3, its x is below the field prime p, and
// x^3 + 7 is a square mod p (BOLT #1 point: "a 33-byte Elliptic Curve point
// (compressed encoding as per SEC 1 standard)"). wire.ValidPoint decides
// the last with Euler's criterion, an exponentiation of about 270 field
// multiplications; validPoint decides it with the Jacobi symbol computed by
// a binary-GCD recurrence, several times faster, and accepts exactly the
// same points (TestValidPointMatchesWire, FuzzValidPoint).
//
// It belongs in layer 2 (wire.ValidPoint), where every codec would get it;
// until it moves there, the messages of this package walk their points
// with walkPoint.

// walkPoint walks a point like wire.Fields.Point, with validPoint as the
// check.
func walkPoint(f *wire.Fields, name string, p *wire.Point) {
	f.FixedBytes(name, p[:])
	if f.Decoding() && f.Err() == nil && !validPoint(p) {
		f.Fail(name, wire.ErrInvalidPoint)
	}
}

// validPoint reports whether p is a compressed secp256k1 point, as
// wire.ValidPoint does.
func validPoint(p *wire.Point) bool {
	if p[0] != 2 && p[0] != 3 {
		return false
	}
	var x, rhs btcec.FieldVal
	if overflow := x.SetByteSlice(p[1:]); overflow {
		return false
	}
	// x^3 + 7 is never 0 mod p (-7 is not a cube mod p), so 0 < g < p.
	rhs.SquareVal(&x).Mul(&x).AddInt(7).Normalize()
	var g uint256
	var b [32]byte
	rhs.PutBytesUnchecked(b[:])
	for i := range g {
		g[i] = uint64(b[31-8*i]) | uint64(b[30-8*i])<<8 | uint64(b[29-8*i])<<16 | uint64(b[28-8*i])<<24 |
			uint64(b[27-8*i])<<32 | uint64(b[26-8*i])<<40 | uint64(b[25-8*i])<<48 | uint64(b[24-8*i])<<56
	}
	switch jacobiModP(g) {
	case 1:
		return true
	case -1:
		return false
	}
	return wire.ValidPoint(p) // the recurrence did not settle: decide the slow way
}

// uint256 is a 256-bit number, least significant limb first.
type uint256 [4]uint64

// fieldP is the secp256k1 field prime 2^256 - 2^32 - 977.
var fieldP = uint256{0xfffffffefffffc2f, 0xffffffffffffffff, 0xffffffffffffffff, 0xffffffffffffffff}

// Steps of the recurrence per batch, and batches before giving up (the
// recurrence settles in about 11 batches on random input; see
// TestJacobiBatches).
const (
	jacobiSteps   = 60
	jacobiBatches = 40
)

// jacobiModP returns the Jacobi symbol (g | p), 1 or -1, for 0 < g < p,
// or 0 when the recurrence has not settled after jacobiBatches batches.
//
// The recurrence keeps f odd and positive, starting from f = p, and the
// invariant symbol = (-1)^j * (g | f), and applies one of three steps (the
// "divsteps" of Bernstein and Yang, with g + f in place of g - f so that
// both stay positive):
//
//   - g even: g = g/2, and (g | f) = (2 | f) * (g/2 | f);
//   - g odd, delta <= 0: g = (g + f)/2, as (g + f | f) = (g | f);
//   - g odd, delta > 0: swap f and g first, by quadratic reciprocity
//     (g | f) = (f | g) * -1 when both are 3 mod 4, then as above.
//
// (2 | f) is -1 when f is 3 or 5 mod 8. The pair converges to f = g =
// gcd = 1, where (g | 1) = 1 leaves the sign in j. Each step needs only the
// last three bits of f and g, so a batch of steps runs on the low 64-bit
// words alone, recording what it did as a matrix of small non-negative
// integers M with 2^60 (f', g') = M (f, g), which is then applied to the
// full numbers: every division is exact, nothing is approximated.
func jacobiModP(g uint256) int {
	symbol, _ := jacobiRun(g, jacobiBatches)
	return symbol
}

// jacobiRun is jacobiModP with a bound of maxBatches; it also returns the
// number of batches run.
func jacobiRun(g uint256, maxBatches int) (symbol, batches int) {
	f := fieldP
	j := uint64(0)
	delta := int64(1)
	for batches < maxBatches {
		batches++
		fl, gl := f[0], g[0]
		// 2^k f_k = u f + v g and 2^k g_k = q f + r g after k steps.
		u, v, q, r := uint64(1), uint64(0), uint64(0), uint64(1)
		for i := 0; i < jacobiSteps; i++ {
			if gl&1 == 0 {
				// A run of z halvings at once (the sentinel bit stops
				// it at the end of the batch): (2 | f)^z.
				z := bits.TrailingZeros64(gl | 1<<(jacobiSteps-i))
				j ^= uint64(z) & (fl>>1 ^ fl>>2) & 1
				gl >>= z
				u, v = u<<z, v<<z
				delta += int64(z)
				i += z - 1
				continue
			}
			if delta > 0 {
				j ^= (fl & gl >> 1) & 1 // reciprocity
				fl, gl = gl, fl
				u, v, q, r = q, r, u, v
				delta = -delta
			}
			j ^= (fl>>1 ^ fl>>2) & 1 // (2 | f) for (g + f)/2
			gl = (gl + fl) >> 1
			q, r = q+u, r+v
			u, v = u<<1, v<<1
			delta++
		}
		f, g = combine(u, &f, v, &g), combine(q, &f, r, &g)
		if f[0] == 1 && f[1]|f[2]|f[3] == 0 {
			return 1 - 2*int(j), batches
		}
	}
	return 0, batches
}

// combine returns (a x + b y) / 2^jacobiSteps, a division the caller knows
// to be exact, for a, b <= 2^jacobiSteps and a result below 2^256.
func combine(a uint64, x *uint256, b uint64, y *uint256) uint256 {
	var t [5]uint64
	var carry, c uint64
	for i := range x {
		hi, lo := bits.Mul64(a, x[i])
		t[i], c = bits.Add64(lo, carry, 0)
		carry = hi + c
	}
	t[4] = carry
	carry = 0
	for i := range y {
		hi, lo := bits.Mul64(b, y[i])
		lo, c = bits.Add64(lo, carry, 0)
		hi += c
		t[i], c = bits.Add64(t[i], lo, 0)
		carry = hi + c
	}
	t[4] += carry
	var z uint256
	for i := range z {
		z[i] = t[i]>>jacobiSteps | t[i+1]<<(64-jacobiSteps)
	}
	return z
}
