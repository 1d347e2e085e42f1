package layer1

import (
	"bytes"
	"io"
	"runtime"
	"strconv"
	"testing"
	"time"

	"github.com/lnstack/lnstack/layer1_transport/noise"
)

// ratioBlockBytes is about how many message bytes one timed block of a
// ratio benchmark handles, so that reading the thread clock (a system call)
// stays far below the work measured.
const ratioBlockBytes = 32 << 10

// BenchmarkRatio runs the work of BenchmarkHandshake, BenchmarkEncrypt and
// BenchmarkDecrypt for lnstack and brontide alternately inside one loop,
// timing each block with the thread's CPU clock. On a shared machine the
// separate wall-clock benchmarks drift with the load; here both sides see
// the same conditions, and time spent descheduled counts for neither. It
// reports each side's CPU time per operation and their ratio
// (lnstack/brontide: below 1 means lnstack is faster).
func BenchmarkRatio(b *testing.B) {
	b.Run("Handshake", func(b *testing.B) {
		initKey, respKey := testKey(b, "initiator"), testKey(b, "responder")
		initID, err := noise.NewIdentity(initKey)
		if err != nil {
			b.Fatal(err)
		}
		respID, err := noise.NewIdentity(respKey)
		if err != nil {
			b.Fatal(err)
		}
		initECDH, respECDH := newStaticKey(initKey), newStaticKey(respKey)
		runRatio(b, 1, nil,
			func() { lnstackHandshake(b, initID, respID) },
			func() { brontideHandshake(b, initECDH, respECDH) })
	})
	for _, size := range benchSizes {
		msg := bytes.Repeat([]byte{0x5a}, size)
		batch := max(1, ratioBlockBytes/(size+noise.FrameOverhead))
		b.Run("Encrypt/"+strconv.Itoa(size), func(b *testing.B) {
			ourSend, _ := lnstackPair(b)
			theirSend, _ := brontidePair(b)
			buf := make([]byte, 0, size+noise.FrameOverhead)
			runRatio(b, batch, nil,
				func() {
					for range batch {
						frame, err := ourSend.Send().EncryptFrame(buf[:0], msg)
						if err != nil {
							b.Fatal(err)
						}
						if _, err := io.Discard.Write(frame); err != nil {
							b.Fatal(err)
						}
					}
				},
				func() {
					for range batch {
						if err := theirSend.WriteMessage(msg); err != nil {
							b.Fatal(err)
						}
						if _, err := theirSend.Flush(io.Discard); err != nil {
							b.Fatal(err)
						}
					}
				})
		})
		b.Run("Decrypt/"+strconv.Itoa(size), func(b *testing.B) {
			ourSend, ourRecv := lnstackPair(b)
			theirSend, theirRecv := brontidePair(b)
			var (
				ourStream, theirStream bytes.Buffer
				ourR, theirR           bytes.Reader
				frame                  = make([]byte, 0, size+noise.FrameOverhead)
				hdr                    [noise.LengthHeaderSize]byte
				body                   = make([]byte, size+noise.MACSize)
			)
			prepare := func() {
				ourStream.Reset()
				theirStream.Reset()
				for range batch {
					out, err := ourSend.Send().EncryptFrame(frame[:0], msg)
					if err != nil {
						b.Fatal(err)
					}
					ourStream.Write(out)
					if err := theirSend.WriteMessage(msg); err != nil {
						b.Fatal(err)
					}
					if _, err := theirSend.Flush(&theirStream); err != nil {
						b.Fatal(err)
					}
				}
				ourR.Reset(ourStream.Bytes())
				theirR.Reset(theirStream.Bytes())
			}
			runRatio(b, batch, prepare,
				func() {
					for range batch {
						if _, err := io.ReadFull(&ourR, hdr[:]); err != nil {
							b.Fatal(err)
						}
						n, err := ourRecv.Recv().DecryptHeader(hdr[:])
						if err != nil {
							b.Fatal(err)
						}
						ct := body[:n+noise.MACSize]
						if _, err := io.ReadFull(&ourR, ct); err != nil {
							b.Fatal(err)
						}
						if _, err := ourRecv.Recv().DecryptBody(ct[:0], ct); err != nil {
							b.Fatal(err)
						}
					}
				},
				func() {
					for range batch {
						n, err := theirRecv.ReadHeader(&theirR)
						if err != nil {
							b.Fatal(err)
						}
						if _, err := theirRecv.ReadBody(&theirR, body[:n]); err != nil {
							b.Fatal(err)
						}
					}
				})
		})
	}
}

// runRatio times ours and theirs, batch operations each, once per
// iteration in alternating order, after the untimed prepare (if any).
func runRatio(b *testing.B, batch int, prepare, ours, theirs func()) {
	b.Helper()
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	var (
		tOurs, tTheirs time.Duration
		iterations     int
	)
	for b.Loop() {
		if prepare != nil {
			prepare()
		}
		first, second := ours, theirs
		if iterations%2 == 1 {
			first, second = theirs, ours
		}
		t0 := threadClock()
		first()
		t1 := threadClock()
		second()
		t2 := threadClock()
		if iterations%2 == 1 {
			tTheirs, tOurs = tTheirs+(t1-t0), tOurs+(t2-t1)
		} else {
			tOurs, tTheirs = tOurs+(t1-t0), tTheirs+(t2-t1)
		}
		iterations++
	}
	ops := float64(iterations * batch)
	b.ReportMetric(float64(tOurs)/ops, "lnstack-cpu-ns/op")
	b.ReportMetric(float64(tTheirs)/ops, "brontide-cpu-ns/op")
	b.ReportMetric(float64(tOurs)/float64(tTheirs), "lnstack/brontide")
}
