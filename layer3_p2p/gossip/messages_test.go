package gossip_test

import (
	"encoding/json"
	"errors"
	"math/rand/v2"
	"testing"

	messaging "github.com/lnstack/lnstack/layer2_messaging"
	"github.com/lnstack/lnstack/layer2_messaging/msgtest"
	"github.com/lnstack/lnstack/layer2_messaging/wire"
	"github.com/lnstack/lnstack/layer3_p2p/gossip"
)

// TestMessagesRoundTrip encodes random values of every message and runs
// the shared harness on them: decode, encode, decode, same value, same
// bytes, same JSON.
func TestMessagesRoundTrip(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 7))
	msgtest.ValidTable(t, gossip.Messages(), 200, func(name string) messaging.Message { return randomMessage(rng, name) })
}

// TestMessagesTruncations cuts every message at every offset: each prefix
// fails with a typed error, except a cut at a TLV record boundary of the
// extension or stream, which is a shorter valid message.
func TestMessagesTruncations(t *testing.T) {
	rng := rand.New(rand.NewPCG(8, 8))
	msgtest.TruncateTable(t, gossip.Messages(), 10, func(name string) messaging.Message { return randomMessage(rng, name) })
}

// TestFramesThroughCodec decodes every message as a frame through a Codec
// built from layer 2's table and this one, and prints its JSON.
func TestFramesThroughCodec(t *testing.T) {
	c, err := messaging.NewCodec(messaging.Messages(), gossip.Messages())
	if err != nil {
		t.Fatal(err)
	}
	rng := rand.New(rand.NewPCG(9, 9))
	for _, name := range msgtest.Names(gossip.Messages()) {
		frame, err := messaging.Encode(nil, randomMessage(rng, name))
		if err != nil {
			t.Fatal(err)
		}
		d, err := c.DecodeJSON(frame)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if d.Name != name || !json.Valid(d.Fields) {
			t.Fatalf("%s: decoded as %q, fields %s", name, d.Name, d.Fields)
		}
		msgtest.Valid(t, msgtest.Frame(c), frame)
	}
}

// TestDecodeLeavesMessageOnFailure: a failed decode changes nothing.
func TestDecodeLeavesMessageOnFailure(t *testing.T) {
	rng := rand.New(rand.NewPCG(10, 10))
	for _, name := range msgtest.Names(gossip.Messages()) {
		m := randomMessage(rng, name)
		b, err := m.Encode(nil)
		if err != nil {
			t.Fatal(err)
		}
		before, _ := messaging.FieldsJSON(m)
		if err := m.Decode(b[:len(b)/2]); err == nil {
			continue // a cut at a record boundary
		}
		after, _ := messaging.FieldsJSON(m)
		if string(before) != string(after) {
			t.Errorf("%s changed by a failed decode:\n%s\n%s", name, before, after)
		}
	}
}

// TestDecodeChannelUpdateAllocatesNothing: the fixed fields of a
// channel_update decode without allocating.
func TestDecodeChannelUpdateAllocatesNothing(t *testing.T) {
	m := signedUpdate(t, privKey("alloc"), regtest, 1700000000)
	b, err := m.Encode(nil)
	if err != nil {
		t.Fatal(err)
	}
	var got gossip.ChannelUpdate
	allocs := testing.AllocsPerRun(100, func() {
		if err := got.Decode(b); err != nil {
			t.Fatal(err)
		}
	})
	if allocs != 0 {
		t.Errorf("channel_update decode: %v allocations", allocs)
	}
	if got.Timestamp != m.Timestamp || got.HTLCMaximumMsat != m.HTLCMaximumMsat {
		t.Errorf("decoded %+v", got)
	}
}

// TestUnknownEvenRecordRejected: an unknown even TLV record after a
// message's fields makes it malformed (BOLT #1), an odd one is kept.
func TestUnknownEvenRecordRejected(t *testing.T) {
	m := signedUpdate(t, privKey("even"), regtest, 1)
	b, err := m.Encode(nil)
	if err != nil {
		t.Fatal(err)
	}
	var got gossip.ChannelUpdate
	if err := got.Decode(append(b, 2, 0)); !errors.Is(err, wire.ErrUnknownEvenType) {
		t.Errorf("even record: %v", err)
	}
	if err := got.Decode(append(b, 3, 1, 9)); err != nil || len(got.Extension) != 1 {
		t.Errorf("odd record: %v, %v", err, got.Extension)
	}
}
