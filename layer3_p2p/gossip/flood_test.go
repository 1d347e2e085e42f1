package gossip_test

import (
	"errors"
	"testing"
	"time"

	"github.com/lnstack/lnstack/layer2_messaging/wire"
	"github.com/lnstack/lnstack/layer3_p2p/gossip"
)

func TestBudget(t *testing.T) {
	t0 := time.Unix(1000, 0)
	b := gossip.Budget{Rate: 10, Burst: 20}
	if err := b.Take(t0, 20); err != nil {
		t.Fatalf("the full burst: %v", err)
	}
	if err := b.Take(t0, 1); !errors.Is(err, gossip.ErrRateLimited) {
		t.Fatalf("past the burst: %v", err)
	}
	if err := b.Take(t0.Add(500*time.Millisecond), 5); err != nil {
		t.Errorf("half a second refills 5: %v", err)
	}
	if err := b.Take(t0.Add(500*time.Millisecond), 1); !errors.Is(err, gossip.ErrRateLimited) {
		t.Errorf("refill spent: %v", err)
	}
	if err := b.Take(t0.Add(time.Hour), 21); !errors.Is(err, gossip.ErrRateLimited) {
		t.Errorf("more than the burst after an hour: %v", err)
	}
	if err := b.Take(t0.Add(time.Hour), 20); err != nil {
		t.Errorf("the burst after an hour: %v", err)
	}
	// A clock going backwards refills nothing.
	if err := b.Take(t0, 1); !errors.Is(err, gossip.ErrRateLimited) {
		t.Errorf("clock went back: %v", err)
	}
	var zero gossip.Budget
	if err := zero.Take(t0, 1); !errors.Is(err, gossip.ErrRateLimited) {
		t.Errorf("zero budget: %v", err)
	}
}

func TestUpdateLimiter(t *testing.T) {
	t0 := time.Unix(1000, 0)
	l := gossip.UpdateLimiter{Interval: time.Minute, Burst: 3, MaxTracked: 4}
	u := &gossip.ChannelUpdate{ShortChannelID: 1}
	for i := 0; i < 3; i++ {
		if err := l.Allow(u, t0); err != nil {
			t.Fatalf("update %d of the burst: %v", i, err)
		}
	}
	if err := l.Allow(u, t0); !errors.Is(err, gossip.ErrRateLimited) {
		t.Fatalf("past the burst: %v", err)
	}
	// The other direction has its own budget.
	other := &gossip.ChannelUpdate{ShortChannelID: 1, ChannelFlags: gossip.ChannelFlagDirection}
	if err := l.Allow(other, t0); err != nil {
		t.Errorf("other direction: %v", err)
	}
	if err := l.Allow(u, t0.Add(time.Minute)); err != nil {
		t.Errorf("a minute later: %v", err)
	}
	// Memory stays bounded: a flood of channels keeps MaxTracked entries.
	for i := 0; i < 100; i++ {
		if err := l.Allow(&gossip.ChannelUpdate{ShortChannelID: wire.ShortChannelID(100 + i)}, t0); err != nil {
			t.Fatal(err)
		}
		if l.Tracked() > 4 {
			t.Fatalf("%d directions tracked", l.Tracked())
		}
	}
	// Channel 1 was forgotten and starts afresh.
	if err := l.Allow(u, t0.Add(time.Minute)); err != nil {
		t.Errorf("forgotten direction: %v", err)
	}
}

func TestUpdateLimiterDefaults(t *testing.T) {
	var l gossip.UpdateLimiter
	u := &gossip.ChannelUpdate{ShortChannelID: 7}
	t0 := time.Unix(5000, 0)
	for i := 0; i < gossip.DefaultUpdateBurst; i++ {
		if err := l.Allow(u, t0); err != nil {
			t.Fatalf("update %d: %v", i, err)
		}
	}
	if err := l.Allow(u, t0.Add(gossip.DefaultUpdateInterval-time.Second)); !errors.Is(err, gossip.ErrRateLimited) {
		t.Errorf("before the interval: %v", err)
	}
	if err := l.Allow(u, t0.Add(gossip.DefaultUpdateInterval)); err != nil {
		t.Errorf("after the interval: %v", err)
	}
}
