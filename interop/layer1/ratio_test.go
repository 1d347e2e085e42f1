package layer1

import (
	"bytes"
	"io"
	"strconv"
	"testing"

	"github.com/lnstack/lnstack/interop/internal/cpuratio"
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
		initID, respID := benchIdentities(b)
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
	r := cpuratio.Run(b, cpuratio.Options{OpsPerCall: batch, Prepare: prepare}, ours, theirs)
	r.ReportCPU(b, "lnstack", "brontide")
	r.ReportRatio(b, "lnstack/brontide", 0, 1)
}
