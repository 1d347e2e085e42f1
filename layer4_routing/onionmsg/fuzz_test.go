package onionmsg_test

import (
	"testing"

	"github.com/btcsuite/btcd/btcec/v2"

	messaging "github.com/lnstack/lnstack/layer2_messaging"
	"github.com/lnstack/lnstack/layer2_messaging/msgtest"
	"github.com/lnstack/lnstack/layer2_messaging/wire"
	"github.com/lnstack/lnstack/layer4_routing/blinding"
	"github.com/lnstack/lnstack/layer4_routing/onionmsg"
	"github.com/lnstack/lnstack/layer4_routing/sphinx"
	"github.com/lnstack/lnstack/layer4_routing/sphinx/sphinxtest"
)

func seedMessage(tb testing.TB) *onionmsg.OnionMessage {
	k, p := testNode(tb, "fuzz recipient")
	path := recipientPath(tb, []*sphinx.NodeKey{k}, []*btcec.PublicKey{p}, blinding.Data{HasPathID: true, PathID: []byte{1}})
	m, err := onionmsg.Build(sphinxtest.Key("fuzz"), &path, &onionmsg.Payload{Unknown: wire.Records{{Type: 1, Value: []byte("hi")}}})
	if err != nil {
		tb.Fatal(err)
	}
	return m
}

// FuzzOnionMessage runs onion_message payloads through the round-trip
// harness.
func FuzzOnionMessage(f *testing.F) {
	f.Add(msgtest.MustEncode(f, seedMessage(f)))
	c := msgtest.Message(func() messaging.Message { return new(onionmsg.OnionMessage) })
	f.Fuzz(func(t *testing.T, b []byte) { msgtest.RoundTrip(t, c, b) })
}

// FuzzPayload runs onionmsg_tlv through the round-trip harness.
func FuzzPayload(f *testing.F) {
	k, p := testNode(f, "reply")
	reply := recipientPath(f, []*sphinx.NodeKey{k}, []*btcec.PublicKey{p}, blinding.Data{})
	f.Add(msgtest.MustEncode(f, &onionmsg.Payload{HasReplyPath: true, ReplyPath: reply, HasInvoiceError: true, InvoiceError: &onionmsg.RawStream{Bytes: []byte{5, 0}}}))
	c := msgtest.Walker[onionmsg.Payload]()
	f.Fuzz(func(t *testing.T, b []byte) { msgtest.RoundTrip(t, c, b) })
}

// FuzzProcess processes arbitrary onion_message payloads at the node the
// seed is for: every outcome is a processed message or an error, never a
// panic.
func FuzzProcess(f *testing.F) {
	f.Add(msgtest.MustEncode(f, seedMessage(f)))
	k, _ := testNode(f, "fuzz recipient")
	f.Fuzz(func(t *testing.T, b []byte) {
		var m onionmsg.OnionMessage
		if err := m.Decode(b); err != nil {
			return
		}
		p, err := onionmsg.Process(k, &m, nil)
		if err == nil && !p.Final && (p.Next == nil || !p.HasNextNodeID && !p.HasShortChannelID) {
			t.Fatal("forwarded without a next message or peer")
		}
	})
}
