package peer

import (
	"errors"
	"testing"

	messaging "github.com/lnstack/lnstack/layer2_messaging"
	"github.com/lnstack/lnstack/layer2_messaging/wire"
)

// readyRemote starts a Peer against a hand-driven remote and finishes init.
func readyRemote(t *testing.T, cfg Config) (*Peer, *remote) {
	t.Helper()
	p, r, started := startAgainstRemote(t, cfg)
	r.exchangeInit(&messaging.Init{Features: testFeatures()})
	if err := wait(t, started); err != nil {
		t.Fatalf("Start: %v", err)
	}
	return p, r
}

func TestUnknownOddIgnored(t *testing.T) {
	p, r := readyRemote(t, testConfig(t))
	// BOLT #1: "upon receiving a message of odd, unknown type: MUST ignore
	// the received message."
	r.sendRaw([]byte{0x80, 0x01, 0xde, 0xad})
	r.send(&testMsg{typ: typeTestOdd, Value: 9})
	m, err := p.Recv(testCtx(t))
	if err != nil {
		t.Fatal(err)
	}
	if tm, ok := m.(*testMsg); !ok || tm.Value != 9 {
		t.Fatalf("Recv = %#v, want the test message after the ignored one", m)
	}
	if got := p.Stats().Ignored; got != 1 {
		t.Errorf("Stats().Ignored = %d, want 1", got)
	}
}

// TestClosingFaults plays remotes that break a rule after init: the Peer
// warns and closes.
func TestClosingFaults(t *testing.T) {
	for _, tc := range []struct {
		name  string
		frame []byte
		want  error
	}{
		// BOLT #1: "upon receiving a message of even, unknown type: MUST
		// close the connection."
		{"unknown even message", []byte{0x80, 0x00, 0x01}, messaging.ErrUnknownRequiredMessage},
		// BOLT #1: "upon receiving a known message with insufficient
		// length for the contents: MUST close the connection."
		{"truncated known message", []byte{0x00, 0x12, 0x00, 0x04, 0x00, 0x05, 0x00}, wire.ErrTruncated},
		// ... and for an extension: "if the TLV stream contains unknown
		// even records: MUST close".
		{"unknown even TLV in extension", []byte{0x00, 0x13, 0x00, 0x00, 0x02, 0x00}, wire.ErrUnknownEvenType},
		{"second init", []byte{0x00, 0x10, 0x00, 0x00, 0x00, 0x00}, ErrUnexpected},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p, r := readyRemote(t, testConfig(t))
			r.sendRaw(tc.frame)
			if err := waitStopped(t, p); !errors.Is(err, tc.want) {
				t.Fatalf("stopped with %v, want %v", err, tc.want)
			}
			if w, ok := r.recv().(*messaging.Warning); !ok || !w.ChannelID.IsZero() {
				t.Errorf("the Peer closed without a warning for all channels")
			}
			if _, err := p.Recv(testCtx(t)); !errors.Is(err, tc.want) {
				t.Errorf("Recv: %v, want %v", err, tc.want)
			}
		})
	}
}

func TestMalformedIsTyped(t *testing.T) {
	p, r := readyRemote(t, testConfig(t))
	r.sendRaw([]byte{0x80, 0x04, 0x00}) // test_even cut inside its u64
	err := waitStopped(t, p)
	var me *messaging.MessageError
	if !errors.As(err, &me) || me.Name != "test_even" || !wire.Malformed(err) {
		t.Fatalf("stopped with %v, want a *messaging.MessageError for test_even", err)
	}
}
