// Package funding builds the transaction that opens a channel: the
// single-funded transaction of BOLT #3 Appendix B, where the opener pays
// the 2-of-2 output and its change, and the dual-funded transaction of
// BOLT #2 interactive construction with the fee shares of BOLT #3
// "Calculating Fees for Collaborative Transactions" and Appendix G.
//
// Files and the BOLT sections they implement:
//
//	single.go       Appendix B: the funding transaction, BIP 69 ordered, fee from its weight
//	interactive.go  BOLT #2 "Interactive Transaction Construction" ordering by serial_id;
//	                BOLT #3 Appendix A "Expected Weight of the Funding Transaction
//	                (v2 Channel Establishment)" and each side's fee share (Appendix G)
//	sign.go         P2PKH and P2WPKH input signers (RFC 6979), the two wallet inputs the vectors spend
//	errors.go       sentinel errors
//
// The 2-of-2 script itself is scripts.Funding.
package funding
