package graphtest

import (
	"context"
	"testing"

	"github.com/lnstack/lnstack/layer3_p2p/graph"
	"github.com/lnstack/lnstack/layer3_p2p/graph/snapshot"
)

// BatchSize is the number of messages Load gives the Ingester at once,
// about what a peer's replies to one query_short_channel_ids hold.
const BatchSize = 1024

// Load generates the gossip of t (seed "graphtest") and ingests it into a
// new graph with cfg, failing the test on any message the graph refuses.
func Load(tb testing.TB, t *snapshot.Topology, cfg graph.Config) (*graph.Graph, *Gossip) {
	tb.Helper()
	gsp, err := Generate(t, Options{Seed: "graphtest"})
	if err != nil {
		tb.Fatal(err)
	}
	g := graph.New(cfg)
	in := graph.NewIngester(g, graph.IngesterConfig{Validator: gsp.Validator()})
	msgs := gsp.Messages()
	for start := 0; start < len(msgs); start += BatchSize {
		batch := msgs[start:min(start+BatchSize, len(msgs))]
		for i, err := range in.Ingest(context.Background(), batch) {
			if err != nil {
				tb.Fatalf("message %d: %v", start+i, err)
			}
		}
	}
	return g, gsp
}
