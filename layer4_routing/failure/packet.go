package failure

import (
	"encoding/binary"
	"fmt"

	"github.com/lnstack/lnstack/layer4_routing/sphinx"
)

// Sizes of the return packet (BOLT #4 "Returning Errors"):
//
//	[32*byte:hmac] [u16:failure_len] [failure_len*byte:failuremsg]
//	[u16:pad_len] [pad_len*byte:pad]
const (
	// MinPaddedLen is the least failure_len + pad_len. BOLT #4: the erring
	// node "MUST set pad such that the failure_len plus pad_len is at
	// least 256" and "SHOULD set pad such that ... is equal to 256".
	MinPaddedLen = 256

	// PacketOverhead is what a return packet adds to failuremsg and pad:
	// the HMAC and the two lengths (32 + 2 + 2).
	PacketOverhead = sphinx.HMACSize + 2 + 2

	// MinPacketLen is the length of the smallest valid return packet.
	MinPacketLen = PacketOverhead + MinPaddedLen

	// MaxHops is the number of layers the origin always peels, whatever the
	// route's length. BOLT #4: "SHOULD continue decrypting, until the loop
	// has been repeated 27 times (maximum route length of tlv payload
	// type)", so the erring node cannot time its position.
	MaxHops = 27
)

// NewPacket returns the erring node's return packet before obfuscation:
// the HMAC, keyed with um, over failure_len, failuremsg, pad_len and the
// zero pad. paddedLen is failure_len + pad_len; 0 means MinPaddedLen, or the
// message's own length when it is longer.
func NewPacket(secret *sphinx.Secret, failureMsg []byte, paddedLen int) ([]byte, error) {
	if paddedLen == 0 {
		paddedLen = max(MinPaddedLen, len(failureMsg))
	}
	if len(failureMsg) > paddedLen || paddedLen < MinPaddedLen || paddedLen > 0xffff {
		return nil, fmt.Errorf("%w: %d bytes padded to %d", ErrMessageTooLong, len(failureMsg), paddedLen)
	}
	p := make([]byte, PacketOverhead+paddedLen)
	body := p[sphinx.HMACSize:]
	binary.BigEndian.PutUint16(body, uint16(len(failureMsg)))
	copy(body[2:], failureMsg)
	binary.BigEndian.PutUint16(body[2+len(failureMsg):], uint16(paddedLen-len(failureMsg)))
	um := sphinx.DeriveKey(sphinx.KeyUm, secret)
	mac := sphinx.HMAC(&um, body)
	copy(p, mac[:])
	return p, nil
}

// Obfuscate XORs the ammag stream of secret into the packet, in place: the
// erring node does it once to the packet it creates and every hop on the way
// back once more. BOLT #4: "This obfuscation step is identical to the
// obfuscation steps that the erring node carries out." Applied twice it
// undoes itself, which is how the origin peels.
func Obfuscate(secret *sphinx.Secret, packet []byte) {
	ammag := sphinx.DeriveKey(sphinx.KeyAmmag, secret)
	sphinx.XORStream(&ammag, packet, packet)
}

// Create is what an erring node does: it builds the return packet of the
// encoded failure message (NewPacket), adds its attribution to attr when
// attr is not nil (attr holds zeros, or what the next hop returned),
// and obfuscates the packet. The result is update_fail_htlc's reason, and
// attr its attribution_data.
//
// BOLT #4: "if option_attribution_data is advertised: if path_key is not
// set in the incoming update_add_htlc: MUST initialize attribution_data and
// include it in update_fail_htlc"; a node inside a blinded path passes nil.
func Create(secret *sphinx.Secret, failureMsg []byte, paddedLen int, attr *AttributionData, holdTime uint32) ([]byte, error) {
	p, err := NewPacket(secret, failureMsg, paddedLen)
	if err != nil {
		return nil, err
	}
	if attr != nil {
		attr.Add(secret, holdTime, p)
	}
	Obfuscate(secret, p)
	return p, nil
}

// Relay is what a hop does to a return packet on its way back: it adds its
// attribution (over the packet as it arrived) when attr is not nil, and
// obfuscates the packet in place.
func Relay(secret *sphinx.Secret, packet []byte, attr *AttributionData, holdTime uint32) {
	if attr != nil {
		attr.Add(secret, holdTime, packet)
	}
	Obfuscate(secret, packet)
}

// Result is what the origin learns from a return packet.
type Result struct {
	// Index is the hop that sent the failure (0 is the first hop after
	// the origin), or -1 when no hop authenticates the packet.
	Index int
	// Message is failuremsg as the erring hop wrote it; decode it with
	// Parse (the Failure method).
	Message []byte
	// HoldTimes are the hold times the hops reported in the attribution
	// data, in units of 100 milliseconds, from the first hop up to the
	// erring one or to the last one whose attribution verified.
	HoldTimes []uint32
	// AttributionFailedAt is the first hop whose attribution HMAC did not
	// verify, or -1. Blame for a garbled packet falls on that hop or the
	// one before it ("Blame is still only assignable to a pair of
	// nodes").
	AttributionFailedAt int
}

// Failure decodes Message as the origin reads it (Parse).
func (r *Result) Failure() (Message, error) { return Parse(r.Message) }

// Decrypt finds which hop of the route sent a return packet and what it
// says (BOLT #4 "Origin node"). secrets are the route's shared secrets,
// first hop first (sphinx.BuildPacket returns them). It peels one ammag
// layer per hop and stops recording at the first hop whose um HMAC
// matches, but always runs MaxHops rounds. When attr is not nil, it
// verifies each hop's attribution HMAC up to the source and collects the
// hold times (a route of more than AttributionHops hops fails with
// ErrNoRoute). packet is not modified.
//
// Without a matching hop it fails with ErrUnknownSource; the Result still
// holds what attribution data told.
func Decrypt(secrets []sphinx.Secret, packet []byte, attr *AttributionData) (Result, error) {
	res := Result{Index: -1, AttributionFailedAt: -1}
	n := len(secrets)
	if n == 0 || n > MaxHops || attr != nil && n > AttributionHops {
		return res, ErrNoRoute
	}
	if len(packet) < PacketOverhead {
		return res, ErrPacketLength
	}
	buf := append([]byte(nil), packet...)
	var a AttributionData
	checkAttr := attr != nil
	if checkAttr {
		a = *attr
	}
	// The rounds after the source is found, and past the route's end,
	// peel with a fixed secret: the same work, nothing learned.
	var dummy sphinx.Secret
	for i := range dummy {
		dummy[i] = 1
	}
	w := sphinx.NewMAC()
	for i := range MaxHops {
		s := &dummy
		real := res.Index < 0 && i < n
		if real {
			s = &secrets[i]
		}
		Obfuscate(s, buf)
		if real && checkAttr {
			hold, ok := a.unwrap(&w, s, buf, n-1-i)
			if ok {
				res.HoldTimes = append(res.HoldTimes, hold)
			} else {
				res.AttributionFailedAt, checkAttr = i, false
			}
		}
		um := sphinx.DeriveKey(sphinx.KeyUm, s)
		sum := w.Sum(&um, buf[sphinx.HMACSize:])
		if real && sphinx.EqualMAC(sum[:], buf[:sphinx.HMACSize]) {
			res.Index = i
			res.Message = append([]byte(nil), buf[sphinx.HMACSize:]...)
		}
	}
	if res.Index < 0 {
		return res, ErrUnknownSource
	}
	msg, err := splitBody(res.Message)
	if err != nil {
		res.Message = nil
		return res, err
	}
	res.Message = msg
	return res, nil
}

// splitBody returns failuremsg from failure_len, failuremsg, pad_len, pad.
func splitBody(body []byte) ([]byte, error) {
	if len(body) < 4 {
		return nil, ErrPacketLength
	}
	fl := int(binary.BigEndian.Uint16(body))
	if 2+fl+2 > len(body) {
		return nil, ErrPacketLength
	}
	pl := int(binary.BigEndian.Uint16(body[2+fl:]))
	if 2+fl+2+pl != len(body) {
		return nil, ErrPacketLength
	}
	return body[2 : 2+fl : 2+fl], nil
}
