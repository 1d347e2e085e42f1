package blinding_test

import (
	"errors"
	"math/rand/v2"
	"testing"

	"github.com/lnstack/lnstack/layer2_messaging/msgtest"
	"github.com/lnstack/lnstack/layer2_messaging/wire"
	"github.com/lnstack/lnstack/layer4_routing/blinding"
	"github.com/lnstack/lnstack/layer4_routing/sphinx"
	"github.com/lnstack/lnstack/layer4_routing/sphinx/sphinxtest"
)

// FuzzData runs encrypted_data_tlv through the round-trip harness.
func FuzzData(f *testing.F) {
	rng := rand.New(rand.NewPCG(7, 8))
	for range 8 {
		f.Add(msgtest.MustEncode(f, randomData(rng)))
	}
	c := msgtest.Walker[blinding.Data]()
	f.Fuzz(func(t *testing.T, b []byte) { msgtest.RoundTrip(t, c, b) })
}

// FuzzPath runs the blinded_path subtype through the round-trip harness.
func FuzzPath(f *testing.F) {
	p := blinding.Path{FirstNodeID: wire.SciddirFromPoint(wire.PointFromPubKey(sphinxtest.Key("i").PubKey())),
		Hops: []blinding.Hop{{BlindedNodeID: wire.PointFromPubKey(sphinxtest.Key("b").PubKey()), EncryptedRecipientData: []byte{1, 2}}}}
	p.FirstPathKey = p.Hops[0].BlindedNodeID
	f.Add(msgtest.MustEncode(f, &p))
	c := msgtest.Walker[blinding.Path]()
	f.Fuzz(func(t *testing.T, b []byte) { msgtest.RoundTrip(t, c, b) })
}

// FuzzBlindedHop is the blinded-path processing target: arbitrary bytes
// become a node's encrypted data (so they decrypt and reach the
// encrypted_data_tlv parser and the reader's checks), carried in an onion to
// the node's blinded id, processed with arbitrary HTLC amounts and
// expiries. The result is a hop or a *PathError, never a panic.
func FuzzBlindedHop(f *testing.F) {
	rng := rand.New(rand.NewPCG(9, 10))
	for range 4 {
		f.Add(msgtest.MustEncode(f, randomData(rng)), uint64(1e6), uint32(500), false)
	}
	f.Add([]byte{0x0a, 0x02, 0x00}, uint64(0), uint32(0), true)
	node := sphinxtest.Node(f, "fuzzed hop")
	nodePub := sphinxtest.PubKey(f, node)
	f.Fuzz(func(t *testing.T, data []byte, amount uint64, expiry uint32, final bool) {
		b, err := blinding.NewBlinder(sphinxtest.Key("fuzz e0"))
		if err != nil {
			t.Fatal(err)
		}
		pathKey := b.PathKey()
		hop, err := b.Add(nodePub, data)
		if err != nil {
			t.Fatal(err)
		}
		payload := sphinx.Payload{HasEncryptedRecipientData: true, EncryptedRecipientData: hop.EncryptedRecipientData}
		if final {
			payload.HasAmtToForward, payload.HasOutgoingCLTV, payload.HasTotalAmount = true, true, true
		}
		blinded, err := hop.BlindedNodeID.PubKey()
		if err != nil {
			t.Fatal(err)
		}
		hops := []sphinx.Hop{{PubKey: blinded, Payload: msgtest.MustEncode(t, &payload)}}
		if !final {
			hops = append(hops, sphinx.Hop{PubKey: nodePub, Payload: []byte{1, 1}})
		}
		pkt, _, err := sphinx.BuildPayment(sphinxtest.Key("fuzz session"), hops, nil)
		if err != nil {
			t.Fatal(err)
		}
		got, err := blinding.ProcessPayment(node, &pkt, nil, blinding.Incoming{AmountMsat: amount, CLTVExpiry: expiry, PathKey: &pathKey})
		var pe *blinding.PathError
		switch {
		case err == nil:
			if got.Final != final || !got.Blinded {
				t.Fatalf("final %v blinded %v", got.Final, got.Blinded)
			}
		case !errors.As(err, &pe) || !pe.PathKeyInHTLC:
			t.Fatalf("not a *PathError: %v", err)
		}
	})
}
