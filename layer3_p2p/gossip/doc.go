// Package gossip implements BOLT #7 "P2P Node and Channel Discovery": the
// nine gossip and query messages, the receiver's checks of the
// announcements and updates (signatures, key order, chain, timestamps,
// funding output), batch signature verification on all cores, the encoded
// arrays of the query messages, and the fee and CLTV arithmetic of a
// channel_update policy.
//
// The messages are messaging.Message values written once as a wire.Fields
// walk (encode, decode and JSON from one description); Messages returns
// their table for messaging.NewCodec. Decoding checks the framing and the
// address descriptors; the Validator checks what BOLT #7 asks a receiver to
// verify. The Validator is pure: its one outside dependency, the chain, is
// the FundingChecker interface. What needs the last message of the same
// origin (CheckUpdateOrder, CheckNodeAnnouncementOrder, StaleChannel) is a
// function of both messages, for the graph store built on this package.
//
// Files and the BOLT #7 sections they implement:
//
//	announce.go  "The announcement_signatures Message", "The
//	             channel_announcement Message", "The node_announcement
//	             Message" (address descriptors through layer1's netaddr)
//	update.go    "The channel_update Message"; the channel_update checksum
//	             of "The query_channel_range and reply_channel_range
//	             Messages"
//	query.go     "Query Messages": query_short_channel_ids,
//	             reply_short_channel_ids_end, query_channel_range,
//	             reply_channel_range, gossip_timestamp_filter and their TLVs
//	scidlist.go  the encoding types of encoded_short_ids and the other
//	             encoded arrays (type 0, and type 1 zlib decoded within
//	             MaxInflatedLen)
//	sign.go      the double-SHA256 signatures of the origin node
//	batch.go     signature checks, one by one or spread over all cores
//	keys.go      KeyParser and KeyCache: node keys parsed once
//	validate.go  the receiving node's requirements of the three gossip
//	             messages and announcement_signatures; "Recommendation on
//	             Pruning Stale Entries"
//	flood.go     per-peer work budget and per-channel update rate
//	policy.go    "HTLC Fees" and the "Routing Example" of
//	             "Recommendations for Routing"
//	table.go     the message table and the chain_hash of Bitcoin
//	errors.go    sentinel errors and error types
//
// The bolt07/extended-queries and bolt07/routing-example vectors run
// through this package in internal/conformance.
package gossip
