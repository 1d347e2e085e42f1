package gossipsync_test

import (
	"errors"
	"testing"
	"time"

	messaging "github.com/lnstack/lnstack/layer2_messaging"
	"github.com/lnstack/lnstack/layer2_messaging/wire"
	"github.com/lnstack/lnstack/layer3_p2p/gossip"
	"github.com/lnstack/lnstack/layer3_p2p/gossipsync"
)

// known is a ChannelSet of fixed channels.
type known map[wire.ShortChannelID]gossip.UpdateTimestamps

func (k known) HasChannel(s wire.ShortChannelID) bool { _, ok := k[s]; return ok }
func (k known) UpdateTimestamps(s wire.ShortChannelID) (gossip.UpdateTimestamps, bool) {
	ts, ok := k[s]
	return ts, ok
}

var chain = gossip.MainnetChainHash()

func scid(block, tx uint32) wire.ShortChannelID {
	s, _ := wire.NewShortChannelID(block, tx, 0)
	return s
}

// reply builds a reply_channel_range with raw encoded ids (in the order
// given, sorted or not).
func reply(first, blocks uint32, complete bool, ids ...wire.ShortChannelID) *gossip.ReplyChannelRange {
	m := &gossip.ReplyChannelRange{ChainHash: chain, FirstBlocknum: first, NumberOfBlocks: blocks, EncodedShortIDs: []byte{0}}
	if complete {
		m.SyncComplete = 1
	}
	for _, id := range ids {
		m.EncodedShortIDs = wire.AppendU64(m.EncodedShortIDs, uint64(id))
	}
	return m
}

// started returns a Querier for blocks [100, 200) that has sent its
// query_channel_range.
func started(t *testing.T, k known, cfg gossipsync.QuerierConfig) *gossipsync.Querier {
	t.Helper()
	cfg.Chain, cfg.FirstBlock, cfg.NumBlocks = chain, 100, 100
	q := gossipsync.NewQuerier(cfg, k)
	out, err := q.Start(time.Unix(0, 0))
	if err != nil {
		t.Fatal(err)
	}
	m, ok := out[0].(*gossip.QueryChannelRange)
	if len(out) != 1 || !ok || m.FirstBlocknum != 100 || m.NumberOfBlocks != 100 || m.ChainHash != chain {
		t.Fatalf("Start sent %+v", out)
	}
	if _, err := q.Start(time.Unix(0, 0)); err == nil {
		t.Fatal("second Start accepted")
	}
	return q
}

// TestQuerierBadReplies feeds replies that break a rule after good ones
// and checks the typed error, and that the Querier stays failed.
func TestQuerierBadReplies(t *testing.T) {
	otherChain := reply(100, 100, true)
	otherChain.ChainHash[0] ^= 1
	for _, tc := range []struct {
		name    string
		replies []messaging.Message
		want    error
	}{
		{"other chain", []messaging.Message{otherChain}, gossipsync.ErrChainMismatch},
		{"first reply starts late", []messaging.Message{reply(101, 99, true)}, gossipsync.ErrRangeOrder},
		{"no overlap", []messaging.Message{reply(0, 100, true)}, gossipsync.ErrRangeOrder},
		{"second starts earlier", []messaging.Message{reply(100, 50, false), reply(99, 101, true)}, gossipsync.ErrRangeOrder},
		{"gap", []messaging.Message{reply(100, 50, false), reply(151, 49, true)}, gossipsync.ErrRangeOrder},
		{"unsorted", []messaging.Message{reply(100, 100, true, scid(120, 2), scid(120, 1))}, gossip.ErrUnsortedIDs},
		{"duplicate", []messaging.Message{reply(100, 100, true, scid(120, 1), scid(120, 1))}, gossip.ErrUnsortedIDs},
		{"id before its reply", []messaging.Message{reply(100, 50, false), reply(150, 50, true, scid(149, 1))}, gossipsync.ErrIDOutsideRange},
		{"id after its reply", []messaging.Message{reply(100, 50, false, scid(150, 1))}, gossipsync.ErrIDOutsideRange},
		{"ids back across replies", []messaging.Message{reply(100, 51, false, scid(150, 5)), reply(150, 50, true, scid(150, 4))}, gossipsync.ErrIDOutsideRange},
		{"partial id", []messaging.Message{&gossip.ReplyChannelRange{ChainHash: chain, FirstBlocknum: 100, NumberOfBlocks: 100, EncodedShortIDs: []byte{0, 1, 2, 3}}}, gossip.ErrPartialElement},
		{"no encoding byte", []messaging.Message{&gossip.ReplyChannelRange{ChainHash: chain, FirstBlocknum: 100, NumberOfBlocks: 100}}, gossip.ErrMissingEncoding},
		{"unknown encoding", []messaging.Message{&gossip.ReplyChannelRange{ChainHash: chain, FirstBlocknum: 100, NumberOfBlocks: 100, EncodedShortIDs: []byte{7}}}, gossip.ErrUnknownEncoding},
		{"end before query", []messaging.Message{&gossip.ReplyShortChannelIDsEnd{ChainHash: chain}}, gossipsync.ErrUnsolicited},
		{"reply after the final one", []messaging.Message{reply(100, 100, true, scid(110, 1)), reply(100, 100, true)}, gossipsync.ErrUnsolicited},
	} {
		t.Run(tc.name, func(t *testing.T) {
			q := started(t, known{}, gossipsync.QuerierConfig{})
			var err error
			for _, m := range tc.replies {
				if _, err = q.Handle(time.Unix(1, 0), m); err != nil {
					break
				}
			}
			if !errors.Is(err, tc.want) {
				t.Fatalf("error %v, want %v", err, tc.want)
			}
			if q.State() != gossipsync.StateFailed || !errors.Is(q.Err(), tc.want) {
				t.Errorf("state %s, Err %v", q.State(), q.Err())
			}
			if _, again := q.Handle(time.Unix(2, 0), reply(100, 100, true)); !errors.Is(again, tc.want) {
				t.Errorf("after failing: %v", again)
			}
		})
	}
}

// TestQuerierLimits checks the bounds on replies, ids and gossip.
func TestQuerierLimits(t *testing.T) {
	q := started(t, known{}, gossipsync.QuerierConfig{MaxReplies: 3})
	var err error
	for i := 0; err == nil && i < 4; i++ {
		_, err = q.Handle(time.Unix(1, 0), reply(100, 1, false))
	}
	if !errors.Is(err, gossipsync.ErrTooManyReplies) {
		t.Errorf("fourth reply: %v, want ErrTooManyReplies", err)
	}

	q = started(t, known{scid(110, 1): {}}, gossipsync.QuerierConfig{MaxMissing: 2})
	_, err = q.Handle(time.Unix(1, 0), reply(100, 100, true, scid(110, 1), scid(110, 2), scid(111, 1), scid(112, 1)))
	if !errors.Is(err, gossipsync.ErrTooManyIDs) {
		t.Errorf("three unknown ids with MaxMissing 2: %v", err)
	}

	q = started(t, known{}, gossipsync.QuerierConfig{})
	out, err := q.Handle(time.Unix(1, 0), reply(100, 100, true, scid(110, 1)))
	if err != nil || len(out) != 1 || q.State() != gossipsync.StateQuery {
		t.Fatalf("after final reply: %v, %v, state %s", out, err, q.State())
	}
	for i := 0; err == nil; i++ {
		if i > 100 {
			t.Fatal("gossip flood accepted")
		}
		_, err = q.Handle(time.Unix(1, 0), &gossip.ChannelUpdate{})
	}
	if !errors.Is(err, gossipsync.ErrTooMuchGossip) {
		t.Errorf("flood: %v", err)
	}
}

// TestQuerierTimeout fails a querier whose peer goes silent.
func TestQuerierTimeout(t *testing.T) {
	q := started(t, known{}, gossipsync.QuerierConfig{ReplyTimeout: time.Minute})
	if err := q.Tick(time.Unix(59, 0)); err != nil {
		t.Fatalf("within the timeout: %v", err)
	}
	if _, err := q.Handle(time.Unix(50, 0), reply(100, 50, false)); err != nil {
		t.Fatal(err)
	}
	if err := q.Tick(time.Unix(100, 0)); err != nil {
		t.Fatalf("a reply restarted the timer: %v", err)
	}
	if err := q.Tick(time.Unix(111, 0)); !errors.Is(err, gossipsync.ErrTimeout) {
		t.Errorf("after the timeout: %v", err)
	}
}

// TestQuerierBatches checks the queries sent: the unknown ids only, in
// order, in batches, one at a time, then the filter.
func TestQuerierBatches(t *testing.T) {
	k := known{scid(120, 1): {}, scid(150, 3): {}}
	q := started(t, k, gossipsync.QuerierConfig{BatchSize: 2, FilterBacklog: time.Hour})
	now := time.Unix(1_700_000_000, 0)
	// lnd-style replies: contiguous, the final one reaching the end.
	steps := []*gossip.ReplyChannelRange{
		reply(100, 50, false, scid(110, 1), scid(120, 1), scid(120, 2)),
		reply(150, 1, false, scid(150, 1), scid(150, 3)),
		// Same first block as the end of the last one: a split block.
		reply(150, 50, true, scid(150, 4), scid(199, 9)),
	}
	var out []messaging.Message
	for _, m := range steps {
		var err error
		if out, err = q.Handle(now, m); err != nil {
			t.Fatal(err)
		}
	}
	var got [][]wire.ShortChannelID
	for q.State() == gossipsync.StateQuery {
		if len(out) != 1 {
			t.Fatalf("sent %d messages, want one query", len(out))
		}
		qm := out[0].(*gossip.QueryShortChannelIDs)
		c, err := qm.Contents()
		if err != nil || qm.TLVs.HasQueryFlags {
			t.Fatalf("query: %v, flags %v", err, qm.TLVs.HasQueryFlags)
		}
		got = append(got, c.IDs)
		if out, err = q.Handle(now, &gossip.ReplyShortChannelIDsEnd{ChainHash: chain, FullInformation: 1}); err != nil {
			t.Fatal(err)
		}
	}
	want := [][]wire.ShortChannelID{{scid(110, 1), scid(120, 2)}, {scid(150, 1), scid(150, 4)}, {scid(199, 9)}}
	if len(got) != len(want) {
		t.Fatalf("queries %v, want %v", got, want)
	}
	for i := range want {
		if len(got[i]) != len(want[i]) || got[i][0] != want[i][0] || got[i][len(got[i])-1] != want[i][len(want[i])-1] {
			t.Fatalf("queries %v, want %v", got, want)
		}
	}
	f, ok := out[0].(*gossip.GossipTimestampFilter)
	if q.State() != gossipsync.StateDone || !ok || f.FirstTimestamp != uint32(now.Add(-time.Hour).Unix()) {
		t.Errorf("state %s, last message %+v", q.State(), out)
	}
	res := q.Result()
	if res.Replies != 3 || res.Channels != 7 || res.Queried != 5 || res.Batches != 3 || !res.FullInformation {
		t.Errorf("result %+v", res)
	}
}

// TestQuerierNothingMissing goes straight to the filter once the final
// reply comes: one reaching the end of the range with sync_complete 0 is
// not the final one (its block continues in the next reply).
func TestQuerierNothingMissing(t *testing.T) {
	q := started(t, known{scid(199, 1): {}, scid(199, 2): {}}, gossipsync.QuerierConfig{})
	out, err := q.Handle(time.Unix(5, 0), reply(90, 110, false, scid(199, 1)))
	if err != nil || len(out) != 0 || q.State() != gossipsync.StateRange {
		t.Fatalf("after a reply to the end without sync_complete: %v, %v, state %s", out, err, q.State())
	}
	out, err = q.Handle(time.Unix(5, 0), reply(199, 1, true, scid(199, 2)))
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := out[0].(*gossip.GossipTimestampFilter); !ok || q.State() != gossipsync.StateDone {
		t.Errorf("sent %+v in state %s", out, q.State())
	}
	// Gossip after the sync is the peer's business, not an error.
	if _, err := q.Handle(time.Unix(6, 0), &gossip.ChannelUpdate{}); err != nil {
		t.Error(err)
	}
}
