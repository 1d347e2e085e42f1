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
	if n := len(speccheck.AllOf(f, 7)); n != 9 {
		t.Fatalf("spec/ lists %d BOLT #7 messages, want 9", n)
	}
	msgtest.SpecTable(t, f, 7, gossip.Messages(), c, speccheck.Options{
		Iterations: 200,
		Bytes: map[string]func(r *rand.Rand) []byte{
			"node_announcement.addresses": randAddressBytes,
		},
	})

	if n := len(speccheck.StreamsOf(f, 7)); n != 3 {
		t.Fatalf("spec/ lists %d BOLT #7 TLV streams, want 3", n)
	}
	msgtest.SpecStreams(t, f, 7, msgtest.StreamDecoders(gossip.Messages().Streams), speccheck.Options{Iterations: 200})
}
