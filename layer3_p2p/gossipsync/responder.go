package gossipsync

import (
	"fmt"
	"time"

	messaging "github.com/lnstack/lnstack/layer2_messaging"
	"github.com/lnstack/lnstack/layer2_messaging/wire"
	"github.com/lnstack/lnstack/layer3_p2p/gossip"
)

// Source is what the responder reads of the local graph (graph.Graph is
// one).
type Source interface {
	// ChannelRange calls fn with each channel whose short_channel_id is
	// at least from and whose block is at most lastBlock, in ascending
	// order, with its update timestamps and checksums, until fn returns
	// false. fn must not call back into the Source.
	ChannelRange(from wire.ShortChannelID, lastBlock uint32, fn func(scid wire.ShortChannelID, ts gossip.UpdateTimestamps, cs gossip.UpdateChecksums) bool)
	// ChannelGossip returns the channel_announcement of a channel and the
	// latest channel_update of each direction (nil for none); ok is false
	// for a channel it cannot give out.
	ChannelGossip(scid wire.ShortChannelID) (ann *gossip.ChannelAnnouncement, updates [2]*gossip.ChannelUpdate, ok bool)
	// NodeAnnouncement returns a node's latest node_announcement, nil for
	// none.
	NodeAnnouncement(id wire.Point) *gossip.NodeAnnouncement
}

// Defaults of ResponderConfig.
const (
	// DefaultMaxQueryIDs is the most short_channel_ids a
	// query_short_channel_ids may ask for: what an uncompressed query
	// holds (a zlib one could ask for 16 times more).
	DefaultMaxQueryIDs = 8000
	// DefaultReplyRate and DefaultReplyBurst bound the replies sent to
	// one peer: messages per second, and at once. A full sync of mainnet
	// is about 200,000 messages.
	DefaultReplyRate  = 2000
	DefaultReplyBurst = 20_000
)

// The sizes of reply_channel_range: 2 (type) + 32 (chain_hash) + 4
// (first_blocknum) + 4 (number_of_blocks) + 1 (sync_complete) + 2 (len) +
// 1 (encoding type), 8 per short_channel_id; timestamps_tlv is 1 (type) +
// 3 (length) + 1 (encoding type) + 8 per id, checksums_tlv 1 + 3 + 8 per
// id.
const (
	replyFixedLen      = 2 + 32 + 4 + 4 + 1 + 2 + 1
	replyTimestampsLen = 1 + 3 + 1
	replyChecksumsLen  = 1 + 3
)

// maxBlock is the highest block a short_channel_id can name (3 bytes).
const maxBlock = 1<<24 - 1

// maxReplyIDs returns how many ids fit in one reply_channel_range. BOLT
// #7: the responder "MUST limit number_of_blocks to the maximum number of
// blocks whose results could fit in encoded_short_ids".
func maxReplyIDs(timestamps, checksums bool) int {
	room, per := messaging.MaxMessageSize-replyFixedLen, 8
	if timestamps {
		room, per = room-replyTimestampsLen, per+8
	}
	if checksums {
		room, per = room-replyChecksumsLen, per+8
	}
	return room / per
}

// ResponderConfig configures a Responder. Zero values mean the defaults.
type ResponderConfig struct {
	// Chain is the chain this node has a graph of; queries for others
	// get empty replies.
	Chain wire.ChainHash
	// MaxQueryIDs bounds a query_short_channel_ids (DefaultMaxQueryIDs).
	MaxQueryIDs int
	// MaxReplyIDs bounds the ids per reply_channel_range; 0 or more than
	// fits in a message means as many as fit.
	MaxReplyIDs int
	// ReplyRate and ReplyBurst bound the messages sent per second and at
	// once (DefaultReplyRate, DefaultReplyBurst).
	ReplyRate, ReplyBurst float64
	// PartialInformation sets full_information to 0 in
	// reply_short_channel_ids_end: BOLT #7 "if does not maintain
	// up-to-date channel information for chain_hash: MUST set
	// full_information to 0."
	PartialInformation bool
}

// Responder is the answering side of BOLT #7 query sync with one peer, a
// pure state machine like Querier: Handle takes the peer's queries, Next
// gives out the replies a few at a time, within a rate budget, so that a
// query costs this node bounded memory (a cursor, not the reply) and
// bounded work per second whatever the peer asks.
//
// At most one query_channel_range and one query_short_channel_ids are
// answered at a time, as BOLT #7 has senders wait for the replies; a
// second one meanwhile fails with ErrConcurrentQuery.
type Responder struct {
	cfg    ResponderConfig
	src    Source
	budget gossip.Budget

	rng *rangeJob
	ids *idsJob

	filter    gossip.GossipTimestampFilter
	hasFilter bool
}

// rangeJob is a query_channel_range being answered.
type rangeJob struct {
	chain      wire.ChainHash
	next       uint32 // first_blocknum of the next reply
	end        uint64 // the query's first_blocknum plus number_of_blocks
	cursor     wire.ShortChannelID
	timestamps bool
	checksums  bool
	// unknown: another chain, one empty reply; empty: blocks past what a
	// short_channel_id can name, one empty final reply.
	unknown, empty bool
}

// idsJob is a query_short_channel_ids being answered.
type idsJob struct {
	chain   wire.ChainHash
	ids     []wire.ShortChannelID
	flags   []gossip.QueryFlags // nil: everything
	i       int
	pending []messaging.Message // of ids[i-1], not sent yet
	sent    map[wire.Point]struct{}
	unknown bool
}

// NewResponder returns a Responder answering from src.
func NewResponder(cfg ResponderConfig, src Source) *Responder {
	if cfg.MaxQueryIDs <= 0 {
		cfg.MaxQueryIDs = DefaultMaxQueryIDs
	}
	if cfg.ReplyRate <= 0 {
		cfg.ReplyRate = DefaultReplyRate
	}
	if cfg.ReplyBurst <= 0 {
		cfg.ReplyBurst = DefaultReplyBurst
	}
	return &Responder{cfg: cfg, src: src, budget: gossip.Budget{Rate: cfg.ReplyRate, Burst: cfg.ReplyBurst}}
}

// Filter returns the peer's last gossip_timestamp_filter, which says what
// gossip it wants relayed ("this filter replaces any previous one").
func (r *Responder) Filter() (gossip.GossipTimestampFilter, bool) { return r.filter, r.hasFilter }

// Pending reports whether replies wait to be sent.
func (r *Responder) Pending() bool { return r.rng != nil || r.ids != nil }

// Handle takes a message from the peer: query_channel_range,
// query_short_channel_ids and gossip_timestamp_filter; others are ignored.
// A query it refuses returns an error and changes nothing.
func (r *Responder) Handle(m messaging.Message) error {
	switch m := m.(type) {
	case *gossip.QueryChannelRange:
		return r.handleRange(m)
	case *gossip.QueryShortChannelIDs:
		return r.handleIDs(m)
	case *gossip.GossipTimestampFilter:
		if m.ChainHash == r.cfg.Chain {
			r.filter, r.hasFilter = *m, true
		}
	}
	return nil
}

func (r *Responder) handleRange(m *gossip.QueryChannelRange) error {
	if r.rng != nil {
		return fmt.Errorf("%w: query_channel_range", ErrConcurrentQuery)
	}
	if m.NumberOfBlocks == 0 {
		return ErrZeroBlocks
	}
	r.rng = &rangeJob{
		chain: m.ChainHash, next: m.FirstBlocknum, end: m.End(),
		cursor:     wire.ShortChannelID(uint64(min(m.FirstBlocknum, maxBlock)) << 40),
		timestamps: m.Wants(gossip.WantTimestamps),
		checksums:  m.Wants(gossip.WantChecksums),
		unknown:    m.ChainHash != r.cfg.Chain,
		empty:      m.FirstBlocknum > maxBlock,
	}
	return nil
}

func (r *Responder) handleIDs(m *gossip.QueryShortChannelIDs) error {
	if r.ids != nil {
		return fmt.Errorf("%w: query_short_channel_ids", ErrConcurrentQuery)
	}
	c, err := m.Contents()
	if err != nil {
		return fmt.Errorf("%w: %w", ErrBadQuery, err)
	}
	if len(c.IDs) > r.cfg.MaxQueryIDs {
		return fmt.Errorf("%w: %d ids, at most %d", ErrTooManyIDs, len(c.IDs), r.cfg.MaxQueryIDs)
	}
	r.ids = &idsJob{chain: m.ChainHash, ids: c.IDs, flags: c.Flags, sent: make(map[wire.Point]struct{}),
		unknown: m.ChainHash != r.cfg.Chain}
	return nil
}

// Next returns up to max replies to send now (max <= 0: as many as the
// budget allows), range replies first. It returns none while the budget
// is spent: call it again later (Pending tells whether anything waits).
func (r *Responder) Next(now time.Time, max int) []messaging.Message {
	var out []messaging.Message
	for r.Pending() && (max <= 0 || len(out) < max) {
		if r.budget.Take(now, 1) != nil {
			break
		}
		var m messaging.Message
		if r.rng != nil {
			m = r.nextRange()
		} else {
			m = r.nextIDs()
		}
		if m != nil {
			out = append(out, m)
		}
	}
	return out
}

// nextRange returns the next reply_channel_range. Replies cover the query
// without gaps, each starting where the previous ended or, when a block's
// channels are split over two replies, at that block (BOLT #7: the
// responder "MAY split block contents across multiple
// reply_channel_range").
func (r *Responder) nextRange() messaging.Message {
	j := r.rng
	if j.unknown {
		// lnd's answer for another chain: one empty reply with
		// sync_complete 0, in the field's old sense of "no complete
		// information".
		r.rng = nil
		return &gossip.ReplyChannelRange{ChainHash: j.chain, FirstBlocknum: j.next, NumberOfBlocks: uint32(j.end - uint64(j.next)),
			EncodedShortIDs: []byte{byte(gossip.EncodingUncompressed)}}
	}
	limit := maxReplyIDs(j.timestamps, j.checksums)
	if r.cfg.MaxReplyIDs > 0 {
		limit = min(limit, r.cfg.MaxReplyIDs)
	}
	var c gossip.ReplyContents
	if j.timestamps {
		c.Timestamps = []gossip.UpdateTimestamps{}
	}
	if j.checksums {
		c.Checksums = []gossip.UpdateChecksums{}
	}
	var peek wire.ShortChannelID
	more := false
	walk := r.src.ChannelRange
	if j.empty {
		walk = func(wire.ShortChannelID, uint32, func(wire.ShortChannelID, gossip.UpdateTimestamps, gossip.UpdateChecksums) bool) {
		}
	}
	walk(j.cursor, uint32(min(j.end-1, maxBlock)), func(scid wire.ShortChannelID, ts gossip.UpdateTimestamps, cs gossip.UpdateChecksums) bool {
		if len(c.IDs) == limit {
			peek, more = scid, true
			return false
		}
		c.IDs = append(c.IDs, scid)
		if j.timestamps {
			c.Timestamps = append(c.Timestamps, ts)
		}
		if j.checksums {
			c.Checksums = append(c.Checksums, cs)
		}
		return true
	})
	// The final reply reaches the end of the query (its number_of_blocks
	// fits: it is at most the query's); the others end after the block
	// of their last id, or before the next id's block.
	first, blocks := j.next, uint32(j.end-uint64(j.next))
	if more {
		if lastID := c.IDs[len(c.IDs)-1]; peek.Block() > lastID.Block() {
			blocks, j.next = peek.Block()-first, peek.Block()
		} else {
			blocks, j.next = lastID.Block()-first+1, lastID.Block()
		}
		j.cursor = peek
	} else {
		r.rng = nil
	}
	m, err := gossip.NewReplyChannelRange(j.chain, first, blocks, !more, c)
	if err != nil {
		// The Source broke its contract (ids out of order): end the
		// replies with the final one, empty, rather than send garbage.
		r.rng = nil
		m, _ = gossip.NewReplyChannelRange(j.chain, first, uint32(j.end-uint64(first)), true, gossip.ReplyContents{})
	}
	return m
}

// nextIDs returns the next message answering a query_short_channel_ids:
// for each known id the channel_announcement and the latest
// channel_updates, then the node_announcements not sent yet for this
// query (BOLT #7: "SHOULD avoid sending duplicate node_announcements in
// response to a single query_short_channel_ids"), as the query_flags ask;
// then reply_short_channel_ids_end.
func (r *Responder) nextIDs() messaging.Message {
	j := r.ids
	for len(j.pending) == 0 && j.i < len(j.ids) && !j.unknown {
		j.pending = r.channelMessages(j, j.i)
		j.i++
	}
	if len(j.pending) > 0 {
		m := j.pending[0]
		j.pending = j.pending[1:]
		return m
	}
	r.ids = nil
	full := byte(1)
	if j.unknown || r.cfg.PartialInformation {
		full = 0
	}
	return &gossip.ReplyShortChannelIDsEnd{ChainHash: j.chain, FullInformation: full}
}

// channelMessages returns the messages the query asks for id i.
func (r *Responder) channelMessages(j *idsJob, i int) []messaging.Message {
	want := gossip.WantChannelAnnouncement | gossip.WantUpdate1 | gossip.WantUpdate2 |
		gossip.WantNodeAnnouncement1 | gossip.WantNodeAnnouncement2
	if j.flags != nil {
		want = j.flags[i]
	}
	ann, upds, ok := r.src.ChannelGossip(j.ids[i])
	if !ok || ann == nil {
		return nil // BOLT #7: "MUST respond to each known short_channel_id"
	}
	var out []messaging.Message
	if want&gossip.WantChannelAnnouncement != 0 {
		out = append(out, ann)
	}
	for side, bit := range [2]gossip.QueryFlags{gossip.WantUpdate1, gossip.WantUpdate2} {
		if want&bit != 0 && upds[side] != nil {
			out = append(out, upds[side])
		}
	}
	for side, bit := range [2]gossip.QueryFlags{gossip.WantNodeAnnouncement1, gossip.WantNodeAnnouncement2} {
		id := ann.NodeID1
		if side == 1 {
			id = ann.NodeID2
		}
		if want&bit == 0 {
			continue
		}
		if _, dup := j.sent[id]; dup {
			continue
		}
		if n := r.src.NodeAnnouncement(id); n != nil {
			j.sent[id] = struct{}{}
			out = append(out, n)
		}
	}
	return out
}
