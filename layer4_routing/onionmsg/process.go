package onionmsg

import (
	"github.com/lnstack/lnstack/layer2_messaging/wire"
	"github.com/lnstack/lnstack/layer4_routing/blinding"
	"github.com/lnstack/lnstack/layer4_routing/sphinx"
)

// Processed is an onion message after one node has processed it: either
// the message for this node, or the onion_message to forward.
type Processed struct {
	// Final is true when the message is for this node.
	Final bool
	// Payload is the node's onionmsg_tlv.
	Payload Payload
	// Data is the node's decrypted encrypted_data_tlv; the final node
	// checks Data.PathID against the reply paths it published.
	Data blinding.Data

	// Next is the onion_message to forward, when not Final.
	Next *OnionMessage
	// The next peer: "if next_node_id is present: the next peer is the
	// peer with that node id. otherwise, if short_channel_id is present
	// ...: the next peer is the peer at the other end of that channel."
	HasNextNodeID     bool
	NextNodeID        wire.Point
	HasShortChannelID bool
	ShortChannelID    wire.ShortChannelID
}

// Process processes an onion message at node key (BOLT #4 "Onion
// Messages", the reader): it derives the node's secrets from the path_key,
// peels the onion with its blinded key and no associated data, decodes the
// onionmsg_tlv (nested records built with newNested, nil for RawStream),
// decrypts encrypted_recipient_data and applies the reader's rules. Any
// error means the message is to be ignored.
func Process(key *sphinx.NodeKey, m *OnionMessage, newNested NewNested) (Processed, error) {
	var out Processed
	u, err := blinding.Unblind(key, &m.PathKey)
	if err != nil {
		return out, err
	}
	pkt, err := sphinx.DecodePacket(m.Packet)
	if err != nil {
		return out, err
	}
	peeled, err := key.PeelBlinded(&pkt, nil, &u.Tweak)
	if err != nil {
		return out, err
	}
	out.Final = peeled.Final
	if err := out.Payload.DecodeWith(peeled.Payload, newNested); err != nil {
		return out, err
	}
	p := &out.Payload
	if !p.HasEncryptedRecipientData {
		return out, ErrNoEncryptedData
	}
	if out.Data, err = u.DecryptData(p.EncryptedRecipientData); err != nil {
		return out, err
	}
	d := &out.Data
	// "if encrypted_data_tlv contains allowed_features: MUST ignore the
	// message if: ... contains an unknown feature bit (even if it is
	// odd)." No onion message feature is defined at the pinned BOLTs.
	for _, b := range d.AllowedFeatures {
		if b != 0 {
			return out, ErrFeatures
		}
	}
	if out.Final {
		// "if the onionmsg_tlv contains more than one payload field: MUST
		// ignore the message."
		if p.finalPayloads() > 1 {
			return out, ErrUnexpectedField
		}
		return out, nil
	}
	if p.HasReplyPath || p.finalPayloads() > 0 || len(p.Unknown) > 0 {
		return out, ErrUnexpectedField
	}
	if d.HasPathID {
		return out, ErrPathID
	}
	switch {
	case d.HasNextNodeID:
		out.HasNextNodeID, out.NextNodeID = true, d.NextNodeID
	case d.HasShortChannelID:
		out.HasShortChannelID, out.ShortChannelID = true, d.ShortChannelID
	default:
		return out, ErrNoNextHop
	}
	// "MUST set path_key in the forwarded onion_message to the next
	// path_key as calculated in Route Blinding."
	next, err := u.NextPathKeyFor(d)
	if err != nil {
		return out, err
	}
	out.Next = &OnionMessage{PathKey: next, Packet: peeled.Next.Bytes()}
	return out, nil
}
