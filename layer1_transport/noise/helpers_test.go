package noise

import (
	"bytes"
	"encoding/hex"
	"net"
	"testing"

	"github.com/btcsuite/btcd/btcec/v2"
)

// The static and ephemeral keys of BOLT #8 Appendix A, so that tests run on
// the same handshake the vectors describe.
const (
	initStaticHex = "1111111111111111111111111111111111111111111111111111111111111111"
	initEphHex    = "1212121212121212121212121212121212121212121212121212121212121212"
	respStaticHex = "2121212121212121212121212121212121212121212121212121212121212121"
	respEphHex    = "2222222222222222222222222222222222222222222222222222222222222222"
)

func privFromHex(tb testing.TB, s string) *btcec.PrivateKey {
	tb.Helper()
	k, _ := btcec.PrivKeyFromBytes(mustHex(tb, s))
	return k
}

func mustHex(tb testing.TB, s string) []byte {
	tb.Helper()
	b, err := hex.DecodeString(s)
	if err != nil {
		tb.Fatal(err)
	}
	return b
}

func mustIdentity(tb testing.TB, s string) *Identity {
	tb.Helper()
	id, err := NewIdentity(privFromHex(tb, s))
	if err != nil {
		tb.Fatal(err)
	}
	return id
}

// fixedEphemeral makes a handshake use the given key.
func fixedEphemeral(tb testing.TB, s string) Option {
	k := privFromHex(tb, s)
	return WithEphemeralKey(func() (*btcec.PrivateKey, error) { return k, nil })
}

// testPeers holds the two identities of the vectors.
type testPeers struct {
	init, resp *Identity
}

func newTestPeers(tb testing.TB) testPeers {
	return testPeers{init: mustIdentity(tb, initStaticHex), resp: mustIdentity(tb, respStaticHex)}
}

// initiator returns a fresh initiator with the vectors' ephemeral key.
func (p testPeers) initiator(tb testing.TB) *Initiator {
	tb.Helper()
	m, err := NewInitiator(p.init, p.resp.PubKey(), fixedEphemeral(tb, initEphHex))
	if err != nil {
		tb.Fatal(err)
	}
	return m
}

// responder returns a fresh responder with the vectors' ephemeral key.
func (p testPeers) responder(tb testing.TB) *Responder {
	tb.Helper()
	m, err := NewResponder(p.resp, fixedEphemeral(tb, respEphHex))
	if err != nil {
		tb.Fatal(err)
	}
	return m
}

// acts runs a whole deterministic handshake and returns its three acts and
// both sessions.
func (p testPeers) acts(tb testing.TB) (a1 [ActOneSize]byte, a2 [ActTwoSize]byte, a3 [ActThreeSize]byte, si, sr *Session) {
	tb.Helper()
	in, re := p.initiator(tb), p.responder(tb)
	var err error
	if a1, err = in.ActOne(); err != nil {
		tb.Fatal(err)
	}
	if a2, err = re.RecvActOne(a1[:]); err != nil {
		tb.Fatal(err)
	}
	if a3, si, err = in.RecvActTwo(a2[:]); err != nil {
		tb.Fatal(err)
	}
	if sr, err = re.RecvActThree(a3[:]); err != nil {
		tb.Fatal(err)
	}
	return a1, a2, a3, si, sr
}

// checkSessionsPair asserts that what one session sends the other reads, in
// both directions.
func checkSessionsPair(tb testing.TB, a, b *Session) {
	tb.Helper()
	for _, dir := range []struct{ from, to *Session }{{a, b}, {b, a}} {
		msg := []byte("ping across the session")
		frame, err := dir.from.Send().EncryptFrame(nil, msg)
		if err != nil {
			tb.Fatal(err)
		}
		got, err := dir.to.Recv().DecryptFrame(nil, frame)
		if err != nil || !bytes.Equal(got, msg) {
			tb.Fatalf("sessions do not pair: %x, %v", got, err)
		}
	}
}

// flipBit returns a copy of b with bit i (counting from the first byte's
// most significant bit) inverted.
func flipBit(b []byte, i int) []byte {
	out := append([]byte(nil), b...)
	out[i/8] ^= 0x80 >> (i % 8)
	return out
}

// pipeForBench is net.Pipe for benchmarks, which close the ends themselves.
func pipeForBench() (net.Conn, net.Conn) { return net.Pipe() }
