// Package layer3msg checks lnstack's BOLT #2 message codecs
// (layer3_p2p/channelmsg) against lnd's lnwire package (lnd v0.20.0-beta).
//
// The package has no code of its own; its tests are the point:
//
//   - diff_test.go: for each of the 18 BOLT #2 messages lnwire implements,
//     random values both ways, byte for byte. lnd → lnstack: a random lnwire
//     message is encoded by lnwire, decoded by lnstack into the value the
//     field mapping predicts, and re-encoded by lnstack to the same bytes.
//     lnstack → lnd: that value is encoded by lnstack, decoded by lnwire
//     into the lnwire message it came from, and re-encoded by lnwire to the
//     same bytes. TestLndCoverage lists, from lnwire itself, which BOLT #2
//     messages lnwire lacks (the interactive-tx messages, open_channel2,
//     accept_channel2, the splice messages and start_batch).
//   - gen_test.go: the random lnwire messages and, beside each, the
//     lnstack value it maps to (the field mapping, written once per
//     message).
//   - bench_test.go: BenchmarkDecode, BenchmarkEncode and
//     BenchmarkReadMessage with lnstack and lnwire side by side (wall
//     clock); ratio_test.go: BenchmarkRatio, both sides alternately on the
//     thread CPU clock, the figures of record in docs/BENCHMARKS.md.
//
// The random values stay inside what both sides can represent: lnwire
// drops unknown TLV records when it re-encodes open_channel, accept_channel,
// funding_created, funding_signed, channel_ready, closing_signed,
// closing_complete, closing_sig, revoke_and_ack and channel_reestablish (it
// packs only the records it knows), and it does not know closing_signed's
// fee_range nor channel_reestablish's next_funding and
// my_current_funding_locked, so those values carry none; lnwire's own
// even-typed records (taproot nonces and partial signatures, lease expiry,
// dynamic commitments) are not BOLT #2 and lnstack rejects them as unknown
// even records; lnwire reads at most 34 bytes of a DeliveryAddress.
package layer3msg
