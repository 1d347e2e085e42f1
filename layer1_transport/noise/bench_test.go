package noise

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"runtime"
	"strconv"
	"testing"
	"time"

	"github.com/btcsuite/btcd/btcec/v2"
	"golang.org/x/crypto/chacha20poly1305"
)

// benchSizes are the message sizes of the frame benchmarks: a small control
// message, a typical one, and the largest allowed.
var benchSizes = []int{32, 1024, MaxMessageSize}

// BenchmarkHandshake runs both sides of a handshake in memory through the
// state machines, with random ephemeral keys, as a node does it: identities
// built once, the remote node id already parsed.
func BenchmarkHandshake(b *testing.B) {
	p := newTestPeers(b)
	remote := p.resp.PubKey()
	b.ReportAllocs()
	for b.Loop() {
		handshakeOnce(b, p, remote)
	}
}

func handshakeOnce(b *testing.B, p testPeers, remote *btcec.PublicKey) {
	in, _ := NewInitiator(p.init, remote)
	re, _ := NewResponder(p.resp)
	a1, err := in.ActOne()
	if err != nil {
		b.Fatal(err)
	}
	a2, err := re.RecvActOne(a1[:])
	if err != nil {
		b.Fatal(err)
	}
	a3, _, err := in.RecvActTwo(a2[:])
	if err != nil {
		b.Fatal(err)
	}
	if _, err := re.RecvActThree(a3[:]); err != nil {
		b.Fatal(err)
	}
}

// BenchmarkHandshakePipe runs Initiate and Respond over net.Pipe: the state
// machines plus deadlines, goroutine hand-offs and the Conn setup.
func BenchmarkHandshakePipe(b *testing.B) {
	p := newTestPeers(b)
	remote := p.resp.PubKey()
	ctx := context.Background()
	b.ReportAllocs()
	for b.Loop() {
		ci, cr := pipeForBench()
		errc := make(chan error, 1)
		go func() {
			_, err := p.resp.Respond(ctx, cr)
			errc <- err
		}()
		if _, err := p.init.Initiate(ctx, ci, remote); err != nil {
			b.Fatal(err)
		}
		if err := <-errc; err != nil {
			b.Fatal(err)
		}
		ci.Close()
		cr.Close()
	}
}

// BenchmarkFloorHandshakeECC is the elliptic-curve work a handshake cannot
// avoid, for both sides: two ephemeral keys (random scalar, base point
// multiplication, compressed encoding) and the six ECDHs (es, ee, se on each
// side: multiplication, affine conversion, SHA-256 of the compressed point).
// BenchmarkHandshake compared with it shows the cost of everything else.
func BenchmarkFloorHandshakeECC(b *testing.B) {
	f := newECCFloor(b)
	b.ReportAllocs()
	for b.Loop() {
		f.once(b)
	}
}

// eccFloor holds the static keys of the floor benchmark.
type eccFloor struct {
	si, sr btcec.ModNScalar    // static private keys
	Si, Sr btcec.JacobianPoint // static public keys, affine
	sink   byte
}

func newECCFloor(b *testing.B) *eccFloor {
	p := newTestPeers(b)
	f := new(eccFloor)
	f.si.Set(&p.init.priv)
	f.sr.Set(&p.resp.priv)
	p.init.PubKey().AsJacobian(&f.Si)
	p.resp.PubKey().AsJacobian(&f.Sr)
	return f
}

func (f *eccFloor) once(b *testing.B) {
	var ei, er btcec.ModNScalar
	var Ei, Er btcec.JacobianPoint
	floorKey(b, &ei, &Ei)
	floorKey(b, &er, &Er)
	// Initiator: es, ee, se.
	f.sink ^= floorECDH(&ei, &f.Sr) ^ floorECDH(&ei, &Er) ^ floorECDH(&f.si, &Er)
	// Responder: es, ee, se.
	f.sink ^= floorECDH(&f.sr, &Ei) ^ floorECDH(&er, &Ei) ^ floorECDH(&er, &f.Si)
}

func floorKey(b *testing.B, k *btcec.ModNScalar, pub *btcec.JacobianPoint) {
	var buf [32]byte
	if _, err := rand.Read(buf[:]); err != nil {
		b.Fatal(err)
	}
	k.SetBytes(&buf)
	btcec.ScalarBaseMultNonConst(k, pub)
	pub.ToAffine()
	var c [33]byte
	c[0] = 0x02 | byte(pub.Y.IsOddBit())
	pub.X.PutBytesUnchecked(c[1:])
}

func floorECDH(k *btcec.ModNScalar, pub *btcec.JacobianPoint) byte {
	var r btcec.JacobianPoint
	btcec.ScalarMultNonConst(k, pub, &r)
	r.ToAffine()
	var c [33]byte
	c[0] = 0x02 | byte(r.Y.IsOddBit())
	r.X.PutBytesUnchecked(c[1:])
	h := sha256.Sum256(c[:])
	return h[0]
}

// BenchmarkEncrypt encrypts one frame per operation, key rotations
// included.
func BenchmarkEncrypt(b *testing.B) {
	for _, n := range benchSizes {
		b.Run(strconv.Itoa(n), func(b *testing.B) {
			send, _ := testCipherPair(b)
			msg := make([]byte, n)
			dst := make([]byte, 0, n+FrameOverhead)
			b.SetBytes(int64(n))
			b.ReportAllocs()
			for b.Loop() {
				var err error
				if dst, err = send.EncryptFrame(dst[:0], msg); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkDecrypt decrypts one frame per operation. The frames of a whole
// key period (500 messages) are made in advance; the receiving state is
// reset to its start after each period, so rotations are included.
func BenchmarkDecrypt(b *testing.B) {
	for _, n := range benchSizes {
		b.Run(strconv.Itoa(n), func(b *testing.B) {
			send, recv := testCipherPair(b)
			msg := make([]byte, n)
			const period = rotateAt / 2
			frames := make([][]byte, period)
			for i := range frames {
				frames[i], _ = send.EncryptFrame(nil, msg)
			}
			start := *recv
			out := make([]byte, 0, n)
			b.SetBytes(int64(n))
			b.ReportAllocs()
			i := 0
			for b.Loop() {
				if _, err := recv.DecryptFrame(out[:0], frames[i]); err != nil {
					b.Fatal(err)
				}
				if i++; i == period {
					i = 0
					*recv = start
				}
			}
		})
	}
}

// BenchmarkEncryptDecrypt encrypts a frame and decrypts it again: the
// transport's cost per message on both ends, to compare with
// BenchmarkFloorAEAD.
func BenchmarkEncryptDecrypt(b *testing.B) {
	for _, n := range benchSizes {
		b.Run(strconv.Itoa(n), func(b *testing.B) {
			send, recv := testCipherPair(b)
			msg := make([]byte, n)
			frame := make([]byte, 0, n+FrameOverhead)
			out := make([]byte, 0, n)
			b.SetBytes(int64(n))
			b.ReportAllocs()
			for b.Loop() {
				var err error
				if frame, err = send.EncryptFrame(frame[:0], msg); err != nil {
					b.Fatal(err)
				}
				if _, err := recv.DecryptFrame(out[:0], frame); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkFloorAEAD is raw ChaCha20-Poly1305 seal and open of a message of
// the same size with one AEAD: the floor under BenchmarkEncryptDecrypt.
func BenchmarkFloorAEAD(b *testing.B) {
	for _, n := range benchSizes {
		b.Run(strconv.Itoa(n), func(b *testing.B) {
			var key [32]byte
			rand.Read(key[:])
			aead, _ := chacha20poly1305.New(key[:])
			var nonce [chacha20poly1305.NonceSize]byte
			msg := make([]byte, n)
			ct := make([]byte, 0, n+MACSize)
			out := make([]byte, 0, n)
			b.SetBytes(int64(n))
			b.ReportAllocs()
			for b.Loop() {
				ct = aead.Seal(ct[:0], nonce[:], msg, nil)
				if _, err := aead.Open(out[:0], nonce[:], ct, nil); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// The machine the benchmarks run on may be shared, which makes absolute
// timings of two separate benchmarks hard to compare. The ratio benchmarks
// below alternate the measured code and its floor within one loop, time each
// with the thread's CPU clock (threadClock) and report the ratio of the two
// sums.

// BenchmarkRatioHandshakeToFloor reports BenchmarkHandshake's time over
// BenchmarkFloorHandshakeECC's.
func BenchmarkRatioHandshakeToFloor(b *testing.B) {
	p := newTestPeers(b)
	remote := p.resp.PubKey()
	f := newECCFloor(b)
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	var tHS, tFloor time.Duration
	odd := false
	for b.Loop() {
		t0 := threadClock()
		if odd {
			f.once(b)
		} else {
			handshakeOnce(b, p, remote)
		}
		t1 := threadClock()
		if odd {
			handshakeOnce(b, p, remote)
		} else {
			f.once(b)
		}
		t2 := threadClock()
		if odd {
			tFloor, tHS = tFloor+(t1-t0), tHS+(t2-t1)
		} else {
			tHS, tFloor = tHS+(t1-t0), tFloor+(t2-t1)
		}
		odd = !odd
	}
	b.ReportMetric(float64(tHS)/float64(tFloor), "handshake/floor")
	b.ReportMetric(float64(tHS)/float64(b.N), "cpu-ns/handshake")
	b.ReportMetric(float64(tFloor)/float64(b.N), "cpu-ns/floor")
}

// BenchmarkRatioEncDecToAEAD reports BenchmarkEncryptDecrypt's time over
// BenchmarkFloorAEAD's, per message size.
func BenchmarkRatioEncDecToAEAD(b *testing.B) {
	for _, n := range benchSizes {
		b.Run(strconv.Itoa(n), func(b *testing.B) {
			send, recv := testCipherPair(b)
			var key [32]byte
			rand.Read(key[:])
			aead, _ := chacha20poly1305.New(key[:])
			var nonce [chacha20poly1305.NonceSize]byte
			msg := make([]byte, n)
			frame := make([]byte, 0, n+FrameOverhead)
			ct := make([]byte, 0, n+MACSize)
			out := make([]byte, 0, n)
			// Batch small messages so the clock reads do not dominate.
			batch := max(1, 4096/n)
			ours := func() {
				for range batch {
					frame, _ = send.EncryptFrame(frame[:0], msg)
					if _, err := recv.DecryptFrame(out[:0], frame); err != nil {
						b.Fatal(err)
					}
				}
			}
			floor := func() {
				for range batch {
					ct = aead.Seal(ct[:0], nonce[:], msg, nil)
					if _, err := aead.Open(out[:0], nonce[:], ct, nil); err != nil {
						b.Fatal(err)
					}
				}
			}
			runtime.LockOSThread()
			defer runtime.UnlockOSThread()
			var tOurs, tFloor time.Duration
			odd := false
			for b.Loop() {
				first, second := ours, floor
				if odd {
					first, second = floor, ours
				}
				t0 := threadClock()
				first()
				t1 := threadClock()
				second()
				t2 := threadClock()
				if odd {
					tFloor, tOurs = tFloor+(t1-t0), tOurs+(t2-t1)
				} else {
					tOurs, tFloor = tOurs+(t1-t0), tFloor+(t2-t1)
				}
				odd = !odd
			}
			b.ReportMetric(float64(tOurs)/float64(tFloor), "encdec/aead")
			b.ReportMetric(float64(tOurs)/float64(b.N*batch), "cpu-ns/encdec")
			b.ReportMetric(float64(tFloor)/float64(b.N*batch), "cpu-ns/aead")
		})
	}
}
