// Package layer2 checks lnstack's BOLT #1 layer (layer2_messaging and its
// peer package) against lnd's lnwire and tlv packages and against a live lnd
// node.
//
// The package has no code of its own; its tests are the point:
//
//   - lnwire_test.go: init, error, warning, ping and pong on random values
//     with a fixed seed, both directions: encoded by lnstack and decoded by
//     lnwire, encoded by lnwire and decoded by lnstack; the fields must
//     agree and each side's re-encoding must equal the other's bytes.
//   - tlv_test.go: BigSize and a five-record TLV stream (the fields of a
//     BOLT #4 hop payload) against lnd's tlv package the same way, plus
//     decoding of random and mutated inputs (both accept or both refuse;
//     lnd's tlv.Stream alone accepts unknown even records, which BOLT #1
//     refuses).
//   - bench_test.go, ratio_test.go: BigSize, the TLV stream, and each of
//     the five messages encoded and decoded by lnstack and by lnd side by
//     side, on the wall clock and (BenchmarkRatio) alternately on the
//     thread CPU clock; the ratios go to docs/BENCHMARKS.md.
//   - live_test.go: `lnstack connect` and an in-process peer.Peer against
//     an lnd v0.20.0-beta node on a local simnet (see ../simnet), in both
//     directions.
package layer2
