// Package layer4onion checks lnstack's BOLT #4 onion packages
// (layer4_routing/sphinx, failure, blinding) against lnd's
// lightning-onion (github.com/lightningnetwork/lightning-onion, at the
// version lnd v0.20.0-beta pins) and lnd's lnwire failure messages, and
// benchmarks them side by side.
//
// The package has no code of its own; its tests are the point:
//
//   - onion_test.go: routes of 1 to 20 hops with random payloads (fixed
//     seeds), both directions: onions built by lnstack peeled hop by hop by
//     lightning-onion's Router and built by lightning-onion peeled by
//     lnstack; both builders give the same bytes for the same session key.
//     A hop inside a blinded path peeled by both (lnd's
//     WithBlindingPoint, lnstack's PeelBlinded).
//   - failure_test.go: an error created at hop k by lightning-onion's
//     OnionErrorEncrypter and relayed by it, attributed by lnstack's
//     failure.Decrypt, and the reverse with lightning-onion's
//     OnionErrorDecrypter; the 22 failure messages encoded by lnwire and
//     by lnstack, byte for byte. lightning-onion at this version has no
//     attribution data, so that part is checked by the BOLT's own vectors
//     only.
//   - bench_test.go, ratio_test.go: peel one hop, build 5 and 20 hops,
//     decrypt an error over 5 hops, lnstack and lightning-onion side by
//     side on the wall clock and (BenchmarkRatio) alternately on the thread
//     CPU clock; the ratios go to docs/BENCHMARKS.md.
package layer4onion
