// Package layer5invoice checks lnstack's BOLT #11 invoices
// (layer5_payment/bolt11) against lnd's zpay32 package (lnd v0.20.0-beta).
//
// The package has no code of its own; its tests are the point:
//
//   - diff_test.go: random invoices both ways. lnd → lnstack: zpay32 writes
//     and signs an invoice, bolt11.Decode reads back every field zpay32 was
//     given, and bolt11 writes the decoded invoice to the same string.
//     lnstack → lnd: bolt11 writes and signs, zpay32.Decode reads back the
//     same fields. From the same fields and key, both write the same string.
//     The BOLT #11 examples: zpay32 and lnstack agree on every valid one
//     both accept; the differences are listed by TestExampleDifferences.
//   - gen_test.go: the random invoices, as a zpay32.Invoice and the
//     bolt11.Invoice with the same fields.
//   - bench_test.go: Decode (with key recovery), DecodeUnverified against
//     zpay32's whole Decode, and Encode (with signing) side by side (wall
//     clock); ratio_test.go: BenchmarkRatio, both sides alternately on the
//     thread CPU clock, and the floor (btcec's RecoverCompact alone), the
//     figures of record in docs/BENCHMARKS.md.
//
// The random invoices stay inside what both sides can write: zpay32 holds
// one fallback address and no witness versions above 1, writes an x or c of
// 0 as one zero value (lnstack's reader rejects that as non-minimal), has no
// way to write fields it does not know, and checks hop-hint keys as points.
package layer5invoice
