package sphinx

import (
	"github.com/btcsuite/btcd/btcec/v2"

	"github.com/lnstack/lnstack/layer2_messaging/wire"
)

// NodeKey is a node's private key (the key of its node_id) as onion
// processing uses it, with the public key computed once. It never changes
// and is safe for concurrent use.
type NodeKey struct {
	priv btcec.ModNScalar
	pub  wire.Point
}

// NewNodeKey wraps a private key; it fails with ErrBadKey for a nil or zero
// key.
func NewNodeKey(priv *btcec.PrivateKey) (*NodeKey, error) {
	if priv == nil || priv.Key.IsZero() {
		return nil, ErrBadKey
	}
	k := &NodeKey{priv: priv.Key}
	k.pub = BasePoint(&k.priv)
	return k, nil
}

// PubKey returns the public key.
func (k *NodeKey) PubKey() wire.Point { return k.pub }

// PrivateKey returns a copy of the private key.
func (k *NodeKey) PrivateKey() *btcec.PrivateKey {
	s := k.priv
	return btcec.PrivKeyFromScalar(&s)
}

// ECDH returns the shared secret of this key and pub (BOLT #4 "Shared
// Secret"); it fails with ErrInvalidKey when pub is not a valid point.
func (k *NodeKey) ECDH(pub *wire.Point) (Secret, error) { return ECDH(&k.priv, pub) }

// Tweaked returns the key multiplied by the scalar tweak (a big-endian
// number reduced modulo the group order): the private key of a blinded node
// id, whose tweak is HMAC256("blinded_node_id", ss). It fails with ErrBadKey
// when the product is zero.
func (k *NodeKey) Tweaked(tweak *[32]byte) (*NodeKey, error) {
	var t btcec.ModNScalar
	t.SetBytes(tweak)
	t.Mul(&k.priv)
	if t.IsZero() {
		return nil, ErrBadKey
	}
	out := &NodeKey{priv: t}
	out.pub = BasePoint(&out.priv)
	return out, nil
}
