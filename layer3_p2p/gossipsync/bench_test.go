package gossipsync_test

import (
	"testing"
	"time"

	"github.com/lnstack/lnstack/layer3_p2p/gossip"
	"github.com/lnstack/lnstack/layer3_p2p/gossipsync"
)

// mainnetIDs is a mainnet-sized list of short_channel_ids: 50,000
// channels over the blocks since 2018, a few per block.
func mainnetIDs() *source {
	src := &source{}
	for i := range uint32(50_000) {
		src.ids = append(src.ids, scid(505_000+i/3*7, i%3))
	}
	return src
}

// BenchmarkRangeSync measures a whole range exchange over a mainnet-sized
// graph: the responder's reply_channel_range messages for every block
// (with timestamps), each encoded and checked by a querier that knows
// none of the channels. It reports the cost per channel listed.
func BenchmarkRangeSync(b *testing.B) {
	src := mainnetIDs()
	query := &gossip.QueryChannelRange{ChainHash: chain, FirstBlocknum: 0, NumberOfBlocks: 1<<32 - 1,
		TLVs: gossip.QueryChannelRangeTLVs{HasQueryOption: true, QueryOptionFlags: gossip.WantTimestamps}}
	b.ReportAllocs()
	for b.Loop() {
		r := gossipsync.NewResponder(gossipsync.ResponderConfig{Chain: chain, ReplyBurst: 1e9}, src)
		q := gossipsync.NewQuerier(gossipsync.QuerierConfig{Chain: chain, Timestamps: true}, known{})
		now := time.Unix(0, 0)
		if _, err := q.Start(now); err != nil {
			b.Fatal(err)
		}
		if err := r.Handle(query); err != nil {
			b.Fatal(err)
		}
		for r.Pending() {
			for _, m := range r.Next(now, 0) {
				if _, err := q.Handle(now, m); err != nil {
					b.Fatal(err)
				}
			}
		}
		if q.State() != gossipsync.StateQuery || q.Result().Channels != len(src.ids) {
			b.Fatalf("state %s, %+v", q.State(), q.Result())
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(len(src.ids)), "ns/channel")
}
