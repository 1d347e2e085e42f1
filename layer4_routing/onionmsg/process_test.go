package onionmsg_test

import (
	"bytes"
	"errors"
	"fmt"
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

// testNode returns the node key of label and its public key.
func testNode(tb testing.TB, label string) (*sphinx.NodeKey, *btcec.PublicKey) {
	tb.Helper()
	k := sphinxtest.Node(tb, label)
	return k, sphinxtest.PubKey(tb, k)
}

// recipientPath is a path the recipient (the last node) creates for
// replies: each node's data names the next, the recipient's holds a path_id.
func recipientPath(t testing.TB, keys []*sphinx.NodeKey, pubs []*btcec.PublicKey, last blinding.Data) blinding.Path {
	t.Helper()
	var plain [][]byte
	for i := range pubs {
		d := last
		if i < len(pubs)-1 {
			d = blinding.Data{HasNextNodeID: true, NextNodeID: keys[i+1].PubKey()}
		}
		plain = append(plain, msgtest.MustEncode(t, &d))
	}
	p, err := blinding.BuildPath(sphinxtest.Key("path e0"), pubs, plain)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// deliver sends m from node to node until it is final, as each node's
// codec sees it.
func deliver(t testing.TB, keys map[wire.Point]*sphinx.NodeKey, first wire.Point, m *onionmsg.OnionMessage) (onionmsg.Processed, int) {
	t.Helper()
	c, err := messaging.NewCodec(messaging.Messages(), onionmsg.Messages())
	if err != nil {
		t.Fatal(err)
	}
	at := first
	for n := 1; ; n++ {
		frame, err := c.Encode(nil, m)
		if err != nil {
			t.Fatal(err)
		}
		got, err := c.Decode(frame)
		if err != nil {
			t.Fatal(err)
		}
		k, ok := keys[at]
		if !ok {
			t.Fatalf("message sent to an unknown node %v", at)
		}
		p, err := onionmsg.Process(k, got.(*onionmsg.OnionMessage), nil)
		if err != nil {
			t.Fatalf("hop %d: %v", n, err)
		}
		if p.Final {
			return p, n
		}
		if !p.HasNextNodeID {
			t.Fatalf("hop %d: no next node", n)
		}
		at, m = p.NextNodeID, p.Next
	}
}

// TestBuildAndProcess sends a message with a reply path and an
// invoice_request over paths of 1 to 5 nodes, reached directly and through
// 1 or 2 of the sender's own blinded hops.
func TestBuildAndProcess(t *testing.T) {
	keys := map[wire.Point]*sphinx.NodeKey{}
	var nks []*sphinx.NodeKey
	var pubs []*btcec.PublicKey
	for i := range 8 {
		k, p := testNode(t, fmt.Sprintf("node %d", i))
		keys[k.PubKey()] = k
		nks, pubs = append(nks, k), append(pubs, p)
	}
	reply := recipientPath(t, nks[:2], pubs[:2], blinding.Data{HasPathID: true, PathID: []byte("reply")})
	final := onionmsg.Payload{HasReplyPath: true, ReplyPath: reply,
		HasInvoiceRequest: true, InvoiceRequest: &onionmsg.RawStream{Bytes: []byte{0x0a, 0x01, 0x07}}}
	for n := 1; n <= 5; n++ {
		path := recipientPath(t, nks[3:3+n], pubs[3:3+n], blinding.Data{HasPathID: true, PathID: []byte{byte(n)}})
		for pre := 0; pre <= 2; pre++ {
			p := path
			if pre > 0 {
				var err error
				if p, err = onionmsg.Prepend(sphinxtest.Key("sender e0"), pubs[1:1+pre], &path); err != nil {
					t.Fatal(err)
				}
			}
			m, err := onionmsg.Build(sphinxtest.Key(fmt.Sprintf("session %d %d", n, pre)), &p, &final)
			if err != nil {
				t.Fatal(err)
			}
			if len(m.Packet) != sphinx.PacketSize {
				t.Fatalf("packet of %d bytes", len(m.Packet))
			}
			first, _ := p.FirstNodeID.Point()
			got, hops := deliver(t, keys, first, m)
			if hops != n+pre || !bytes.Equal(got.Data.PathID, []byte{byte(n)}) {
				t.Fatalf("%d+%d hops: delivered after %d, path_id %x", pre, n, hops, got.Data.PathID)
			}
			inv, ok := got.Payload.InvoiceRequest.(*onionmsg.RawStream)
			if !got.Payload.HasReplyPath || !ok || !bytes.Equal(inv.Bytes, []byte{0x0a, 0x01, 0x07}) {
				t.Fatal("payload lost on the way")
			}
			if !bytes.Equal(msgtest.MustEncode(t, &got.Payload.ReplyPath), msgtest.MustEncode(t, &reply)) {
				t.Fatal("reply path changed")
			}
		}
	}
}

// TestLargeMessage sends a payload too big for 1300 bytes: the onion
// grows to 32834 bytes.
func TestLargeMessage(t *testing.T) {
	k, p := testNode(t, "recipient")
	path := recipientPath(t, []*sphinx.NodeKey{k}, []*btcec.PublicKey{p}, blinding.Data{HasPathID: true})
	final := onionmsg.Payload{HasInvoice: true, Invoice: &onionmsg.RawStream{Bytes: make([]byte, 5000)}}
	m, err := onionmsg.Build(sphinxtest.Key("s"), &path, &final)
	if err != nil {
		t.Fatal(err)
	}
	if len(m.Packet) != sphinx.HeaderSize+sphinx.LargePayloadsSize {
		t.Fatalf("packet of %d bytes", len(m.Packet))
	}
	got, err := onionmsg.Process(k, m, nil)
	if err != nil || !got.Final || len(got.Payload.Invoice.(*onionmsg.RawStream).Bytes) != 5000 {
		t.Fatalf("%v", err)
	}
	final.Invoice = &onionmsg.RawStream{Bytes: make([]byte, 40000)}
	if _, err := onionmsg.Build(sphinxtest.Key("s"), &path, &final); !errors.Is(err, onionmsg.ErrTooLarge) {
		t.Fatalf("40000 bytes: %v", err)
	}
}

// TestIgnored covers the reasons a node ignores a message.
func TestIgnored(t *testing.T) {
	a, pa := testNode(t, "A")
	b, pb := testNode(t, "B")
	one := func(d blinding.Data, payload onionmsg.Payload, twoHops bool) (*onionmsg.OnionMessage, *sphinx.NodeKey) {
		pubs, keys := []*btcec.PublicKey{pa}, []*sphinx.NodeKey{a}
		if twoHops {
			pubs, keys = append(pubs, pb), append(keys, b)
		}
		var plain [][]byte
		plain = append(plain, msgtest.MustEncode(t, &d))
		if twoHops {
			plain = append(plain, msgtest.MustEncode(t, &blinding.Data{}))
		}
		path, err := blinding.BuildPath(sphinxtest.Key("e0"), pubs, plain)
		if err != nil {
			t.Fatal(err)
		}
		// Hand-build the onion so the first hop's payload can hold what
		// Build would not put there.
		var hops []sphinx.Hop
		for i, h := range path.Hops {
			pl := onionmsg.Payload{HasEncryptedRecipientData: true, EncryptedRecipientData: h.EncryptedRecipientData}
			if i == 0 {
				enc := pl.EncryptedRecipientData
				pl = payload
				if !pl.HasEncryptedRecipientData {
					pl.HasEncryptedRecipientData, pl.EncryptedRecipientData = true, enc
				}
			}
			pub, err := h.BlindedNodeID.PubKey()
			if err != nil {
				t.Fatal(err)
			}
			hops = append(hops, sphinx.Hop{PubKey: pub, Payload: msgtest.MustEncode(t, &pl)})
		}
		pkt, _, err := sphinx.BuildPayment(sphinxtest.Key("s"), hops, nil)
		if err != nil {
			t.Fatal(err)
		}
		return &onionmsg.OnionMessage{PathKey: path.FirstPathKey, Packet: pkt.Bytes()}, keys[0]
	}
	next := blinding.Data{HasNextNodeID: true, NextNodeID: b.PubKey()}
	reply := recipientPath(t, []*sphinx.NodeKey{a}, []*btcec.PublicKey{pa}, blinding.Data{})
	rawReq := &onionmsg.RawStream{Bytes: []byte{1, 0}}
	cases := []struct {
		name    string
		data    blinding.Data
		payload onionmsg.Payload
		two     bool
		want    error
	}{
		{"reply path at an intermediate node", next, onionmsg.Payload{HasReplyPath: true, ReplyPath: reply}, true, onionmsg.ErrUnexpectedField},
		{"unknown odd record at an intermediate node", next, onionmsg.Payload{Unknown: wire.Records{{Type: 5}}}, true, onionmsg.ErrUnexpectedField},
		{"path_id at an intermediate node", blinding.Data{HasNextNodeID: true, NextNodeID: b.PubKey(), HasPathID: true}, onionmsg.Payload{}, true, onionmsg.ErrPathID},
		{"no next node", blinding.Data{}, onionmsg.Payload{}, true, onionmsg.ErrNoNextHop},
		{"unknown allowed feature", blinding.Data{HasNextNodeID: true, NextNodeID: b.PubKey(), HasAllowedFeatures: true, AllowedFeatures: []byte{0x80}}, onionmsg.Payload{}, true, onionmsg.ErrFeatures},
		{"two payloads at the final node", blinding.Data{}, onionmsg.Payload{HasInvoice: true, Invoice: rawReq, HasInvoiceError: true, InvoiceError: rawReq}, false, onionmsg.ErrUnexpectedField},
		{"undecryptable data", blinding.Data{}, onionmsg.Payload{HasEncryptedRecipientData: true, EncryptedRecipientData: []byte("not encrypted to A")}, false, blinding.ErrDecrypt},
	}
	for _, c := range cases {
		m, k := one(c.data, c.payload, c.two)
		if _, err := onionmsg.Process(k, m, nil); !errors.Is(err, c.want) {
			t.Errorf("%s: got %v, want %v", c.name, err, c.want)
		}
	}
	// An onion for someone else, or a path key that is no point.
	m, _ := one(next, onionmsg.Payload{}, true)
	if _, err := onionmsg.Process(b, m, nil); !errors.Is(err, sphinx.ErrInvalidHMAC) {
		t.Errorf("another node's onion: %v", err)
	}
	m.PathKey = wire.Point{5}
	if _, err := onionmsg.Process(a, m, nil); !errors.Is(err, sphinx.ErrInvalidKey) {
		t.Errorf("bad path key: %v", err)
	}
	m.Packet = m.Packet[:10]
	m.PathKey = a.PubKey()
	if _, err := onionmsg.Process(a, m, nil); !errors.Is(err, sphinx.ErrPacketLength) {
		t.Errorf("short packet: %v", err)
	}
}

func TestPrependErrors(t *testing.T) {
	k, p := testNode(t, "x")
	path := recipientPath(t, []*sphinx.NodeKey{k}, []*btcec.PublicKey{p}, blinding.Data{})
	if _, err := onionmsg.Prepend(sphinxtest.Key("e"), nil, &path); !errors.Is(err, onionmsg.ErrBadPath) {
		t.Error("no nodes")
	}
	path.FirstNodeID, _ = wire.SciddirFromSCID(0, 1<<40)
	if _, err := onionmsg.Prepend(sphinxtest.Key("e"), []*btcec.PublicKey{p}, &path); !errors.Is(err, onionmsg.ErrBadPath) {
		t.Error("introduction by channel")
	}
	if _, err := onionmsg.Build(sphinxtest.Key("e"), &blinding.Path{}, nil); !errors.Is(err, onionmsg.ErrBadPath) {
		t.Error("empty path")
	}
}
