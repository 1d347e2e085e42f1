package gossipsync

import (
	"fmt"
	"math"
	"time"

	messaging "github.com/lnstack/lnstack/layer2_messaging"
	"github.com/lnstack/lnstack/layer2_messaging/wire"
	"github.com/lnstack/lnstack/layer3_p2p/gossip"
)

// ChannelSet is what the querier needs to know of the local graph: which
// channels it has, and how fresh their updates are.
type ChannelSet interface {
	HasChannel(scid wire.ShortChannelID) bool
	// UpdateTimestamps returns the timestamps of the latest
	// channel_update of each direction (0 for none); ok is false for an
	// unknown channel.
	UpdateTimestamps(scid wire.ShortChannelID) (ts gossip.UpdateTimestamps, ok bool)
}

// Defaults of QuerierConfig.
const (
	// DefaultBatchSize is the number of short_channel_ids per
	// query_short_channel_ids: about 2,500 messages come back for it.
	DefaultBatchSize = 500
	// DefaultReplyTimeout is how long the querier waits for the next
	// reply (or, while a query_short_channel_ids is outstanding, the next
	// gossip message).
	DefaultReplyTimeout = time.Minute
	// DefaultMaxReplies bounds the reply_channel_range messages of one
	// query: mainnet's 50,000 channels fit in 7 full replies; a responder
	// splitting by small block ranges may send a few hundred.
	DefaultMaxReplies = 10_000
	// DefaultMaxMissing bounds the channels one sync fetches, 4 MB of ids
	// (ten times mainnet).
	DefaultMaxMissing = 500_000
)

// MaxBatchSize is the most short_channel_ids a query_short_channel_ids
// with query_flags can hold within 65535 bytes: 2 (type) + 32
// (chain_hash) + 2 (len) + 1 (encoding) + 8 per id, then the query_flags
// record, 1 (type) + 3 (length) + 1 (encoding) + 1 per id.
const MaxBatchSize = (messaging.MaxMessageSize - 2 - 32 - 2 - 1 - 1 - 3 - 1) / (8 + 1)

// QuerierConfig configures a Querier. Zero values mean the defaults.
type QuerierConfig struct {
	// Chain is the chain to sync.
	Chain wire.ChainHash
	// FirstBlock and NumBlocks are the range of query_channel_range;
	// NumBlocks 0 means up to the highest block number.
	FirstBlock, NumBlocks uint32
	// Timestamps asks for the channel_update timestamps of each channel
	// (query_option bit 0), so that only newer updates are fetched, with
	// query_flags. Set it only for a peer that offers gossip_queries_ex.
	Timestamps bool
	// BatchSize is the number of ids per query_short_channel_ids
	// (DefaultBatchSize, at most MaxBatchSize).
	BatchSize int
	// ReplyTimeout is the longest silence while a reply is due
	// (DefaultReplyTimeout).
	ReplyTimeout time.Duration
	// MaxReplies and MaxMissing bound the work and memory a peer's
	// replies can cost (DefaultMaxReplies, DefaultMaxMissing).
	MaxReplies, MaxMissing int
	// FilterBacklog is how far back the final gossip_timestamp_filter
	// reaches: the peer then relays gossip from now minus FilterBacklog
	// on. The query sync has fetched what is older.
	FilterBacklog time.Duration
}

// State is where a Querier is.
type State int

// The states of a Querier.
const (
	// StateIdle: not started.
	StateIdle State = iota
	// StateRange: query_channel_range sent, reply_channel_range due.
	StateRange
	// StateQuery: a query_short_channel_ids sent, its replies and
	// reply_short_channel_ids_end due.
	StateQuery
	// StateDone: everything fetched, gossip_timestamp_filter sent.
	StateDone
	// StateFailed: the peer broke a rule; Err says which.
	StateFailed
)

var stateNames = [...]string{"idle", "range", "query", "done", "failed"}

func (s State) String() string {
	if int(s) < len(stateNames) {
		return stateNames[s]
	}
	return fmt.Sprintf("State(%d)", int(s))
}

// Result is what a sync found.
type Result struct {
	// Replies is the number of reply_channel_range messages; Channels the
	// short_channel_ids they listed.
	Replies, Channels int
	// Queried is the number of short_channel_ids queried, in Batches
	// query_short_channel_ids messages.
	Queried, Batches int
	// Gossip is the number of gossip messages received while queries were
	// outstanding.
	Gossip int
	// FullInformation is false when a reply_short_channel_ids_end said
	// the peer "does not maintain up-to-date channel information".
	FullInformation bool
}

// Querier is the querying side of BOLT #7 query sync with one peer, as a
// pure state machine: events in (Start, Handle for each message received,
// Tick for the clock), messages to send out, no I/O, no goroutine, no
// clock of its own. It asks for the channels of a block range
// (query_channel_range), checks the replies, fetches the channels the
// local graph lacks (or, with timestamps, the updates it has older
// versions of) in batches of query_short_channel_ids, one at a time, and
// ends with a gossip_timestamp_filter so that the peer relays new gossip.
//
// The gossip messages the peer sends in reply go to the caller's
// Ingester; the Querier only counts them, to bound them.
type Querier struct {
	cfg   QuerierConfig
	known ChannelSet

	state State
	err   error
	last  time.Time // when the last reply or gossip arrived

	// The query_channel_range sent and the replies so far.
	first, end uint64 // the range asked for, [first, end)
	replies    int
	prevFirst  uint64
	prevEnd    uint64
	lastID     wire.ShortChannelID

	// What to fetch, and how far the batches have got.
	missing []wire.ShortChannelID
	flags   []gossip.QueryFlags // one per missing id, when cfg.Timestamps
	next    int                 // first id of the next batch
	batch   int                 // ids in the outstanding batch
	gossip  int                 // gossip messages for the outstanding batch

	res Result
}

// NewQuerier returns a Querier for a peer, checking the local graph
// through known.
func NewQuerier(cfg QuerierConfig, known ChannelSet) *Querier {
	if cfg.BatchSize <= 0 {
		cfg.BatchSize = DefaultBatchSize
	}
	cfg.BatchSize = min(cfg.BatchSize, MaxBatchSize)
	if cfg.ReplyTimeout <= 0 {
		cfg.ReplyTimeout = DefaultReplyTimeout
	}
	if cfg.MaxReplies <= 0 {
		cfg.MaxReplies = DefaultMaxReplies
	}
	if cfg.MaxMissing <= 0 {
		cfg.MaxMissing = DefaultMaxMissing
	}
	if cfg.NumBlocks == 0 {
		cfg.NumBlocks = math.MaxUint32 - cfg.FirstBlock
		if cfg.NumBlocks == 0 {
			cfg.NumBlocks = 1
		}
	}
	return &Querier{cfg: cfg, known: known, res: Result{FullInformation: true}}
}

// State returns the Querier's state.
func (q *Querier) State() State { return q.state }

// Err returns why the Querier failed, nil otherwise.
func (q *Querier) Err() error { return q.err }

// Result returns what the sync found so far.
func (q *Querier) Result() Result { return q.res }

// fail records err and returns it.
func (q *Querier) fail(err error) error {
	q.state, q.err = StateFailed, err
	return err
}

// Start returns the query_channel_range to send. It may be called once.
func (q *Querier) Start(now time.Time) ([]messaging.Message, error) {
	if q.state != StateIdle {
		return nil, fmt.Errorf("gossipsync: Start in state %s", q.state)
	}
	m := &gossip.QueryChannelRange{ChainHash: q.cfg.Chain, FirstBlocknum: q.cfg.FirstBlock, NumberOfBlocks: q.cfg.NumBlocks}
	if q.cfg.Timestamps {
		m.TLVs.HasQueryOption = true
		m.TLVs.QueryOptionFlags = gossip.WantTimestamps
	}
	q.first, q.end = uint64(m.FirstBlocknum), m.End()
	q.state, q.last = StateRange, now
	return []messaging.Message{m}, nil
}

// Handle takes a message from the peer and returns the messages to send.
// It takes reply_channel_range and reply_short_channel_ids_end, and counts
// channel_announcement, channel_update and node_announcement while a
// query is outstanding; other messages are not its business and are
// ignored. Once it has returned an error the Querier is failed and
// returns that error again.
func (q *Querier) Handle(now time.Time, m messaging.Message) ([]messaging.Message, error) {
	if q.state == StateFailed {
		return nil, q.err
	}
	switch m := m.(type) {
	case *gossip.ReplyChannelRange:
		if q.state != StateRange {
			return nil, q.fail(fmt.Errorf("%w: reply_channel_range in state %s", ErrUnsolicited, q.state))
		}
		q.last = now
		return q.handleRange(now, m)
	case *gossip.ReplyShortChannelIDsEnd:
		if q.state != StateQuery {
			return nil, q.fail(fmt.Errorf("%w: reply_short_channel_ids_end in state %s", ErrUnsolicited, q.state))
		}
		q.last = now
		return q.handleEnd(now, m)
	case *gossip.ChannelAnnouncement, *gossip.ChannelUpdate, *gossip.NodeAnnouncement:
		if q.state != StateQuery {
			return nil, nil // the peer's own gossip, or relayed after our filter
		}
		q.last = now
		q.gossip++
		q.res.Gossip++
		// Per id: a channel_announcement, two channel_updates, two
		// node_announcements; a little slack for the peer's own new
		// gossip sent meanwhile.
		if q.gossip > 5*q.batch+16 {
			return nil, q.fail(fmt.Errorf("%w: %d messages for %d ids", ErrTooMuchGossip, q.gossip, q.batch))
		}
	}
	return nil, nil
}

// Tick tells the Querier the time; it fails with ErrTimeout when a reply
// is overdue.
func (q *Querier) Tick(now time.Time) error {
	if q.state == StateFailed {
		return q.err
	}
	if (q.state == StateRange || q.state == StateQuery) && now.Sub(q.last) > q.cfg.ReplyTimeout {
		return q.fail(fmt.Errorf("%w: nothing for %v in state %s", ErrTimeout, now.Sub(q.last).Round(time.Second), q.state))
	}
	return nil
}

// handleRange checks one reply_channel_range and notes the channels to
// fetch; after the final one it sends the first batch.
func (q *Querier) handleRange(now time.Time, m *gossip.ReplyChannelRange) ([]messaging.Message, error) {
	if m.ChainHash != q.cfg.Chain {
		return nil, q.fail(fmt.Errorf("%w: %s", ErrChainMismatch, m.ChainHash))
	}
	if q.replies++; q.replies > q.cfg.MaxReplies {
		return nil, q.fail(fmt.Errorf("%w: more than %d", ErrTooManyReplies, q.cfg.MaxReplies))
	}
	first, end := uint64(m.FirstBlocknum), m.End()
	rangeErr := func(reason string) error {
		return q.fail(&RangeError{First: m.FirstBlocknum, Blocks: m.NumberOfBlocks, Reason: reason})
	}
	switch {
	case first >= q.end || end <= q.first:
		return nil, rangeErr("does not overlap the range asked for")
	case q.replies == 1 && first > q.first:
		return nil, rangeErr("first reply starts after the range asked for")
	case q.replies > 1 && first < q.prevFirst:
		return nil, rangeErr("starts before the previous reply")
	case q.replies > 1 && first > q.prevEnd:
		return nil, rangeErr("leaves a gap after the previous reply")
	}
	c, err := m.Contents()
	if err != nil {
		return nil, q.fail(fmt.Errorf("%w: %w", ErrBadIDs, err))
	}
	for i, id := range c.IDs {
		if b := uint64(id.Block()); b < first || b >= end {
			return nil, q.fail(fmt.Errorf("%w: %s in blocks %d+%d", ErrIDOutsideRange, id, m.FirstBlocknum, m.NumberOfBlocks))
		}
		if q.res.Channels > 0 && id <= q.lastID {
			return nil, q.fail(fmt.Errorf("%w: %s after %s", ErrIDOutsideRange, id, q.lastID))
		}
		q.lastID = id
		q.res.Channels++
		var ts *gossip.UpdateTimestamps
		if c.Timestamps != nil {
			ts = &c.Timestamps[i]
		}
		if f, want := q.wanted(id, ts); want {
			if len(q.missing) == q.cfg.MaxMissing {
				return nil, q.fail(fmt.Errorf("%w: more than %d to fetch", ErrTooManyIDs, q.cfg.MaxMissing))
			}
			q.missing = append(q.missing, id)
			if q.cfg.Timestamps {
				q.flags = append(q.flags, f)
			}
		}
	}
	q.res.Replies = q.replies
	q.prevFirst, q.prevEnd = first, max(q.prevEnd, end)
	// BOLT #7 rationale: "simply check if first_blocknum plus
	// number_of_blocks equals or exceeds the first_blocknum plus
	// number_of_blocks it asked for." A responder that splits the
	// contents of the last block over several replies reaches the end
	// before its final reply, which it tells apart by sync_complete: it
	// "MUST set sync_complete to false if this is not the final
	// reply_channel_range".
	if end < q.end || m.SyncComplete == 0 {
		return nil, nil
	}
	return q.nextBatch(now)
}

// wanted decides whether to fetch channel id, and with timestamps (ts not
// nil) which of its messages.
func (q *Querier) wanted(id wire.ShortChannelID, ts *gossip.UpdateTimestamps) (gossip.QueryFlags, bool) {
	if !q.cfg.Timestamps || ts == nil {
		if q.known.HasChannel(id) {
			return 0, false
		}
		return gossip.WantChannelAnnouncement | gossip.WantUpdate1 | gossip.WantUpdate2 |
			gossip.WantNodeAnnouncement1 | gossip.WantNodeAnnouncement2, true
	}
	local, ok := q.known.UpdateTimestamps(id)
	if !ok {
		return gossip.WantChannelAnnouncement | gossip.WantUpdate1 | gossip.WantUpdate2 |
			gossip.WantNodeAnnouncement1 | gossip.WantNodeAnnouncement2, true
	}
	var f gossip.QueryFlags
	if ts.NodeID1 > local.NodeID1 {
		f |= gossip.WantUpdate1
	}
	if ts.NodeID2 > local.NodeID2 {
		f |= gossip.WantUpdate2
	}
	return f, f != 0
}

// handleEnd takes a reply_short_channel_ids_end and sends the next batch,
// or the filter after the last.
func (q *Querier) handleEnd(now time.Time, m *gossip.ReplyShortChannelIDsEnd) ([]messaging.Message, error) {
	if m.ChainHash != q.cfg.Chain {
		return nil, q.fail(fmt.Errorf("%w: %s", ErrChainMismatch, m.ChainHash))
	}
	if m.FullInformation == 0 {
		q.res.FullInformation = false
	}
	return q.nextBatch(now)
}

// nextBatch returns the next query_short_channel_ids, or the
// gossip_timestamp_filter when everything is fetched.
func (q *Querier) nextBatch(now time.Time) ([]messaging.Message, error) {
	if q.next >= len(q.missing) {
		q.state = StateDone
		q.missing, q.flags = nil, nil
		first := now.Add(-q.cfg.FilterBacklog).Unix()
		return []messaging.Message{&gossip.GossipTimestampFilter{
			ChainHash:      q.cfg.Chain,
			FirstTimestamp: uint32(max(0, min(first, math.MaxUint32))),
			TimestampRange: math.MaxUint32,
		}}, nil
	}
	end := min(q.next+q.cfg.BatchSize, len(q.missing))
	c := gossip.QueryContents{IDs: q.missing[q.next:end]}
	if q.cfg.Timestamps {
		c.Flags = q.flags[q.next:end]
	}
	// The ids are strictly ascending and the flags one per id (both
	// checked as they came in): the builder's checks hold.
	m, err := gossip.NewQueryShortChannelIDs(q.cfg.Chain, c)
	if err != nil {
		return nil, q.fail(err)
	}
	q.batch, q.gossip = end-q.next, 0
	q.next = end
	q.res.Queried += q.batch
	q.res.Batches++
	q.state, q.last = StateQuery, now
	return []messaging.Message{m}, nil
}
