package layer4onion

import (
	"bytes"
	"crypto/sha256"
	"fmt"
	"math/rand/v2"
	"testing"

	"github.com/btcsuite/btcd/btcec/v2"
	lnsphinx "github.com/lightningnetwork/lightning-onion"

	"github.com/lnstack/lnstack/layer2_messaging/wire"
	"github.com/lnstack/lnstack/layer4_routing/sphinx"
)

// node is one hop of a test route, as both implementations hold it.
type node struct {
	priv   *btcec.PrivateKey
	ours   *sphinx.NodeKey
	router *lnsphinx.Router
}

func newNode(tb testing.TB, label string) node {
	tb.Helper()
	seed := sha256.Sum256([]byte(label))
	priv, _ := btcec.PrivKeyFromBytes(seed[:])
	ours, err := sphinx.NewNodeKey(priv)
	if err != nil {
		tb.Fatal(err)
	}
	return node{priv: priv, ours: ours, router: lnsphinx.NewRouter(&lnsphinx.PrivKeyECDH{PrivKey: priv}, lnsphinx.NewMemoryReplayLog())}
}

func sessionKey(label string) *btcec.PrivateKey {
	seed := sha256.Sum256([]byte("session " + label))
	k, _ := btcec.PrivKeyFromBytes(seed[:])
	return k
}

// route is n nodes with random payloads of at least 2 bytes that fit the
// 1300-byte onion together.
type route struct {
	nodes    []node
	payloads [][]byte
	assoc    []byte
}

func randomRoute(tb testing.TB, rng *rand.Rand, n int) route {
	tb.Helper()
	r := route{assoc: make([]byte, 32)}
	for i := range r.assoc {
		r.assoc[i] = byte(rng.Uint32())
	}
	room := sphinx.PayloadsSize
	for i := range n {
		r.nodes = append(r.nodes, newNode(tb, fmt.Sprintf("node %d of %d, %d", i, n, rng.Uint64())))
		// What the later hops need at least: a 2-byte payload each.
		later := (n - 1 - i) * (1 + 2 + sphinx.HMACSize)
		most := room - later - 3 - sphinx.HMACSize
		l := 2 + rng.IntN(max(1, min(most-2, 400)))
		p := make([]byte, l)
		for j := range p {
			p[j] = byte(rng.Uint32())
		}
		r.payloads = append(r.payloads, p)
		room -= wire.BigSizeLen(uint64(l)) + l + sphinx.HMACSize
	}
	return r
}

func (r *route) ourHops() []sphinx.Hop {
	hops := make([]sphinx.Hop, len(r.nodes))
	for i, n := range r.nodes {
		hops[i] = sphinx.Hop{PubKey: n.priv.PubKey(), Payload: r.payloads[i]}
	}
	return hops
}

func (r *route) theirPath(tb testing.TB) *lnsphinx.PaymentPath {
	tb.Helper()
	var p lnsphinx.PaymentPath
	for i, n := range r.nodes {
		hp, err := lnsphinx.NewTLVHopPayload(r.payloads[i])
		if err != nil {
			tb.Fatal(err)
		}
		p[i] = lnsphinx.OnionHop{NodePub: *n.priv.PubKey(), HopPayload: hp}
	}
	return &p
}

func (r *route) pubKeys() []*btcec.PublicKey {
	out := make([]*btcec.PublicKey, len(r.nodes))
	for i, n := range r.nodes {
		out[i] = n.priv.PubKey()
	}
	return out
}

func theirBytes(tb testing.TB, p *lnsphinx.OnionPacket) []byte {
	tb.Helper()
	var b bytes.Buffer
	if err := p.Encode(&b); err != nil {
		tb.Fatal(err)
	}
	return b.Bytes()
}

func theirPacket(tb testing.TB, raw []byte) *lnsphinx.OnionPacket {
	tb.Helper()
	var p lnsphinx.OnionPacket
	if err := p.Decode(bytes.NewReader(raw)); err != nil {
		tb.Fatal(err)
	}
	return &p
}
