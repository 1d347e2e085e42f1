package sphinx

import (
	"github.com/btcsuite/btcd/btcec/v2"
	"golang.org/x/crypto/chacha20"

	"github.com/lnstack/lnstack/layer2_messaging/wire"
)

// Peeled is one layer taken off an onion: what the processing node reads
// and, unless it is the final node, the onion it forwards.
type Peeled struct {
	// Secret is the shared secret with the origin: the node keeps it to
	// encrypt an error it returns (package failure).
	Secret Secret
	// Payload is this hop's payload (a `payload` TLV stream for a payment,
	// an `onionmsg_tlv` for an onion message), without its length.
	Payload []byte
	// Final reports that the next HMAC is all zero: "This is the final
	// destination of the onion."
	Final bool
	// Next is the onion for the next peer; zero when Final.
	Next Packet
}

// Peel takes one layer off p with the node's key (BOLT #4 "Onion
// Decryption"), the associated data being the payment hash for a payment
// and empty for an onion message. It checks the version, the key and the
// HMAC first, so its errors are ErrInvalidVersion (a *VersionError),
// ErrInvalidKey and ErrInvalidHMAC, all BADONION, or after them
// ErrPayloadLength. p is not modified; Payload and Next.Payloads share one
// new buffer.
//
// Peel does not consult a replay log: a payment hop checks
// ReplayKey(peeled.Secret) with its ReplayLog after Peel.
func (k *NodeKey) Peel(p *Packet, assocData []byte) (Peeled, error) {
	return peel(&k.priv, p, assocData)
}

// PeelBlinded peels an onion encrypted to the node's blinded node id, the
// node's key multiplied by tweak = HMAC256("blinded_node_id", blinding_ss)
// where blinding_ss is the ECDH of the node key and the path_key the onion
// came with (package blinding computes it). BOLT #4 allows tweaking either
// the onion's public_key or "(equivalently) ... its own node_privkey": the
// private key costs a scalar multiplication modulo n, the point a point
// multiplication.
func (k *NodeKey) PeelBlinded(p *Packet, assocData []byte, tweak *[32]byte) (Peeled, error) {
	var t btcec.ModNScalar
	t.SetBytes(tweak)
	t.Mul(&k.priv)
	if t.IsZero() {
		return Peeled{}, ErrBadKey
	}
	return peel(&t, p, assocData)
}

// lengthPrefixMax is the longest BigSize, the most bytes decrypted before
// the payload's length is known.
const lengthPrefixMax = 9

func peel(priv *btcec.ModNScalar, p *Packet, assocData []byte) (Peeled, error) {
	var out Peeled
	if p.Version != Version {
		return out, &VersionError{Version: p.Version}
	}
	var e btcec.JacobianPoint
	if !parsePoint(&p.PublicKey, &e) {
		return out, ErrInvalidKey
	}
	ss := ecdh(priv, &e)

	// BOLT #4: "Derive the HMAC as" HMAC256(mu, hop_payloads ||
	// associated_data) and "MUST use a constant time comparison".
	mu := DeriveKey(KeyMu, &ss)
	m := NewMAC()
	sum := m.Sum(&mu, p.Payloads, assocData)
	if !EqualMAC(sum[:], p.HMAC[:]) {
		return out, ErrInvalidHMAC
	}

	// The unwrapped payloads are hop_payloads followed by as many zeros,
	// XORed with a stream of twice their length; of it this hop needs its
	// own data (length, payload, next HMAC) and, to forward, the
	// hop_payloads-sized window after that data. The stream is generated up
	// to the end of that window and no further.
	rho := DeriveKey(KeyRho, &ss)
	var nonce [chacha20.NonceSize]byte
	c, _ := chacha20.NewUnauthenticatedCipher(rho[:], nonce[:])
	n := len(p.Payloads)
	var head [lengthPrefixMax]byte
	h := head[:min(lengthPrefixMax, n)]
	c.XORKeyStream(h, p.Payloads[:len(h)])
	length, prefix, err := wire.DecodeBigSize(h)
	if err != nil {
		return out, &PayloadLengthError{Err: err}
	}
	// BOLT #4: "If the payload_length is less than two: MUST abort", and
	// the payload, the next HMAC and a full hop_payloads must fit in the
	// unwrapped stream of twice hop_payloads' length.
	if length < 2 || length > uint64(n) || prefix+int(length)+HMACSize > n {
		return out, &PayloadLengthError{Length: length}
	}
	shift := prefix + int(length) + HMACSize
	buf := make([]byte, n+shift)
	copy(buf, h)
	c.XORKeyStream(buf[len(h):shift], p.Payloads[len(h):shift])
	out.Secret = ss
	out.Payload = buf[prefix : prefix+int(length) : prefix+int(length)]
	next := buf[shift-HMACSize : shift]
	out.Final = isZero(next)
	if out.Final {
		return out, nil
	}
	copy(out.Next.HMAC[:], next)
	c.XORKeyStream(buf[shift:n], p.Payloads[shift:])
	c.XORKeyStream(buf[n:], buf[n:])
	out.Next.Payloads = buf[shift:]

	// BOLT #4: "public_key set to the incoming public_key multiplied by
	// blinding_tweak", blinding_tweak = SHA256(public_key || ss).
	b := BlindingFactor(&p.PublicKey, &ss)
	if b.IsZero() {
		return Peeled{}, ErrInvalidKey
	}
	var next2 btcec.JacobianPoint
	btcec.ScalarMultNonConst(&b, &e, &next2)
	next2.ToAffine()
	out.Next.Version = Version
	out.Next.PublicKey = compress(&next2)
	return out, nil
}

func isZero(b []byte) bool {
	var acc byte
	for _, x := range b {
		acc |= x
	}
	return acc == 0
}
