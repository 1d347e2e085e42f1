package sphinx

import (
	"github.com/btcsuite/btcd/btcec/v2"

	"github.com/lnstack/lnstack/layer2_messaging/wire"
)

// Hop is one hop of a route being wrapped into an onion: the key the onion
// layer is encrypted to (a node id, or a blinded node id inside a blinded
// path) and the payload that hop reads.
type Hop struct {
	// PubKey is the hop's public key.
	PubKey *btcec.PublicKey
	// Payload is the hop's payload, without its length (a `payload` TLV
	// stream for a payment, an `onionmsg_tlv` for an onion message). It is
	// at least 2 bytes.
	Payload []byte
}

// frameLen is the room a payload takes in hop_payloads, BOLT #4's
// shift_size: "the length of the hop_payload plus the bigsize encoding of
// the length and the length of that HMAC".
func frameLen(payload []byte) int {
	return wire.BigSizeLen(uint64(len(payload))) + len(payload) + HMACSize
}

// BuildPayment builds the 1366-byte onion of a payment (BOLT #4 "Packet
// Construction") with BuildPacket and hop_payloads of PayloadsSize bytes.
func BuildPayment(sessionKey *btcec.PrivateKey, hops []Hop, assocData []byte) (Packet, []Secret, error) {
	return BuildPacket(sessionKey, hops, assocData, PayloadsSize)
}

// BuildPacket builds an onion whose hop_payloads is payloadsSize bytes long
// for the route hops, first hop first, committing to assocData (the
// payment hash; nothing for an onion message). It returns the packet for
// the first hop and the shared secret of each hop, which the origin keeps
// to decrypt a returned error.
//
// The packet starts as payloadsSize bytes of the ChaCha20 stream of
// HMAC256("pad", sessionKey) ("initialized with 1300 random bytes derived
// from a CSPRNG"), so the same session key and route always give the same
// onion. sessionKey must come from a CSPRNG and never be reused.
func BuildPacket(sessionKey *btcec.PrivateKey, hops []Hop, assocData []byte, payloadsSize int) (Packet, []Secret, error) {
	if len(hops) == 0 {
		return Packet{}, nil, ErrNoHops
	}
	if sessionKey == nil || sessionKey.Key.IsZero() {
		return Packet{}, nil, ErrBadKey
	}
	total := 0
	for _, h := range hops {
		if h.PubKey == nil {
			return Packet{}, nil, ErrBadKey
		}
		if len(h.Payload) < 2 {
			return Packet{}, nil, ErrPayloadTooShort
		}
		total += frameLen(h.Payload)
	}
	if total > payloadsSize {
		return Packet{}, nil, ErrRouteTooLong
	}
	secrets, first, err := chain(&sessionKey.Key, len(hops), func(i int) *btcec.PublicKey { return hops[i].PubKey })
	if err != nil {
		return Packet{}, nil, err
	}
	filler := makeFiller(hops, secrets, payloadsSize)

	mix := make([]byte, payloadsSize)
	seed := Secret(sessionKey.Key.Bytes())
	pad := DeriveKey(KeyPad, &seed)
	XORStream(&pad, mix, mix)
	var next [HMACSize]byte
	m := NewMAC()
	for i := len(hops) - 1; i >= 0; i-- {
		payload := hops[i].Payload
		shift := frameLen(payload)
		// Right-shift hop_payloads by the frame, dropping what falls off
		// the end, and write length, payload and next HMAC in front.
		copy(mix[shift:], mix[:payloadsSize-shift])
		w := wire.AppendBigSize(mix[:0], uint64(len(payload)))
		w = append(w, payload...)
		copy(mix[len(w):shift], next[:])
		rho := DeriveKey(KeyRho, &secrets[i])
		XORStream(&rho, mix, mix)
		// BOLT #4: "If this is the last hop, i.e. the first iteration,
		// then the tail of the hop_payloads field is overwritten with the
		// routing information filler."
		if i == len(hops)-1 {
			copy(mix[payloadsSize-len(filler):], filler)
		}
		mu := DeriveKey(KeyMu, &secrets[i])
		next = m.Sum(&mu, mix, assocData)
	}
	return Packet{Version: Version, PublicKey: first, Payloads: mix, HMAC: next}, secrets, nil
}

// makeFiller returns the bytes the last hop finds at the end of its
// hop_payloads (BOLT #4 "Filler Generation"): each hop before it appends
// as many zeros as its own frame and XORs them, with what earlier hops
// appended, with its rho stream past hop_payloads' end. Only that part of
// each stream is generated.
func makeFiller(hops []Hop, secrets []Secret, payloadsSize int) []byte {
	n := 0
	for _, h := range hops[:len(hops)-1] {
		n += frameLen(h.Payload)
	}
	filler := make([]byte, n)
	grown := 0
	for i, h := range hops[:len(hops)-1] {
		shift := frameLen(h.Payload)
		grown += shift
		// The filler so far ends, at hop i, shift bytes past hop_payloads'
		// end.
		rho := DeriveKey(KeyRho, &secrets[i])
		xorStreamAt(&rho, payloadsSize+shift-grown, filler[:grown])
	}
	return filler
}

// SharedSecrets returns the shared secret of each hop of a route built with
// sessionKey: what the origin needs to decrypt a returned error when it did
// not keep the secrets BuildPacket returned.
func SharedSecrets(sessionKey *btcec.PrivateKey, route []*btcec.PublicKey) ([]Secret, error) {
	if len(route) == 0 {
		return nil, ErrNoHops
	}
	if sessionKey == nil || sessionKey.Key.IsZero() {
		return nil, ErrBadKey
	}
	for _, k := range route {
		if k == nil {
			return nil, ErrBadKey
		}
	}
	secrets, _, err := chain(&sessionKey.Key, len(route), func(i int) *btcec.PublicKey { return route[i] })
	return secrets, err
}

// chain walks the ephemeral keys of a route (BOLT #4 "Packet Construction"):
// for hop i, ss_i = SHA256(e_i * P_i), b_i = SHA256(E_i || ss_i) and
// e_{i+1} = e_i * b_i, E_{i+1} = e_{i+1} * G. It returns every ss_i and E_0.
// The two points of a hop become affine with one field inversion.
func chain(session *btcec.ModNScalar, n int, key func(int) *btcec.PublicKey) ([]Secret, wire.Point, error) {
	secrets := make([]Secret, n)
	e := *session
	var first wire.Point
	for i := range n {
		var pi, s, eph btcec.JacobianPoint
		key(i).AsJacobian(&pi)
		btcec.ScalarMultNonConst(&e, &pi, &s)
		btcec.ScalarBaseMultNonConst(&e, &eph)
		if (s.Z.IsZero()) || eph.Z.IsZero() {
			return nil, first, ErrBadKey
		}
		toAffine2(&s, &eph)
		secrets[i] = ecdhPoint(&s)
		epub := compress(&eph)
		if i == 0 {
			first = epub
		}
		if i == n-1 {
			break
		}
		b := BlindingFactor(&epub, &secrets[i])
		e.Mul(&b)
		if e.IsZero() {
			return nil, first, ErrBadKey
		}
	}
	return secrets, first, nil
}
