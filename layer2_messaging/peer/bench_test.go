package peer

import (
	"context"
	"testing"
	"time"
)

// BenchmarkSendRecv measures one upper-layer message from Send on one Peer
// to Recv on the other, over BOLT #8 on loopback TCP: encoding, encryption,
// the socket, decryption, decoding and delivery.
func BenchmarkSendRecv(b *testing.B) {
	cfg := Config{Codec: testCodec(b), Features: testFeatures(), PingInterval: -1}
	pa, pb := startPair(b, cfg, cfg)
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Minute)
	defer cancel()
	m := &testMsg{typ: typeTestOdd, Value: 1, Data: make([]byte, 100)}
	done := make(chan error, 1)
	b.ReportAllocs()
	b.ResetTimer()
	go func() {
		for range b.N {
			if _, err := pb.Recv(ctx); err != nil {
				done <- err
				return
			}
		}
		done <- nil
	}()
	for range b.N {
		if err := pa.Send(ctx, m); err != nil {
			b.Fatal(err)
		}
	}
	if err := <-done; err != nil {
		b.Fatal(err)
	}
}
