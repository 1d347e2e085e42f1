package gossipsync

import (
	"errors"
	"fmt"
)

// Errors of the querier: the peer's replies break a BOLT #7 rule or a
// bound of this package. A Querier that returned one stays failed; the
// caller MAY warn and close the connection (BOLT #7 leaves it there).
var (
	// ErrChainMismatch: a reply for another chain_hash than the query's.
	// BOLT #7: the receiver of query_channel_range "MUST set with
	// chain_hash equal to that of query_channel_range".
	ErrChainMismatch = errors.New("gossipsync: reply for another chain")

	// ErrUnsolicited: a reply_channel_range or reply_short_channel_ids_end
	// when no such query is outstanding.
	ErrUnsolicited = errors.New("gossipsync: reply to no outstanding query")

	// ErrRangeOrder: a reply_channel_range whose block range breaks the
	// order BOLT #7 sets: the first reply "MUST set first_blocknum less
	// than or equal to the first_blocknum in query_channel_range" and
	// "first_blocknum plus number_of_blocks greater than first_blocknum in
	// query_channel_range"; a successive one "MUST have first_blocknum
	// equal or greater than the previous first_blocknum"; and (so that
	// the replies cover the range) none may start after the end of the
	// previous one, nor lie outside the range asked for. The error is a
	// *RangeError.
	ErrRangeOrder = errors.New("gossipsync: reply_channel_range out of order")

	// ErrBadIDs: encoded_short_ids (or the timestamps or checksums with
	// them) that do not decode or break the encoding rules; it wraps the
	// gossip package's reason (gossip.ErrUnsortedIDs,
	// gossip.ErrPartialElement, gossip.ErrUnknownEncoding,
	// gossip.ErrCountMismatch, ...).
	ErrBadIDs = errors.New("gossipsync: bad encoded short_channel_ids")

	// ErrIDOutsideRange: a short_channel_id in a reply_channel_range whose
	// block is not in the reply's range, or not after the ids of the
	// replies before (ids come "in ascending order", block by block).
	ErrIDOutsideRange = errors.New("gossipsync: short_channel_id outside its reply's range")

	// ErrTooManyReplies: more reply_channel_range messages than
	// QuerierConfig.MaxReplies.
	ErrTooManyReplies = errors.New("gossipsync: too many reply_channel_range messages")

	// ErrTooManyIDs: more channels to fetch than QuerierConfig.MaxMissing
	// (querier), or a query_short_channel_ids with more ids than
	// ResponderConfig.MaxQueryIDs (responder).
	ErrTooManyIDs = errors.New("gossipsync: too many short_channel_ids")

	// ErrTooMuchGossip: more gossip messages while a
	// query_short_channel_ids is outstanding than its ids can account for
	// (a channel_announcement, two channel_updates and two
	// node_announcements each).
	ErrTooMuchGossip = errors.New("gossipsync: more gossip than the query asked for")

	// ErrTimeout: no reply within QuerierConfig.ReplyTimeout.
	ErrTimeout = errors.New("gossipsync: peer did not reply in time")
)

// Errors of the responder: a query this node does not answer. The
// Responder stays usable; BOLT #7 lets the caller "MAY send a warning. MAY
// close the connection."
var (
	// ErrConcurrentQuery: a query of a kind whose replies to a previous
	// query are still being sent. BOLT #7: the sender "MUST NOT send this
	// if it has sent a previous query_channel_range to this peer and not
	// received all reply_channel_range replies" (likewise for
	// query_short_channel_ids and reply_short_channel_ids_end).
	ErrConcurrentQuery = errors.New("gossipsync: query while the previous one is answered")

	// ErrZeroBlocks: a query_channel_range with number_of_blocks 0. BOLT
	// #7: the sender "MUST set number_of_blocks to 1 or greater."
	ErrZeroBlocks = errors.New("gossipsync: query_channel_range of zero blocks")

	// ErrBadQuery: a query_short_channel_ids whose arrays do not decode;
	// it wraps the gossip package's reason.
	ErrBadQuery = errors.New("gossipsync: bad query_short_channel_ids")
)

// RangeError is a reply_channel_range out of order: its range, and what
// the querier expected.
type RangeError struct {
	// First and Blocks are the reply's first_blocknum and
	// number_of_blocks.
	First, Blocks uint32
	// Reason says which rule the reply breaks.
	Reason string
}

func (e *RangeError) Error() string {
	return fmt.Sprintf("%v: blocks %d+%d: %s", ErrRangeOrder, e.First, e.Blocks, e.Reason)
}

// Is makes errors.Is(err, ErrRangeOrder) true.
func (e *RangeError) Is(target error) bool { return target == ErrRangeOrder }
