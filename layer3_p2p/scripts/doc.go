// Package scripts builds the witness scripts of BOLT #3 and the witnesses
// that spend them. Every output of a channel's on-chain transactions is a
// P2WSH of one of these scripts, except the to_remote output of a
// static_remotekey commitment, which is a P2WPKH.
//
// Files and the BOLT #3 sections they implement:
//
//	funding.go  "Funding Transaction Output": the sorted 2-of-2 multisig
//	outputs.go  "to_local Output" (also the HTLC transactions' output),
//	            "to_remote Output", "to_local_anchor and to_remote_anchor Output"
//	htlc.go     "Offered HTLC Outputs" and "Received HTLC Outputs", both
//	            with and without option_anchors
//	witness.go  the witness stacks the sections above list for each spending path
//	errors.go   sentinel errors
//
// A script is returned as the witness script; P2WSH turns it into the
// output's scriptPubKey.
package scripts
