package transport

import (
	"context"
	"testing"
)

// BenchmarkDialLoopback measures a whole connection setup on 127.0.0.1: TCP
// connect plus the three acts, both sides in this process.
func BenchmarkDialLoopback(b *testing.B) {
	serverKey, clientKey := newKey(b), newKey(b)
	l := listen(b, serverKey)
	addr := listenerAddr(b, l)
	done := make(chan struct{})
	go func() {
		defer close(done)
		for {
			c, err := l.Accept()
			if err != nil {
				return
			}
			c.Close()
		}
	}()
	ctx := context.Background()
	b.ReportAllocs()
	for b.Loop() {
		c, err := Dial(ctx, nil, addr, serverKey.PubKey(), clientKey)
		if err != nil {
			b.Fatal(err)
		}
		c.Close()
	}
	b.StopTimer()
	l.Close()
	<-done
}
