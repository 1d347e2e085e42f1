package sphinx

import (
	"crypto/sha256"

	"github.com/lnstack/lnstack/layer2_messaging/wire"
)

// Sizes of BOLT #4 "Packet Structure".
const (
	// Version is the only onion version: "For this specification (version
	// 0), version has a constant value of 0x00."
	Version = 0

	// HMACSize is the length of the packet HMAC and of each hop's next HMAC.
	HMACSize = 32

	// PayloadsSize is the length of hop_payloads in a payment onion.
	PayloadsSize = 1300

	// HeaderSize is what a packet holds besides hop_payloads: the version
	// byte, the public key and the HMAC (1 + 33 + 32).
	HeaderSize = 1 + wire.PointLen + HMACSize

	// PacketSize is the length of a payment onion, onion_routing_packet of
	// update_add_htlc: 1 + 33 + 1300 + 32.
	PacketSize = HeaderSize + PayloadsSize

	// LargePayloadsSize is the larger hop_payloads length an onion message
	// may use. BOLT #4: the writer "SHOULD set onion_message_packet len to
	// 1366 or 32834" (32834 - 66).
	LargePayloadsSize = 32768
)

// Packet is an onion packet (onion_packet, or the onion_message_packet of
// an onion message, whose hop_payloads may have another length).
type Packet struct {
	// Version is the version byte, 0.
	Version byte
	// PublicKey is the ephemeral key the processing node shares a secret
	// with.
	PublicKey wire.Point
	// Payloads is hop_payloads, obfuscated: PayloadsSize bytes for a
	// payment.
	Payloads []byte
	// HMAC authenticates Payloads and the associated data for the
	// processing node.
	HMAC [HMACSize]byte
}

// Len returns the encoded length of the packet.
func (p *Packet) Len() int { return HeaderSize + len(p.Payloads) }

// Append appends the packet's encoding to dst.
func (p *Packet) Append(dst []byte) []byte {
	dst = append(dst, p.Version)
	dst = append(dst, p.PublicKey[:]...)
	dst = append(dst, p.Payloads...)
	return append(dst, p.HMAC[:]...)
}

// Bytes returns the packet's encoding.
func (p *Packet) Bytes() []byte { return p.Append(make([]byte, 0, p.Len())) }

// Hash returns the SHA-256 of the encoded packet: the sha256_of_onion of
// the BADONION failures and of update_fail_malformed_htlc.
func (p *Packet) Hash() [32]byte {
	h := sha256.New()
	h.Write([]byte{p.Version})
	h.Write(p.PublicKey[:])
	h.Write(p.Payloads)
	h.Write(p.HMAC[:])
	var out [32]byte
	h.Sum(out[:0])
	return out
}

// DecodePacket splits an encoded packet of any length from HeaderSize up
// (an onion message's). The version and the key are kept as they are, so a
// node can still answer with the failure they cause: Peel checks them.
// Payloads is a copy: b may be reused.
func DecodePacket(b []byte) (Packet, error) {
	if len(b) < HeaderSize {
		return Packet{}, ErrPacketLength
	}
	var p Packet
	p.Version = b[0]
	copy(p.PublicKey[:], b[1:])
	n := len(b) - HeaderSize
	p.Payloads = append([]byte(nil), b[1+wire.PointLen:1+wire.PointLen+n]...)
	copy(p.HMAC[:], b[len(b)-HMACSize:])
	return p, nil
}

// DecodePaymentPacket decodes an onion_routing_packet, which must be
// PacketSize bytes.
func DecodePaymentPacket(b []byte) (Packet, error) {
	if len(b) != PacketSize {
		return Packet{}, ErrPacketLength
	}
	return DecodePacket(b)
}
