package noise

import (
	"bytes"
	"errors"
	"testing"

	"github.com/btcsuite/btcd/btcec/v2"
)

func TestHandshakeRandomKeys(t *testing.T) {
	// Fresh random static and ephemeral keys each round: the two sides
	// always agree, and each learns the other's static key.
	for range 20 {
		ki, err := btcec.NewPrivateKey()
		if err != nil {
			t.Fatal(err)
		}
		kr, err := btcec.NewPrivateKey()
		if err != nil {
			t.Fatal(err)
		}
		idI, _ := NewIdentity(ki)
		idR, _ := NewIdentity(kr)
		in, err := NewInitiator(idI, kr.PubKey())
		if err != nil {
			t.Fatal(err)
		}
		re, _ := NewResponder(idR)
		a1, err := in.ActOne()
		if err != nil {
			t.Fatal(err)
		}
		a2, err := re.RecvActOne(a1[:])
		if err != nil {
			t.Fatal(err)
		}
		a3, si, err := in.RecvActTwo(a2[:])
		if err != nil {
			t.Fatal(err)
		}
		sr, err := re.RecvActThree(a3[:])
		if err != nil {
			t.Fatal(err)
		}
		if !sr.RemotePub().IsEqual(ki.PubKey()) || !si.RemotePub().IsEqual(kr.PubKey()) {
			t.Fatal("static keys not learned")
		}
		if !si.LocalPub().IsEqual(ki.PubKey()) || !sr.LocalPub().IsEqual(kr.PubKey()) {
			t.Fatal("local keys wrong")
		}
		checkSessionsPair(t, si, sr)
	}
}

func TestHandshakeEphemeralIsFresh(t *testing.T) {
	// Without WithEphemeralKey, two handshakes never share an act one.
	p := newTestPeers(t)
	seen := make(map[[ActOneSize]byte]bool)
	for range 10 {
		in, err := NewInitiator(p.init, p.resp.PubKey())
		if err != nil {
			t.Fatal(err)
		}
		a1, err := in.ActOne()
		if err != nil {
			t.Fatal(err)
		}
		if seen[a1] {
			t.Fatal("act one repeated: ephemeral key reused")
		}
		seen[a1] = true
	}
}

func TestHandshakeWrongResponderKey(t *testing.T) {
	// An initiator that dials the wrong node id fails at act one's MAC on
	// the responder: BOLT #8 "the initiator does _not_ know the responder's
	// static public key".
	p := newTestPeers(t)
	other := mustIdentity(t, respEphHex)
	in, err := NewInitiator(p.init, other.PubKey())
	if err != nil {
		t.Fatal(err)
	}
	a1, _ := in.ActOne()
	_, err = p.responder(t).RecvActOne(a1[:])
	assertActErr(t, err, 1, ErrBadMAC)
}

// assertActErr checks that err is a *HandshakeError for act with cause want.
func assertActErr(t *testing.T, err error, act int, want ...error) {
	t.Helper()
	var he *HandshakeError
	if !errors.As(err, &he) || he.Act != act {
		t.Fatalf("got %v, want a failure in act %d", err, act)
	}
	for _, w := range want {
		if errors.Is(err, w) {
			return
		}
	}
	t.Fatalf("act %d: got %v, want one of %v", act, err, want)
}

func TestActOneBitFlips(t *testing.T) {
	p := newTestPeers(t)
	a1, _, _, _, _ := p.acts(t)
	for i := 0; i < ActOneSize*8; i++ {
		_, err := p.responder(t).RecvActOne(flipBit(a1[:], i))
		assertFlipErr(t, err, 1, i/8, ActOneSize)
	}
}

func TestActTwoBitFlips(t *testing.T) {
	p := newTestPeers(t)
	_, a2, _, _, _ := p.acts(t)
	ready := p.initiator(t)
	if _, err := ready.ActOne(); err != nil {
		t.Fatal(err)
	}
	for i := 0; i < ActTwoSize*8; i++ {
		in := *ready // the same state after act one, without redoing its ECC
		_, s, err := in.RecvActTwo(flipBit(a2[:], i))
		if s != nil {
			t.Fatalf("bit %d: session returned with an error", i)
		}
		assertFlipErr(t, err, 2, i/8, ActTwoSize)
	}
}

func TestActThreeBitFlips(t *testing.T) {
	p := newTestPeers(t)
	a1, _, a3, _, _ := p.acts(t)
	ready := p.responder(t)
	if _, err := ready.RecvActOne(a1[:]); err != nil {
		t.Fatal(err)
	}
	for i := 0; i < ActThreeSize*8; i++ {
		re := *ready // the same state after act one, without redoing its ECC
		s, err := re.RecvActThree(flipBit(a3[:], i))
		if s != nil {
			t.Fatalf("bit %d: session returned with an error", i)
		}
		assertFlipErr(t, err, 3, i/8, ActThreeSize)
	}
}

// assertFlipErr checks the error for a bit flipped in byte pos of an act:
// the version byte gives ErrBadVersion; a flip inside act one's or two's
// ephemeral key gives ErrBadPubkey, or ErrBadMAC when the flipped key is
// still a point; everything else (act three's encrypted key, the tags) is a
// MAC failure.
func assertFlipErr(t *testing.T, err error, act, pos, size int) {
	t.Helper()
	switch {
	case pos == 0:
		assertActErr(t, err, act, ErrBadVersion)
		var ve *VersionError
		if !errors.As(err, &ve) || ve.Version == 0 {
			t.Fatalf("act %d byte 0: %v is not a VersionError with the byte", act, err)
		}
	case act != 3 && pos <= pubKeySize:
		assertActErr(t, err, act, ErrBadPubkey, ErrBadMAC)
	default:
		assertActErr(t, err, act, ErrBadMAC)
	}
}

func TestActTruncatedStateMachine(t *testing.T) {
	p := newTestPeers(t)
	a1, a2, a3, _, _ := p.acts(t)
	for n := 0; n < ActOneSize; n++ {
		_, err := p.responder(t).RecvActOne(a1[:n])
		assertActErr(t, err, 1, ErrShortRead)
	}
	for n := 0; n < ActTwoSize; n++ {
		in := p.initiator(t)
		_, _ = in.ActOne()
		_, _, err := in.RecvActTwo(a2[:n])
		assertActErr(t, err, 2, ErrShortRead)
	}
	for n := 0; n < ActThreeSize; n++ {
		re := p.responder(t)
		_, _ = re.RecvActOne(a1[:])
		_, err := re.RecvActThree(a3[:n])
		assertActErr(t, err, 3, ErrShortRead)
	}
	// One byte too many is not an act either.
	_, err := p.responder(t).RecvActOne(append(a1[:], 0))
	assertActErr(t, err, 1, ErrActSize)
}

func TestHandshakeOutOfOrder(t *testing.T) {
	p := newTestPeers(t)
	a1, a2, a3, _, _ := p.acts(t)

	in := p.initiator(t)
	_, _, err := in.RecvActTwo(a2[:])
	assertActErr(t, err, 2, ErrHandshakeState)
	// A failed machine stays failed.
	_, err = in.ActOne()
	assertActErr(t, err, 1, ErrHandshakeState)

	in = p.initiator(t)
	_, _ = in.ActOne()
	if _, _, err := in.RecvActTwo(a2[:]); err != nil {
		t.Fatal(err)
	}
	_, _, err = in.RecvActTwo(a2[:])
	assertActErr(t, err, 2, ErrHandshakeState)

	re := p.responder(t)
	_, err = re.RecvActThree(a3[:])
	assertActErr(t, err, 3, ErrHandshakeState)

	// After a bad act one, a good one is refused: no retry on one machine.
	re = p.responder(t)
	_, _ = re.RecvActOne(flipBit(a1[:], 8*ActOneSize-1))
	_, err = re.RecvActOne(a1[:])
	assertActErr(t, err, 1, ErrHandshakeState)
}

func TestHandshakeInvalidKeys(t *testing.T) {
	p := newTestPeers(t)
	if _, err := NewIdentity(nil); !errors.Is(err, ErrInvalidKey) {
		t.Fatalf("nil key: %v", err)
	}
	if _, err := NewIdentity(&btcec.PrivateKey{}); !errors.Is(err, ErrInvalidKey) {
		t.Fatalf("zero key: %v", err)
	}
	if _, err := NewInitiator(p.init, nil); !errors.Is(err, ErrInvalidKey) {
		t.Fatalf("nil remote: %v", err)
	}
	if _, err := NewInitiator(p.init, &btcec.PublicKey{}); !errors.Is(err, ErrInvalidKey) {
		t.Fatalf("remote off the curve: %v", err)
	}
	if _, err := NewInitiator(nil, p.resp.PubKey()); !errors.Is(err, ErrInvalidKey) {
		t.Fatalf("nil local: %v", err)
	}
	if _, err := NewResponder(nil); !errors.Is(err, ErrInvalidKey) {
		t.Fatalf("nil local: %v", err)
	}
	zero := WithEphemeralKey(func() (*btcec.PrivateKey, error) { return &btcec.PrivateKey{}, nil })
	in, _ := NewInitiator(p.init, p.resp.PubKey(), zero)
	_, err := in.ActOne()
	assertActErr(t, err, 1, ErrInvalidKey)
	failing := errors.New("no entropy")
	in, _ = NewInitiator(p.init, p.resp.PubKey(), WithEphemeralKey(func() (*btcec.PrivateKey, error) { return nil, failing }))
	_, err = in.ActOne()
	assertActErr(t, err, 1, failing)
}

func TestHandshakeDeterministicWithVectorKeys(t *testing.T) {
	// Two runs with the same keys give identical acts and sessions: the
	// handshake depends on nothing else.
	p := newTestPeers(t)
	a1, a2, a3, si, sr := p.acts(t)
	b1, b2, b3, _, _ := p.acts(t)
	if a1 != b1 || a2 != b2 || a3 != b3 {
		t.Fatal("handshake not deterministic under fixed keys")
	}
	checkSessionsPair(t, si, sr)
	if !bytes.Equal(sr.RemotePub().SerializeCompressed(), p.init.PubKey().SerializeCompressed()) {
		t.Fatal("responder learned the wrong static key")
	}
}
