// Package layer1 checks lnstack's BOLT #8 transport (layer1_transport/noise)
// against lnd's brontide package and against a live lnd node.
//
// The package has no code of its own; its tests are the point:
//
//   - brontide_test.go: both handshake directions over real TCP on
//     127.0.0.1, lnstack against lnd's brontide.Listener and brontide.Dial,
//     then 10,000 random-size messages each way (key rotation every 500
//     messages, BOLT #8 "Lightning Message Key Rotation").
//   - bench_test.go: BenchmarkHandshake, BenchmarkEncrypt and
//     BenchmarkDecrypt with lnstack and brontide side by side; the ratios go
//     to docs/BENCHMARKS.md.
//   - live_test.go: `lnstack handshake` and noise.Initiate against an lnd
//     v0.20.0-beta node on a local simnet (see ../simnet).
package layer1
