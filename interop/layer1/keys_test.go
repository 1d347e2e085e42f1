package layer1

import (
	"crypto/sha256"
	"testing"

	"github.com/btcsuite/btcd/btcec/v2"
	"github.com/lightningnetwork/lnd/keychain"
)

// testKey derives a private key from a label, so every run uses the same
// static keys and a failure can be replayed.
func testKey(tb testing.TB, label string) *btcec.PrivateKey {
	tb.Helper()
	sum := sha256.Sum256([]byte("lnstack interop layer1 " + label))
	priv, _ := btcec.PrivKeyFromBytes(sum[:])
	if priv.Key.IsZero() {
		tb.Fatalf("key %q is zero", label)
	}
	return priv
}

// staticKey is brontide's view of a node key: keychain.PrivKeyECDH with the
// public key computed once. PrivKeyECDH derives the public key again on
// every PubKey call, which lnd's own node key (keychain.PubKeyECDH over its
// key ring) does not; caching it keeps that cost out of the comparison.
type staticKey struct {
	keychain.PrivKeyECDH
	pub *btcec.PublicKey
}

var _ keychain.SingleKeyECDH = (*staticKey)(nil)

func newStaticKey(priv *btcec.PrivateKey) *staticKey {
	return &staticKey{PrivKeyECDH: keychain.PrivKeyECDH{PrivKey: priv}, pub: priv.PubKey()}
}

// PubKey returns the cached public key.
func (k *staticKey) PubKey() *btcec.PublicKey { return k.pub }
