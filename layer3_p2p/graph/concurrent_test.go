package graph_test

import (
	"context"
	"sync"
	"testing"
	"time"

	messaging "github.com/lnstack/lnstack/layer2_messaging"
	"github.com/lnstack/lnstack/layer2_messaging/wire"
	"github.com/lnstack/lnstack/layer3_p2p/gossip"
	"github.com/lnstack/lnstack/layer3_p2p/graph"
)

// TestConcurrentReadWrite runs ingestion from several goroutines (each
// message given to two of them), range walks, removals and path-style
// reads at once; under -race it checks the locking, and at the end the
// graph must equal the topology and its invariants hold.
func TestConcurrentReadWrite(t *testing.T) {
	f := newFixture(t, graph.Config{KeepMessages: true})
	msgs := f.gsp.Messages()
	var wg sync.WaitGroup
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	for w := range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			// Writers 0 and 2 send every message in order, 1 and 3 one
			// by one in reverse: some messages arrive before the ones they
			// need and are refused, the in-order writers get them in.
			if w%2 == 0 {
				f.in.Ingest(ctx, msgs)
				return
			}
			for i := len(msgs) - 1; i >= 0; i-- {
				f.in.Ingest(ctx, []messaging.Message{msgs[i]})
			}
		}()
	}
	readers := make(chan struct{})
	for range 3 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				select {
				case <-readers:
					return
				default:
				}
				f.g.View(func(v *graph.View) {
					for n := range v.NodeLimit() {
						v.Edges(graph.NodeIndex(n), func(e graph.Edge) bool { return e.Out.Known() || true })
					}
				})
				f.g.ChannelRange(0, 1<<24-1, func(wire.ShortChannelID, gossip.UpdateTimestamps, gossip.UpdateChecksums) bool { return true })
				f.g.Stats()
				time.Sleep(time.Millisecond)
			}
		}()
	}
	// A remover takes a channel out and puts it back.
	wg.Add(1)
	go func() {
		defer wg.Done()
		scid := f.top.Channels[1].SCID
		for range 20 {
			f.g.RemoveChannel(scid)
			time.Sleep(time.Millisecond)
		}
	}()
	time.Sleep(50 * time.Millisecond)
	close(readers)
	wg.Wait()
	// Whatever the interleaving, once everything is ingested in order
	// again the graph is complete.
	f.ingest(msgs...)
	checkTopology(t, f.g, f.top, f.gsp)
}
