package onionmsg

import (
	"errors"

	"github.com/btcsuite/btcd/btcec/v2"

	"github.com/lnstack/lnstack/layer2_messaging/wire"
	"github.com/lnstack/lnstack/layer4_routing/blinding"
	"github.com/lnstack/lnstack/layer4_routing/sphinx"
)

// Build wraps an onion message along a blinded path (BOLT #4 "Onion
// Messages", the writer): one onion layer per hop, encrypted to the hop's
// blinded node id, each holding the hop's encrypted_recipient_data, the last
// also the fields of final (its other records: reply_path, the message). It
// returns the onion_message to send to path.FirstNodeID.
//
// The writer "MUST NOT use any associated_data" and "SHOULD set
// onion_message_packet len to 1366 or 32834": hop_payloads is 1300 bytes,
// or 32768 when the payloads do not fit in 1300.
func Build(sessionKey *btcec.PrivateKey, path *blinding.Path, final *Payload) (*OnionMessage, error) {
	if len(path.Hops) == 0 {
		return nil, ErrBadPath
	}
	hops := make([]sphinx.Hop, len(path.Hops))
	for i, h := range path.Hops {
		pub, err := h.BlindedNodeID.PubKey()
		if err != nil {
			return nil, ErrBadPath
		}
		p := Payload{HasEncryptedRecipientData: true, EncryptedRecipientData: h.EncryptedRecipientData}
		if i == len(path.Hops)-1 && final != nil {
			p = *final
			p.HasEncryptedRecipientData, p.EncryptedRecipientData = true, h.EncryptedRecipientData
		}
		b, err := p.Encode(nil)
		if err != nil {
			return nil, err
		}
		hops[i] = sphinx.Hop{PubKey: pub, Payload: b}
	}
	pkt, _, err := sphinx.BuildPacket(sessionKey, hops, nil, sphinx.PayloadsSize)
	if errors.Is(err, sphinx.ErrRouteTooLong) {
		pkt, _, err = sphinx.BuildPacket(sessionKey, hops, nil, sphinx.LargePayloadsSize)
		if errors.Is(err, sphinx.ErrRouteTooLong) {
			return nil, ErrTooLarge
		}
	}
	if err != nil {
		return nil, err
	}
	return &OnionMessage{PathKey: path.FirstPathKey, Packet: pkt.Bytes()}, nil
}

// Prepend returns a path that reaches path through nodes first: the
// sender's own blinded hops to the introduction node, for when it is not a
// peer. BOLT #4, the reader of a blinded_path sending an onion message:
// "MUST encrypt the first blinded path onion to the first blinded_node_id.
// MUST set next_path_key_override in the prior onion payload to
// first_path_key." Each added node's encrypted data names the next node;
// the last one's also carries the override. sessionKey is the secret e_0 of
// the added hops, path's introduction node must be given by its node id.
func Prepend(sessionKey *btcec.PrivateKey, nodes []*btcec.PublicKey, path *blinding.Path) (blinding.Path, error) {
	intro, ok := path.FirstNodeID.Point()
	if !ok || len(nodes) == 0 || len(path.Hops) == 0 {
		return blinding.Path{}, ErrBadPath
	}
	b, err := blinding.NewBlinder(sessionKey)
	if err != nil {
		return blinding.Path{}, err
	}
	if nodes[0] == nil {
		return blinding.Path{}, ErrBadPath
	}
	out := blinding.Path{
		FirstNodeID:  wire.SciddirFromPoint(wire.PointFromPubKey(nodes[0])),
		FirstPathKey: b.PathKey(),
	}
	for i, n := range nodes {
		d := blinding.Data{HasNextNodeID: true, NextNodeID: intro}
		if i+1 < len(nodes) {
			if nodes[i+1] == nil {
				return blinding.Path{}, ErrBadPath
			}
			d.NextNodeID = wire.PointFromPubKey(nodes[i+1])
		} else {
			d.HasNextPathKeyOverride, d.NextPathKeyOverride = true, path.FirstPathKey
		}
		plain, err := d.Encode(nil)
		if err != nil {
			return blinding.Path{}, err
		}
		h, err := b.Add(n, plain)
		if err != nil {
			return blinding.Path{}, err
		}
		out.Hops = append(out.Hops, h.Hop)
	}
	out.Hops = append(out.Hops, path.Hops...)
	return out, nil
}
