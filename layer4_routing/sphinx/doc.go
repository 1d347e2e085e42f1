// Package sphinx is the Sphinx onion of BOLT #4 (BOLTs at commit a3772650):
// building an onion for a route and peeling one layer off it, for the
// 1366-byte payment onion of update_add_htlc and for the onion of an onion
// message, whose hop_payloads may be longer.
//
// Files and the BOLT #4 sections they implement:
//
//	crypto.go   "Key Generation" (rho, mu, um, pad, ammag, ammagext,
//	            blinded_node_id), "Pseudo Random Byte Stream" (ChaCha20,
//	            zero nonce), "Shared Secret" (ECDH), "Blinding Ephemeral
//	            Onion Keys", HMAC-SHA256 with a reused hash state
//	packet.go   "Packet Structure": Packet, its sizes, encoding, sha256_of_onion
//	build.go    "Packet Construction" and "Filler Generation": BuildPacket,
//	            BuildPayment, SharedSecrets
//	peel.go     "Onion Decryption": Peel, PeelBlinded (route blinding's
//	            tweaked node key)
//	key.go      NodeKey, a node's private key for ECDH and peeling
//	payload.go  "payload format": the `payload` TLV stream and the reader's
//	            rules on which records a hop's role allows (Check)
//	replay.go   ReplayLog: "if hmac has previously been received ... MUST
//	            abort processing the packet and fail"
//	errors.go   the BADONION errors (version, key, HMAC), payload length
//	            and record errors, build errors
//
// # Performance
//
// A peel costs two variable-base scalar multiplications (the ECDH and the
// next ephemeral key), a point decompression, an HMAC over hop_payloads and
// the ChaCha20 stream; everything else is kept off the hot path: points
// stay in btcec's Jacobian form and are never turned into PublicKey
// values, key derivations and the HMAC run on stack buffers or one reused
// hash state, the stream is generated only up to the end of the window the
// next hop needs (hop_payloads plus this hop's data, not twice
// hop_payloads), a final hop skips the next key, and the hop's payload and
// the next onion share one allocation. Building converts each hop's
// ephemeral key and ECDH point to affine coordinates with a single field
// inversion. bench_test.go compares a peel with its cryptographic floor.
package sphinx
