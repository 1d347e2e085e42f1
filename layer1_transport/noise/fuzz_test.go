package noise

import (
	"bytes"
	"errors"
	"testing"
)

// The fuzz targets feed arbitrary bytes to each receiving step. None may
// panic, every rejection must be one of the package's typed errors, and any
// input that is accepted must be consistent with an honest peer: forging a
// Poly1305 tag is out of the fuzzer's reach, so an accepted act can only be
// the one the vectors' keys produce, and the handshake it starts must
// complete with matching sessions.

// assertTyped fails unless err is a *HandshakeError with a protocol cause.
func assertTyped(t *testing.T, err error) {
	t.Helper()
	var he *HandshakeError
	if !errors.As(err, &he) {
		t.Fatalf("untyped error %v", err)
	}
	for _, want := range []error{ErrShortRead, ErrActSize, ErrBadVersion, ErrBadPubkey, ErrBadMAC} {
		if errors.Is(err, want) {
			return
		}
	}
	t.Fatalf("unexpected cause %v", err)
}

func FuzzResponderActOne(f *testing.F) {
	p := newTestPeers(f)
	a1, a2, _, _, _ := p.acts(f)
	f.Add(a1[:])
	f.Add(a1[:ActOneSize-1])
	f.Add(flipBit(a1[:], 0))
	f.Add(flipBit(a1[:], 12))
	f.Add(flipBit(a1[:], 8*ActOneSize-1))
	f.Add([]byte{})
	f.Fuzz(func(t *testing.T, act []byte) {
		re := p.responder(t)
		got, err := re.RecvActOne(act)
		if err != nil {
			assertTyped(t, err)
			return
		}
		// Accepted: it must be the act one of the vectors' initiator, and
		// the rest of the handshake must go through.
		if !bytes.Equal(act, a1[:]) || got != a2 {
			t.Fatalf("accepted an act one no honest initiator sent: %x", act)
		}
		in := p.initiator(t)
		in.ActOne()
		a3, si, err := in.RecvActTwo(got[:])
		if err != nil {
			t.Fatal(err)
		}
		sr, err := re.RecvActThree(a3[:])
		if err != nil {
			t.Fatal(err)
		}
		checkSessionsPair(t, si, sr)
	})
}

func FuzzInitiatorActTwo(f *testing.F) {
	p := newTestPeers(f)
	a1, a2, _, _, _ := p.acts(f)
	f.Add(a2[:])
	f.Add(a2[:ActTwoSize-1])
	f.Add(flipBit(a2[:], 0))
	f.Add(flipBit(a2[:], 12))
	f.Add(flipBit(a2[:], 8*ActTwoSize-1))
	ready := p.initiator(f)
	if _, err := ready.ActOne(); err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, act []byte) {
		in := *ready
		a3, si, err := in.RecvActTwo(act)
		if err != nil {
			assertTyped(t, err)
			if si != nil {
				t.Fatal("session returned with an error")
			}
			return
		}
		if !bytes.Equal(act, a2[:]) {
			t.Fatalf("accepted an act two no honest responder sent: %x", act)
		}
		re := p.responder(t)
		re.RecvActOne(a1[:])
		sr, err := re.RecvActThree(a3[:])
		if err != nil {
			t.Fatal(err)
		}
		checkSessionsPair(t, si, sr)
	})
}

func FuzzResponderActThree(f *testing.F) {
	p := newTestPeers(f)
	a1, _, a3, si, _ := p.acts(f)
	f.Add(a3[:])
	f.Add(a3[:ActThreeSize-1])
	f.Add(flipBit(a3[:], 0))
	f.Add(flipBit(a3[:], 12))
	f.Add(flipBit(a3[:], 8*50))
	f.Add(flipBit(a3[:], 8*ActThreeSize-1))
	ready := p.responder(f)
	if _, err := ready.RecvActOne(a1[:]); err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, act []byte) {
		re := *ready
		sr, err := re.RecvActThree(act)
		if err != nil {
			assertTyped(t, err)
			if sr != nil {
				t.Fatal("session returned with an error")
			}
			return
		}
		if !bytes.Equal(act, a3[:]) || !sr.RemotePub().IsEqual(p.init.PubKey()) {
			t.Fatalf("accepted an act three no honest initiator sent: %x", act)
		}
		// si is shared between runs: pair a fresh copy of its states.
		s := &Session{send: si.send, recv: si.recv}
		checkSessionsPair(t, s, sr)
	})
}

func FuzzDecryptFrame(f *testing.F) {
	// The receiving state starts at the message vector's sk and ck (the
	// responder's rk), so output 0 of BOLT #8's message test decrypts.
	var k, ck [32]byte
	copy(k[:], mustHex(f, "969ab31b4d288cedf6218839b27a3e2140827047f2c0f01bf5c04435d43511a9"))
	copy(ck[:], mustHex(f, "919219dbb2920afa8db80f9a51787a840bcf111ed8d588caf9ab4be716e42b01"))
	f.Add(mustHex(f, "cf2b30ddf0cf3f80e7c35a6e6730b59fe802473180f396d88a8fb0db8cbcf25d2f214cf9ea1d95"))
	f.Add(mustHex(f, "72887022101f0b6753e0c7de21657d35a4cb2a1f5cde2650528bbc8f837d0f0d7ad833b1a256a1"))
	for _, n := range []int{0, 1, 100, 1000} {
		fr, _ := NewCipherState(k, ck).EncryptFrame(nil, bytes.Repeat([]byte{0x5a}, n))
		f.Add(fr)
		f.Add(fr[:len(fr)-1])
		f.Add(flipBit(fr, 3))
	}
	f.Fuzz(func(t *testing.T, frame []byte) {
		recv := NewCipherState(k, ck)
		msg, err := recv.DecryptFrame(nil, frame)
		if err != nil {
			if !errors.Is(err, ErrShortRead) && !errors.Is(err, ErrFrameState) && !errors.Is(err, ErrBadMAC) {
				t.Fatalf("unexpected error %v", err)
			}
			return
		}
		// Accepted: an honest sender at the same state produces exactly
		// these bytes for this message.
		again, err := NewCipherState(k, ck).EncryptFrame(nil, msg)
		if err != nil || !bytes.Equal(again, frame) {
			t.Fatalf("accepted frame %x is not the encryption of %x", frame, msg)
		}
	})
}
