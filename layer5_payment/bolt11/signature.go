package bolt11

import (
	"fmt"

	"github.com/btcsuite/btcd/btcec/v2"
	"github.com/btcsuite/btcd/btcec/v2/ecdsa"
)

// compactMagic is the header byte offset of btcec's compact signatures for
// a compressed key: 27 + 4 + recovery id.
const compactMagic = 27 + 4

// checkSignature checks the signature over hash and sets Payee when it is
// recovered.
//
// BOLT #11: "if a valid `n` field is provided: MUST use the `n` field to
// validate the signature instead of performing public-key recovery. If the
// signature is not compliant with the low-S standard rule ... MUST fail the
// payment otherwise: MUST perform ECDSA public-key recovery and accept both
// high-S and low-S signatures."
func (inv *Invoice) checkSignature(hash [32]byte) error {
	sig := &inv.Signature
	if inv.ExplicitPayee {
		pub, err := btcec.ParsePubKey(inv.Payee[:])
		if err != nil {
			return fmt.Errorf("%w: %v", ErrInvalidPubkey, err)
		}
		var r, s btcec.ModNScalar
		if r.SetByteSlice(sig[:32]) || r.IsZero() || s.SetByteSlice(sig[32:64]) || s.IsZero() {
			return fmt.Errorf("%w: R or S out of range", ErrInvalidSignature)
		}
		if s.IsOverHalfOrder() {
			return ErrHighS
		}
		if !ecdsa.NewSignature(&r, &s).Verify(hash[:], pub) {
			return fmt.Errorf("%w: does not verify against the n field", ErrInvalidSignature)
		}
		return nil
	}
	var compact [65]byte
	compact[0] = compactMagic + sig[64]
	copy(compact[1:], sig[:64])
	pub, _, err := ecdsa.RecoverCompact(compact[:], hash[:])
	if err != nil {
		return fmt.Errorf("%w: %v", ErrInvalidSignature, err)
	}
	copy(inv.Payee[:], pub.SerializeCompressed())
	return nil
}

// Signer signs invoices with a node key: a key manager, or KeySigner.
type Signer interface {
	// PubKey returns the compressed public key the signatures verify with.
	PubKey() [33]byte
	// SignCompact signs a SHA-256 hash and returns R (32 bytes), S (32
	// bytes) and the recovery id (0 to 3), the form an invoice carries.
	SignCompact(hash [32]byte) ([65]byte, error)
}

// KeySigner signs with a private key held in memory, deterministically
// (RFC6979 with HMAC-SHA256, low S), as the BOLT #11 examples are: "Signatures
// are deterministic and generated using RFC6979 (using HMAC-SHA256)."
type KeySigner struct {
	key *btcec.PrivateKey
	pub [33]byte
}

// NewKeySigner returns a signer for key.
func NewKeySigner(key *btcec.PrivateKey) *KeySigner {
	s := &KeySigner{key: key}
	copy(s.pub[:], key.PubKey().SerializeCompressed())
	return s
}

// PubKey returns the key's compressed public key.
func (s *KeySigner) PubKey() [33]byte { return s.pub }

// SignCompact signs hash.
func (s *KeySigner) SignCompact(hash [32]byte) ([65]byte, error) {
	var out [65]byte
	c := ecdsa.SignCompact(s.key, hash[:], true)
	copy(out[:64], c[1:])
	out[64] = c[0] - compactMagic
	return out, nil
}
