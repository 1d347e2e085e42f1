// Package noise implements BOLT #8, "Encrypted and Authenticated Transport":
// the Noise_XK_secp256k1_ChaChaPoly_SHA256 handshake between two Lightning
// nodes and the encrypted, length-prefixed message stream that follows it.
//
// Most callers need only Initiate (dialling side, which must know the
// remote node's static key) and Respond (accepting side, which learns the
// initiator's key), or the same two methods on an Identity. Both return a
// *Conn that implements net.Conn and carries whole Lightning messages with
// ReadMessage and WriteMessage.
//
// Underneath, the handshake is a pure state machine with no I/O (Initiator,
// Responder): acts go in and out as bytes, and the transport keys exist only
// in the Session the last step returns, so nothing can encrypt with them
// before the peer is authenticated. A Session holds one CipherState per
// direction, which encrypts and decrypts frames and rotates its key every
// 500 messages.
//
// Files and the BOLT #8 sections they implement:
//
//	handshake.go  Authenticated Key Exchange Handshake Specification: act sizes,
//	              Handshake Versioning, Act One, Act Two, Act Three (Initiator, Responder)
//	symmetric.go  Noise Protocol Instantiation; Handshake State and its
//	              initialization; HKDF, encryptWithAD/decryptWithAD, nonce encoding
//	keys.go       generateKey() and ECDH(k, rk); static keys (Identity);
//	              parsing received public keys
//	session.go    end of Act Three: sk/rk, sn/rn, sck/rck
//	cipher.go     Lightning Message Specification (Encrypting and Sending Messages,
//	              Receiving and Decrypting Messages) and Lightning Message Key Rotation
//	connect.go    the handshake over a net.Conn: deadlines, cancellation, error mapping
//	conn.go       the encrypted connection (Conn): framing over the byte stream
//	options.go    handshake timeout and the test-only ephemeral key source
//	errors.go     sentinel errors; the Appendix A failure names map onto them in
//	              internal/conformance/bolt08.go
//
// The test vectors of Appendix A live in testvectors/bolt08/ and run through
// this package in internal/conformance.
package noise
