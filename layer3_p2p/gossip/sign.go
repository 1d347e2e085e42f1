package gossip

import (
	"crypto/sha256"
	"errors"

	"github.com/btcsuite/btcd/btcec/v2"
	"github.com/btcsuite/btcd/btcec/v2/ecdsa"

	"github.com/lnstack/lnstack/layer2_messaging/wire"
)

// signedBufLen is the stack buffer the signed part of a message is
// encoded into before hashing; longer messages (large extensions or
// address lists) spill to the heap.
const signedBufLen = 512

// doubleSHA256 returns SHA-256(SHA-256(b)), the hash every gossip signature
// signs.
func doubleSHA256(b []byte) [32]byte {
	h := sha256.Sum256(b)
	return sha256.Sum256(h[:])
}

// SignDigest signs a digest with key (RFC 6979, low S) and returns the
// signature in the 64-byte wire form.
func SignDigest(key *btcec.PrivateKey, digest [32]byte) wire.Signature {
	// SignCompact makes the same RFC 6979 signature as Sign, prefixed by
	// the recovery byte; the rest is r || s.
	compact := ecdsa.SignCompact(key, digest[:], true)
	var sig wire.Signature
	copy(sig[:], compact[1:])
	return sig
}

// errNilKey is returned by the signing helpers for a nil key.
var errNilKey = errors.New("gossip: nil key")

// SignChannelUpdate sets m.Signature to the node key's signature of m.
// BOLT #7: the origin node "MUST set signature to the signature of the
// double-SHA256 of the entire remaining packet after signature, using its
// own node_id."
func SignChannelUpdate(m *ChannelUpdate, nodeKey *btcec.PrivateKey) error {
	if nodeKey == nil {
		return errNilKey
	}
	d, err := m.Digest()
	if err != nil {
		return err
	}
	m.Signature = SignDigest(nodeKey, d)
	return nil
}

// SignNodeAnnouncement sets m.NodeID to the node key's public key and
// m.Signature to its signature of m.
func SignNodeAnnouncement(m *NodeAnnouncement, nodeKey *btcec.PrivateKey) error {
	if nodeKey == nil {
		return errNilKey
	}
	m.NodeID = wire.PointFromPubKey(nodeKey.PubKey())
	d, err := m.Digest()
	if err != nil {
		return err
	}
	m.Signature = SignDigest(nodeKey, d)
	return nil
}

// NewAnnouncementSignatures returns the announcement_signatures of one end
// of a channel: ann is the channel_announcement both ends build (its
// signatures may be empty), nodeKey and bitcoinKey the end's node and
// funding keys. BOLT #7: it "is created by constructing a
// channel_announcement message, corresponding to the newly confirmed
// channel funding transaction, and signing it with the secrets matching an
// endpoint's node_id and bitcoin_key."
func NewAnnouncementSignatures(ann *ChannelAnnouncement, channelID wire.ChannelID, nodeKey, bitcoinKey *btcec.PrivateKey) (*AnnouncementSignatures, error) {
	if nodeKey == nil || bitcoinKey == nil {
		return nil, errNilKey
	}
	d, err := ann.Digest()
	if err != nil {
		return nil, err
	}
	return &AnnouncementSignatures{
		ChannelID:        channelID,
		ShortChannelID:   ann.ShortChannelID,
		NodeSignature:    SignDigest(nodeKey, d),
		BitcoinSignature: SignDigest(bitcoinKey, d),
	}, nil
}

// parseSignature turns the 64-byte wire form into a signature, failing
// when r or s is not in [1, n-1].
func parseSignature(s *wire.Signature) (*ecdsa.Signature, bool) {
	var r, sc btcec.ModNScalar
	if r.SetByteSlice(s[:32]) || r.IsZero() || sc.SetByteSlice(s[32:]) || sc.IsZero() {
		return nil, false
	}
	return ecdsa.NewSignature(&r, &sc), true
}
