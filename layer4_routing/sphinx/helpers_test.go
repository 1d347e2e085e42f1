package sphinx_test

import (
	"crypto/sha256"
	"fmt"
	"testing"

	"github.com/btcsuite/btcd/btcec/v2"

	"github.com/lnstack/lnstack/layer4_routing/sphinx"
)

// testKey returns a private key derived from a label.
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

// sealed wraps plaintext hop_payloads for node as a sender would, with a
// valid HMAC, so tests reach the checks Peel makes after the HMAC.
func sealed(tb testing.TB, node *sphinx.NodeKey, plaintext, assoc []byte) sphinx.Packet {
	tb.Helper()
	e := testKey(fmt.Sprintf("ephemeral %x", plaintext[:min(8, len(plaintext))]))
	pub := node.PubKey()
	ss, err := sphinx.ECDH(&e.Key, &pub)
	if err != nil {
		tb.Fatal(err)
	}
	rho := sphinx.DeriveKey(sphinx.KeyRho, &ss)
	mu := sphinx.DeriveKey(sphinx.KeyMu, &ss)
	p := sphinx.Packet{PublicKey: sphinx.BasePoint(&e.Key), Payloads: make([]byte, len(plaintext))}
	sphinx.XORStream(&rho, p.Payloads, plaintext)
	p.HMAC = sphinx.HMAC(&mu, append(append([]byte(nil), p.Payloads...), assoc...))
	return p
}
