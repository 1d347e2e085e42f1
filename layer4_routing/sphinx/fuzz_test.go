package sphinx_test

import (
	"errors"
	"math/rand/v2"
	"testing"

	"github.com/lnstack/lnstack/layer2_messaging/msgtest"
	"github.com/lnstack/lnstack/layer4_routing/sphinx"
	"github.com/lnstack/lnstack/layer4_routing/sphinx/sphinxtest"
)

// typedPeelError reports whether err is one Peel documents.
func typedPeelError(err error) bool {
	for _, s := range []error{sphinx.ErrInvalidVersion, sphinx.ErrInvalidKey, sphinx.ErrInvalidHMAC, sphinx.ErrPayloadLength, sphinx.ErrPacketLength, sphinx.ErrBadKey} {
		if errors.Is(err, s) {
			return true
		}
	}
	return false
}

// FuzzPeel decodes arbitrary bytes as a packet and peels it: a random
// packet fails with a typed error (version, key, HMAC), never a panic. The
// seeds are onions of the vector and of a random route, which peel.
func FuzzPeel(f *testing.F) {
	v := loadOnionVector(f)
	f.Add(mustHex(f, v.Onion))
	node := sphinxtest.Node(f, "fuzz node")
	pub, _ := node.PubKey().PubKey()
	pkt, _, err := sphinx.BuildPayment(sphinxtest.Key("s"), []sphinx.Hop{{PubKey: pub, Payload: []byte{1, 2, 3}}}, nil)
	if err != nil {
		f.Fatal(err)
	}
	f.Add(pkt.Bytes())
	f.Fuzz(func(t *testing.T, b []byte) {
		p, err := sphinx.DecodePacket(b)
		if err != nil {
			if !typedPeelError(err) {
				t.Fatalf("untyped: %v", err)
			}
			return
		}
		if _, err := node.Peel(&p, nil); err != nil && !typedPeelError(err) {
			t.Fatalf("untyped: %v", err)
		}
	})
}

// FuzzPeelPayloads seals arbitrary plaintext hop_payloads with a valid
// HMAC, so that every input reaches the length parsing and decryption
// behind the HMAC: a peel either succeeds with a payload and a next HMAC
// inside the onion or fails with ErrPayloadLength.
func FuzzPeelPayloads(f *testing.F) {
	rng := rand.New(rand.NewPCG(5, 6))
	for _, n := range []int{1300, 100, 40} {
		b := make([]byte, n)
		for i := range b {
			b[i] = byte(rng.Uint32())
		}
		b[0] = 20
		f.Add(b)
	}
	f.Add([]byte{0xfd, 0x04, 0xf1})
	node := sphinxtest.Node(f, "fuzz node")
	f.Fuzz(func(t *testing.T, plaintext []byte) {
		if len(plaintext) == 0 {
			return
		}
		pkt := sealed(t, node, plaintext, nil)
		p, err := node.Peel(&pkt, nil)
		if err != nil {
			if !errors.Is(err, sphinx.ErrPayloadLength) {
				t.Fatalf("got %v", err)
			}
			return
		}
		if len(p.Payload) < 2 || len(p.Payload)+sphinx.HMACSize > len(plaintext) {
			t.Fatalf("payload of %d bytes from %d", len(p.Payload), len(plaintext))
		}
		if !p.Final && len(p.Next.Payloads) != len(plaintext) {
			t.Fatalf("next hop_payloads of %d bytes", len(p.Next.Payloads))
		}
	})
}

// FuzzPayload runs the `payload` TLV stream through the round-trip harness.
func FuzzPayload(f *testing.F) {
	rng := rand.New(rand.NewPCG(7, 8))
	for range 8 {
		b, err := randomPayload(rng).Encode(nil)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	v := loadOnionVector(f)
	for _, h := range v.Generate.Hops {
		f.Add(stripLength(f, mustHex(f, h.Payload)))
	}
	c := msgtest.Walker[sphinx.Payload]()
	f.Fuzz(func(t *testing.T, b []byte) { msgtest.RoundTrip(t, c, b) })
}
