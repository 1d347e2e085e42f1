package failure_test

import (
	"crypto/sha256"
	"fmt"
	"testing"

	"github.com/btcsuite/btcd/btcec/v2"

	"github.com/lnstack/lnstack/layer4_routing/failure"
	"github.com/lnstack/lnstack/layer4_routing/sphinx"
)

// benchErrorRoute is a 5-hop route, its session key, and a failure
// returned by the last hop.
func benchErrorRoute(b *testing.B) (*btcec.PrivateKey, []*btcec.PublicKey, []sphinx.Secret, []byte) {
	key := func(label string) *btcec.PrivateKey {
		s := sha256.Sum256([]byte(label))
		k, _ := btcec.PrivKeyFromBytes(s[:])
		return k
	}
	session := key("bench session")
	route := make([]*btcec.PublicKey, 5)
	for i := range route {
		route[i] = key(fmt.Sprintf("bench node %d", i)).PubKey()
	}
	secrets, err := sphinx.SharedSecrets(session, route)
	if err != nil {
		b.Fatal(err)
	}
	msg, err := failure.Encode(nil, &failure.TemporaryChannelFailure{})
	if err != nil {
		b.Fatal(err)
	}
	packet, _ := returnFrom(b, secrets, 4, msg)
	return session, route, secrets, packet
}

// BenchmarkDecryptError decrypts a failure returned by the last of 5 hops
// (27 rounds). "5" derives the route's shared secrets from the session key
// first, as lightning-onion's DecryptError does; "5-secrets" uses the
// secrets kept from building the onion.
func BenchmarkDecryptError(b *testing.B) {
	session, route, secrets, packet := benchErrorRoute(b)
	b.Run("5", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			s, err := sphinx.SharedSecrets(session, route)
			if err != nil {
				b.Fatal(err)
			}
			if _, err := failure.Decrypt(s, packet, nil); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("5-secrets", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if _, err := failure.Decrypt(secrets, packet, nil); err != nil {
				b.Fatal(err)
			}
		}
	})
}

// BenchmarkAttribution is one hop's update of attribution data (20 HMACs
// over a 292-byte packet) and the origin's check of a 5-hop route's.
func BenchmarkAttribution(b *testing.B) {
	_, _, secrets, packet := benchErrorRoute(b)
	b.Run("Add", func(b *testing.B) {
		var a failure.AttributionData
		b.ReportAllocs()
		for b.Loop() {
			a.Add(&secrets[0], 3, packet)
		}
	})
	b.Run("Decrypt/5", func(b *testing.B) {
		msg, _ := failure.Encode(nil, &failure.TemporaryChannelFailure{})
		p, attr := returnFrom(b, secrets, 4, msg)
		b.ReportAllocs()
		for b.Loop() {
			if _, err := failure.Decrypt(secrets, p, &attr); err != nil {
				b.Fatal(err)
			}
		}
	})
}
