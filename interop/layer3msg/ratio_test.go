package layer3msg

import (
	"bytes"
	"encoding/binary"
	"testing"

	"github.com/lnstack/lnstack/interop/internal/cpuratio"
	messaging "github.com/lnstack/lnstack/layer2_messaging"
	cm "github.com/lnstack/lnstack/layer3_p2p/channelmsg"
)

// ratioBlock is how many operations one timed block runs, so that reading
// the thread clock (a system call) stays far below the work measured.
const ratioBlock = 256

// BenchmarkRatio runs the Decode and Encode cases of bench_test.go, and
// decode-into (the peer's way: Decoder.DecodeInto of the frame), for
// lnstack and lnwire alternately inside one loop, timing each block of
// ratioBlock operations with the thread's CPU clock: on a shared machine
// the separate wall-clock benchmarks drift with the load, while here both
// sides see the same conditions and time spent descheduled counts for
// neither. It reports each side's CPU time per operation and lnd/lnstack,
// the speed-up (the target for decoding is 3 or more).
//
// The thread clock counts a side's own work and the garbage collection
// assists its allocations pay for, not the collector's background workers:
// lnwire, which allocates more, is charged a little less than its full
// cost.
func BenchmarkRatio(b *testing.B) {
	for _, c := range benchCases() {
		p, m := c.payload(b)
		b.Run(c.name+"/decode", func(b *testing.B) {
			l := c.newLnd()
			var r bytes.Reader
			runRatio(b, func() {
				if err := m.Decode(p); err != nil {
					b.Fatal(err)
				}
			}, func() {
				r.Reset(p)
				if err := l.Decode(&r, 0); err != nil {
					b.Fatal(err)
				}
			})
		})
		b.Run(c.name+"/decode-into", func(b *testing.B) {
			// The frame as the peer reads it, decoded by the no-copy
			// Decoder into a message reused across iterations
			// (DecodeInto, which reuses the slices a message's Reset
			// keeps); lnwire: the same reused-message Decode as in
			// decode, after the type check its ReadMessage makes.
			frame := append(binary.BigEndian.AppendUint16(nil, m.Type()), p...)
			codec, err := messaging.NewCodec(messaging.Messages(), cm.Messages())
			if err != nil {
				b.Fatal(err)
			}
			dec, into := codec.NewDecoder(), entryOfType(b, m.Type()).New()
			l := c.newLnd()
			var r bytes.Reader
			runRatio(b, func() {
				if err := dec.DecodeInto(frame, into); err != nil {
					b.Fatal(err)
				}
			}, func() {
				if binary.BigEndian.Uint16(frame) != uint16(l.MsgType()) {
					b.Fatal("type mismatch")
				}
				r.Reset(frame[2:])
				if err := l.Decode(&r, 0); err != nil {
					b.Fatal(err)
				}
			})
		})
		b.Run(c.name+"/encode", func(b *testing.B) {
			ours := make([]byte, 0, len(p))
			var theirs bytes.Buffer
			runRatio(b, func() {
				if _, err := m.Encode(ours[:0]); err != nil {
					b.Fatal(err)
				}
			}, func() {
				theirs.Reset()
				if err := c.lnd.Encode(&theirs, 0); err != nil {
					b.Fatal(err)
				}
			})
		})
	}
}

// runRatio times ours and theirs, ratioBlock operations each, once per
// iteration, the order alternating between iterations.
func runRatio(b *testing.B, ours, theirs func()) {
	b.Helper()
	r := cpuratio.Run(b, cpuratio.Options{Reps: ratioBlock}, ours, theirs)
	r.ReportCPU(b, "lnstack", "lnd")
	r.ReportRatio(b, "lnd/lnstack", 1, 0)
}
