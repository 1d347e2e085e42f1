package gossip

import (
	"context"
	"runtime"
	"sync"
	"sync/atomic"

	"github.com/btcsuite/btcd/btcec/v2"

	"github.com/lnstack/lnstack/layer2_messaging/wire"
)

// SigCheck is one signature to verify: a digest, the signature, and the
// key, parsed already (Key) or as it came on the wire (Point, parsed by
// Verify when Key is nil).
type SigCheck struct {
	// Field names the signature for errors, e.g. "node_signature_1".
	Field     string
	Digest    [32]byte
	Signature wire.Signature
	Key       *btcec.PublicKey
	Point     wire.Point
	// KeyField names the point for errors, e.g. "node_id_1".
	KeyField string
}

// Verify checks the signature: nil, a *KeyError when Point is not a valid
// key, or a *SignatureError.
func (c *SigCheck) Verify() error {
	key := c.Key
	if key == nil {
		k, err := btcec.ParsePubKey(c.Point[:])
		if err != nil {
			return &KeyError{Field: c.KeyField}
		}
		key = k
	}
	sig, ok := parseSignature(&c.Signature)
	if !ok {
		return &SignatureError{Field: c.Field, Malformed: true}
	}
	if !sig.Verify(c.Digest[:], key) {
		return &SignatureError{Field: c.Field}
	}
	return nil
}

// SigChecks returns the four signature checks of a channel_announcement:
// both node signatures and both bitcoin signatures of its digest, keys to
// be parsed from the message.
func (m *ChannelAnnouncement) SigChecks() ([4]SigCheck, error) {
	d, err := m.Digest()
	if err != nil {
		return [4]SigCheck{}, err
	}
	return [4]SigCheck{
		{Field: "node_signature_1", Digest: d, Signature: m.NodeSignature1, Point: m.NodeID1, KeyField: "node_id_1"},
		{Field: "node_signature_2", Digest: d, Signature: m.NodeSignature2, Point: m.NodeID2, KeyField: "node_id_2"},
		{Field: "bitcoin_signature_1", Digest: d, Signature: m.BitcoinSignature1, Point: m.BitcoinKey1, KeyField: "bitcoin_key_1"},
		{Field: "bitcoin_signature_2", Digest: d, Signature: m.BitcoinSignature2, Point: m.BitcoinKey2, KeyField: "bitcoin_key_2"},
	}, nil
}

// SigCheck returns the signature check of a node_announcement, with the
// key to be parsed from node_id.
func (m *NodeAnnouncement) SigCheck() (SigCheck, error) {
	d, err := m.Digest()
	if err != nil {
		return SigCheck{}, err
	}
	return SigCheck{Field: "signature", Digest: d, Signature: m.Signature, Point: m.NodeID, KeyField: "node_id"}, nil
}

// SigCheck returns the signature check of a channel_update against the
// key of the node it comes from (node_id_1 or node_id_2 of the channel's
// announcement, by Direction).
func (m *ChannelUpdate) SigCheck(nodeKey *btcec.PublicKey) (SigCheck, error) {
	d, err := m.Digest()
	if err != nil {
		return SigCheck{}, err
	}
	// A nil key leaves Point zero, which Verify rejects as a bad key.
	return SigCheck{Field: "signature", Digest: d, Signature: m.Signature, Key: nodeKey, KeyField: "node_id"}, nil
}

// batchMin is the number of checks from which VerifyBatch spreads the work
// over goroutines: a verification takes tens of microseconds, so even two
// repay the goroutine.
const batchMin = 2

// VerifyBatch verifies checks on up to workers goroutines (all cores,
// GOMAXPROCS, when workers <= 0) and returns one error per check, nil for a
// good signature. The goroutines take checks in order from a shared
// counter and are all finished when it returns. When ctx ends, the checks
// not yet started get ctx.Err().
func VerifyBatch(ctx context.Context, checks []SigCheck, workers int) []error {
	errs := make([]error, len(checks))
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	workers = min(workers, len(checks))
	var next atomic.Int64
	run := func() {
		for {
			i := int(next.Add(1) - 1)
			if i >= len(checks) {
				return
			}
			if err := ctx.Err(); err != nil {
				errs[i] = err
				continue
			}
			errs[i] = checks[i].Verify()
		}
	}
	if workers <= 1 || len(checks) < batchMin {
		run()
		return errs
	}
	var wg sync.WaitGroup
	wg.Add(workers - 1)
	for w := 1; w < workers; w++ {
		go func() {
			defer wg.Done()
			run()
		}()
	}
	run() // the caller's goroutine is one of the workers
	wg.Wait()
	return errs
}
