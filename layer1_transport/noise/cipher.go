package noise

import (
	"crypto/cipher"
	"encoding/binary"

	"golang.org/x/crypto/chacha20poly1305"
)

// Frame layout (BOLT #8 "Lightning Message Specification").
const (
	// MaxMessageSize is the largest Lightning message a frame can carry.
	//
	// BOLT #8: "The maximum size of any Lightning message MUST NOT exceed
	// 65535 bytes."
	MaxMessageSize = 65535

	// MACSize is the length of the Poly1305 tag after each part of a frame.
	MACSize = macSize // 16

	// LengthHeaderSize is the size of a frame's encrypted length prefix.
	LengthHeaderSize = 2 + MACSize // 18: 2-byte big-endian length + its MAC

	// FrameOverhead is what a frame adds to the message it carries.
	FrameOverhead = LengthHeaderSize + MACSize // 34

	// MaxFrameSize is the largest frame on the wire.
	MaxFrameSize = FrameOverhead + MaxMessageSize // 65569 = 2 + 16 + 65535 + 16
)

// rotateAt is the nonce value at which a key is rotated.
//
// BOLT #8: "A key is to be rotated after a party encrypts or decrypts 1000
// times with it (i.e. every 500 messages). This can be properly accounted for
// by rotating the key once the nonce dedicated to it reaches 1000."
const rotateAt = 1000

// CipherState is one direction of the transport: a key k, its chaining key
// ck and the nonce n, with the BOLT #8 key rotation. It encrypts or decrypts
// whole frames (encrypted length prefix, then encrypted body) and allocates
// nothing per frame; a new AEAD is keyed only on rotation, every 500
// messages.
//
// A CipherState is used in one direction only and is not safe for
// concurrent use. After a decryption failure it refuses all further input:
// the stream can no longer be trusted.
type CipherState struct {
	aead  cipher.AEAD // keyed with k
	k, ck [32]byte
	n     uint64

	// Scratch space kept in the struct so that the slices passed to the
	// AEAD interface do not escape to the heap on every frame.
	nonce  [chacha20poly1305.NonceSize]byte
	lenBuf [2]byte

	// bodyLen is the message length announced by the last decrypted header,
	// or -1 when a header comes next.
	bodyLen int
	failed  error
}

// NewCipherState returns a cipher state starting at nonce 0 with the given
// key and chaining key. A handshake creates its cipher states itself; this
// constructor exists for test vectors and for tools that already hold keys.
func NewCipherState(key, chainingKey [32]byte) *CipherState {
	c := new(CipherState)
	c.reset(key, chainingKey)
	return c
}

func (c *CipherState) reset(key, chainingKey [32]byte) {
	c.k, c.ck = key, chainingKey
	c.aead = newAEAD(&c.k)
	c.n = 0
	putNonce(&c.nonce, 0)
	c.bodyLen = -1
	c.failed = nil
}

// advance increments the nonce after one encryption or decryption and
// rotates the key when the nonce reaches 1000.
//
// BOLT #8: "The nonce sn MUST be incremented after this step."
func (c *CipherState) advance() {
	c.n++
	if c.n == rotateAt {
		c.rotate()
	}
	putNonce(&c.nonce, c.n)
}

// rotate runs BOLT #8 "Lightning Message Key Rotation":
// ck', k' = HKDF(ck, k); n = 0; k = k'; ck = ck'.
func (c *CipherState) rotate() {
	c.ck, c.k = hkdf2(&c.ck, c.k[:])
	c.aead = newAEAD(&c.k)
	c.n = 0
}

// EncryptFrame appends the frame carrying msg to dst and returns the
// extended slice: the encrypted 2-byte length and its MAC, then the encrypted
// message and its MAC (len(msg) + FrameOverhead bytes). It returns
// ErrMessageTooLarge, and changes nothing, when len(msg) > MaxMessageSize.
// msg must not overlap the spare capacity of dst.
func (c *CipherState) EncryptFrame(dst, msg []byte) ([]byte, error) {
	if len(msg) > MaxMessageSize {
		return dst, ErrMessageTooLarge
	}
	// BOLT #8: "Serialize l into 2 bytes encoded as a big-endian integer."
	binary.BigEndian.PutUint16(c.lenBuf[:], uint16(len(msg)))
	// BOLT #8: "A zero-length byte slice is to be passed as the AD".
	dst = c.aead.Seal(dst, c.nonce[:], c.lenBuf[:], nil)
	c.advance()
	dst = c.aead.Seal(dst, c.nonce[:], msg, nil)
	c.advance()
	return dst, nil
}

// DecryptHeader decrypts a frame's 18-byte length prefix and returns the
// length l of the message that follows; the caller then reads l + MACSize
// bytes and passes them to DecryptBody. A header shorter than
// LengthHeaderSize fails with ErrShortRead, a longer one with ErrFrameState,
// a tag that does not verify with ErrBadMAC.
func (c *CipherState) DecryptHeader(hdr []byte) (int, error) {
	if c.failed != nil {
		return 0, c.failed
	}
	if c.bodyLen >= 0 {
		return 0, ErrFrameState
	}
	switch {
	case len(hdr) < LengthHeaderSize:
		return 0, ErrShortRead
	case len(hdr) > LengthHeaderSize:
		return 0, ErrFrameState
	}
	if _, err := c.aead.Open(c.lenBuf[:0], c.nonce[:], hdr, nil); err != nil {
		c.failed = ErrBadMAC
		return 0, ErrBadMAC
	}
	c.advance()
	// Two bytes cannot encode more than MaxMessageSize, so any decrypted
	// length is one an honest peer may send.
	c.bodyLen = int(binary.BigEndian.Uint16(c.lenBuf[:]))
	return c.bodyLen, nil
}

// DecryptBody decrypts the body of the frame whose header DecryptHeader just
// returned l for: body must be exactly l + MACSize bytes. It appends the
// message to dst and returns the extended slice. dst may be body[:0] to
// decrypt in place; otherwise it must not overlap body.
func (c *CipherState) DecryptBody(dst, body []byte) ([]byte, error) {
	if c.failed != nil {
		return dst, c.failed
	}
	if c.bodyLen < 0 {
		return dst, ErrFrameState
	}
	switch want := c.bodyLen + MACSize; {
	case len(body) < want:
		return dst, ErrShortRead
	case len(body) > want:
		return dst, ErrFrameState
	}
	out, err := c.aead.Open(dst, c.nonce[:], body, nil)
	if err != nil {
		c.failed = ErrBadMAC
		return dst, ErrBadMAC
	}
	c.advance()
	c.bodyLen = -1
	return out, nil
}

// DecryptFrame decrypts one whole frame held in frame (header and body) and
// appends the message to dst. It is DecryptHeader and DecryptBody together,
// for callers that already have the frame in memory. frame must be exactly
// one frame long.
func (c *CipherState) DecryptFrame(dst, frame []byte) ([]byte, error) {
	if len(frame) < LengthHeaderSize {
		return dst, ErrShortRead
	}
	if _, err := c.DecryptHeader(frame[:LengthHeaderSize]); err != nil {
		return dst, err
	}
	return c.DecryptBody(dst, frame[LengthHeaderSize:])
}
