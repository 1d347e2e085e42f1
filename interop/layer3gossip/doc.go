// Package layer3gossip checks lnstack's BOLT #7 messages
// (layer3_p2p/gossip) against lnd's lnwire, and measures them side by side
// with lnwire and lnd's netann validation.
//
// The package has no code of its own; its tests are the point:
//
//   - diff_test.go: for each of the nine BOLT #7 messages lnwire
//     implements, random values both ways: lnstack encodes, lnwire decodes
//     the same fields and re-encodes the same bytes; lnwire encodes,
//     lnstack decodes the same fields and re-encodes the same bytes. The
//     values are limited to what lnwire represents; each limit is written
//     beside its generator.
//   - bench_test.go: decoding of channel_update and channel_announcement,
//     decode+verify against netann.ValidateChannelUpdateAnn and
//     netann.ValidateChannelAnn, and the ECDSA floor; the ratios go to
//     docs/BENCHMARKS.md.
package layer3gossip
