package gossipsync_test

import (
	"encoding/binary"
	"testing"
	"time"

	messaging "github.com/lnstack/lnstack/layer2_messaging"
	"github.com/lnstack/lnstack/layer2_messaging/wire"
	"github.com/lnstack/lnstack/layer3_p2p/gossip"
	"github.com/lnstack/lnstack/layer3_p2p/gossipsync"
)

// frames splits fuzz input into frames, each prefixed by a 2-byte
// length, and decodes them with the gossip codec (frames that do not
// decode are dropped: the peer layer closes the connection on them before
// the sync sees anything).
func frames(t *testing.T, data []byte) []messaging.Message {
	codec, err := messaging.NewCodec(messaging.Messages(), gossip.Messages())
	if err != nil {
		t.Fatal(err)
	}
	var out []messaging.Message
	for len(data) >= 2 {
		n := int(binary.BigEndian.Uint16(data))
		data = data[2:]
		if n > len(data) {
			n = len(data)
		}
		if m, err := codec.Decode(data[:n]); err == nil {
			out = append(out, m)
		}
		data = data[n:]
	}
	return out
}

// seed builds fuzz input from messages.
func seed(ms ...messaging.Message) []byte {
	var out []byte
	for _, m := range ms {
		f, err := messaging.Encode(nil, m)
		if err != nil {
			panic(err)
		}
		out = binary.BigEndian.AppendUint16(out, uint16(len(f)))
		out = append(out, f...)
	}
	return out
}

// FuzzQuerier feeds arbitrary replies and gossip to a Querier: it must
// not panic, every message it sends must encode, the ids it queries must
// be strictly ascending across batches and come from the replies, and it
// must end with the filter when it gets to StateDone.
func FuzzQuerier(f *testing.F) {
	f.Add(seed(reply(100, 50, false, scid(110, 1), scid(120, 2)), reply(150, 50, true, scid(160, 1)),
		&gossip.ChannelUpdate{}, &gossip.ReplyShortChannelIDsEnd{ChainHash: chain, FullInformation: 1}))
	f.Add(seed(reply(100, 100, true, scid(199, 1)), &gossip.ReplyShortChannelIDsEnd{ChainHash: chain}))
	ts := reply(100, 100, true, scid(101, 1))
	ts.TLVs.HasTimestamps, ts.TLVs.EncodedTimestamps = true, []byte{0, 0, 0, 9, 0, 0, 0, 1}
	f.Add(seed(ts, &gossip.ReplyShortChannelIDsEnd{ChainHash: chain}))
	f.Fuzz(func(t *testing.T, data []byte) {
		k := known{scid(110, 1): {NodeID1: 5}, scid(101, 1): {NodeID1: 5, NodeID2: 5}}
		q := gossipsync.NewQuerier(gossipsync.QuerierConfig{Chain: chain, FirstBlock: 100, NumBlocks: 100,
			BatchSize: 2, Timestamps: len(data)%2 == 0, MaxReplies: 50, MaxMissing: 100}, k)
		now := time.Unix(1_700_000_000, 0)
		out, err := q.Start(now)
		if err != nil {
			t.Fatal(err)
		}
		listed := map[wire.ShortChannelID]bool{}
		var last wire.ShortChannelID
		for _, m := range frames(t, data) {
			if r, ok := m.(*gossip.ReplyChannelRange); ok && q.State() == gossipsync.StateRange {
				if c, err := r.Contents(); err == nil {
					for _, id := range c.IDs {
						listed[id] = true
					}
				}
			}
			out, err = q.Handle(now, m)
			if err != nil {
				if q.State() != gossipsync.StateFailed {
					t.Fatalf("error %v in state %s", err, q.State())
				}
				return
			}
			for _, o := range out {
				if _, err := messaging.Encode(nil, o); err != nil {
					t.Fatalf("sent %T that does not encode: %v", o, err)
				}
				if qm, ok := o.(*gossip.QueryShortChannelIDs); ok {
					c, err := qm.Contents()
					if err != nil {
						t.Fatalf("own query: %v", err)
					}
					for _, id := range c.IDs {
						if id <= last || !listed[id] {
							t.Fatalf("queried %s after %s (listed %v)", id, last, listed[id])
						}
						last = id
					}
				}
			}
			if q.State() == gossipsync.StateDone && len(out) > 0 {
				if _, ok := out[len(out)-1].(*gossip.GossipTimestampFilter); !ok {
					t.Fatalf("done without a filter: %T", out[len(out)-1])
				}
			}
		}
	})
}

// FuzzResponder feeds arbitrary queries to a Responder over a graph with
// crowded blocks: every reply must encode within 65535 bytes, and the
// replies to each accepted query_channel_range must pass a Querier's
// checks.
func FuzzResponder(f *testing.F) {
	f.Add(seed(&gossip.QueryChannelRange{ChainHash: chain, FirstBlocknum: 0, NumberOfBlocks: 1<<32 - 1}))
	f.Add(seed(&gossip.QueryChannelRange{ChainHash: chain, FirstBlocknum: 1001, NumberOfBlocks: 1}))
	q, _ := gossip.NewQueryShortChannelIDs(chain, gossip.QueryContents{IDs: []wire.ShortChannelID{scid(1000, 1), scid(1001, 3)},
		Flags: []gossip.QueryFlags{1, 31}})
	f.Add(seed(q, &gossip.QueryChannelRange{ChainHash: chain, FirstBlocknum: 999, NumberOfBlocks: 3,
		TLVs: gossip.QueryChannelRangeTLVs{HasQueryOption: true, QueryOptionFlags: 3}}))
	src := &source{}
	for b := uint32(1000); b < 1010; b++ {
		for tx := range 3 + b%4*5 {
			src.ids = append(src.ids, scid(b, tx))
		}
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		r := gossipsync.NewResponder(gossipsync.ResponderConfig{Chain: chain, MaxReplyIDs: 4, MaxQueryIDs: 100}, src)
		for _, m := range frames(t, data) {
			if err := r.Handle(m); err != nil {
				continue
			}
			replies := drain(t, r)
			for _, o := range replies {
				if f, err := messaging.Encode(nil, o); err != nil || len(f) > messaging.MaxMessageSize {
					t.Fatalf("reply %T does not encode: %v", o, err)
				}
			}
			if qr, ok := m.(*gossip.QueryChannelRange); ok && qr.ChainHash == chain {
				checkReplies(t, qr, replies)
			}
		}
	})
}
