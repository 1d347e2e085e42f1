// Package keys derives the per-commitment keys of BOLT #3 "Keys": every
// commitment transaction uses its own localpubkey, htlc keys, delayed key and
// revocation key, tweaked from the channel's basepoints by that commitment's
// per_commitment_point, so that a watcher given the per-commitment secrets
// cannot link commitment transactions to their channel.
//
// Files and the BOLT #3 sections they implement:
//
//	parse.go       compressed points and 32-byte secrets; per_commitment_point = secret * G
//	                ("revocationpubkey Derivation", first formula)
//	derive.go      "localpubkey, local_htlcpubkey, remote_htlcpubkey, local_delayedpubkey,
//	                and remote_delayedpubkey Derivation", "remotepubkey Derivation" and
//	                "revocationpubkey Derivation", public and private halves
//	commitkeys.go  the set of keys one commitment transaction needs (Basepoints, CommitmentKeys)
//	errors.go      sentinel errors
//
// Appendix E's vectors run through DerivePubkey, DerivePrivkey,
// DeriveRevocationPubkey and DeriveRevocationPrivkey.
package keys
