package blinding_test

import (
	"math/rand/v2"
	"testing"

	"github.com/lnstack/lnstack/layer2_messaging/msgtest"
	"github.com/lnstack/lnstack/layer2_messaging/wire"
	"github.com/lnstack/lnstack/layer4_routing/blinding"
	"github.com/lnstack/lnstack/layer4_routing/sphinx/sphinxtest"
	"github.com/lnstack/lnstack/spec"
	"github.com/lnstack/lnstack/spec/speccheck"
)

func randomData(rng *rand.Rand) *blinding.Data {
	d := new(blinding.Data)
	coin := func() bool { return rng.IntN(2) == 0 }
	if coin() {
		d.HasPadding, d.Padding = true, make([]byte, rng.IntN(40))
	}
	if coin() {
		d.HasShortChannelID, d.ShortChannelID = true, wire.ShortChannelID(rng.Uint64())
	}
	if coin() {
		d.HasNextNodeID, d.NextNodeID = true, wire.PointFromPubKey(sphinxtest.Key("next").PubKey())
	}
	if coin() {
		d.HasPathID, d.PathID = true, []byte{byte(rng.Uint32()), 2}
	}
	if coin() {
		d.HasNextPathKeyOverride, d.NextPathKeyOverride = true, wire.PointFromPubKey(sphinxtest.Key("override").PubKey())
	}
	if coin() {
		d.HasPaymentRelay, d.PaymentRelay = true, blinding.PaymentRelay{CLTVExpiryDelta: uint16(rng.Uint32()), FeeProportionalMillionths: rng.Uint32(), FeeBaseMsat: rng.Uint32() >> rng.IntN(32)}
	}
	if coin() {
		d.HasPaymentConstraints, d.PaymentConstraints = true, blinding.PaymentConstraints{MaxCLTVExpiry: rng.Uint32(), HTLCMinimumMsat: rng.Uint64() >> rng.IntN(64)}
	}
	if coin() {
		d.HasAllowedFeatures = true
	}
	if coin() {
		d.Unknown = wire.Records{{Type: 561, Value: []byte{0x12, 0x34, 0x56}}}
	}
	return d
}

func TestDataRoundTrip(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	c := msgtest.Walker[blinding.Data]()
	for range 200 {
		msgtest.Valid(t, c, msgtest.MustEncode(t, randomData(rng)))
	}
}

func TestPathRoundTrip(t *testing.T) {
	c := msgtest.Walker[blinding.Path]()
	p := blinding.Path{FirstPathKey: wire.PointFromPubKey(sphinxtest.Key("e").PubKey())}
	p.FirstNodeID, _ = wire.SciddirFromSCID(1, 12345)
	for i := range 3 {
		p.Hops = append(p.Hops, blinding.Hop{BlindedNodeID: wire.PointFromPubKey(sphinxtest.Key(string(rune('a' + i))).PubKey()), EncryptedRecipientData: make([]byte, 10*i)})
	}
	b := msgtest.MustEncode(t, &p)
	msgtest.Valid(t, c, b)
	msgtest.Truncations(t, c, b, nil)
}

// TestSpecLayout checks encrypted_data_tlv against spec/bolt04.csv (the
// blinded_path subtype is checked inside onionmsg_tlv's reply_path, by
// package onionmsg).
func TestSpecLayout(t *testing.T) {
	f, err := spec.Load()
	if err != nil {
		t.Fatal(err)
	}
	speccheck.Streams(t, f, []string{"encrypted_data_tlv"}, msgtest.SpecStream(func() wire.Walker { return new(blinding.Data) }), 200)
}
