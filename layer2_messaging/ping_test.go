package messaging_test

import (
	"errors"
	"testing"

	messaging "github.com/lnstack/lnstack/layer2_messaging"
)

func TestPongFor(t *testing.T) {
	for _, tc := range []struct {
		num  uint16
		pong bool
	}{
		{0, true}, {1, true}, {65531, true}, {65532, false}, {65533, false}, {65535, false},
	} {
		ping := messaging.NewPing(tc.num, 4)
		pong, ok := messaging.PongFor(ping)
		if ok != tc.pong {
			t.Fatalf("num_pong_bytes %d: pong %v, want %v", tc.num, ok, tc.pong)
		}
		if !ok {
			continue
		}
		if len(pong.Ignored) != int(tc.num) || !pong.Answers(ping) {
			t.Fatalf("num_pong_bytes %d: pong of %d bytes", tc.num, len(pong.Ignored))
		}
		for _, c := range pong.Ignored {
			if c != 0 {
				t.Fatal("pong padding is not zeros")
			}
		}
		// The largest pong fits in a message.
		if _, err := messaging.Encode(nil, pong); err != nil {
			t.Fatalf("num_pong_bytes %d: %v", tc.num, err)
		}
	}
	ping := messaging.NewPing(10, 0)
	if (&messaging.Pong{Ignored: make([]byte, 11)}).Answers(ping) {
		t.Fatal("a pong of the wrong length answers")
	}
	if (&messaging.Pong{}).Answers(messaging.NewPing(65532, 0)) {
		t.Fatal("a pong answers a ping that asked for none")
	}
}

func TestPingTooLarge(t *testing.T) {
	// type (2) + num_pong_bytes (2) + byteslen (2) + 65530 = 65536
	if _, err := messaging.Encode(nil, messaging.NewPing(0, 65530)); !errors.Is(err, messaging.ErrMessageTooLarge) {
		t.Fatalf("%v, want ErrMessageTooLarge", err)
	}
	if _, err := messaging.Encode(nil, messaging.NewPing(0, 65529)); err != nil {
		t.Fatal(err)
	}
}

func TestPeerStorageLimit(t *testing.T) {
	if _, err := messaging.Encode(nil, &messaging.PeerStorage{Blob: make([]byte, messaging.MaxBlobLen)}); err != nil {
		t.Fatal(err)
	}
	if _, err := messaging.Encode(nil, &messaging.PeerStorage{Blob: make([]byte, messaging.MaxBlobLen+1)}); !errors.Is(err, messaging.ErrMessageTooLarge) {
		t.Fatalf("%v, want ErrMessageTooLarge", err)
	}
}

func TestPrintableText(t *testing.T) {
	for in, want := range map[string]string{
		"":                 "",
		"channel closed":   "channel closed",
		"bad\x00sig":       `"bad\x00sig"`,
		"\x1b[31mred":      `"\x1b[31mred"`,
		"caf\xc3\xa9":      `"caf\u00e9"`,
		"tilde~ and space": "tilde~ and space",
	} {
		if got := messaging.PrintableText([]byte(in)); got != want {
			t.Errorf("%q: %s, want %s", in, got, want)
		}
	}
	e := messaging.Error{Data: []byte("x\ny")}
	if e.Text() != `"x\ny"` {
		t.Errorf("Error.Text = %s", e.Text())
	}
}
