// Package sphinxtest is test support for the packages built on sphinx
// (sphinx itself, blinding, onionmsg): keys derived from labels, so that a
// test names its nodes and gets the same keys on every run.
//
// Import it from tests only.
package sphinxtest

import (
	"crypto/sha256"
	"testing"

	"github.com/btcsuite/btcd/btcec/v2"

	"github.com/lnstack/lnstack/layer4_routing/sphinx"
)

// Key returns the private key whose scalar is the SHA-256 of label.
func Key(label string) *btcec.PrivateKey {
	seed := sha256.Sum256([]byte(label))
	k, _ := btcec.PrivKeyFromBytes(seed[:])
	return k
}

// Node returns the sphinx.NodeKey of Key(label).
func Node(tb testing.TB, label string) *sphinx.NodeKey {
	tb.Helper()
	k, err := sphinx.NewNodeKey(Key(label))
	if err != nil {
		tb.Fatal(err)
	}
	return k
}

// PubKey returns the public key of a node key, parsed.
func PubKey(tb testing.TB, k *sphinx.NodeKey) *btcec.PublicKey {
	tb.Helper()
	p, err := k.PubKey().PubKey()
	if err != nil {
		tb.Fatal(err)
	}
	return p
}
