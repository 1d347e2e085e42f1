package noise

import (
	"github.com/btcsuite/btcd/btcec/v2"
)

// Act sizes (BOLT #8 "Authenticated Key Exchange Handshake Specification").
const (
	// ActOneSize is the size of act one: version, the initiator's
	// compressed ephemeral key, and the MAC of an empty ciphertext.
	ActOneSize = 1 + 33 + 16 // 50
	// ActTwoSize is the size of act two: version, the responder's
	// compressed ephemeral key, and the MAC of an empty ciphertext.
	ActTwoSize = 1 + 33 + 16 // 50
	// ActThreeSize is the size of act three: version, the initiator's
	// static key encrypted with ChaCha20, that encryption's MAC, and the
	// final MAC of an empty ciphertext.
	ActThreeSize = 1 + 33 + 16 + 16 // 66
)

// handshakeVersion is the only handshake version BOLT #8 defines.
//
// BOLT #8: "A version of 0 indicates that no change is necessary".
const handshakeVersion = 0

// step is where a handshake state machine stands. A machine only moves
// forward; any failure parks it in stepFailed for good, so a caller that
// ignores an error cannot continue with a half-authenticated state.
type step uint8

const (
	stepStart step = iota
	stepWaitActTwo
	stepWaitActThree
	stepDone
	stepFailed
)

// Initiator is the initiator's side of the Noise_XK handshake as a pure state
// machine: no I/O, acts in and out as bytes. Call ActOne, send its result,
// then pass the 50 bytes received to RecvActTwo, which returns act three (to
// send) and the finished Session. The transport keys exist only inside that
// Session, so nothing can encrypt with them before act two has authenticated
// the responder.
type Initiator struct {
	ss        symmetricState
	local     *Identity
	remote    btcec.JacobianPoint
	remotePub *btcec.PublicKey
	e         keyPair
	ephemeral func() (*btcec.PrivateKey, error)
	step      step
}

// NewInitiator starts a handshake from local to the node whose static key is
// remote. Options other than WithEphemeralKey are ignored here (they concern
// the connection). It returns ErrInvalidKey for a nil identity or a nil or
// invalid remote key.
func NewInitiator(local *Identity, remote *btcec.PublicKey, opts ...Option) (*Initiator, error) {
	if local == nil {
		return nil, ErrInvalidKey
	}
	rp, rb, err := remoteStatic(remote)
	if err != nil {
		return nil, err
	}
	o := buildOptions(opts)
	in := &Initiator{local: local, remote: rp, remotePub: remote, ephemeral: o.ephemeral}
	in.ss.init()
	// BOLT #8: "The initiating node mixes in the responding node's static
	// public key serialized in Bitcoin's compressed format"
	in.ss.mixHash(rb[:])
	return in, nil
}

// ActOne generates the ephemeral key and returns act one (-> e, es).
func (in *Initiator) ActOne() ([ActOneSize]byte, error) {
	var act [ActOneSize]byte
	if in.begin(stepStart) {
		return act, &HandshakeError{Act: 1, Err: ErrHandshakeState}
	}
	e, err := newEphemeral(in.ephemeral)
	if err != nil {
		return act, &HandshakeError{Act: 1, Err: err}
	}
	in.e = e
	in.ss.mixHash(e.pub[:])
	es := ecdh(&e.priv, &in.remote)
	in.ss.mixKey(&es)
	act[0] = handshakeVersion
	copy(act[1:], e.pub[:])
	in.ss.encryptAndHash(act[1+pubKeySize:1+pubKeySize], 0, nil)
	in.step = stepWaitActTwo
	return act, nil
}

// RecvActTwo checks act two (<- e, ee) and answers with act three (-> s, se)
// and the session keys. act must be exactly ActTwoSize bytes: a shorter one
// fails with ErrShortRead (the peer closed mid-act), a longer one with
// ErrActSize. Errors are *HandshakeError with Act 2.
func (in *Initiator) RecvActTwo(act []byte) ([ActThreeSize]byte, *Session, error) {
	var out [ActThreeSize]byte
	if in.begin(stepWaitActTwo) {
		return out, nil, &HandshakeError{Act: 2, Err: ErrHandshakeState}
	}
	defer in.e.zero()
	re, err := recvEphemeral(&in.ss, act, ActTwoSize)
	if err != nil {
		return out, nil, &HandshakeError{Act: 2, Err: err}
	}
	ee := ecdh(&in.e.priv, &re)
	in.ss.mixKey(&ee)
	// BOLT #8: "If the MAC check in this operation fails, then the initiator
	// MUST terminate the connection without any further messages."
	if _, err := in.ss.decryptAndHash(nil, 0, act[1+pubKeySize:]); err != nil {
		return out, nil, &HandshakeError{Act: 2, Err: err}
	}

	// Act three: c = encryptWithAD(temp_k2, 1, h, s.pub), then se.
	out[0] = handshakeVersion
	in.ss.encryptAndHash(out[1:1], 1, in.local.pubBytes[:])
	se := ecdh(&in.local.priv, &re)
	in.ss.mixKey(&se)
	in.ss.encryptAndHash(out[1+pubKeySize+macSize:1+pubKeySize+macSize], 0, nil)

	// BOLT #8: "sk, rk = HKDF(ck, zero)" for the initiator.
	sk, rk := in.ss.split()
	s := newSession(sk, rk, in.ss.ck, in.local.pub, in.remotePub)
	clear(sk[:])
	clear(rk[:])
	in.ss.wipe()
	in.step = stepDone
	return out, s, nil
}

// Responder is the responder's side of the Noise_XK handshake as a pure state
// machine: pass the 50 bytes of act one to RecvActOne, send the act two it
// returns, then pass the 66 bytes of act three to RecvActThree, which returns
// the finished Session with the initiator's static key.
type Responder struct {
	ss        symmetricState
	local     *Identity
	re        btcec.JacobianPoint
	e         keyPair
	ephemeral func() (*btcec.PrivateKey, error)
	step      step
}

// NewResponder prepares to answer a handshake as local. Options other than
// WithEphemeralKey are ignored here. It returns ErrInvalidKey for a nil
// identity.
func NewResponder(local *Identity, opts ...Option) (*Responder, error) {
	if local == nil {
		return nil, ErrInvalidKey
	}
	o := buildOptions(opts)
	r := &Responder{local: local, ephemeral: o.ephemeral}
	r.ss.init()
	// BOLT #8: "The responding node mixes in their local static public key
	// serialized in Bitcoin's compressed format"
	r.ss.mixHash(local.pubBytes[:])
	return r, nil
}

// RecvActOne checks act one (-> e, es) and answers with act two (<- e, ee).
// act must be exactly ActOneSize bytes (ErrShortRead when shorter, ErrActSize
// when longer). Failures of act one are *HandshakeError with Act 1; a failure
// to generate the ephemeral key for act two has Act 2.
func (r *Responder) RecvActOne(act []byte) ([ActTwoSize]byte, error) {
	var out [ActTwoSize]byte
	if r.begin(stepStart) {
		return out, &HandshakeError{Act: 1, Err: ErrHandshakeState}
	}
	re, err := recvEphemeral(&r.ss, act, ActOneSize)
	if err != nil {
		return out, &HandshakeError{Act: 1, Err: err}
	}
	es := ecdh(&r.local.priv, &re)
	r.ss.mixKey(&es)
	// BOLT #8: "If the MAC check in this operation fails, then the initiator
	// does _not_ know the responder's static public key. If this is the
	// case, then the responder MUST terminate the connection without any
	// further messages."
	if _, err := r.ss.decryptAndHash(nil, 0, act[1+pubKeySize:]); err != nil {
		return out, &HandshakeError{Act: 1, Err: err}
	}
	r.re = re

	e, err := newEphemeral(r.ephemeral)
	if err != nil {
		return out, &HandshakeError{Act: 2, Err: err}
	}
	r.e = e
	r.ss.mixHash(e.pub[:])
	ee := ecdh(&e.priv, &re)
	r.ss.mixKey(&ee)
	out[0] = handshakeVersion
	copy(out[1:], e.pub[:])
	r.ss.encryptAndHash(out[1+pubKeySize:1+pubKeySize], 0, nil)
	r.step = stepWaitActThree
	return out, nil
}

// RecvActThree checks act three (-> s, se), learns the initiator's static key
// and returns the session. act must be exactly ActThreeSize bytes. Errors are
// *HandshakeError with Act 3.
func (r *Responder) RecvActThree(act []byte) (*Session, error) {
	if r.begin(stepWaitActThree) {
		return nil, &HandshakeError{Act: 3, Err: ErrHandshakeState}
	}
	defer r.e.zero()
	if err := checkAct(act, ActThreeSize); err != nil {
		return nil, &HandshakeError{Act: 3, Err: err}
	}
	// BOLT #8: "rs = decryptWithAD(temp_k2, 1, h, c)" ... "If the MAC check
	// in this operation fails, then the responder MUST terminate the
	// connection without any further messages."
	var rsBuf [pubKeySize]byte
	rsBytes, err := r.ss.decryptAndHash(rsBuf[:0], 1, act[1:1+pubKeySize+macSize])
	if err != nil {
		return nil, &HandshakeError{Act: 3, Err: err}
	}
	rsPub, rs, err := parsePub(rsBytes)
	if err != nil {
		return nil, &HandshakeError{Act: 3, Err: err}
	}
	se := ecdh(&r.e.priv, &rs)
	r.ss.mixKey(&se)
	if _, err := r.ss.decryptAndHash(nil, 0, act[1+pubKeySize+macSize:]); err != nil {
		return nil, &HandshakeError{Act: 3, Err: err}
	}
	// BOLT #8: "rk, sk = HKDF(ck, zero)" for the responder.
	rk, sk := r.ss.split()
	s := newSession(sk, rk, r.ss.ck, r.local.pub, rsPub)
	clear(sk[:])
	clear(rk[:])
	r.ss.wipe()
	r.step = stepDone
	return s, nil
}

// begin moves the initiator out of the step it must be in, to stepFailed
// until the step succeeds. It reports true when the machine was elsewhere.
func (in *Initiator) begin(want step) (outOfOrder bool) {
	cur := in.step
	in.step = stepFailed
	return cur != want
}

// begin moves the responder out of the step it must be in, to stepFailed
// until the step succeeds. It reports true when the machine was elsewhere.
func (r *Responder) begin(want step) (outOfOrder bool) {
	cur := r.step
	r.step = stepFailed
	return cur != want
}

// checkAct checks an act's length and version byte.
func checkAct(act []byte, size int) error {
	switch {
	case len(act) < size:
		return ErrShortRead
	case len(act) > size:
		return ErrActSize
	}
	// BOLT #8: "If v is an unrecognized handshake version, then the
	// responder MUST abort the connection attempt."
	if act[0] != handshakeVersion {
		return &VersionError{Version: act[0]}
	}
	return nil
}

// recvEphemeral runs the common start of acts one and two on the receiving
// side: length and version checks, parsing re, and h = SHA-256(h || re).
func recvEphemeral(ss *symmetricState, act []byte, size int) (btcec.JacobianPoint, error) {
	if err := checkAct(act, size); err != nil {
		return btcec.JacobianPoint{}, err
	}
	reBytes := act[1 : 1+pubKeySize]
	_, re, err := parsePub(reBytes)
	if err != nil {
		return re, err
	}
	ss.mixHash(reBytes)
	return re, nil
}
