package sphinx_test

import (
	"bytes"
	"errors"
	"fmt"
	"math/rand/v2"
	"testing"

	"github.com/btcsuite/btcd/btcec/v2"

	"github.com/lnstack/lnstack/layer2_messaging/wire"
	"github.com/lnstack/lnstack/layer4_routing/sphinx"
	"github.com/lnstack/lnstack/layer4_routing/sphinx/sphinxtest"
)

// randomRoute returns n hops with random payload sizes that fit size.
func randomRoute(tb testing.TB, rng *rand.Rand, n, size int) ([]*sphinx.NodeKey, []sphinx.Hop) {
	tb.Helper()
	keys := make([]*sphinx.NodeKey, n)
	hops := make([]sphinx.Hop, n)
	room := size
	for i := range n {
		keys[i] = sphinxtest.Node(tb, fmt.Sprintf("node %d %d", i, rng.Uint64()))
		// Leave each later hop at least a 2-byte payload's frame.
		maxLen := room - (n-1-i)*(1+2+32) - (3 + 32)
		l := 2 + rng.IntN(max(1, min(maxLen-2, 300)))
		payload := make([]byte, l)
		for j := range payload {
			payload[j] = byte(rng.Uint32())
		}
		pub, err := keys[i].PubKey().PubKey()
		if err != nil {
			tb.Fatal(err)
		}
		hops[i] = sphinx.Hop{PubKey: pub, Payload: payload}
		room -= wire.BigSizeLen(uint64(l)) + l + 32
	}
	return keys, hops
}

// TestRoundTrip builds onions over random routes of 1 to 20 hops and peels
// them hop by hop: every hop reads its payload, only the last is final, and
// the shared secrets agree with the builder's and SharedSecrets'.
func TestRoundTrip(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for _, size := range []int{sphinx.PayloadsSize, 600, sphinx.LargePayloadsSize} {
		for n := 1; n <= 20 && n*(1+2+32) <= size; n++ {
			keys, hops := randomRoute(t, rng, n, size)
			assoc := []byte(fmt.Sprintf("payment hash %d", n))
			session := sphinxtest.Key(fmt.Sprintf("session %d %d", size, n))
			pkt, secrets, err := sphinx.BuildPacket(session, hops, assoc, size)
			if err != nil {
				t.Fatalf("%d hops of %d: %v", n, size, err)
			}
			route := make([]*btcec.PublicKey, n)
			for i := range hops {
				route[i] = hops[i].PubKey
			}
			again, err := sphinx.SharedSecrets(session, route)
			if err != nil {
				t.Fatal(err)
			}
			// The packet goes over the wire between hops.
			raw := pkt.Bytes()
			for i := range n {
				cur, err := sphinx.DecodePacket(raw)
				if err != nil {
					t.Fatal(err)
				}
				if len(cur.Payloads) != size {
					t.Fatalf("hop %d: hop_payloads of %d bytes", i, len(cur.Payloads))
				}
				p, err := keys[i].Peel(&cur, assoc)
				if err != nil {
					t.Fatalf("%d hops, hop %d: %v", n, i, err)
				}
				if !bytes.Equal(p.Payload, hops[i].Payload) || p.Final != (i == n-1) {
					t.Fatalf("%d hops, hop %d: payload %x final %v", n, i, p.Payload, p.Final)
				}
				if p.Secret != secrets[i] || p.Secret != again[i] {
					t.Fatalf("hop %d: secrets differ", i)
				}
				raw = p.Next.Bytes()
			}
		}
	}
}

// TestPeelBlinded checks that peeling with a tweak equals peeling with the
// tweaked key, for an onion built to the tweaked key.
func TestPeelBlinded(t *testing.T) {
	node := sphinxtest.Node(t, "blinded node")
	tweak := [32]byte{1, 2, 3}
	blinded, err := node.Tweaked(&tweak)
	if err != nil {
		t.Fatal(err)
	}
	pub, err := blinded.PubKey().PubKey()
	if err != nil {
		t.Fatal(err)
	}
	pkt, _, err := sphinx.BuildPayment(sphinxtest.Key("s"), []sphinx.Hop{{PubKey: pub, Payload: []byte{1, 2, 3}}}, nil)
	if err != nil {
		t.Fatal(err)
	}
	p, err := node.PeelBlinded(&pkt, nil, &tweak)
	if err != nil || !bytes.Equal(p.Payload, []byte{1, 2, 3}) || !p.Final {
		t.Fatalf("PeelBlinded: %v %x", err, p.Payload)
	}
	q, err := blinded.Peel(&pkt, nil)
	if err != nil || q.Secret != p.Secret {
		t.Fatalf("Peel with the tweaked key: %v", err)
	}
	if _, err := node.Peel(&pkt, nil); !errors.Is(err, sphinx.ErrInvalidHMAC) {
		t.Fatalf("the untweaked key peels: %v", err)
	}
	var zero [32]byte
	if _, err := node.PeelBlinded(&pkt, nil, &zero); !errors.Is(err, sphinx.ErrBadKey) {
		t.Fatalf("zero tweak: %v", err)
	}
}

// TestPeelBadOnion covers the three BADONION failures and where Peel
// stops: each returns its sentinel and nothing else.
func TestPeelBadOnion(t *testing.T) {
	node := sphinxtest.Node(t, "node")
	pub, _ := node.PubKey().PubKey()
	assoc := []byte("hash")
	pkt, _, err := sphinx.BuildPayment(sphinxtest.Key("session"), []sphinx.Hop{
		{PubKey: pub, Payload: []byte{2, 1, 1}},
		{PubKey: pub, Payload: []byte{2, 1, 2}},
	}, assoc)
	if err != nil {
		t.Fatal(err)
	}
	mutate := func(f func(p *sphinx.Packet)) *sphinx.Packet {
		p := pkt
		p.Payloads = append([]byte(nil), pkt.Payloads...)
		f(&p)
		return &p
	}
	cases := []struct {
		name  string
		pkt   *sphinx.Packet
		assoc []byte
		want  error
	}{
		{"version 1", mutate(func(p *sphinx.Packet) { p.Version = 1 }), assoc, sphinx.ErrInvalidVersion},
		{"key prefix 4", mutate(func(p *sphinx.Packet) { p.PublicKey[0] = 4 }), assoc, sphinx.ErrInvalidKey},
		{"key off the curve", mutate(func(p *sphinx.Packet) { p.PublicKey = offCurve(t) }), assoc, sphinx.ErrInvalidKey},
		{"key x past p", mutate(func(p *sphinx.Packet) {
			p.PublicKey = wire.Point{3}
			for i := 1; i < 33; i++ {
				p.PublicKey[i] = 0xff
			}
		}), assoc, sphinx.ErrInvalidKey},
		{"other key", mutate(func(p *sphinx.Packet) { p.PublicKey = node.PubKey() }), assoc, sphinx.ErrInvalidHMAC},
		{"payload bit", mutate(func(p *sphinx.Packet) { p.Payloads[700] ^= 1 }), assoc, sphinx.ErrInvalidHMAC},
		{"hmac bit", mutate(func(p *sphinx.Packet) { p.HMAC[31] ^= 0x80 }), assoc, sphinx.ErrInvalidHMAC},
		{"other associated data", &pkt, []byte("other"), sphinx.ErrInvalidHMAC},
		{"short payloads", mutate(func(p *sphinx.Packet) { p.Payloads = p.Payloads[:100] }), assoc, sphinx.ErrInvalidHMAC},
	}
	for _, c := range cases {
		_, err := node.Peel(c.pkt, c.assoc)
		if !errors.Is(err, c.want) {
			t.Errorf("%s: got %v, want %v", c.name, err, c.want)
		}
	}
	var ve *sphinx.VersionError
	if _, err := node.Peel(cases[0].pkt, assoc); !errors.As(err, &ve) || ve.Version != 1 {
		t.Errorf("version error %v", err)
	}
}

// TestPeelPayloadLength covers the length checks after the HMAC: BOLT #4
// aborts on a malformed BigSize, a length below 2, and a payload or next
// HMAC that runs past the unwrapped stream.
func TestPeelPayloadLength(t *testing.T) {
	node := sphinxtest.Node(t, "node")
	frame := func(prefix []byte, size int) []byte {
		b := make([]byte, size)
		copy(b, prefix)
		return b
	}
	cases := []struct {
		name      string
		plaintext []byte
		ok        bool
	}{
		{"length 0", frame([]byte{0}, 1300), false},
		{"length 1", frame([]byte{1}, 1300), false},
		{"length 2", frame([]byte{2}, 1300), true},
		{"non-minimal bigsize", frame([]byte{0xfd, 0x00, 0x10}, 1300), false},
		{"length past the onion", frame([]byte{0xfd, 0x05, 0x15}, 1300), false},
		// 3 + 1265 + 32 = 1300: the whole hop_payloads, the most a hop
		// may take.
		{"exactly the onion", frame([]byte{0xfd, 0x04, 0xf1}, 1300), true},
		{"one byte more", frame([]byte{0xfd, 0x04, 0xf2}, 1300), false},
		{"huge bigsize", frame([]byte{0xff, 0x80, 0, 0, 0, 0, 0, 0, 0}, 1300), false},
		{"tiny onion", frame([]byte{2}, 20), false},
		{"truncated bigsize", []byte{0xfd, 0x01}, false},
	}
	for _, c := range cases {
		pkt := sealed(t, node, c.plaintext, nil)
		p, err := node.Peel(&pkt, nil)
		if c.ok {
			if err != nil {
				t.Errorf("%s: %v", c.name, err)
			} else if !p.Final {
				t.Errorf("%s: a zero next HMAC is final", c.name)
			}
			continue
		}
		var le *sphinx.PayloadLengthError
		if !errors.Is(err, sphinx.ErrPayloadLength) || !errors.As(err, &le) {
			t.Errorf("%s: got %v, want ErrPayloadLength", c.name, err)
		}
	}
}

func TestBuildErrors(t *testing.T) {
	pub := sphinxtest.Key("a").PubKey()
	big := make([]byte, 1300)
	cases := []struct {
		name    string
		session *btcec.PrivateKey
		hops    []sphinx.Hop
		want    error
	}{
		{"no hops", sphinxtest.Key("s"), nil, sphinx.ErrNoHops},
		{"nil session", nil, []sphinx.Hop{{PubKey: pub, Payload: []byte{1, 2}}}, sphinx.ErrBadKey},
		{"zero session", new(btcec.PrivateKey), []sphinx.Hop{{PubKey: pub, Payload: []byte{1, 2}}}, sphinx.ErrBadKey},
		{"nil key", sphinxtest.Key("s"), []sphinx.Hop{{Payload: []byte{1, 2}}}, sphinx.ErrBadKey},
		{"1-byte payload", sphinxtest.Key("s"), []sphinx.Hop{{PubKey: pub, Payload: []byte{1}}}, sphinx.ErrPayloadTooShort},
		{"too long", sphinxtest.Key("s"), []sphinx.Hop{{PubKey: pub, Payload: big}}, sphinx.ErrRouteTooLong},
	}
	for _, c := range cases {
		if _, _, err := sphinx.BuildPayment(c.session, c.hops, nil); !errors.Is(err, c.want) {
			t.Errorf("%s: got %v, want %v", c.name, err, c.want)
		}
	}
	if _, err := sphinx.SharedSecrets(sphinxtest.Key("s"), nil); !errors.Is(err, sphinx.ErrNoHops) {
		t.Errorf("SharedSecrets without hops: %v", err)
	}
	if _, err := sphinx.SharedSecrets(nil, []*btcec.PublicKey{pub}); !errors.Is(err, sphinx.ErrBadKey) {
		t.Errorf("SharedSecrets without a session key: %v", err)
	}
	if _, err := sphinx.NewNodeKey(nil); !errors.Is(err, sphinx.ErrBadKey) {
		t.Errorf("NewNodeKey(nil): %v", err)
	}
}

func TestPacketEncoding(t *testing.T) {
	pkt, _, err := sphinx.BuildPayment(sphinxtest.Key("s"), []sphinx.Hop{{PubKey: sphinxtest.Key("a").PubKey(), Payload: []byte{9, 9}}}, nil)
	if err != nil {
		t.Fatal(err)
	}
	raw := pkt.Bytes()
	if len(raw) != sphinx.PacketSize || pkt.Len() != sphinx.PacketSize {
		t.Fatalf("packet of %d bytes", len(raw))
	}
	back, err := sphinx.DecodePaymentPacket(raw)
	if err != nil || !bytes.Equal(back.Bytes(), raw) {
		t.Fatalf("decode: %v", err)
	}
	raw[100] ^= 1 // Payloads is a copy
	if bytes.Equal(back.Bytes(), raw) {
		t.Fatal("the decoded packet aliases its input")
	}
	if _, err := sphinx.DecodePaymentPacket(raw[:1365]); !errors.Is(err, sphinx.ErrPacketLength) {
		t.Fatalf("short payment onion: %v", err)
	}
	if _, err := sphinx.DecodePacket(raw[:65]); !errors.Is(err, sphinx.ErrPacketLength) {
		t.Fatalf("65 bytes: %v", err)
	}
	h := back.Hash()
	if h == [32]byte{} {
		t.Fatal("zero hash")
	}
}

// TestDeriveKeyMatchesHMAC checks the stack HMAC of DeriveKey against
// HMAC with the key type as a 32-byte zero-padded key (HMAC pads short keys
// with zeros, so both are the same function).
func TestDeriveKeyMatchesHMAC(t *testing.T) {
	s := sphinx.Secret{7, 7, 7}
	for _, kt := range []sphinx.KeyType{sphinx.KeyRho, sphinx.KeyMu, sphinx.KeyUm, sphinx.KeyPad, sphinx.KeyAmmag, sphinx.KeyAmmagExt, sphinx.KeyBlindedNodeID} {
		var key [32]byte
		copy(key[:], kt)
		if got, want := sphinx.DeriveKey(kt, &s), sphinx.HMAC(&key, s[:]); got != want {
			t.Errorf("%s: %x != %x", kt, got, want)
		}
	}
}

// offCurve returns a compressed key whose x has no point on the curve.
func offCurve(tb testing.TB) wire.Point {
	for x := byte(1); x < 255; x++ {
		p := wire.Point{2}
		p[32] = x
		if !wire.ValidPoint(&p) {
			return p
		}
	}
	tb.Fatal("no x off the curve")
	return wire.Point{}
}
