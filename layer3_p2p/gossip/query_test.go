package gossip_test

import (
	"errors"
	"math"
	"math/rand/v2"
	"reflect"
	"testing"

	"github.com/lnstack/lnstack/layer2_messaging/msgtest"
	"github.com/lnstack/lnstack/layer2_messaging/wire"
	"github.com/lnstack/lnstack/layer3_p2p/gossip"
)

func TestQueryContentsRoundTrip(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	c := msgtest.Message(msgtest.Constructor(t, gossip.Messages(), "query_short_channel_ids"))
	for i := 0; i < 50; i++ {
		want := gossip.QueryContents{IDs: randSCIDs(rng, rng.IntN(30))}
		if i%2 == 0 {
			want.Flags = make([]gossip.QueryFlags, len(want.IDs))
			for j := range want.Flags {
				want.Flags[j] = gossip.QueryFlags(rng.IntN(32))
			}
		}
		m, err := gossip.NewQueryShortChannelIDs(regtest, want)
		if err != nil {
			t.Fatal(err)
		}
		b, err := m.Encode(nil)
		if err != nil {
			t.Fatal(err)
		}
		msgtest.Valid(t, c, b)
		var d gossip.QueryShortChannelIDs
		if err := d.Decode(b); err != nil {
			t.Fatal(err)
		}
		got, err := d.Contents()
		if err != nil {
			t.Fatal(err)
		}
		// One flag per id, so an empty query has an empty, present list.
		if want.Flags != nil && len(want.Flags) == 0 {
			want.Flags = []gossip.QueryFlags{}
		}
		if !reflect.DeepEqual(got, want) {
			t.Fatalf("contents %+v, want %+v", got, want)
		}
	}
}

func TestReplyContentsRoundTrip(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	for i := 0; i < 50; i++ {
		n := 1 + rng.IntN(30)
		want := gossip.ReplyContents{IDs: randSCIDs(rng, n)}
		if i%2 == 0 {
			for j := 0; j < n; j++ {
				want.Timestamps = append(want.Timestamps, gossip.UpdateTimestamps{NodeID1: rng.Uint32(), NodeID2: rng.Uint32()})
			}
		}
		if i%3 == 0 {
			for j := 0; j < n; j++ {
				want.Checksums = append(want.Checksums, gossip.UpdateChecksums{NodeID1: rng.Uint32(), NodeID2: rng.Uint32()})
			}
		}
		m, err := gossip.NewReplyChannelRange(regtest, 700000, 2016, i%2 == 0, want)
		if err != nil {
			t.Fatal(err)
		}
		b, err := m.Encode(nil)
		if err != nil {
			t.Fatal(err)
		}
		var d gossip.ReplyChannelRange
		if err := d.Decode(b); err != nil {
			t.Fatal(err)
		}
		got, err := d.Contents()
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(got, want) || (d.SyncComplete == 1) != (i%2 == 0) || d.End() != 702016 {
			t.Fatalf("contents %+v, want %+v", got, want)
		}
	}
}

func TestContentsCountMismatch(t *testing.T) {
	ids := []wire.ShortChannelID{1, 2, 3}
	if _, err := gossip.NewQueryShortChannelIDs(regtest, gossip.QueryContents{IDs: ids, Flags: []gossip.QueryFlags{1}}); !errors.Is(err, gossip.ErrCountMismatch) {
		t.Errorf("building a query with 1 flag for 3 ids: %v", err)
	}
	if _, err := gossip.NewQueryShortChannelIDs(regtest, gossip.QueryContents{IDs: []wire.ShortChannelID{3, 2}}); !errors.Is(err, gossip.ErrUnsortedIDs) {
		t.Errorf("building a query with unsorted ids: %v", err)
	}
	q, err := gossip.NewQueryShortChannelIDs(regtest, gossip.QueryContents{IDs: ids})
	if err != nil {
		t.Fatal(err)
	}
	q.TLVs.HasQueryFlags, q.TLVs.EncodedQueryFlags = true, []byte{1, 1}
	if _, err := q.Contents(); !errors.Is(err, gossip.ErrCountMismatch) {
		t.Errorf("query with 2 flags for 3 ids: %v", err)
	}
	q.TLVs.QueryFlagsEncoding = 7
	if _, err := q.Contents(); !errors.Is(err, gossip.ErrUnknownEncoding) {
		t.Errorf("query flags in encoding 7: %v", err)
	}

	for _, c := range []gossip.ReplyContents{
		{IDs: ids, Timestamps: make([]gossip.UpdateTimestamps, 2)},
		{IDs: ids, Checksums: make([]gossip.UpdateChecksums, 4)},
	} {
		if _, err := gossip.NewReplyChannelRange(regtest, 0, 1, true, c); !errors.Is(err, gossip.ErrCountMismatch) {
			t.Errorf("building a reply %+v: %v", c, err)
		}
	}
	r, err := gossip.NewReplyChannelRange(regtest, 0, 1, true, gossip.ReplyContents{IDs: ids})
	if err != nil {
		t.Fatal(err)
	}
	r.TLVs.HasChecksums, r.TLVs.Checksums = true, make([]gossip.UpdateChecksums, 1)
	if _, err := r.Contents(); !errors.Is(err, gossip.ErrCountMismatch) {
		t.Errorf("reply with 1 checksum for 3 ids: %v", err)
	}
	r.TLVs.HasChecksums, r.TLVs.Checksums = false, nil
	r.TLVs.HasTimestamps, r.TLVs.EncodedTimestamps = true, make([]byte, 16)
	if _, err := r.Contents(); !errors.Is(err, gossip.ErrCountMismatch) {
		t.Errorf("reply with 2 timestamps for 3 ids: %v", err)
	}
	r.EncodedShortIDs = nil
	if _, err := r.Contents(); !errors.Is(err, gossip.ErrMissingEncoding) {
		t.Errorf("reply without encoding type: %v", err)
	}
}

func TestQueryChannelRangeHelpers(t *testing.T) {
	q := gossip.QueryChannelRange{FirstBlocknum: math.MaxUint32, NumberOfBlocks: math.MaxUint32}
	if q.End() != 2*math.MaxUint32 {
		t.Errorf("End overflowed: %d", q.End())
	}
	if q.Wants(gossip.WantTimestamps) {
		t.Error("a query without query_option wants timestamps")
	}
	q.TLVs.HasQueryOption, q.TLVs.QueryOptionFlags = true, gossip.WantTimestamps
	if !q.Wants(gossip.WantTimestamps) || q.Wants(gossip.WantChecksums) || q.Wants(gossip.WantTimestamps|gossip.WantChecksums) {
		t.Error("Wants does not follow the flags")
	}
}

func TestGossipTimestampFilterPasses(t *testing.T) {
	for _, c := range []struct {
		first, rng, ts uint32
		want           bool
	}{
		{100, 10, 99, false},
		{100, 10, 100, true},
		{100, 10, 109, true},
		{100, 10, 110, false},
		{0, math.MaxUint32, math.MaxUint32 - 1, true},
		{math.MaxUint32, math.MaxUint32, math.MaxUint32, true}, // no overflow
		{math.MaxUint32, 0, math.MaxUint32, false},             // "first_timestamp to 0xFFFFFFFF and timestamp_range to 0"
	} {
		m := gossip.GossipTimestampFilter{FirstTimestamp: c.first, TimestampRange: c.rng}
		if got := m.Passes(c.ts); got != c.want {
			t.Errorf("filter %d+%d, timestamp %d: %v", c.first, c.rng, c.ts, got)
		}
	}
}
