package gossip_test

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"

	"github.com/lnstack/lnstack/layer2_messaging/wire"
	"github.com/lnstack/lnstack/layer3_p2p/gossip"
)

func TestKeyCache(t *testing.T) {
	c := gossip.NewKeyCache(3)
	var points []wire.Point
	for i := 0; i < 5; i++ {
		points = append(points, wire.PointFromPubKey(privKey(fmt.Sprint("cache", i)).PubKey()))
	}
	k0, err := c.ParsePubKey(points[0])
	if err != nil {
		t.Fatal(err)
	}
	if again, err := c.ParsePubKey(points[0]); err != nil || again != k0 {
		t.Errorf("second parse: %p %v, want the cached %p", again, err, k0)
	}
	for _, p := range points {
		k, err := c.ParsePubKey(p)
		if err != nil || wire.PointFromPubKey(k) != p {
			t.Fatalf("parse %x: %v", p, err)
		}
		if c.Len() > 3 {
			t.Fatalf("%d keys cached, limit 3", c.Len())
		}
	}
	if k, err := c.ParsePubKey(points[0]); err != nil || k == k0 {
		t.Errorf("the oldest key is still cached (%v)", err)
	}
	if _, err := c.ParsePubKey(wire.Point{2}); err == nil {
		t.Error("the zero point parsed")
	}
	if c.Len() != 3 {
		t.Errorf("%d keys cached after a bad point", c.Len())
	}
}

// TestValidatorWithKeyCache: the same verdicts with a cache, from many
// goroutines at once (run under -race).
func TestValidatorWithKeyCache(t *testing.T) {
	v := validator(nil)
	v.Keys = gossip.NewKeyCache(16)
	k := newChannelKeys("cached")
	good := signedAnnouncement(t, k, regtest, testSCID)
	bad := signedAnnouncement(t, k, regtest, testSCID)
	bad.BitcoinKey1 = wire.Point{3}
	node := signedNodeAnnouncement(t, k.node1, 5, nil)
	var wg sync.WaitGroup
	for g := 0; g < 4; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; i < 3; i++ {
				if _, err := v.ValidateChannelAnnouncement(context.Background(), good); err != nil {
					t.Error(err)
				}
				if _, err := v.ValidateChannelAnnouncement(context.Background(), bad); !errors.Is(err, gossip.ErrInvalidKey) {
					t.Errorf("bad key: %v", err)
				}
				if err := v.ValidateNodeAnnouncement(node); err != nil {
					t.Error(err)
				}
			}
		}()
	}
	wg.Wait()
}
