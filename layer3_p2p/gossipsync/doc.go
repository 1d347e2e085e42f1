// Package gossipsync implements the query sync of BOLT #7 "Query
// Messages" (BOLTs at commit a3772650) as two pure state machines per
// peer, with no I/O, goroutines or clock of their own: the caller feeds
// them the peer's messages and the time, and sends what they return.
//
//	querier.go    Querier: query_channel_range for a block range, the
//	              checks of each reply_channel_range (chain, block ranges
//	              in order and covering the query, ids sorted and inside
//	              their reply, the sync_complete of the final one), the
//	              channels the local graph lacks (ChannelSet) fetched in
//	              batches of query_short_channel_ids one at a time, each
//	              ended by reply_short_channel_ids_end, then
//	              gossip_timestamp_filter
//	responder.go  Responder: the replies to the same queries from the
//	              local graph (Source): reply_channel_range split to fit
//	              65535 bytes and cover the query, the signed messages of
//	              each short_channel_id as query_flags select them, one
//	              node_announcement per node per query,
//	              reply_short_channel_ids_end; one query of each kind at a
//	              time, a bound on the ids per query, and a rate budget
//	errors.go     sentinel errors and RangeError
//
// Bounds per peer: the querier keeps at most MaxMissing ids to fetch,
// takes at most MaxReplies replies, and at most five gossip messages per
// id queried; the responder holds a cursor into the graph and at most
// MaxQueryIDs ids, and gives out replies within its rate budget. The
// gossip messages themselves are validated and applied by the caller
// (graph.Ingester), which has its own bounds.
package gossipsync
