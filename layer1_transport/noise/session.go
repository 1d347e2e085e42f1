package noise

import "github.com/btcsuite/btcd/btcec/v2"

// Session is the outcome of a finished handshake: one CipherState per
// direction and the two static keys. Only the last step of a handshake state
// machine (Initiator.RecvActTwo, Responder.RecvActThree) creates one.
//
// The two directions are independent: one goroutine may use Send while
// another uses Recv. Each CipherState on its own is not safe for concurrent
// use.
type Session struct {
	send, recv CipherState
	local      *btcec.PublicKey
	remote     *btcec.PublicKey
}

// newSession builds the session from the split keys.
//
// BOLT #8: "rn = 0, sn = 0" and "rck = sck = ck".
func newSession(sk, rk, ck [32]byte, local, remote *btcec.PublicKey) *Session {
	s := &Session{local: local, remote: remote}
	s.send.reset(sk, ck)
	s.recv.reset(rk, ck)
	return s
}

// Send returns the cipher state that encrypts frames to the peer (sk, sn,
// sck).
func (s *Session) Send() *CipherState { return &s.send }

// Recv returns the cipher state that decrypts frames from the peer (rk, rn,
// rck).
func (s *Session) Recv() *CipherState { return &s.recv }

// RemotePub returns the peer's static public key: the key the initiator
// dialled, or the key the responder learned in act three.
func (s *Session) RemotePub() *btcec.PublicKey { return s.remote }

// LocalPub returns this side's static public key.
func (s *Session) LocalPub() *btcec.PublicKey { return s.local }
