package noise

import (
	"bytes"
	"crypto/rand"
	"crypto/sha256"
	"encoding/binary"
	"errors"
	"io"
	mrand "math/rand/v2"
	"testing"

	"golang.org/x/crypto/chacha20poly1305"
	"golang.org/x/crypto/hkdf"
)

// testCipherPair returns a sending and a receiving state on the same key.
func testCipherPair(tb testing.TB) (send, recv *CipherState) {
	tb.Helper()
	var k, ck [32]byte
	if _, err := rand.Read(k[:]); err != nil {
		tb.Fatal(err)
	}
	if _, err := rand.Read(ck[:]); err != nil {
		tb.Fatal(err)
	}
	return NewCipherState(k, ck), NewCipherState(k, ck)
}

func TestFrameRoundTripRandom(t *testing.T) {
	send, recv := testCipherPair(t)
	rng := mrand.New(mrand.NewPCG(1, 2))
	sizes := []int{0, 1, 2, 15, 16, 17, 255, 256, 1000, MaxMessageSize - 1, MaxMessageSize}
	for range 300 {
		sizes = append(sizes, rng.IntN(MaxMessageSize+1))
	}
	var frame, out []byte
	for _, n := range sizes {
		msg := make([]byte, n)
		for i := range msg {
			msg[i] = byte(rng.Uint32())
		}
		var err error
		frame, err = send.EncryptFrame(frame[:0], msg)
		if err != nil {
			t.Fatal(err)
		}
		if len(frame) != n+FrameOverhead {
			t.Fatalf("frame of %d bytes for a %d-byte message", len(frame), n)
		}
		l, err := recv.DecryptHeader(frame[:LengthHeaderSize])
		if err != nil || l != n {
			t.Fatalf("header: length %d, %v; want %d", l, err, n)
		}
		out, err = recv.DecryptBody(out[:0], frame[LengthHeaderSize:])
		if err != nil || !bytes.Equal(out, msg) {
			t.Fatalf("body of %d bytes: %v", n, err)
		}
	}
}

func TestFrameDecryptInPlace(t *testing.T) {
	send, recv := testCipherPair(t)
	msg := []byte("decrypted over its own ciphertext")
	frame, _ := send.EncryptFrame(nil, msg)
	body := frame[LengthHeaderSize:]
	if _, err := recv.DecryptHeader(frame[:LengthHeaderSize]); err != nil {
		t.Fatal(err)
	}
	got, err := recv.DecryptBody(body[:0], body)
	if err != nil || !bytes.Equal(got, msg) {
		t.Fatalf("in place: %q, %v", got, err)
	}
}

func TestFrameBitFlips(t *testing.T) {
	// Every single-bit change anywhere in a frame, in the length part or
	// the body part, fails authentication. Checked at nonce 0 and on the
	// first frame after a key rotation.
	for _, skip := range []int{0, 500} {
		send, recv := testCipherPair(t)
		for range skip {
			f, _ := send.EncryptFrame(nil, []byte("x"))
			if _, err := recv.DecryptFrame(nil, f); err != nil {
				t.Fatal(err)
			}
		}
		frame, _ := send.EncryptFrame(nil, []byte("a message of some twenty-odd bytes"))
		for i := 0; i < len(frame)*8; i++ {
			r := *recv // a copy at the same nonce
			_, err := r.DecryptFrame(nil, flipBit(frame, i))
			if !errors.Is(err, ErrBadMAC) {
				t.Fatalf("skip %d, bit %d (byte %d): got %v, want ErrBadMAC", skip, i, i/8, err)
			}
			// A failed state refuses everything after, even the genuine frame.
			if _, err := r.DecryptFrame(nil, frame); !errors.Is(err, ErrBadMAC) {
				t.Fatalf("state usable after a MAC failure: %v", err)
			}
		}
		if got, err := recv.DecryptFrame(nil, frame); err != nil || string(got) != "a message of some twenty-odd bytes" {
			t.Fatalf("genuine frame: %q, %v", got, err)
		}
	}
}

func TestFrameTooLarge(t *testing.T) {
	send, recv := testCipherPair(t)
	big := make([]byte, MaxMessageSize+1)
	dst := []byte("prefix")
	out, err := send.EncryptFrame(dst, big)
	if !errors.Is(err, ErrMessageTooLarge) || !bytes.Equal(out, dst) {
		t.Fatalf("oversized message: %v, %d bytes", err, len(out))
	}
	// Nothing was consumed: the next frame is still at nonce 0.
	frame, err := send.EncryptFrame(nil, big[:MaxMessageSize])
	if err != nil {
		t.Fatal(err)
	}
	l, err := recv.DecryptHeader(frame[:LengthHeaderSize])
	if err != nil || l != MaxMessageSize {
		t.Fatalf("largest frame: length %d, %v", l, err)
	}
	if _, err := recv.DecryptBody(nil, frame[LengthHeaderSize:]); err != nil {
		t.Fatal(err)
	}
}

func TestFrameLengthHonoured(t *testing.T) {
	// The body must be exactly what the header announced: a shorter one is
	// a short read, a longer one a misuse, and a body with no header before
	// it too. The largest length two bytes can carry is MaxMessageSize, so
	// no header can announce more.
	if MaxMessageSize != 1<<16-1 {
		t.Fatal("MaxMessageSize is not the largest 2-byte length")
	}
	send, recv := testCipherPair(t)
	if _, err := recv.DecryptBody(nil, make([]byte, MACSize)); !errors.Is(err, ErrFrameState) {
		t.Fatalf("body before header: %v", err)
	}
	frame, _ := send.EncryptFrame(nil, []byte("twelve bytes"))
	l, err := recv.DecryptHeader(frame[:LengthHeaderSize])
	if err != nil || l != 12 {
		t.Fatalf("header: %d, %v", l, err)
	}
	if _, err := recv.DecryptHeader(frame[:LengthHeaderSize]); !errors.Is(err, ErrFrameState) {
		t.Fatalf("second header before the body: %v", err)
	}
	body := frame[LengthHeaderSize:]
	if _, err := recv.DecryptBody(nil, body[:len(body)-1]); !errors.Is(err, ErrShortRead) {
		t.Fatalf("short body: %v", err)
	}
	if _, err := recv.DecryptBody(nil, append(body[:len(body):len(body)], 0)); !errors.Is(err, ErrFrameState) {
		t.Fatalf("long body: %v", err)
	}
	if got, err := recv.DecryptBody(nil, body); err != nil || string(got) != "twelve bytes" {
		t.Fatalf("body: %q, %v", got, err)
	}
	if _, err := recv.DecryptHeader(frame[:LengthHeaderSize-1]); !errors.Is(err, ErrShortRead) {
		t.Fatalf("short header: %v", err)
	}
}

func TestKeyRotation(t *testing.T) {
	// Recompute the rotation independently (x/crypto HKDF directly) and
	// check that frame 500, and only from there, uses the new key:
	// BOLT #8 rotates once the nonce reaches 1000, two nonces per message.
	var k, ck [32]byte
	copy(k[:], bytes.Repeat([]byte{0x42}, 32))
	copy(ck[:], bytes.Repeat([]byte{0x24}, 32))
	send := NewCipherState(k, ck)
	msg := []byte("hello")
	var frames [][]byte
	for range 1001 {
		f, _ := send.EncryptFrame(nil, msg)
		frames = append(frames, f)
	}
	next := func(ck, k [32]byte) (ck2, k2 [32]byte) {
		var out [64]byte
		if _, err := io.ReadFull(hkdf.New(sha256.New, k[:], ck[:], nil), out[:]); err != nil {
			t.Fatal(err)
		}
		copy(ck2[:], out[:32])
		copy(k2[:], out[32:])
		return ck2, k2
	}
	ck1, k1 := next(ck, k)
	_, k2 := next(ck1, k1)
	for i, want := range map[int][]byte{
		0: sealFrame(k, 0, msg), 499: sealFrame(k, 998, msg),
		500: sealFrame(k1, 0, msg), 999: sealFrame(k1, 998, msg),
		1000: sealFrame(k2, 0, msg),
	} {
		if !bytes.Equal(frames[i], want) {
			t.Fatalf("frame %d differs from the independent computation", i)
		}
	}
}

// sealFrame encrypts a frame directly with chacha20poly1305 at nonce n (and
// n+1 for the body).
func sealFrame(k [32]byte, n uint64, msg []byte) []byte {
	a, _ := chacha20poly1305.New(k[:])
	var nonce [12]byte
	var l [2]byte
	binary.BigEndian.PutUint16(l[:], uint16(len(msg)))
	binary.LittleEndian.PutUint64(nonce[4:], n)
	out := a.Seal(nil, nonce[:], l[:], nil)
	binary.LittleEndian.PutUint64(nonce[4:], n+1)
	return a.Seal(out, nonce[:], msg, nil)
}

func TestFrameHotPathAllocs(t *testing.T) {
	send, recv := testCipherPair(t)
	msg := make([]byte, 1024)
	dst := make([]byte, 0, len(msg)+FrameOverhead)
	out := make([]byte, 0, len(msg))
	// 1000 runs cross key rotations, whose rare allocation (a new AEAD) is
	// amortized below one per run.
	allocs := testing.AllocsPerRun(1000, func() {
		frame, err := send.EncryptFrame(dst[:0], msg)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := recv.DecryptFrame(out[:0], frame); err != nil {
			t.Fatal(err)
		}
	})
	if allocs != 0 {
		t.Fatalf("%v allocations per encrypt+decrypt", allocs)
	}
}
