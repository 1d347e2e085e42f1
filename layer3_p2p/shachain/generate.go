package shachain

import (
	"crypto/sha256"
	"fmt"
)

// IndexBits is how many bits an index has: up to 2^48 secrets per channel.
const IndexBits = 48

// MaxIndex is the index of the first secret used, 2^48-1.
//
// BOLT #3: "The first secret used: MUST be index 281474976710655, and from
// there, the index is decremented."
const MaxIndex = 1<<IndexBits - 1

// Secret is a 32-byte per-commitment secret.
type Secret [32]byte

// IndexOf returns the shachain index of a commitment number: commitment 0
// uses index 2^48-1, commitment 1 uses 2^48-2, and so on.
func IndexOf(commitmentNumber uint64) (uint64, error) {
	if commitmentNumber > MaxIndex {
		return 0, fmt.Errorf("commitment number %d: %w", commitmentNumber, ErrIndexOutOfRange)
	}
	return MaxIndex - commitmentNumber, nil
}

// derive flips, from bit bits-1 down to bit 0, each bit set in index and
// hashes after each flip: derive_secret(base, bits, I) of BOLT #3.
func derive(base Secret, bits int, index uint64) Secret {
	p := base
	for b := bits - 1; b >= 0; b-- {
		if index>>uint(b)&1 == 1 {
			// BOLT #3: "flip(B)" alternates the (B mod 8) bit of the (B div 8) byte.
			p[b/8] ^= 1 << uint(b%8)
			p = sha256.Sum256(p[:])
		}
	}
	return p
}

// Generate returns the secret at index from seed: generate_from_seed(seed, I).
func Generate(seed Secret, index uint64) (Secret, error) {
	if index > MaxIndex {
		return Secret{}, fmt.Errorf("index %d: %w", index, ErrIndexOutOfRange)
	}
	return derive(seed, IndexBits, index), nil
}

// Producer generates the secrets of one channel from its seed. The seed
// must be unguessable and never revealed (BOLT #3: "MUST select an
// unguessable 256-bit seed for each connection").
type Producer struct {
	seed Secret
}

// NewProducer returns a producer for seed.
func NewProducer(seed Secret) *Producer { return &Producer{seed: seed} }

// AtIndex returns the secret at a shachain index.
func (p *Producer) AtIndex(index uint64) (Secret, error) { return Generate(p.seed, index) }

// ForCommitment returns the per-commitment secret of a commitment number.
func (p *Producer) ForCommitment(commitmentNumber uint64) (Secret, error) {
	index, err := IndexOf(commitmentNumber)
	if err != nil {
		return Secret{}, err
	}
	return Generate(p.seed, index)
}
