package noise

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"sync"
	"testing"
	"time"
)

// testMessage is message i of a stream: its index, then filler, with sizes
// cycling through 0..MaxMessageSize so that small, odd and maximal messages
// all occur.
func testMessage(i int) []byte {
	sizes := []int{4, 5, 100, 1, 4096, 17, MaxMessageSize, 333}
	n := sizes[i%len(sizes)]
	msg := make([]byte, n)
	if n >= 4 {
		binary.BigEndian.PutUint32(msg, uint32(i))
	}
	for j := 4; j < n; j++ {
		msg[j] = byte(i + j)
	}
	return msg
}

// exchange sends count messages each way at once and checks every one.
// 2100 messages cross four key rotations in each direction.
func exchange(t *testing.T, a, b *Conn, count int) {
	t.Helper()
	var wg sync.WaitGroup
	errs := make(chan error, 4)
	for _, dir := range []struct{ from, to *Conn }{{a, b}, {b, a}} {
		wg.Add(2)
		go func() {
			defer wg.Done()
			for i := range count {
				if err := dir.from.WriteMessage(testMessage(i)); err != nil {
					errs <- fmt.Errorf("write %d: %w", i, err)
					return
				}
			}
		}()
		go func() {
			defer wg.Done()
			for i := range count {
				got, err := dir.to.ReadMessage()
				if err != nil {
					errs <- fmt.Errorf("read %d: %w", i, err)
					return
				}
				if !bytes.Equal(got, testMessage(i)) {
					errs <- fmt.Errorf("message %d: %d bytes differ", i, len(got))
					return
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
}

func TestConnRoundTripTCP(t *testing.T) {
	ci, cr := tcpPair(t)
	a, b := handshakeOver(t, ci, cr)
	exchange(t, a, b, 2100)
}

func TestConnRoundTripPipe(t *testing.T) {
	ci, cr := pipePair(t)
	a, b := handshakeOver(t, ci, cr)
	exchange(t, a, b, 2100)
}

func TestConnConcurrentWriters(t *testing.T) {
	// Eight goroutines write at once; every message arrives whole and each
	// writer's messages keep their order.
	ci, cr := tcpPair(t)
	a, b := handshakeOver(t, ci, cr)
	const writers, each = 8, 300
	var wg sync.WaitGroup
	for w := range writers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range each {
				msg := make([]byte, 8+(i*131)%2000)
				binary.BigEndian.PutUint32(msg, uint32(w))
				binary.BigEndian.PutUint32(msg[4:], uint32(i))
				for j := 8; j < len(msg); j++ {
					msg[j] = byte(w ^ j)
				}
				if err := a.WriteMessage(msg); err != nil {
					t.Error(err)
					return
				}
			}
		}()
	}
	next := make([]int, writers)
	for range writers * each {
		msg, err := b.ReadMessage()
		if err != nil {
			t.Fatal(err)
		}
		w, i := int(binary.BigEndian.Uint32(msg)), int(binary.BigEndian.Uint32(msg[4:]))
		if w >= writers || i != next[w] || len(msg) != 8+(i*131)%2000 {
			t.Fatalf("writer %d message %d out of order or resized", w, i)
		}
		for j := 8; j < len(msg); j++ {
			if msg[j] != byte(w^j) {
				t.Fatalf("writer %d message %d corrupted", w, i)
			}
		}
		next[w]++
	}
	wg.Wait()
}

func TestConnStreamReadWrite(t *testing.T) {
	// Write cuts a large buffer into messages of at most MaxMessageSize;
	// Read hands the stream back through any buffer size.
	ci, cr := pipePair(t)
	a, b := handshakeOver(t, ci, cr)
	data := make([]byte, 3*MaxMessageSize+1000)
	for i := range data {
		data[i] = byte(i * 7)
	}
	errc := make(chan error, 1)
	go func() {
		n, err := a.Write(data)
		if err == nil && n != len(data) {
			err = fmt.Errorf("wrote %d of %d", n, len(data))
		}
		if err == nil {
			_, err = a.Write(data[:10])
		}
		errc <- err
	}()
	for _, want := range []int{MaxMessageSize, MaxMessageSize} {
		msg, err := b.ReadMessage()
		if err != nil || len(msg) != want {
			t.Fatalf("message of %d bytes, %v; want %d", len(msg), err, want)
		}
	}
	// The rest through Read with an odd small buffer, then one large
	// enough for a whole message.
	var got []byte
	buf := make([]byte, 7)
	for len(got) < MaxMessageSize+1000+10 {
		if len(got) == 1000 {
			buf = make([]byte, 2*MaxMessageSize)
		}
		n, err := b.Read(buf)
		if err != nil {
			t.Fatal(err)
		}
		got = append(got, buf[:n]...)
	}
	want := append(append([]byte(nil), data[2*MaxMessageSize:]...), data[:10]...)
	if !bytes.Equal(got, want) {
		t.Fatal("stream differs")
	}
	if err := <-errc; err != nil {
		t.Fatal(err)
	}
	if n, err := b.Read(nil); n != 0 || err != nil {
		t.Fatalf("empty read: %d, %v", n, err)
	}
}

func TestConnReadMessageAfterPartialRead(t *testing.T) {
	ci, cr := pipePair(t)
	a, b := handshakeOver(t, ci, cr)
	go func() {
		a.WriteMessage([]byte("0123456789"))
		a.WriteMessage(nil) // empty messages are skipped by Read
		a.WriteMessage([]byte("next"))
	}()
	buf := make([]byte, 4)
	if n, err := b.Read(buf); err != nil || string(buf[:n]) != "0123" {
		t.Fatalf("read: %q, %v", buf[:n], err)
	}
	if rest, err := b.ReadMessage(); err != nil || string(rest) != "456789" {
		t.Fatalf("remainder: %q, %v", rest, err)
	}
	if n, err := b.Read(buf); err != nil || string(buf[:n]) != "next" {
		t.Fatalf("after the empty message: %q, %v", buf[:n], err)
	}
}

func TestConnWriteTooLarge(t *testing.T) {
	ci, cr := pipePair(t)
	a, b := handshakeOver(t, ci, cr)
	if err := a.WriteMessage(make([]byte, MaxMessageSize+1)); !errors.Is(err, ErrMessageTooLarge) {
		t.Fatalf("oversized: %v", err)
	}
	// Nothing was sent or consumed: the connection goes on.
	go a.WriteMessage(make([]byte, MaxMessageSize))
	if msg, err := b.ReadMessage(); err != nil || len(msg) != MaxMessageSize {
		t.Fatalf("after refusing: %d bytes, %v", len(msg), err)
	}
}

// rawFrame encrypts msg with a's sending state without writing it, for
// tests that put damaged frames on the wire themselves.
func rawFrame(t *testing.T, a *Conn, msg []byte) []byte {
	t.Helper()
	a.wmu.Lock()
	defer a.wmu.Unlock()
	f, err := a.session.Send().EncryptFrame(nil, msg)
	if err != nil {
		t.Fatal(err)
	}
	return f
}

func TestConnCloseBetweenAndInsideFrames(t *testing.T) {
	ci, cr := tcpPair(t)
	a, b := handshakeOver(t, ci, cr)
	if err := a.WriteMessage([]byte("last")); err != nil {
		t.Fatal(err)
	}
	a.Close()
	if msg, err := b.ReadMessage(); err != nil || string(msg) != "last" {
		t.Fatalf("%q, %v", msg, err)
	}
	if _, err := b.ReadMessage(); err != io.EOF {
		t.Fatalf("close between frames: %v, want io.EOF", err)
	}

	for _, cut := range []int{1, LengthHeaderSize - 1, LengthHeaderSize, LengthHeaderSize + 5} {
		ci, cr := tcpPair(t)
		a, b := handshakeOver(t, ci, cr)
		frame := rawFrame(t, a, []byte("cut short"))
		ci.Write(frame[:cut])
		ci.Close()
		_, err := b.ReadMessage()
		if !errors.Is(err, ErrShortRead) || !errors.Is(err, io.ErrUnexpectedEOF) {
			t.Fatalf("cut at %d: %v", cut, err)
		}
		if _, err2 := b.ReadMessage(); !errors.Is(err2, ErrShortRead) {
			t.Fatalf("error not final: %v", err2)
		}
	}
}

func TestConnTamperedFrame(t *testing.T) {
	// A bit flipped on the wire, in the length part or the body part,
	// fails the read with ErrBadMAC, for good.
	for _, bit := range []int{3, 8*LengthHeaderSize - 1, 8 * LengthHeaderSize, 8*(LengthHeaderSize+9) + 4} {
		ci, cr := tcpPair(t)
		a, b := handshakeOver(t, ci, cr)
		ci.Write(flipBit(rawFrame(t, a, []byte("tamper with me")), bit))
		if _, err := b.ReadMessage(); !errors.Is(err, ErrBadMAC) {
			t.Fatalf("bit %d: %v", bit, err)
		}
		if _, err := b.Read(make([]byte, 10)); !errors.Is(err, ErrBadMAC) {
			t.Fatalf("bit %d: error not final: %v", bit, err)
		}
	}
}

func TestConnReadDeadlineResumes(t *testing.T) {
	// A read deadline that expires in the middle of a frame leaves the
	// stream intact: the next read finishes that frame.
	ci, cr := tcpPair(t)
	a, b := handshakeOver(t, ci, cr)
	frame := rawFrame(t, a, []byte("patience"))
	for _, cut := range []int{LengthHeaderSize / 2, LengthHeaderSize + 3} {
		if _, err := ci.Write(frame[:cut]); err != nil {
			t.Fatal(err)
		}
		b.SetReadDeadline(time.Now().Add(100 * time.Millisecond))
		if _, err := b.ReadMessage(); !errors.Is(err, os.ErrDeadlineExceeded) {
			t.Fatalf("cut %d: %v, want a deadline error", cut, err)
		}
		b.SetReadDeadline(time.Time{})
		if _, err := ci.Write(frame[cut:]); err != nil {
			t.Fatal(err)
		}
		if msg, err := b.ReadMessage(); err != nil || string(msg) != "patience" {
			t.Fatalf("cut %d: resumed read: %q, %v", cut, msg, err)
		}
		frame = rawFrame(t, a, []byte("patience"))
	}
}

func TestConnWriteErrorIsFinal(t *testing.T) {
	ci, cr := pipePair(t)
	a, _ := handshakeOver(t, ci, cr)
	cr.Close()
	err := a.WriteMessage([]byte("nobody listens"))
	if err == nil {
		t.Fatal("write to a closed peer succeeded")
	}
	if err2 := a.WriteMessage([]byte("again")); !errors.Is(err2, err) {
		t.Fatalf("second write: %v, want the first error %v", err2, err)
	}
	if _, err2 := a.Write([]byte("again")); !errors.Is(err2, err) {
		t.Fatalf("Write: %v, want the first error %v", err2, err)
	}
}

func TestConnAddrsAndDeadlines(t *testing.T) {
	ci, cr := tcpPair(t)
	a, _ := handshakeOver(t, ci, cr)
	if a.LocalAddr().String() != ci.LocalAddr().String() || a.RemoteAddr().String() != ci.RemoteAddr().String() {
		t.Fatal("addresses not passed through")
	}
	past := time.Now().Add(-time.Second)
	if err := a.SetDeadline(past); err != nil {
		t.Fatal(err)
	}
	if _, err := a.ReadMessage(); !errors.Is(err, os.ErrDeadlineExceeded) {
		t.Fatalf("SetDeadline not applied: %v", err)
	}
	a.SetReadDeadline(time.Time{})
	a.SetWriteDeadline(time.Time{})
	if err := a.WriteMessage([]byte("ok")); err != nil {
		t.Fatal(err)
	}
	var _ net.Conn = a
}
