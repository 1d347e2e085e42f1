// Package commitment builds, signs and verifies a channel's commitment
// transactions and their HTLC-timeout and HTLC-success transactions, for
// the two channel types lnd negotiates: option_static_remotekey, and
// option_anchors with zero-fee HTLC transactions.
//
// A Commitment describes one commitment from its owner's side: the funding
// output, the balances, the HTLCs and the per-commitment keys (see package
// keys). Build follows BOLT #3 "Commitment Transaction Construction" and
// returns the transaction with its HTLC transactions; Tx.Sign makes one
// node's signatures (commitment_signed's signature and htlc_signatures when
// the other node signs), Tx.Verify checks them and Finalize assembles the
// witnesses. Signing spreads the HTLC signatures over the available cores.
//
// Files and the BOLT #3 sections they implement:
//
//	channeltype.go  "Fees / Fee Calculation": expected weights (Appendix A),
//	                HTLC transaction fees, sequence and sighash per type
//	                (BOLT #5 "Generation of HTLC Transactions")
//	obscure.go      "Commitment Transaction": obscured commitment number in
//	                locktime and sequence
//	htlc.go         "Trimmed Outputs"
//	sort.go         "Transaction Output Ordering" (BIP 69 + CLTV)
//	build.go        "Commitment Transaction Outputs", "Fee Payment",
//	                "Commitment Transaction Construction"
//	htlctx.go       "HTLC-Timeout and HTLC-Success Transactions"
//	sign.go         signatures of both nodes (RFC 6979), verification, witnesses
//	errors.go       sentinel errors and SignatureError
//
// Appendices C and F run through Build, Sign, Verify and Finalize in
// internal/conformance, byte for byte, and every transaction is executed by
// btcd's script engine (scripts.VerifyTx).
package commitment
