package sphinx_test

import (
	"fmt"
	"testing"

	"github.com/lnstack/lnstack/layer4_routing/sphinx"
	"github.com/lnstack/lnstack/layer4_routing/sphinx/sphinxtest"
)

// sealed wraps plaintext hop_payloads for node as a sender would, with a
// valid HMAC, so tests reach the checks Peel makes after the HMAC.
func sealed(tb testing.TB, node *sphinx.NodeKey, plaintext, assoc []byte) sphinx.Packet {
	tb.Helper()
	e := sphinxtest.Key(fmt.Sprintf("ephemeral %x", plaintext[:min(8, len(plaintext))]))
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
