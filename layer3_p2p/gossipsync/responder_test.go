package gossipsync_test

import (
	"errors"
	"slices"
	"testing"
	"time"

	messaging "github.com/lnstack/lnstack/layer2_messaging"
	"github.com/lnstack/lnstack/layer2_messaging/wire"
	"github.com/lnstack/lnstack/layer3_p2p/gossip"
	"github.com/lnstack/lnstack/layer3_p2p/gossipsync"
)

// source is a Source of channels without messages but those it is given:
// ids sorted, each with timestamps derived from it.
type source struct {
	ids   []wire.ShortChannelID
	anns  map[wire.ShortChannelID]*gossip.ChannelAnnouncement
	upds  map[wire.ShortChannelID][2]*gossip.ChannelUpdate
	nodes map[wire.Point]*gossip.NodeAnnouncement
}

func (s *source) ChannelRange(from wire.ShortChannelID, lastBlock uint32, fn func(wire.ShortChannelID, gossip.UpdateTimestamps, gossip.UpdateChecksums) bool) {
	i, _ := slices.BinarySearch(s.ids, from)
	for _, id := range s.ids[i:] {
		if id.Block() > lastBlock || !fn(id, gossip.UpdateTimestamps{NodeID1: uint32(id), NodeID2: 1}, gossip.UpdateChecksums{NodeID1: 7}) {
			return
		}
	}
}

func (s *source) ChannelGossip(id wire.ShortChannelID) (*gossip.ChannelAnnouncement, [2]*gossip.ChannelUpdate, bool) {
	a, ok := s.anns[id]
	return a, s.upds[id], ok
}

func (s *source) NodeAnnouncement(id wire.Point) *gossip.NodeAnnouncement { return s.nodes[id] }

// drain takes every pending reply, with an unlimited budget.
func drain(t *testing.T, r *gossipsync.Responder) []messaging.Message {
	t.Helper()
	var out []messaging.Message
	for i := 0; r.Pending(); i++ {
		if i > 10_000 {
			t.Fatal("responder does not finish")
		}
		out = append(out, r.Next(time.Unix(int64(i), 0), 0)...)
	}
	return out
}

// checkReplies runs the replies to a query_channel_range through a
// Querier (which checks every BOLT #7 rule on them), checks that each
// fits in a message and returns the ids.
func checkReplies(t *testing.T, query *gossip.QueryChannelRange, replies []messaging.Message) []wire.ShortChannelID {
	t.Helper()
	q := gossipsync.NewQuerier(gossipsync.QuerierConfig{Chain: query.ChainHash, FirstBlock: query.FirstBlocknum, NumBlocks: query.NumberOfBlocks}, known{})
	if _, err := q.Start(time.Unix(0, 0)); err != nil {
		t.Fatal(err)
	}
	var ids []wire.ShortChannelID
	for i, m := range replies {
		if f, err := messaging.Encode(nil, m); err != nil {
			t.Fatalf("reply %d does not encode (%d bytes?): %v", i, len(f), err)
		}
		rm := m.(*gossip.ReplyChannelRange)
		c, err := rm.Contents()
		if err != nil {
			t.Fatalf("reply %d: %v", i, err)
		}
		ids = append(ids, c.IDs...)
		if (i == len(replies)-1) != (rm.SyncComplete == 1) {
			t.Errorf("reply %d of %d: sync_complete %d", i, len(replies), rm.SyncComplete)
		}
		if _, err := q.Handle(time.Unix(1, 0), m); err != nil {
			t.Fatalf("reply %d (blocks %d+%d): %v", i, rm.FirstBlocknum, rm.NumberOfBlocks, err)
		}
	}
	if q.State() == gossipsync.StateRange {
		t.Fatalf("replies do not cover the query")
	}
	return ids
}

// TestResponderRange answers range queries over a graph with a crowded
// block: the replies split it and still satisfy every rule.
func TestResponderRange(t *testing.T) {
	src := &source{}
	for tx := range uint32(20_000) {
		src.ids = append(src.ids, scid(500_000, tx))
	}
	for b := range uint32(3000) {
		src.ids = append(src.ids, scid(500_001+b, 0))
	}
	for _, tc := range []struct {
		name       string
		first, num uint32
		options    gossip.QueryOptions
		want       int
	}{
		{"all", 0, 1<<32 - 1, 0, len(src.ids)},
		{"all from 1", 1, 1<<32 - 1, 0, len(src.ids)},
		{"with timestamps and checksums", 0, 1<<32 - 1, gossip.WantTimestamps | gossip.WantChecksums, len(src.ids)},
		{"crowded block only", 500_000, 1, gossip.WantTimestamps, 20_000},
		{"after", 500_100, 2000, 0, 2000},
		{"none", 10, 1000, 0, 0},
		{"past short_channel_ids", 1 << 24, 1000, 0, 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := gossipsync.NewResponder(gossipsync.ResponderConfig{Chain: chain}, src)
			q := &gossip.QueryChannelRange{ChainHash: chain, FirstBlocknum: tc.first, NumberOfBlocks: tc.num}
			if tc.options != 0 {
				q.TLVs.HasQueryOption, q.TLVs.QueryOptionFlags = true, tc.options
			}
			if err := r.Handle(q); err != nil {
				t.Fatal(err)
			}
			if err := r.Handle(q); !errors.Is(err, gossipsync.ErrConcurrentQuery) {
				t.Errorf("second query meanwhile: %v", err)
			}
			replies := drain(t, r)
			ids := checkReplies(t, q, replies)
			if len(ids) != tc.want {
				t.Errorf("%d ids, want %d", len(ids), tc.want)
			}
			for _, m := range replies {
				rm := m.(*gossip.ReplyChannelRange)
				if rm.TLVs.HasTimestamps != (tc.options&gossip.WantTimestamps != 0) || rm.TLVs.HasChecksums != (tc.options&gossip.WantChecksums != 0) {
					t.Errorf("reply TLVs %+v for options %d", rm.TLVs, tc.options)
					break
				}
			}
		})
	}
}

// TestResponderQueries checks refused queries and the reply to an
// unknown chain.
func TestResponderQueries(t *testing.T) {
	r := gossipsync.NewResponder(gossipsync.ResponderConfig{Chain: chain, MaxQueryIDs: 3}, &source{})
	if err := r.Handle(&gossip.QueryChannelRange{ChainHash: chain, FirstBlocknum: 5}); !errors.Is(err, gossipsync.ErrZeroBlocks) {
		t.Errorf("zero blocks: %v", err)
	}
	ids := []wire.ShortChannelID{scid(1, 1), scid(1, 2), scid(1, 3), scid(1, 4)}
	q, _ := gossip.NewQueryShortChannelIDs(chain, gossip.QueryContents{IDs: ids})
	if err := r.Handle(q); !errors.Is(err, gossipsync.ErrTooManyIDs) {
		t.Errorf("4 ids with MaxQueryIDs 3: %v", err)
	}
	bad := &gossip.QueryShortChannelIDs{ChainHash: chain, EncodedShortIDs: []byte{0, 1, 2}}
	if err := r.Handle(bad); !errors.Is(err, gossipsync.ErrBadQuery) || !errors.Is(err, gossip.ErrPartialElement) {
		t.Errorf("partial id: %v", err)
	}
	unsorted := &gossip.QueryShortChannelIDs{ChainHash: chain, EncodedShortIDs: wire.AppendU64(wire.AppendU64([]byte{0}, 9), 8)}
	if err := r.Handle(unsorted); !errors.Is(err, gossip.ErrUnsortedIDs) {
		t.Errorf("unsorted: %v", err)
	}
	flags := &gossip.QueryShortChannelIDs{ChainHash: chain, EncodedShortIDs: wire.AppendU64([]byte{0}, 9)}
	flags.TLVs.HasQueryFlags, flags.TLVs.EncodedQueryFlags = true, []byte{1, 1}
	if err := r.Handle(flags); !errors.Is(err, gossip.ErrCountMismatch) {
		t.Errorf("two flags for one id: %v", err)
	}
	if r.Pending() {
		t.Fatal("a refused query left replies pending")
	}

	other := chain
	other[31] ^= 1
	q, _ = gossip.NewQueryShortChannelIDs(other, gossip.QueryContents{IDs: ids[:1]})
	if err := r.Handle(q); err != nil {
		t.Fatal(err)
	}
	if err := r.Handle(&gossip.QueryChannelRange{ChainHash: other, FirstBlocknum: 0, NumberOfBlocks: 10}); err != nil {
		t.Fatal(err)
	}
	out := drain(t, r)
	if len(out) != 2 {
		t.Fatalf("%d replies for another chain, want 2", len(out))
	}
	rr, ok1 := out[0].(*gossip.ReplyChannelRange)
	end, ok2 := out[1].(*gossip.ReplyShortChannelIDsEnd)
	if !ok1 || !ok2 || rr.ChainHash != other || rr.SyncComplete != 0 || rr.NumberOfBlocks != 10 || end.FullInformation != 0 || end.ChainHash != other {
		t.Errorf("replies for another chain: %+v %+v", out[0], out[1])
	}
}

// TestResponderMessages answers a query_short_channel_ids with and
// without query_flags, skipping unknown ids and repeated nodes.
func TestResponderMessages(t *testing.T) {
	n1, n2, n3 := wire.Point{2, 1}, wire.Point{2, 2}, wire.Point{2, 3}
	a := &gossip.ChannelAnnouncement{ShortChannelID: scid(1, 1), NodeID1: n1, NodeID2: n2}
	b := &gossip.ChannelAnnouncement{ShortChannelID: scid(1, 2), NodeID1: n2, NodeID2: n3}
	u1 := &gossip.ChannelUpdate{ShortChannelID: scid(1, 1)}
	u2 := &gossip.ChannelUpdate{ShortChannelID: scid(1, 1), ChannelFlags: 1}
	src := &source{
		anns:  map[wire.ShortChannelID]*gossip.ChannelAnnouncement{a.ShortChannelID: a, b.ShortChannelID: b},
		upds:  map[wire.ShortChannelID][2]*gossip.ChannelUpdate{a.ShortChannelID: {u1, u2}},
		nodes: map[wire.Point]*gossip.NodeAnnouncement{n1: {NodeID: n1}, n2: {NodeID: n2}},
	}
	ids := []wire.ShortChannelID{scid(1, 0), scid(1, 1), scid(1, 2)}
	for _, tc := range []struct {
		name  string
		flags []gossip.QueryFlags
		want  []any
	}{
		// Everything: a, its updates, n1, n2; b (no updates), n3 has no
		// announcement, n2 was sent already.
		{"no flags", nil, []any{a, u1, u2, src.nodes[n1], src.nodes[n2], b}},
		{"flags", []gossip.QueryFlags{0x1f, gossip.WantUpdate2 | gossip.WantNodeAnnouncement2, gossip.WantChannelAnnouncement | gossip.WantNodeAnnouncement1},
			[]any{u2, src.nodes[n2], b}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := gossipsync.NewResponder(gossipsync.ResponderConfig{Chain: chain}, src)
			q, err := gossip.NewQueryShortChannelIDs(chain, gossip.QueryContents{IDs: ids, Flags: tc.flags})
			if err != nil {
				t.Fatal(err)
			}
			if err := r.Handle(q); err != nil {
				t.Fatal(err)
			}
			out := drain(t, r)
			if len(out) != len(tc.want)+1 {
				t.Fatalf("%d messages, want %d and the end", len(out), len(tc.want))
			}
			for i, w := range tc.want {
				if any(out[i]) != w {
					t.Errorf("message %d: %T %+v, want %+v", i, out[i], out[i], w)
				}
			}
			if end, ok := out[len(out)-1].(*gossip.ReplyShortChannelIDsEnd); !ok || end.FullInformation != 1 {
				t.Errorf("last message %+v", out[len(out)-1])
			}
		})
	}
}
