package sphinx

import (
	"context"
	"crypto/sha256"
	"sync"
)

// ReplayKey identifies a processed payment onion in a ReplayLog: the
// SHA-256 of its shared secret. BOLT #4 words the check as "if hmac has
// previously been received"; an onion whose HMAC verifies and was seen
// before has the same public key and so the same shared secret, and keying
// on the secret also catches a replay whose hop_payloads were altered (it
// fails the HMAC check anyway). The hash keeps the secret itself, which
// decrypts the route's errors, out of the log.
type ReplayKey [32]byte

// ReplayKeyOf returns the replay key of a shared secret.
func ReplayKeyOf(s *Secret) ReplayKey { return sha256.Sum256(s[:]) }

// ReplayLog remembers the payment onions a node has processed. BOLT #4: "if
// the onion is for a payment: if hmac has previously been received: if the
// preimage is known: MAY immediately redeem the HTLC using the preimage.
// otherwise: MUST abort processing the packet and fail." Onion messages
// are not logged: they "require no storage to forward".
//
// A node persists the log (an onion replayed after a restart is still a
// replay) and forgets an entry once the HTLC's expiry has passed, when the
// HTLC can no longer be claimed.
type ReplayLog interface {
	// Add records key with the incoming HTLC's cltv_expiry. It fails with
	// ErrReplay when key is recorded already (the entry stays as it was).
	Add(ctx context.Context, key ReplayKey, expiry uint32) error
}

// MemoryReplayLog is a ReplayLog held in memory, for tests and for nodes
// that keep their log elsewhere between restarts. It is safe for
// concurrent use.
type MemoryReplayLog struct {
	mu   sync.Mutex
	seen map[ReplayKey]uint32
}

// NewMemoryReplayLog returns an empty log.
func NewMemoryReplayLog() *MemoryReplayLog {
	return &MemoryReplayLog{seen: make(map[ReplayKey]uint32)}
}

// Add records key; it fails with ErrReplay when it is there already, and
// with the context's error when ctx is done.
func (l *MemoryReplayLog) Add(ctx context.Context, key ReplayKey, expiry uint32) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	if _, ok := l.seen[key]; ok {
		return ErrReplay
	}
	l.seen[key] = expiry
	return nil
}

// Expire forgets the keys whose expiry is below height and returns how
// many it forgot.
func (l *MemoryReplayLog) Expire(height uint32) int {
	l.mu.Lock()
	defer l.mu.Unlock()
	n := 0
	for k, exp := range l.seen {
		if exp < height {
			delete(l.seen, k)
			n++
		}
	}
	return n
}

// Len returns the number of keys held.
func (l *MemoryReplayLog) Len() int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return len(l.seen)
}

var _ ReplayLog = (*MemoryReplayLog)(nil)
