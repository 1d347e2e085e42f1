package sphinx_test

import (
	"context"
	"errors"
	"testing"

	"github.com/lnstack/lnstack/layer4_routing/sphinx"
	"github.com/lnstack/lnstack/layer4_routing/sphinx/sphinxtest"
)

func TestMemoryReplayLog(t *testing.T) {
	ctx := context.Background()
	l := sphinx.NewMemoryReplayLog()
	a := sphinx.ReplayKeyOf(&sphinx.Secret{1})
	b := sphinx.ReplayKeyOf(&sphinx.Secret{2})
	if a == b {
		t.Fatal("two secrets, one key")
	}
	if err := l.Add(ctx, a, 100); err != nil {
		t.Fatal(err)
	}
	if err := l.Add(ctx, a, 200); !errors.Is(err, sphinx.ErrReplay) {
		t.Fatalf("replay: %v", err)
	}
	if err := l.Add(ctx, b, 300); err != nil {
		t.Fatal(err)
	}
	if n := l.Expire(101); n != 1 || l.Len() != 1 {
		t.Fatalf("expired %d, %d left", n, l.Len())
	}
	if err := l.Add(ctx, a, 400); err != nil {
		t.Fatalf("an expired key is forgotten: %v", err)
	}
	done, cancel := context.WithCancel(ctx)
	cancel()
	if err := l.Add(done, sphinx.ReplayKeyOf(&sphinx.Secret{3}), 1); !errors.Is(err, context.Canceled) {
		t.Fatalf("cancelled: %v", err)
	}
}

// TestReplayAfterPeel shows the order a payment hop follows: peel, then
// log the shared secret; the same onion again is a replay.
func TestReplayAfterPeel(t *testing.T) {
	node := sphinxtest.Node(t, "hop")
	pub, _ := node.PubKey().PubKey()
	pkt, _, err := sphinx.BuildPayment(sphinxtest.Key("s"), []sphinx.Hop{{PubKey: pub, Payload: []byte{1, 1}}}, nil)
	if err != nil {
		t.Fatal(err)
	}
	l := sphinx.NewMemoryReplayLog()
	for i, want := range []error{nil, sphinx.ErrReplay} {
		p, err := node.Peel(&pkt, nil)
		if err != nil {
			t.Fatal(err)
		}
		if err := l.Add(context.Background(), sphinx.ReplayKeyOf(&p.Secret), 800000); !errors.Is(err, want) {
			t.Fatalf("onion %d: got %v, want %v", i, err, want)
		}
	}
}
