// Package layer3tx checks lnstack's BOLT #3 code (layer3_p2p/keys,
// shachain, scripts and commitment) against lnd v0.20.0-beta's input,
// shachain and lnwallet packages, and times the two side by side.
//
// The package has no code of its own; its tests are the point. Every
// random parameter set comes from a fixed seed.
//
//   - keys_test.go: per_commitment_point, the tweaked public and private
//     keys and the revocation keys against input's ComputeCommitmentPoint,
//     TweakPubKey, TweakPrivKey, DeriveRevocationPubkey and
//     DeriveRevocationPrivKey; a commitment's key set against
//     lnwallet.DeriveCommitmentKeys from both perspectives; the obscuring
//     factor and commitment number against DeriveStateHintObfuscator and
//     SetStateNumHint.
//   - scripts_test.go: the funding, to_local, HTLC-transaction output,
//     to_remote (P2WPKH and the anchors' CSV-1 script), anchor, offered and
//     received HTLC scripts (with and without option_anchors) against
//     input's builders and lnwallet's per-type selection; dust thresholds,
//     HTLC trimming, HTLC transaction fees, sequence and sighash, and the
//     commitment weight against lnwallet's.
//   - witness_test.go: every output spent on every path with lnstack's
//     witness builders and with input's spend functions: equal item for
//     item, signatures included, and accepted by btcd's script engine.
//   - shachain_test.go: secrets against lnd's RevocationProducer, and
//     lnstack's Store and lnd's RevocationStore fed the same sequences,
//     bad secrets among them: both accept and refuse the same ones.
//   - channel_test.go, commitment_test.go: random channels between two lnd
//     state machines (lnwallet.LightningChannel on channeldb), driven
//     through HTLC adds, settles, fails and fee updates; at every
//     commitment number lnstack builds each side's commitment from a model
//     of the channel and must produce lnd's transaction byte for byte,
//     verify lnd's signatures and make them itself, and finalize the signed
//     commitment and HTLC transactions lnd would broadcast on force close.
//   - lndcommit_test.go, fixture_test.go, bench_test.go: lnd's commitment
//     construction and signing assembled from lnwallet's exported steps
//     (checked to give lnstack's bytes), and benchmarks of key derivation,
//     shachain, HTLC scripts and commitment_signed for 0, 30 and 483 HTLCs,
//     lnstack against lnd; the figures go to docs/BENCHMARKS.md.
package layer3tx
