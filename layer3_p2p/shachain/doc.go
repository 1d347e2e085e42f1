// Package shachain generates per-commitment secrets from a seed and stores
// the secrets a peer reveals in 49 slots, as BOLT #3 describes.
//
// A node derives the secret of every commitment from one seed; secrets are
// used (and revealed) from index 2^48-1 downwards. The secret at an index
// ending in k zero bits lets anyone derive the secrets of the 2^k-1 indices
// that share its prefix, so the receiver keeps one secret per trailing-zero
// count and checks that each new secret derives all those it replaces.
//
// Files and the BOLT #3 sections they implement:
//
//	generate.go  "Per-commitment Secret Requirements": generate_from_seed, Producer
//	store.go     "Efficient Per-commitment Secret Storage": insert_secret, derive_old_secret
//	encode.go    the store's 49 slots as bytes, to persist them
//	errors.go    sentinel errors
//
// Appendix D's generation vectors run through Generate and its storage
// vectors (including every "incorrect" sequence) through Store.Insert.
package shachain
