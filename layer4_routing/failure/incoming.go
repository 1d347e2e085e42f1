package failure

import (
	"errors"

	"github.com/lnstack/lnstack/layer2_messaging/wire"
	"github.com/lnstack/lnstack/layer3_p2p/channelmsg"
	"github.com/lnstack/lnstack/layer4_routing/blinding"
	"github.com/lnstack/lnstack/layer4_routing/sphinx"
)

// ForIncoming returns the failure a node reports for an error met while
// processing an incoming payment onion (sphinx.NodeKey.Peel,
// sphinx.Payload.Decode and Check, blinding.ProcessPayment), and whether
// it goes back as update_fail_malformed_htlc (true: the node could not
// authenticate the onion, so it has no secret to encrypt with) rather than
// encrypted in update_fail_htlc. onion is the packet as received; payload
// the decrypted hop payload when the error is about it (nil otherwise).
//
//   - inside a blinded path: invalid_onion_blinding. BOLT #4: "if path_key
//     is set in the incoming update_add_htlc: MUST return an
//     invalid_onion_blinding error", malformed (BOLT #2 "MUST send an
//     update_fail_malformed_htlc"); at the introduction node, encrypted;
//   - a bad version, key or HMAC: invalid_onion_version, _key, _hmac,
//     malformed;
//   - a replayed onion: invalid_onion_version, malformed. BOLT #4 has no
//     code for a replay; the node cannot tell the origin more than that the
//     onion is unusable, and only a BADONION code may go back malformed.
//   - a payload that does not parse or lacks or has records against the
//     rules: invalid_onion_payload with the record's type and offset when
//     known, encrypted;
//   - anything else: temporary_node_failure, encrypted.
func ForIncoming(err error, onion *sphinx.Packet, payload []byte) (Message, bool) {
	hash := wire.SHA256(onion.Hash())
	var pe *blinding.PathError
	var re *sphinx.RecordError
	var de *wire.DecodeError
	switch {
	case errors.As(err, &pe):
		return &InvalidOnionBlinding{SHA256OfOnion: hash}, pe.PathKeyInHTLC
	case errors.Is(err, sphinx.ErrInvalidVersion), errors.Is(err, sphinx.ErrReplay):
		return &InvalidOnionVersion{SHA256OfOnion: hash}, true
	case errors.Is(err, sphinx.ErrInvalidKey):
		return &InvalidOnionKey{SHA256OfOnion: hash}, true
	case errors.Is(err, sphinx.ErrInvalidHMAC):
		return &InvalidOnionHMAC{SHA256OfOnion: hash}, true
	case errors.As(err, &re):
		m := &InvalidOnionPayload{Type: re.Type}
		if off, ok := sphinx.RecordOffset(payload, re.Type); ok {
			m.Offset = offset16(off)
		}
		return m, false
	case errors.As(err, &de) && wire.Malformed(err):
		m := &InvalidOnionPayload{}
		if t, start, ok := sphinx.RecordAt(payload, de.Offset); ok {
			m.Type, m.Offset = t, offset16(start)
		}
		return m, false
	case errors.Is(err, sphinx.ErrPayloadLength), wire.Malformed(err):
		return &InvalidOnionPayload{}, false
	}
	return &TemporaryNodeFailure{}, false
}

func offset16(n int) uint16 {
	if n > 0xffff {
		return 0xffff
	}
	return uint16(n)
}

// MalformedHTLC returns the update_fail_malformed_htlc that fails HTLC id
// of channel with a BADONION failure m (ForIncoming's when it reports
// malformed). It fails with ErrNotBadOnion for a code without the BADONION
// bit, which BOLT #2 forbids there ("if the BADONION bit in failure_code is
// not set for update_fail_malformed_htlc: MUST send a warning and close the
// connection").
func MalformedHTLC(channel wire.ChannelID, id uint64, m Message) (*channelmsg.UpdateFailMalformedHTLC, error) {
	if !m.Code().IsBadOnion() {
		return nil, ErrNotBadOnion
	}
	out := &channelmsg.UpdateFailMalformedHTLC{ChannelID: channel, ID: id, FailureCode: uint16(m.Code())}
	switch v := m.(type) {
	case *InvalidOnionVersion:
		out.SHA256OfOnion = v.SHA256OfOnion
	case *InvalidOnionHMAC:
		out.SHA256OfOnion = v.SHA256OfOnion
	case *InvalidOnionKey:
		out.SHA256OfOnion = v.SHA256OfOnion
	case *InvalidOnionBlinding:
		out.SHA256OfOnion = v.SHA256OfOnion
	case *Unknown:
		copy(out.SHA256OfOnion[:], v.Data)
	}
	return out, nil
}

// FromMalformed turns an update_fail_malformed_htlc received from the next
// hop into the failure message this node encrypts back to the origin. BOLT
// #2: a node "MUST return an error in the update_fail_htlc sent to the link
// which originally sent the HTLC, using the failure_code given and setting
// the data to sha256_of_onion." It fails with ErrNotBadOnion when the code
// lacks the BADONION bit (the channel is then to be failed).
func FromMalformed(m *channelmsg.UpdateFailMalformedHTLC) (Message, error) {
	code := Code(m.FailureCode)
	if !code.IsBadOnion() {
		return nil, ErrNotBadOnion
	}
	var b [2 + wire.SHA256Len]byte
	b[0], b[1] = byte(code>>8), byte(code)
	copy(b[2:], m.SHA256OfOnion[:])
	msg, err := Decode(b[:])
	if err != nil {
		// A known code whose data is not a sha256 alone cannot carry
		// BADONION; keep it as it came.
		return &Unknown{FailureCode: code, Data: append([]byte(nil), m.SHA256OfOnion[:]...)}, nil
	}
	return msg, nil
}
