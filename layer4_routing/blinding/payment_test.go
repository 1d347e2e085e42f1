package blinding_test

import (
	"errors"
	"testing"

	"github.com/btcsuite/btcd/btcec/v2"

	"github.com/lnstack/lnstack/layer2_messaging/msgtest"
	"github.com/lnstack/lnstack/layer2_messaging/wire"
	"github.com/lnstack/lnstack/layer4_routing/blinding"
	"github.com/lnstack/lnstack/layer4_routing/sphinx"
	"github.com/lnstack/lnstack/layer4_routing/sphinx/sphinxtest"
)

// payRoute is a payment from a sender through plain node A to a blinded
// path B (introduction), C, D (recipient) that D created.
type payRoute struct {
	keys  [4]*sphinx.NodeKey
	data  [3]blinding.Data
	path  blinding.Path
	hash  []byte
	final uint64
}

func newPayRoute(t *testing.T, edit func(*payRoute)) (payRoute, sphinx.Packet) {
	t.Helper()
	var r payRoute
	for i, l := range []string{"A", "B", "C", "D"} {
		r.keys[i] = sphinxtest.Node(t, "pay "+l)
	}
	r.hash = []byte("payment hash of the test route..")
	r.final = 50_000
	r.data[0] = blinding.Data{HasShortChannelID: true, ShortChannelID: 2 << 40,
		HasPaymentRelay: true, PaymentRelay: blinding.PaymentRelay{CLTVExpiryDelta: 40, FeeProportionalMillionths: 100, FeeBaseMsat: 1000},
		HasPaymentConstraints: true, PaymentConstraints: blinding.PaymentConstraints{MaxCLTVExpiry: 1000, HTLCMinimumMsat: 1}}
	r.data[1] = blinding.Data{HasNextNodeID: true, NextNodeID: r.keys[3].PubKey(),
		HasPaymentRelay: true, PaymentRelay: blinding.PaymentRelay{CLTVExpiryDelta: 30, FeeBaseMsat: 500},
		HasPaymentConstraints: true, PaymentConstraints: blinding.PaymentConstraints{MaxCLTVExpiry: 960, HTLCMinimumMsat: 1}}
	r.data[2] = blinding.Data{HasPathID: true, PathID: []byte("invoice 7"),
		HasPaymentConstraints: true, PaymentConstraints: blinding.PaymentConstraints{MaxCLTVExpiry: 930, HTLCMinimumMsat: 1}}
	if edit != nil {
		edit(&r)
	}
	var plain [][]byte
	for i := range r.data {
		plain = append(plain, msgtest.MustEncode(t, &r.data[i]))
	}
	var err error
	r.path, err = blinding.BuildPath(sphinxtest.Key("recipient e0"), []*btcec.PublicKey{sphinxtest.PubKey(t, r.keys[1]), sphinxtest.PubKey(t, r.keys[2]), sphinxtest.PubKey(t, r.keys[3])}, plain)
	if err != nil {
		t.Fatal(err)
	}
	info := blinding.AggregateRelay([]blinding.PaymentRelay{r.data[0].PaymentRelay, r.data[1].PaymentRelay}, 0)
	payloads := []sphinx.Payload{
		{HasAmtToForward: true, AmtToForward: r.final + info.Fee(r.final), HasOutgoingCLTV: true, OutgoingCLTV: 800 + info.CLTVExpiryDelta,
			HasShortChannelID: true, ShortChannelID: 1 << 40},
		{HasEncryptedRecipientData: true, EncryptedRecipientData: r.path.Hops[0].EncryptedRecipientData, HasCurrentPathKey: true, CurrentPathKey: r.path.FirstPathKey},
		{HasEncryptedRecipientData: true, EncryptedRecipientData: r.path.Hops[1].EncryptedRecipientData},
		{HasEncryptedRecipientData: true, EncryptedRecipientData: r.path.Hops[2].EncryptedRecipientData,
			HasAmtToForward: true, AmtToForward: r.final, HasOutgoingCLTV: true, OutgoingCLTV: 800, HasTotalAmount: true, TotalAmountMsat: r.final},
	}
	pubs := []*btcec.PublicKey{sphinxtest.PubKey(t, r.keys[0]), sphinxtest.PubKey(t, r.keys[1])}
	for _, h := range r.path.Hops[1:] {
		p, err := h.BlindedNodeID.PubKey()
		if err != nil {
			t.Fatal(err)
		}
		pubs = append(pubs, p)
	}
	hops := make([]sphinx.Hop, 4)
	for i := range hops {
		hops[i] = sphinx.Hop{PubKey: pubs[i], Payload: msgtest.MustEncode(t, &payloads[i])}
	}
	pkt, _, err := sphinx.BuildPayment(sphinxtest.Key("sender session"), hops, r.hash)
	if err != nil {
		t.Fatal(err)
	}
	return r, pkt
}

// walk processes the onion hop by hop from A, which is offered amount at
// expiry; it returns the processed hops up to the first error.
func (r *payRoute) walk(pkt sphinx.Packet, amount uint64, expiry uint32) ([]blinding.PaymentHop, error) {
	var out []blinding.PaymentHop
	in := blinding.Incoming{AmountMsat: amount, CLTVExpiry: expiry}
	for i := range r.keys {
		hop, err := blinding.ProcessPayment(r.keys[i], &pkt, r.hash, in)
		if err != nil {
			return out, err
		}
		out = append(out, hop)
		if hop.Final {
			break
		}
		pkt = hop.Next
		in = blinding.Incoming{AmountMsat: hop.AmtToForward, CLTVExpiry: hop.OutgoingCLTV}
		if hop.Blinded {
			k := hop.NextPathKey
			in.PathKey = &k
		}
	}
	return out, nil
}

func TestProcessPayment(t *testing.T) {
	r, pkt := newPayRoute(t, nil)
	hops, err := r.walk(pkt, 51_600, 900)
	if err != nil {
		t.Fatal(err)
	}
	if len(hops) != 4 {
		t.Fatalf("%d hops processed", len(hops))
	}
	a, b, c, d := hops[0], hops[1], hops[2], hops[3]
	info := blinding.AggregateRelay([]blinding.PaymentRelay{r.data[0].PaymentRelay, r.data[1].PaymentRelay}, 0)
	if a.Blinded || !a.HasShortChannelID || a.AmtToForward != r.final+info.Fee(r.final) {
		t.Fatalf("A: blinded %v, forwards %d", a.Blinded, a.AmtToForward)
	}
	if !b.Blinded || !b.Introduction || !b.HasShortChannelID || b.ShortChannelID != 2<<40 {
		t.Fatalf("B: blinded %v, introduction %v, channel %v", b.Blinded, b.Introduction, b.ShortChannelID)
	}
	if !c.Blinded || c.Introduction || !c.HasNextNodeID || c.NextNodeID != r.keys[3].PubKey() {
		t.Fatalf("C: blinded %v, introduction %v, next node %v", c.Blinded, c.Introduction, c.NextNodeID)
	}
	if !d.Final || string(d.Data.PathID) != "invoice 7" || d.AmtToForward != r.final || d.OutgoingCLTV != 800 {
		t.Fatalf("D: final %v, path_id %q, %d at %d", d.Final, d.Data.PathID, d.AmtToForward, d.OutgoingCLTV)
	}
	if c.AmtToForward < r.final || c.OutgoingCLTV < 800 {
		t.Fatalf("D is offered %d at %d", c.AmtToForward, c.OutgoingCLTV)
	}
}

// TestProcessPaymentErrors breaks the route in the ways the reader
// requirements name; every failure inside the path is a *PathError.
func TestProcessPaymentErrors(t *testing.T) {
	cases := []struct {
		name   string
		edit   func(*payRoute)
		amount uint64
		expiry uint32
		at     int   // the hop that fails
		want   error // the cause
	}{
		{"expiry past max_cltv_expiry", func(r *payRoute) { r.data[0].PaymentConstraints.MaxCLTVExpiry = 800 }, 51_600, 900, 1, blinding.ErrConstraints},
		{"amount below htlc_minimum_msat", func(r *payRoute) { r.data[1].PaymentConstraints.HTLCMinimumMsat = 1 << 40 }, 51_600, 900, 2, blinding.ErrConstraints},
		{"both next hops", func(r *payRoute) { r.data[0].HasNextNodeID, r.data[0].NextNodeID = true, r.keys[2].PubKey() }, 51_600, 900, 1, blinding.ErrInvalidData},
		{"no next hop", func(r *payRoute) { r.data[1].HasNextNodeID = false }, 51_600, 900, 2, blinding.ErrInvalidData},
		{"no payment_relay", func(r *payRoute) { r.data[1].HasPaymentRelay = false }, 51_600, 900, 2, blinding.ErrInvalidData},
		{"an allowed feature", func(r *payRoute) { r.data[2].HasAllowedFeatures, r.data[2].AllowedFeatures = true, []byte{1} }, 51_600, 900, 3, blinding.ErrInvalidData},
	}
	for _, c := range cases {
		r, pkt := newPayRoute(t, c.edit)
		hops, err := r.walk(pkt, c.amount, c.expiry)
		var pe *blinding.PathError
		if !errors.As(err, &pe) || !errors.Is(err, c.want) || len(hops) != c.at {
			t.Errorf("%s: %v after %d hops", c.name, err, len(hops))
			continue
		}
		if pe.PathKeyInHTLC != (c.at > 1) {
			t.Errorf("%s: PathKeyInHTLC %v at hop %d", c.name, pe.PathKeyInHTLC, c.at)
		}
	}
}

// TestProcessPaymentWrongPathKey gives hop C the wrong path key: it cannot
// peel its onion, and since it is inside the path the failure is a
// *PathError, not a bare BADONION error.
func TestProcessPaymentWrongPathKey(t *testing.T) {
	r, pkt := newPayRoute(t, nil)
	hops, err := r.walk(pkt, 51_600, 900)
	if err != nil {
		t.Fatal(err)
	}
	wrong := wire.PointFromPubKey(sphinxtest.Key("wrong").PubKey())
	_, err = blinding.ProcessPayment(r.keys[2], &hops[1].Next, r.hash, blinding.Incoming{AmountMsat: 1 << 20, CLTVExpiry: 900, PathKey: &wrong})
	var pe *blinding.PathError
	if !errors.As(err, &pe) || !pe.PathKeyInHTLC || !errors.Is(err, sphinx.ErrInvalidHMAC) {
		t.Fatalf("got %v", err)
	}
	// B offered less than its base fee cannot forward.
	_, err = blinding.ProcessPayment(r.keys[1], &hops[0].Next, r.hash, blinding.Incoming{AmountMsat: 999, CLTVExpiry: 900})
	if !errors.As(err, &pe) || pe.PathKeyInHTLC || !errors.Is(err, blinding.ErrConstraints) {
		t.Fatalf("below the base fee: %v", err)
	}
	// Outside a path the same failure stays a plain BADONION error.
	_, err = blinding.ProcessPayment(r.keys[1], &pkt, r.hash, blinding.Incoming{})
	if errors.As(err, &pe) || !errors.Is(err, sphinx.ErrInvalidHMAC) {
		t.Fatalf("A's onion at B: %v", err)
	}
}
