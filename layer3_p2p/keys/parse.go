package keys

import (
	"fmt"

	"github.com/btcsuite/btcd/btcec/v2"
)

// PointLen is the size of a compressed point on the wire (BOLT #1 point type).
const PointLen = 33

// SecretLen is the size of a private key or per-commitment secret.
const SecretLen = 32

// ParsePoint reads a compressed point, the only encoding BOLT #2 and #3 use.
// Uncompressed and hybrid encodings, which btcec would accept, are refused.
func ParsePoint(b []byte) (*btcec.PublicKey, error) {
	if len(b) != PointLen || (b[0] != 0x02 && b[0] != 0x03) {
		return nil, fmt.Errorf("%d bytes: %w", len(b), ErrInvalidPoint)
	}
	pub, err := btcec.ParsePubKey(b)
	if err != nil {
		return nil, fmt.Errorf("%v: %w", err, ErrInvalidPoint)
	}
	return pub, nil
}

// ParseSecret reads a 32-byte private key (a basepoint secret or a
// per-commitment secret), refusing zero and values not below the curve order
// instead of reducing them as btcec.PrivKeyFromBytes would.
func ParseSecret(b []byte) (*btcec.PrivateKey, error) {
	if len(b) != SecretLen {
		return nil, fmt.Errorf("%d bytes: %w", len(b), ErrInvalidSecret)
	}
	var s btcec.ModNScalar
	if overflow := s.SetByteSlice(b); overflow || s.IsZero() {
		return nil, ErrInvalidSecret
	}
	return btcec.PrivKeyFromScalar(&s), nil
}

// PerCommitmentPoint returns per_commitment_secret * G.
//
// BOLT #3: "The per_commitment_point is generated using elliptic-curve
// multiplication: per_commitment_point = per_commitment_secret * G"
func PerCommitmentPoint(secret [SecretLen]byte) (*btcec.PublicKey, error) {
	priv, err := ParseSecret(secret[:])
	if err != nil {
		return nil, err
	}
	return priv.PubKey(), nil
}
