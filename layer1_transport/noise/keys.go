package noise

import (
	"crypto/rand"
	"crypto/sha256"
	"fmt"
	"io"

	"github.com/btcsuite/btcd/btcec/v2"
)

// pubKeySize is the length of a compressed secp256k1 public key.
const pubKeySize = 33 // 1 format byte (0x02 even y, 0x03 odd y) + 32-byte x

// Identity is a node's static key pair, the `s` of BOLT #8, with its
// compressed public key computed once. A node that accepts or makes many
// connections builds one Identity and calls Initiate and Respond on it, so
// deriving the public key (a scalar multiplication) is not repeated for every
// handshake. An Identity holds a copy of the private key, never changes, and
// is safe for concurrent use by any number of handshakes.
type Identity struct {
	priv     btcec.ModNScalar
	pub      *btcec.PublicKey
	pubBytes [pubKeySize]byte
}

// NewIdentity wraps a node's static private key. It returns ErrInvalidKey for
// a nil or zero key.
func NewIdentity(priv *btcec.PrivateKey) (*Identity, error) {
	if priv == nil || priv.Key.IsZero() {
		return nil, ErrInvalidKey
	}
	id := &Identity{priv: priv.Key}
	var p btcec.JacobianPoint
	btcec.ScalarBaseMultNonConst(&id.priv, &p)
	p.ToAffine()
	id.pubBytes = compress(&p)
	id.pub = btcec.NewPublicKey(&p.X, &p.Y)
	return id, nil
}

// PubKey returns the node's static public key (its node id).
func (id *Identity) PubKey() *btcec.PublicKey { return id.pub }

// keyPair is an ephemeral key pair: the scalar and the compressed point.
type keyPair struct {
	priv btcec.ModNScalar
	pub  [pubKeySize]byte
}

// zero forgets the private scalar.
func (k *keyPair) zero() { k.priv.Zero() }

// newEphemeral runs the configured ephemeral key source, or draws a fresh key
// from crypto/rand.
//
// BOLT #8: "For each session, a node MUST generate a new ephemeral key with
// strong cryptographic randomness."
func newEphemeral(gen func() (*btcec.PrivateKey, error)) (keyPair, error) {
	var k keyPair
	if gen != nil {
		priv, err := gen()
		if err != nil {
			return k, fmt.Errorf("noise: ephemeral key: %w", err)
		}
		if priv == nil || priv.Key.IsZero() {
			return k, ErrInvalidKey
		}
		k.priv = priv.Key
	} else if err := randomScalar(rand.Reader, &k.priv); err != nil {
		return k, err
	}
	var p btcec.JacobianPoint
	btcec.ScalarBaseMultNonConst(&k.priv, &p)
	p.ToAffine()
	k.pub = compress(&p)
	return k, nil
}

// randomScalar draws a uniform scalar in [1, n-1] by rejection: 32 random
// bytes are kept only when they encode a value below the group order and are
// not zero (the chance of a retry is about 2^-128).
func randomScalar(r io.Reader, k *btcec.ModNScalar) error {
	var b [32]byte
	for {
		if _, err := io.ReadFull(r, b[:]); err != nil {
			return fmt.Errorf("noise: ephemeral key: %w", err)
		}
		overflow := k.SetBytes(&b)
		clear(b[:])
		if overflow == 0 && !k.IsZero() {
			return nil
		}
	}
}

// compress serializes an affine point (Z = 1, coordinates normalized) in the
// 33-byte compressed format.
func compress(p *btcec.JacobianPoint) [pubKeySize]byte {
	var out [pubKeySize]byte
	out[0] = 0x02 | byte(p.Y.IsOddBit())
	p.X.PutBytesUnchecked(out[1:])
	return out
}

// parsePub parses a compressed public key received in an act, returning it
// both as a *btcec.PublicKey and as an affine point ready for ECDH.
//
// BOLT #8: "The raw bytes of the remote party's ephemeral public key (re) are
// to be deserialized into a point on the curve using affine coordinates as
// encoded by the key's serialized composed format."
func parsePub(b []byte) (*btcec.PublicKey, btcec.JacobianPoint, error) {
	var p btcec.JacobianPoint
	// A 33-byte input only parses as a compressed key (0x02 or 0x03 first),
	// so uncompressed and hybrid encodings are rejected here as well.
	key, err := btcec.ParsePubKey(b)
	if err != nil {
		return nil, p, fmt.Errorf("%w: %v", ErrBadPubkey, err)
	}
	key.AsJacobian(&p)
	return key, p, nil
}

// ecdh computes ECDH(k, P) as BOLT #8 defines it: the SHA-256 of the
// compressed encoding of k*P. P must be affine (as parsePub returns it).
// k is never zero and P is never the point at infinity (both are checked when
// they enter the package), and the group order is prime, so k*P is a finite
// point.
//
// BOLT #8: "The returned value is the SHA256 of the compressed format of the
// generated point."
func ecdh(k *btcec.ModNScalar, p *btcec.JacobianPoint) [32]byte {
	var r btcec.JacobianPoint
	btcec.ScalarMultNonConst(k, p, &r)
	r.ToAffine()
	c := compress(&r)
	return sha256.Sum256(c[:])
}

// remoteStatic checks a remote static key handed in by the caller and returns
// it as an affine point with its compressed encoding.
func remoteStatic(pub *btcec.PublicKey) (btcec.JacobianPoint, [pubKeySize]byte, error) {
	var p btcec.JacobianPoint
	if pub == nil || !pub.IsOnCurve() {
		return p, [pubKeySize]byte{}, ErrInvalidKey
	}
	pub.AsJacobian(&p)
	p.X.Normalize()
	p.Y.Normalize()
	return p, compress(&p), nil
}
