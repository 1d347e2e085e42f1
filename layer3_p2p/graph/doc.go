// Package graph is the store of the public channel graph (BOLTs at commit
// a3772650): nodes, channels, their capacities, the relay policy of each
// direction, features and node addresses, built only from gossip that the
// gossip package's Validator accepted, compact enough to hold the whole
// network in a few megabytes, and read by pathfinding and by the query
// sync responder.
//
// Files and the BOLT #7 sections they implement:
//
//	graph.go    Graph, Config, Stats: nodes interned into dense NodeIndex
//	            values, channels as fixed 104-byte records with both
//	            policies packed, a node's channels as a list threaded
//	            through the records; "Rebroadcasting": a node without
//	            channels is purged
//	policy.go   Policy, one direction's channel_update as stored (32
//	            bytes); Usable applies "The channel_update Message"'s
//	            rules for route considerations
//	features.go the shared, reference-counted table of feature vectors
//	ingest.go   Ingester: decode, validate (signatures on all cores) and
//	            apply batches of gossip, announcements before updates
//	            before node announcements
//	apply.go    the receiving node's requirements that need the graph:
//	            "The channel_announcement Message" (known and conflicting
//	            channels, unknown even features), "The channel_update
//	            Message" (unknown channel, timestamp order, repeated and
//	            conflicting updates), "The node_announcement Message"
//	            (unknown node, timestamp order, not forwarding one with
//	            several DNS hostnames)
//	prune.go    "Pruning the Network View": RemoveChannel for spent
//	            funding outputs, PruneStale for "Recommendation on Pruning
//	            Stale Entries"
//	view.go     View: the read API for pathfinding (nodes, edges with both
//	            policies, channels, node announcements)
//	source.go   what the query responder reads ("Query Messages"):
//	            channels by block range with update timestamps and
//	            checksums, the signed messages of a channel and a node
//	errors.go   sentinel errors and MessageError
//
// Sub-packages: snapshot reads public mainnet snapshots (Core Lightning
// JSON, CLoTH CSV) into a keyless Topology; graphtest (test support)
// finds the snapshots, signs a topology's gossip with fresh keys and loads
// it through an Ingester.
//
// # Memory
//
// The routing data costs about 100 bytes per channel direction on the
// 2019 mainnet graph (docs/BENCHMARKS.md): a channel record, its entry in
// the short_channel_id map and the sorted list, and its share of the
// nodes (33-byte id, parsed key for verifying updates, announcement).
// Config.KeepMessages adds the signed messages, several hundred bytes per
// channel, for answering queries.
package graph
