package gossip_test

import (
	"context"
	"errors"
	"fmt"
	"testing"

	"github.com/lnstack/lnstack/layer2_messaging/wire"
	"github.com/lnstack/lnstack/layer3_p2p/gossip"
)

// batchChecks returns the signature checks of n channel_announcements,
// every third one with a bad bitcoin_signature_2, and the index of each
// bad check.
func batchChecks(t testing.TB, n int) ([]gossip.SigCheck, map[int]bool) {
	var checks []gossip.SigCheck
	bad := map[int]bool{}
	for i := 0; i < n; i++ {
		m := signedAnnouncement(t, newChannelKeys(fmt.Sprint("batch", i)), regtest, wire.ShortChannelID(i))
		if i%3 == 0 {
			m.BitcoinSignature2 = m.BitcoinSignature1
			bad[len(checks)+3] = true
		}
		c, err := m.SigChecks()
		if err != nil {
			t.Fatal(err)
		}
		checks = append(checks, c[:]...)
	}
	return checks, bad
}

func TestVerifyBatch(t *testing.T) {
	checks, bad := batchChecks(t, 7)
	for _, workers := range []int{0, 1, 2, 5, 100} {
		errs := gossip.VerifyBatch(context.Background(), checks, workers)
		if len(errs) != len(checks) {
			t.Fatalf("%d workers: %d results for %d checks", workers, len(errs), len(checks))
		}
		for i, err := range errs {
			var se *gossip.SignatureError
			switch {
			case bad[i] && (!errors.As(err, &se) || se.Field != "bitcoin_signature_2"):
				t.Errorf("%d workers, check %d: %v, want a bad bitcoin_signature_2", workers, i, err)
			case !bad[i] && err != nil:
				t.Errorf("%d workers, check %d: %v", workers, i, err)
			}
		}
	}
	if errs := gossip.VerifyBatch(context.Background(), nil, 0); len(errs) != 0 {
		t.Errorf("empty batch: %v", errs)
	}
}

func TestVerifyBatchCancelled(t *testing.T) {
	checks, _ := batchChecks(t, 3)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	for i, err := range gossip.VerifyBatch(ctx, checks, 2) {
		if !errors.Is(err, context.Canceled) {
			t.Errorf("check %d after cancel: %v", i, err)
		}
	}
}

func TestSigCheckBadKey(t *testing.T) {
	c := gossip.SigCheck{Field: "signature", KeyField: "node_id", Point: wire.Point{2, 1}}
	var ke *gossip.KeyError
	if err := c.Verify(); !errors.As(err, &ke) || ke.Field != "node_id" {
		t.Errorf("bad point: %v", err)
	}
}
