package shachain

import (
	"encoding/binary"
	"fmt"
)

// The encoding of a Store is canonical and carries nothing redundant:
//
//	received  8 bytes, big-endian: how many secrets were inserted (0..2^48)
//	secrets   32 bytes per slot in use, slot 0 first
//
// The slots in use and the index each holds follow from received alone:
// slot b holds the newest index received with b trailing zeros. Decoding
// recomputes them and re-runs the derivation checks Insert made, so bytes
// that no sequence of Inserts could produce are refused.

// slotIndex returns the index slot b holds once secrets down to last have
// been received (the smallest index >= last with exactly b trailing zeros),
// and false when no such index was received.
func slotIndex(b int, last uint64) (uint64, bool) {
	if b == IndexBits {
		return 0, last == 0
	}
	step := uint64(1) << uint(b)
	x := (last + step - 1) &^ (step - 1)
	if x&step == 0 {
		x += step
	}
	return x, x <= MaxIndex
}

// slotsUsed returns how many leading slots hold a secret after received inserts.
func slotsUsed(received uint64) int {
	if received == 0 {
		return 0
	}
	last := MaxIndex - (received - 1)
	n := 0
	for b := 0; b < Buckets; b++ {
		if _, ok := slotIndex(b, last); ok {
			n = b + 1
		}
	}
	return n
}

// MarshalBinary encodes the store.
func (s *Store) MarshalBinary() ([]byte, error) {
	out := make([]byte, 8, 8+32*s.used)
	binary.BigEndian.PutUint64(out, s.received)
	for b := 0; b < s.used; b++ {
		out = append(out, s.known[b].secret[:]...)
	}
	return out, nil
}

// UnmarshalBinary decodes bytes written by MarshalBinary into s, returning
// ErrMalformed (and leaving s unchanged) for anything else.
func (s *Store) UnmarshalBinary(b []byte) error {
	if len(b) < 8 {
		return fmt.Errorf("%d bytes: %w", len(b), ErrMalformed)
	}
	received := binary.BigEndian.Uint64(b)
	if received > MaxIndex+1 {
		return fmt.Errorf("received %d: %w", received, ErrMalformed)
	}
	used := slotsUsed(received)
	if len(b) != 8+32*used {
		return fmt.Errorf("%d bytes for %d slots: %w", len(b), used, ErrMalformed)
	}
	var t Store
	t.received, t.used = received, used
	last := MaxIndex - (received - 1)
	for slot := 0; slot < used; slot++ {
		index, ok := slotIndex(slot, last)
		if !ok {
			return fmt.Errorf("slot %d: %w", slot, ErrMalformed)
		}
		t.known[slot].index = index
		copy(t.known[slot].secret[:], b[8+32*slot:])
	}
	// Every slot must derive the older, lower slots whose index shares its
	// prefix, as Insert checked when it filled it.
	for slot := 1; slot < used; slot++ {
		mask := ^(uint64(1)<<uint(slot) - 1)
		for lower := 0; lower < slot; lower++ {
			if t.known[lower].index&mask != t.known[slot].index {
				continue
			}
			if derive(t.known[slot].secret, slot, t.known[lower].index) != t.known[lower].secret {
				return fmt.Errorf("slot %d does not derive slot %d: %w", slot, lower, ErrMalformed)
			}
		}
	}
	*s = t
	return nil
}
