// Package layer3sync runs lnstack's gossip graph store and query sync
// against live lnd v0.20.0-beta nodes on a local btcd simnet: alice and bob
// open a public channel, confirm it six blocks deep and announce it;
// lnstack connects to alice over BOLT #8 and layer 2's Peer (offering
// gossip_queries), syncs the graph with query_channel_range and
// query_short_channel_ids, verifies every signature and the funding output
// on btcd, and ends with exactly the channels, policies and node
// announcements `lncli describegraph` reports on alice and bob. Then carol,
// a third lnd with no peers, connects to lnstack and syncs from its
// responder; her describegraph must end equal to lnstack's graph.
//
// The test skips unless LNSTACK_INTEROP_BIN names the binaries `make -C
// interop all` builds.
package layer3sync
