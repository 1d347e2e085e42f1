package blinding_test

import (
	"crypto/sha256"
	"testing"

	"github.com/btcsuite/btcd/btcec/v2"

	"github.com/lnstack/lnstack/layer4_routing/sphinx"
)

func testKey(label string) *btcec.PrivateKey {
	seed := sha256.Sum256([]byte(label))
	k, _ := btcec.PrivKeyFromBytes(seed[:])
	return k
}

func testNode(tb testing.TB, label string) *sphinx.NodeKey {
	tb.Helper()
	k, err := sphinx.NewNodeKey(testKey(label))
	if err != nil {
		tb.Fatal(err)
	}
	return k
}

func pubOf(tb testing.TB, k *sphinx.NodeKey) *btcec.PublicKey {
	tb.Helper()
	p, err := k.PubKey().PubKey()
	if err != nil {
		tb.Fatal(err)
	}
	return p
}

func encode(tb testing.TB, e interface{ Encode([]byte) ([]byte, error) }) []byte {
	tb.Helper()
	b, err := e.Encode(nil)
	if err != nil {
		tb.Fatal(err)
	}
	return b
}
