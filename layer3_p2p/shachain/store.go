package shachain

import (
	"fmt"
	"math/bits"
)

// Buckets is the number of slots of a Store: one per possible count of
// trailing zero bits of a 48-bit index (0..47), plus one for index 0.
//
// BOLT #3: "The receiver of a series of secrets can store them compactly in
// an array of 49 (value,index) pairs."
const Buckets = IndexBits + 1

// entry is one slot: the newest secret received whose index has that many
// trailing zeros.
type entry struct {
	index  uint64
	secret Secret
}

// Store keeps the per-commitment secrets a peer has revealed in 49 slots
// and derives any of them back. The zero value is an empty store.
//
// A Store is not safe for concurrent use; its owner (the channel) guards it.
type Store struct {
	// received is how many secrets were inserted: the next must have
	// index MaxIndex - received.
	received uint64
	// used is the number of leading slots in use: indices are inserted in
	// descending order, so slot b is filled before slot b+1.
	used  int
	known [Buckets]entry
}

// slotOf is where_to_put_secret(I): the number of trailing zeros of index,
// 48 for index 0 (the seed itself).
func slotOf(index uint64) int {
	if index == 0 {
		return IndexBits
	}
	return bits.TrailingZeros64(index)
}

// NextIndex returns the index the next secret must have, and false once the
// secret at index 0 has been inserted and the store is complete.
func (s *Store) NextIndex() (uint64, bool) {
	if s.received > MaxIndex {
		return 0, false
	}
	return MaxIndex - s.received, true
}

// Received returns how many secrets were inserted.
func (s *Store) Received() uint64 { return s.received }

// Insert adds the secret at index, which must be the store's NextIndex.
// It returns ErrSecretMismatch, and leaves the store unchanged, when the
// secret does not derive every secret it makes redundant.
//
// BOLT #3: "A double-check, that all previous secrets derive correctly, is
// needed; if this check fails, the secrets were not generated from the same
// seed."
func (s *Store) Insert(index uint64, secret Secret) error {
	if index > MaxIndex {
		return fmt.Errorf("index %d: %w", index, ErrIndexOutOfRange)
	}
	next, ok := s.NextIndex()
	if !ok || index != next {
		return fmt.Errorf("index %d, expected %d: %w", index, next, ErrOutOfOrder)
	}
	slot := slotOf(index)
	for b := 0; b < slot && b < s.used; b++ {
		if derive(secret, slot, s.known[b].index) != s.known[b].secret {
			return fmt.Errorf("index %d does not derive index %d: %w", index, s.known[b].index, ErrSecretMismatch)
		}
	}
	s.known[slot] = entry{index: index, secret: secret}
	if slot >= s.used {
		s.used = slot + 1
	}
	s.received++
	return nil
}

// Lookup derives the secret at index from the slot whose index is its
// prefix: derive_old_secret(I) of BOLT #3.
func (s *Store) Lookup(index uint64) (Secret, error) {
	if index > MaxIndex {
		return Secret{}, fmt.Errorf("index %d: %w", index, ErrIndexOutOfRange)
	}
	for b := 0; b < s.used; b++ {
		// BOLT #3: "Mask off the non-zero prefix of the index."
		mask := ^(uint64(1)<<uint(b) - 1)
		if index&mask == s.known[b].index {
			return derive(s.known[b].secret, b, index), nil
		}
	}
	return Secret{}, fmt.Errorf("index %d: %w", index, ErrUnknownIndex)
}

// LookupCommitment returns the secret of a commitment number.
func (s *Store) LookupCommitment(commitmentNumber uint64) (Secret, error) {
	index, err := IndexOf(commitmentNumber)
	if err != nil {
		return Secret{}, err
	}
	return s.Lookup(index)
}
