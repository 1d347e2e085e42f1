package sphinx_test

import (
	"crypto/hmac"
	"crypto/sha256"
	"fmt"
	"runtime"
	"testing"
	"time"

	"github.com/btcsuite/btcd/btcec/v2"
	"golang.org/x/crypto/chacha20"

	"github.com/lnstack/lnstack/layer2_messaging/wire"
	"github.com/lnstack/lnstack/layer4_routing/sphinx"
)

// benchRoute is a route of n hops with keys derived from their index and
// payloads the size of a forwarding payload (amount, expiry, channel: 18
// to 20 bytes) and, for the last hop, a final one with payment_data.
type benchRoute struct {
	keys  []*sphinx.NodeKey
	hops  []sphinx.Hop
	assoc []byte
}

func newBenchRoute(tb testing.TB, n int) benchRoute {
	tb.Helper()
	var r benchRoute
	r.assoc = make([]byte, 32)
	for i := range n {
		seed := sha256.Sum256([]byte(fmt.Sprintf("bench node %d", i)))
		priv, pub := btcec.PrivKeyFromBytes(seed[:])
		k, err := sphinx.NewNodeKey(priv)
		if err != nil {
			tb.Fatal(err)
		}
		p := sphinx.Payload{
			HasAmtToForward: true, AmtToForward: 1_000_000 + uint64(n-i)*1000,
			HasOutgoingCLTV: true, OutgoingCLTV: 800_000 + uint32(n-i)*40,
		}
		if i < n-1 {
			p.HasShortChannelID, p.ShortChannelID = true, wire.ShortChannelID(uint64(700_000+i)<<40|1<<16)
		} else {
			p.HasPaymentData, p.TotalMsat = true, 1_000_000
			p.PaymentSecret[0] = 7
		}
		b, err := p.Encode(nil)
		if err != nil {
			tb.Fatal(err)
		}
		r.keys = append(r.keys, k)
		r.hops = append(r.hops, sphinx.Hop{PubKey: pub, Payload: b})
	}
	return r
}

func benchSession(tb testing.TB) *btcec.PrivateKey {
	seed := sha256.Sum256([]byte("bench session"))
	priv, _ := btcec.PrivKeyFromBytes(seed[:])
	return priv
}

// BenchmarkPeel peels the first layer of a 5-hop payment onion from its
// 1366 bytes: decode, ECDH, HMAC check, decryption, next ephemeral key.
func BenchmarkPeel(b *testing.B) {
	r := newBenchRoute(b, 5)
	pkt, _, err := sphinx.BuildPayment(benchSession(b), r.hops, r.assoc)
	if err != nil {
		b.Fatal(err)
	}
	raw := pkt.Bytes()
	b.ReportAllocs()
	for b.Loop() {
		p, err := sphinx.DecodePaymentPacket(raw)
		if err != nil {
			b.Fatal(err)
		}
		if _, err := r.keys[0].Peel(&p, r.assoc); err != nil {
			b.Fatal(err)
		}
	}
}

// floorPeel is the cryptographic work no peel of a forwarded payment onion
// can avoid, done with the same primitives the package uses (btcec's
// variable-base scalar multiplication on Jacobian points, crypto/sha256,
// x/crypto/chacha20) and nothing else:
//
//  1. decompress the 33-byte public_key (an ECDH on a key read from the
//     wire needs its y coordinate);
//  2. one ECDH: k*E, made affine, SHA-256 of its compressed form;
//  3. one scalar multiplication: the next ephemeral key b*E, made affine
//     and compressed (it goes on the wire);
//  4. one HMAC-SHA256 over hop_payloads and the associated data (1300 + 32
//     bytes);
//  5. the ChaCha20 stream XORed over 2*1300 bytes, the length BOLT #4
//     "Onion Decryption" derives.
//
// It leaves out what a peel adds around these: the three short key
// derivations (mu, rho, the blinding factor's SHA-256 of 65 bytes), the
// payload's length parsing, copying and allocation. A peel "within 10% of
// the floor" spends under a tenth of the floor on those.
type floorPeel struct {
	k       btcec.ModNScalar
	blind   btcec.ModNScalar
	pub     []byte
	key     [32]byte
	message []byte
	stream  []byte
}

func newFloorPeel(tb testing.TB, r benchRoute, pkt *sphinx.Packet) *floorPeel {
	f := &floorPeel{pub: pkt.PublicKey[:], message: append(append([]byte(nil), pkt.Payloads...), r.assoc...)}
	f.k = r.keys[0].PrivateKey().Key
	seed := sha256.Sum256([]byte("blinding"))
	f.blind.SetBytes(&seed)
	f.stream = make([]byte, 2*sphinx.PayloadsSize)
	return f
}

func (f *floorPeel) run() [32]byte {
	pub, err := btcec.ParsePubKey(f.pub)
	if err != nil {
		panic(err)
	}
	var e, s, next btcec.JacobianPoint
	pub.AsJacobian(&e)
	btcec.ScalarMultNonConst(&f.k, &e, &s)
	s.ToAffine()
	ss := sha256.Sum256(compressed(&s))
	btcec.ScalarMultNonConst(&f.blind, &e, &next)
	next.ToAffine()
	_ = compressed(&next)
	h := hmac.New(sha256.New, ss[:])
	h.Write(f.message)
	var out [32]byte
	h.Sum(out[:0])
	var nonce [12]byte
	c, err := chacha20.NewUnauthenticatedCipher(ss[:], nonce[:])
	if err != nil {
		panic(err)
	}
	c.XORKeyStream(f.stream, f.stream)
	return out
}

func compressed(p *btcec.JacobianPoint) []byte {
	var b [33]byte
	b[0] = 2 | byte(p.Y.IsOddBit())
	p.X.PutBytesUnchecked(b[1:])
	return b[:]
}

// BenchmarkFloorPeel runs floorPeel: the cryptographic floor of one peel.
func BenchmarkFloorPeel(b *testing.B) {
	r := newBenchRoute(b, 5)
	pkt, _, err := sphinx.BuildPayment(benchSession(b), r.hops, r.assoc)
	if err != nil {
		b.Fatal(err)
	}
	f := newFloorPeel(b, r, &pkt)
	b.ReportAllocs()
	for b.Loop() {
		f.run()
	}
}

// BenchmarkBuild builds payment onions of 5 and 20 hops.
func BenchmarkBuild(b *testing.B) {
	for _, n := range []int{5, 20} {
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			r := newBenchRoute(b, n)
			session := benchSession(b)
			b.ReportAllocs()
			for b.Loop() {
				if _, _, err := sphinx.BuildPayment(session, r.hops, r.assoc); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkRatioPeelToFloor runs a peel and the floor alternately in one
// loop, timing each with the thread's CPU clock, and reports their ratio:
// on a loaded machine the two separate benchmarks drift apart, here both
// see the same conditions.
func BenchmarkRatioPeelToFloor(b *testing.B) {
	r := newBenchRoute(b, 5)
	pkt, _, err := sphinx.BuildPayment(benchSession(b), r.hops, r.assoc)
	if err != nil {
		b.Fatal(err)
	}
	raw := pkt.Bytes()
	f := newFloorPeel(b, r, &pkt)
	peel := func() {
		p, err := sphinx.DecodePaymentPacket(raw)
		if err != nil {
			b.Fatal(err)
		}
		if _, err := r.keys[0].Peel(&p, r.assoc); err != nil {
			b.Fatal(err)
		}
	}
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	var tPeel, tFloor time.Duration
	i := 0
	for b.Loop() {
		t0 := threadClock()
		if i%2 == 0 {
			peel()
		} else {
			f.run()
		}
		t1 := threadClock()
		if i%2 == 0 {
			f.run()
		} else {
			peel()
		}
		t2 := threadClock()
		if i%2 == 0 {
			tPeel, tFloor = tPeel+(t1-t0), tFloor+(t2-t1)
		} else {
			tFloor, tPeel = tFloor+(t1-t0), tPeel+(t2-t1)
		}
		i++
	}
	b.ReportMetric(float64(tPeel)/float64(i), "peel-cpu-ns/op")
	b.ReportMetric(float64(tFloor)/float64(i), "floor-cpu-ns/op")
	b.ReportMetric(float64(tPeel)/float64(tFloor), "peel/floor")
}
