package gossip_test

import (
	"math/rand/v2"
	"testing"

	messaging "github.com/lnstack/lnstack/layer2_messaging"
	"github.com/lnstack/lnstack/layer2_messaging/msgtest"
	"github.com/lnstack/lnstack/layer3_p2p/gossip"
	"github.com/lnstack/lnstack/spec"
	"github.com/lnstack/lnstack/spec/speccheck"
)

// TestSpecLayout checks the BOLT #7 table, the nine messages and the three
// TLV streams against the formats extracted from the pinned BOLTs in
// spec/. node_announcement addresses are the one byte field the decoder
// parses, so the checker is given valid address lists for it.
func TestSpecLayout(t *testing.T) {
	f, err := spec.Load()
	if err != nil {
		t.Fatal(err)
	}
	c, err := messaging.NewCodec(messaging.Messages(), gossip.Messages())
	if err != nil {
		t.Fatal(err)
	}
	table := make(map[uint16]string)
	for _, e := range gossip.Messages().Messages {
		table[e.Type] = e.Name
	}
	all := speccheck.AllOf(f, 7)
	if len(all) != 9 {
		t.Fatalf("spec/ lists %d BOLT #7 messages, want 9", len(all))
	}
	speccheck.Table(t, f, table, all...)
	speccheck.Run(t, f, all, msgtest.SpecMessages(c), speccheck.Options{
		Iterations: 200,
		Bytes: map[string]func(r *rand.Rand) []byte{
			"node_announcement.addresses": randAddressBytes,
		},
	})

	streams := speccheck.StreamsOf(f, 7)
	if len(streams) != 3 {
		t.Fatalf("spec/ lists %d BOLT #7 TLV streams, want 3", len(streams))
	}
	for _, name := range streams {
		var found bool
		for _, s := range gossip.Messages().Streams {
			if s.Name == name {
				found = true
				speccheck.Streams(t, f, []string{name}, msgtest.SpecStream(s.New), 200)
			}
		}
		if !found {
			t.Errorf("tlv_stream %s has no codec", name)
		}
	}
}
