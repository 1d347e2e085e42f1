package layer4onion

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"testing"

	"github.com/btcsuite/btcd/btcec/v2"
	lnsphinx "github.com/lightningnetwork/lightning-onion"

	"github.com/lnstack/lnstack/layer2_messaging/wire"
	"github.com/lnstack/lnstack/layer4_routing/sphinx"
)

// TestOursPeeledByTheirs builds onions with lnstack over routes of 1 to 20
// hops and peels them hop by hop with lightning-onion's Router.
func TestOursPeeledByTheirs(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for n := 1; n <= 20; n++ {
		r := randomRoute(t, rng, n)
		pkt, _, err := sphinx.BuildPayment(sessionKey(fmt.Sprint(n)), r.ourHops(), r.assoc)
		if err != nil {
			t.Fatal(err)
		}
		raw := pkt.Bytes()
		for i, hop := range r.nodes {
			p, err := hop.router.ReconstructOnionPacket(theirPacket(t, raw), r.assoc)
			if err != nil {
				t.Fatalf("%d hops, hop %d: lightning-onion: %v", n, i, err)
			}
			if !bytes.Equal(p.Payload.Payload, r.payloads[i]) {
				t.Fatalf("%d hops, hop %d: lightning-onion reads %x", n, i, p.Payload.Payload)
			}
			final := p.Action == lnsphinx.ExitNode
			if final != (i == n-1) {
				t.Fatalf("%d hops, hop %d: action %v", n, i, p.Action)
			}
			if !final {
				raw = theirBytes(t, p.NextPacket)
			}
		}
	}
}

// TestTheirsPeeledByOurs builds onions with lightning-onion and peels them
// with lnstack; with the same session key both builders give the same
// bytes.
func TestTheirsPeeledByOurs(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	for n := 1; n <= 20; n++ {
		r := randomRoute(t, rng, n)
		session := sessionKey(fmt.Sprint(n))
		theirs, err := lnsphinx.NewOnionPacket(r.theirPath(t), session, r.assoc, lnsphinx.DeterministicPacketFiller)
		if err != nil {
			t.Fatal(err)
		}
		raw := theirBytes(t, theirs)
		ours, secrets, err := sphinx.BuildPayment(session, r.ourHops(), r.assoc)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(ours.Bytes(), raw) {
			t.Fatalf("%d hops: the two builders differ", n)
		}
		for i, hop := range r.nodes {
			pkt, err := sphinx.DecodePaymentPacket(raw)
			if err != nil {
				t.Fatal(err)
			}
			p, err := hop.ours.Peel(&pkt, r.assoc)
			if err != nil {
				t.Fatalf("%d hops, hop %d: %v", n, i, err)
			}
			if !bytes.Equal(p.Payload, r.payloads[i]) || p.Final != (i == n-1) || p.Secret != secrets[i] {
				t.Fatalf("%d hops, hop %d: payload %x final %v", n, i, p.Payload, p.Final)
			}
			raw = p.Next.Bytes()
		}
	}
}

// TestBlindedHop peels an onion layer encrypted to a blinded node id with
// both: lightning-onion given the path key (WithBlindingPoint), lnstack
// with the tweak derived from it.
func TestBlindedHop(t *testing.T) {
	hop := newNode(t, "blinded hop")
	pathPriv := sessionKey("path key")
	pathKey := wire.PointFromPubKey(pathPriv.PubKey())
	ss, err := sphinx.ECDH(&pathPriv.Key, func() *wire.Point { p := hop.ours.PubKey(); return &p }())
	if err != nil {
		t.Fatal(err)
	}
	tweak := sphinx.DeriveKey(sphinx.KeyBlindedNodeID, &ss)
	blinded, err := hop.ours.Tweaked(&tweak)
	if err != nil {
		t.Fatal(err)
	}
	bpub, err := blinded.PubKey().PubKey()
	if err != nil {
		t.Fatal(err)
	}
	pkt, _, err := sphinx.BuildPayment(sessionKey("blinded"), []sphinx.Hop{{PubKey: bpub, Payload: []byte{0x0a, 0x01, 0x42}}}, nil)
	if err != nil {
		t.Fatal(err)
	}
	ours, err := hop.ours.PeelBlinded(&pkt, nil, &tweak)
	if err != nil {
		t.Fatal(err)
	}
	theirPathKey, err := btcec.ParsePubKey(pathKey[:])
	if err != nil {
		t.Fatal(err)
	}
	theirs, err := hop.router.ReconstructOnionPacket(theirPacket(t, pkt.Bytes()), nil, lnsphinx.WithBlindingPoint(theirPathKey))
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(ours.Payload, theirs.Payload.Payload) || theirs.Action != lnsphinx.ExitNode || !ours.Final {
		t.Fatalf("lnstack %x, lightning-onion %x", ours.Payload, theirs.Payload.Payload)
	}
}
