package layer1

import (
	"bytes"
	"io"
	"strconv"
	"testing"

	"github.com/lightningnetwork/lnd/brontide"
	"github.com/lnstack/lnstack/layer1_transport/noise"
)

// The benchmarks run lnstack and lnd's brontide on the same work, in the
// same process, under the names <Benchmark>/<size>/{lnstack,brontide}:
//
//   - Handshake: both sides of a complete three-act handshake in memory,
//     fresh ephemeral keys each time, static keys prepared once (lnstack's
//     noise.Identity; for brontide a key whose public half is cached, as
//     lnd's own node key is).
//   - Encrypt: one message into one frame, written to io.Discard (brontide:
//     Machine.WriteMessage then Flush).
//   - Decrypt: one frame read from an in-memory stream and decrypted in
//     place (brontide: Machine.ReadHeader then ReadBody). Frames are made
//     by the peer's sender in batches with the timer stopped, because a
//     receiver's nonce only moves forward.
//
// Key rotation (every 500 messages) is part of the measured work in both.

// benchSizes are the message sizes of the Encrypt and Decrypt benchmarks:
// a small control message, a typical gossip or commitment message, and the
// largest message BOLT #8 allows.
var benchSizes = []int{32, 1024, noise.MaxMessageSize}

// batchBytes is about how many ciphertext bytes Decrypt prepares at once.
const batchBytes = 8 << 20

func BenchmarkHandshake(b *testing.B) {
	initKey, respKey := testKey(b, "initiator"), testKey(b, "responder")
	b.Run("lnstack", func(b *testing.B) {
		initID, respID := benchIdentities(b)
		b.ReportAllocs()
		for b.Loop() {
			lnstackHandshake(b, initID, respID)
		}
	})
	b.Run("brontide", func(b *testing.B) {
		initECDH, respECDH := newStaticKey(initKey), newStaticKey(respKey)
		b.ReportAllocs()
		for b.Loop() {
			brontideHandshake(b, initECDH, respECDH)
		}
	})
}

func BenchmarkEncrypt(b *testing.B) {
	for _, size := range benchSizes {
		msg := bytes.Repeat([]byte{0x5a}, size)
		b.Run(strconv.Itoa(size), func(b *testing.B) {
			b.Run("lnstack", func(b *testing.B) {
				send, _ := lnstackPair(b)
				buf := make([]byte, 0, size+noise.FrameOverhead)
				b.SetBytes(int64(size))
				b.ReportAllocs()
				for b.Loop() {
					frame, err := send.Send().EncryptFrame(buf[:0], msg)
					if err != nil {
						b.Fatal(err)
					}
					if _, err := io.Discard.Write(frame); err != nil {
						b.Fatal(err)
					}
				}
			})
			b.Run("brontide", func(b *testing.B) {
				send, _ := brontidePair(b)
				b.SetBytes(int64(size))
				b.ReportAllocs()
				for b.Loop() {
					if err := send.WriteMessage(msg); err != nil {
						b.Fatal(err)
					}
					if _, err := send.Flush(io.Discard); err != nil {
						b.Fatal(err)
					}
				}
			})
		})
	}
}

func BenchmarkDecrypt(b *testing.B) {
	for _, size := range benchSizes {
		msg := bytes.Repeat([]byte{0x5a}, size)
		batch := max(batchBytes/(size+noise.FrameOverhead), 64)
		b.Run(strconv.Itoa(size), func(b *testing.B) {
			b.Run("lnstack", func(b *testing.B) {
				send, recv := lnstackPair(b)
				var (
					stream bytes.Buffer
					frame  = make([]byte, 0, size+noise.FrameOverhead)
					fill   = func(w *bytes.Buffer) error {
						out, err := send.Send().EncryptFrame(frame[:0], msg)
						w.Write(out)
						return err
					}
					hdr  [noise.LengthHeaderSize]byte
					body = make([]byte, size+noise.MACSize)
				)
				decryptLoop(b, size, &stream, batch, fill, func(r *bytes.Reader) error {
					if _, err := io.ReadFull(r, hdr[:]); err != nil {
						return err
					}
					n, err := recv.Recv().DecryptHeader(hdr[:])
					if err != nil {
						return err
					}
					ct := body[:n+noise.MACSize]
					if _, err := io.ReadFull(r, ct); err != nil {
						return err
					}
					_, err = recv.Recv().DecryptBody(ct[:0], ct)
					return err
				})
			})
			b.Run("brontide", func(b *testing.B) {
				send, recv := brontidePair(b)
				var (
					stream bytes.Buffer
					fill   = func(w *bytes.Buffer) error {
						if err := send.WriteMessage(msg); err != nil {
							return err
						}
						_, err := send.Flush(w)
						return err
					}
					body = make([]byte, size+noise.MACSize)
				)
				decryptLoop(b, size, &stream, batch, fill, func(r *bytes.Reader) error {
					n, err := recv.ReadHeader(r)
					if err != nil {
						return err
					}
					_, err = recv.ReadBody(r, body[:n])
					return err
				})
			})
		})
	}
}

// decryptLoop times decrypt over b.N frames of size-byte messages; every
// batch frames it stops the timer and has fill write the next batch into
// stream.
func decryptLoop(b *testing.B, size int, stream *bytes.Buffer, batch int,
	fill func(*bytes.Buffer) error, decrypt func(*bytes.Reader) error) {
	b.Helper()
	b.SetBytes(int64(size))
	r := bytes.NewReader(nil)
	left := 0
	b.ReportAllocs()
	b.ResetTimer()
	for range b.N {
		if left == 0 {
			b.StopTimer()
			stream.Reset()
			for range batch {
				if err := fill(stream); err != nil {
					b.Fatal(err)
				}
			}
			r.Reset(stream.Bytes())
			left = batch
			b.StartTimer()
		}
		if err := decrypt(r); err != nil {
			b.Fatal(err)
		}
		left--
	}
}

// lnstackHandshake runs a complete handshake between two lnstack state
// machines and returns the initiator's and the responder's sessions.
func lnstackHandshake(tb testing.TB, initID, respID *noise.Identity) (*noise.Session, *noise.Session) {
	in, err := noise.NewInitiator(initID, respID.PubKey())
	if err != nil {
		tb.Fatal(err)
	}
	re, err := noise.NewResponder(respID)
	if err != nil {
		tb.Fatal(err)
	}
	act1, err := in.ActOne()
	if err != nil {
		tb.Fatal(err)
	}
	act2, err := re.RecvActOne(act1[:])
	if err != nil {
		tb.Fatal(err)
	}
	act3, initSession, err := in.RecvActTwo(act2[:])
	if err != nil {
		tb.Fatal(err)
	}
	respSession, err := re.RecvActThree(act3[:])
	if err != nil {
		tb.Fatal(err)
	}
	return initSession, respSession
}

// brontideHandshake runs a complete handshake between two brontide machines
// and returns the initiator's and the responder's machine.
func brontideHandshake(tb testing.TB, initKey, respKey *staticKey) (*brontide.Machine, *brontide.Machine) {
	in := brontide.NewBrontideMachine(true, initKey, respKey.PubKey())
	re := brontide.NewBrontideMachine(false, respKey, nil)
	act1, err := in.GenActOne()
	if err != nil {
		tb.Fatal(err)
	}
	if err := re.RecvActOne(act1); err != nil {
		tb.Fatal(err)
	}
	act2, err := re.GenActTwo()
	if err != nil {
		tb.Fatal(err)
	}
	if err := in.RecvActTwo(act2); err != nil {
		tb.Fatal(err)
	}
	act3, err := in.GenActThree()
	if err != nil {
		tb.Fatal(err)
	}
	if err := re.RecvActThree(act3); err != nil {
		tb.Fatal(err)
	}
	return in, re
}

// benchIdentities are the lnstack identities of the "initiator" and
// "responder" test keys, the two ends of every benchmarked handshake.
func benchIdentities(tb testing.TB) (initID, respID *noise.Identity) {
	initID, err := noise.NewIdentity(testKey(tb, "initiator"))
	if err != nil {
		tb.Fatal(err)
	}
	respID, err = noise.NewIdentity(testKey(tb, "responder"))
	if err != nil {
		tb.Fatal(err)
	}
	return initID, respID
}

// lnstackPair is a sender session and its peer's session after a handshake.
func lnstackPair(tb testing.TB) (*noise.Session, *noise.Session) {
	initID, respID := benchIdentities(tb)
	return lnstackHandshake(tb, initID, respID)
}

// brontidePair is a sender machine and its peer's machine after a
// handshake.
func brontidePair(tb testing.TB) (*brontide.Machine, *brontide.Machine) {
	return brontideHandshake(tb, newStaticKey(testKey(tb, "initiator")), newStaticKey(testKey(tb, "responder")))
}
