package sphinx_test

import (
	"fmt"

	"github.com/btcsuite/btcd/btcec/v2"

	"github.com/lnstack/lnstack/layer4_routing/sphinx"
	"github.com/lnstack/lnstack/layer4_routing/sphinx/sphinxtest"
)

// Example builds a two-hop payment onion and peels it at each hop.
func Example() {
	alice, bob := sphinxtest.Key("alice"), sphinxtest.Key("bob")
	hash := []byte("the payment hash, 32 bytes long.")
	pkt, _, err := sphinx.BuildPayment(sphinxtest.Key("session"), []sphinx.Hop{
		{PubKey: alice.PubKey(), Payload: []byte{0x02, 0x01, 0x2a}}, // amt_to_forward 42
		{PubKey: bob.PubKey(), Payload: []byte{0x02, 0x01, 0x28}},   // amt_to_forward 40
	}, hash)
	if err != nil {
		panic(err)
	}
	for _, priv := range []*btcec.PrivateKey{alice, bob} {
		k, _ := sphinx.NewNodeKey(priv)
		p, err := k.Peel(&pkt, hash)
		if err != nil {
			panic(err)
		}
		fmt.Printf("payload %x, final %v\n", p.Payload, p.Final)
		pkt = p.Next
	}
	// Output:
	// payload 02012a, final false
	// payload 020128, final true
}
