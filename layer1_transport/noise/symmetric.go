package noise

import (
	"crypto/cipher"
	"crypto/sha256"
	"encoding/binary"

	"golang.org/x/crypto/chacha20poly1305"
)

// BOLT #8 "Noise Protocol Instantiation" and "Handshake State
// Initialization": the protocol name hashed into the first digest and the
// prologue mixed in after it.
const (
	protocolName = "Noise_XK_secp256k1_ChaChaPoly_SHA256"
	prologue     = "lightning"
)

// macSize is the length of a Poly1305 tag.
const macSize = chacha20poly1305.Overhead // 16

// hkdf2 is HKDF(salt, ikm) of BOLT #8: RFC 5869 extract-and-expand with
// HMAC-SHA256 and an empty info, producing 64 bytes returned as two 32-byte
// keys:
//
//	PRK = HMAC(salt, ikm); T1 = HMAC(PRK, 0x01); T2 = HMAC(PRK, T1 || 0x02)
//
// salt is always a 32-byte chaining key here and ikm at most 32 bytes, so the
// three HMACs run on the stack (hmacSHA256) instead of through hmac.New,
// which allocates two hash states per call; TestHKDFMatchesLibrary checks
// the result against golang.org/x/crypto/hkdf.
func hkdf2(salt *[32]byte, ikm []byte) (k1, k2 [32]byte) {
	prk := hmacSHA256(salt, ikm)
	k1 = hmacSHA256(&prk, []byte{0x01})
	var m [33]byte
	copy(m[:], k1[:])
	m[32] = 0x02
	k2 = hmacSHA256(&prk, m[:])
	clear(prk[:])
	return k1, k2
}

// hmacSHA256 is HMAC-SHA256 (RFC 2104) for a 32-byte key: SHA-256((K ^ opad)
// || SHA-256((K ^ ipad) || msg)), K zero-padded to the 64-byte block. msg is
// at most one block: every caller passes a fixed-size value of 33 bytes or
// less, so a longer one is a bug in this package.
func hmacSHA256(key *[32]byte, msg []byte) [32]byte {
	const block = 64
	if len(msg) > block {
		panic("noise: internal error: HMAC input longer than a block")
	}
	var inner [2 * block]byte
	var outer [block + sha256.Size]byte
	for i := range block {
		var k byte
		if i < len(key) {
			k = key[i]
		}
		inner[i] = k ^ 0x36
		outer[i] = k ^ 0x5c
	}
	n := copy(inner[block:], msg)
	ih := sha256.Sum256(inner[:block+n])
	copy(outer[block:], ih[:])
	clear(inner[:block])
	out := sha256.Sum256(outer[:])
	clear(outer[:block])
	return out
}

// putNonce writes n in the Noise nonce format.
//
// BOLT #8: "with nonce n encoded as 32 zero bits, followed by a
// *little-endian* 64-bit value."
func putNonce(dst *[chacha20poly1305.NonceSize]byte, n uint64) {
	binary.LittleEndian.PutUint64(dst[4:], n)
}

// newAEAD keys ChaCha20-Poly1305 (RFC 8439). It only fails on a key of the
// wrong length, which a [32]byte cannot be.
func newAEAD(key *[32]byte) cipher.AEAD {
	a, err := chacha20poly1305.New(key[:])
	if err != nil {
		panic("noise: chacha20poly1305 rejected a 32-byte key: " + err.Error())
	}
	return a
}

// symmetricState is the handshake's running state (BOLT #8 "Handshake
// State"): the chaining key ck, the handshake hash h and the current temporary
// key temp_k. It never leaves the package; the transport keys derived from it
// are handed out only inside a finished Session.
type symmetricState struct {
	ck    [32]byte
	h     [32]byte
	tempK [32]byte
	aead  cipher.AEAD // keyed with tempK
}

// init runs BOLT #8 "Handshake State Initialization" up to (not including)
// mixing in the responder's static key.
func (s *symmetricState) init() {
	// Steps 1 to 3 of the initialization: h = SHA-256(protocolName),
	// ck = h, h = SHA-256(h || prologue).
	s.h = sha256.Sum256([]byte(protocolName))
	s.ck = s.h
	s.mixHash([]byte(prologue))
}

// mixHash sets h = SHA-256(h || data). Everything the handshake mixes in is
// at most 49 bytes (act three's encrypted key and its tag), so the input is
// assembled on the stack instead of in a heap-allocated hash.
func (s *symmetricState) mixHash(data []byte) {
	var buf [32 + 64]byte
	if len(data) > len(buf)-32 {
		d := sha256.New()
		d.Write(s.h[:])
		d.Write(data)
		d.Sum(s.h[:0])
		return
	}
	copy(buf[:32], s.h[:])
	n := 32 + copy(buf[32:], data)
	s.h = sha256.Sum256(buf[:n])
}

// mixKey sets ck, temp_k = HKDF(ck, ikm) and keys the AEAD with temp_k.
func (s *symmetricState) mixKey(ikm *[32]byte) {
	s.ck, s.tempK = hkdf2(&s.ck, ikm[:])
	s.aead = newAEAD(&s.tempK)
}

// encryptAndHash appends c = encryptWithAD(temp_k, n, h, plaintext) to dst and
// then mixes c into h.
func (s *symmetricState) encryptAndHash(dst []byte, n uint64, plaintext []byte) []byte {
	var nonce [chacha20poly1305.NonceSize]byte
	putNonce(&nonce, n)
	start := len(dst)
	dst = s.aead.Seal(dst, nonce[:], plaintext, s.h[:])
	s.mixHash(dst[start:])
	return dst
}

// decryptAndHash returns p = decryptWithAD(temp_k, n, h, c), appended to dst,
// and then mixes c into h. It returns ErrBadMAC when the tag does not verify
// (h is left unchanged then; the handshake is over anyway).
func (s *symmetricState) decryptAndHash(dst []byte, n uint64, c []byte) ([]byte, error) {
	var nonce [chacha20poly1305.NonceSize]byte
	putNonce(&nonce, n)
	out, err := s.aead.Open(dst, nonce[:], c, s.h[:])
	if err != nil {
		return nil, ErrBadMAC
	}
	s.mixHash(c)
	return out, nil
}

// split derives the two transport keys: HKDF(ck, zero). The initiator sends
// with the first and receives with the second; the responder the reverse.
func (s *symmetricState) split() (k1, k2 [32]byte) {
	return hkdf2(&s.ck, nil)
}

// wipe forgets the handshake secrets.
func (s *symmetricState) wipe() {
	clear(s.ck[:])
	clear(s.tempK[:])
	s.aead = nil
}
