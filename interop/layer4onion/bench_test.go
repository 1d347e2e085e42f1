package layer4onion

import (
	"bytes"
	"fmt"
	"testing"

	"github.com/btcsuite/btcd/btcec/v2"
	lnsphinx "github.com/lightningnetwork/lightning-onion"

	"github.com/lnstack/lnstack/layer2_messaging/wire"
	"github.com/lnstack/lnstack/layer4_routing/failure"
	"github.com/lnstack/lnstack/layer4_routing/sphinx"
)

// benchRoute is a route of n hops with the payloads of a real payment:
// amount, expiry and outgoing channel for forwarding hops (18 to 21 bytes),
// amount, expiry and payment_data for the last.
func benchRoute(b *testing.B, n int) route {
	b.Helper()
	r := route{assoc: bytes.Repeat([]byte{0x42}, 32)}
	for i := range n {
		r.nodes = append(r.nodes, newNode(b, fmt.Sprintf("bench node %d", i)))
		p := sphinx.Payload{HasAmtToForward: true, AmtToForward: 1_000_000 + uint64(n-i)*1_000,
			HasOutgoingCLTV: true, OutgoingCLTV: 800_000 + uint32(n-i)*40}
		if i < n-1 {
			p.HasShortChannelID, p.ShortChannelID = true, wire.ShortChannelID(uint64(700_000+i)<<40|1<<16)
		} else {
			p.HasPaymentData, p.TotalMsat = true, 1_000_000
			p.PaymentSecret[0] = 1
		}
		enc, err := p.Encode(nil)
		if err != nil {
			b.Fatal(err)
		}
		r.payloads = append(r.payloads, enc)
	}
	return r
}

// The operations the benchmarks time, each side's from the same inputs.

func ourPeel(b *testing.B, r *route, raw []byte) {
	pkt, err := sphinx.DecodePaymentPacket(raw)
	if err != nil {
		b.Fatal(err)
	}
	if _, err := r.nodes[0].ours.Peel(&pkt, r.assoc); err != nil {
		b.Fatal(err)
	}
}

func theirPeel(b *testing.B, r *route, raw []byte) {
	var pkt lnsphinx.OnionPacket
	if err := pkt.Decode(bytes.NewReader(raw)); err != nil {
		b.Fatal(err)
	}
	if _, err := r.nodes[0].router.ReconstructOnionPacket(&pkt, r.assoc); err != nil {
		b.Fatal(err)
	}
}

func ourBuild(b *testing.B, session *btcec.PrivateKey, hops []sphinx.Hop, assoc []byte) {
	if _, _, err := sphinx.BuildPayment(session, hops, assoc); err != nil {
		b.Fatal(err)
	}
}

func theirBuild(b *testing.B, session *btcec.PrivateKey, path *lnsphinx.PaymentPath, assoc []byte) {
	if _, err := lnsphinx.NewOnionPacket(path, session, assoc, lnsphinx.DeterministicPacketFiller); err != nil {
		b.Fatal(err)
	}
}

// errorCase is a failure returned by the last hop of a 5-hop route, with
// what each side's origin starts decrypting from: the session key and the
// route (lightning-onion's DecryptError derives the shared secrets from
// them every time, so lnstack's side does too).
type errorCase struct {
	session *btcec.PrivateKey
	route   []*btcec.PublicKey
	reason  []byte
	dec     *lnsphinx.OnionErrorDecrypter
}

func newErrorCase(b *testing.B) errorCase {
	r := benchRoute(b, 5)
	c := errorCase{session: sessionKey("bench error"), route: r.pubKeys()}
	secrets, err := sphinx.SharedSecrets(c.session, c.route)
	if err != nil {
		b.Fatal(err)
	}
	msg, err := failure.Encode(nil, &failure.TemporaryChannelFailure{})
	if err != nil {
		b.Fatal(err)
	}
	c.reason, err = failure.Create(&secrets[4], msg, 0, nil, 0)
	if err != nil {
		b.Fatal(err)
	}
	for i := 3; i >= 0; i-- {
		failure.Relay(&secrets[i], c.reason, nil, 0)
	}
	c.dec = lnsphinx.NewOnionErrorDecrypter(&lnsphinx.Circuit{SessionKey: c.session, PaymentPath: c.route})
	return c
}

func (c *errorCase) ours(b *testing.B) {
	s, err := sphinx.SharedSecrets(c.session, c.route)
	if err != nil {
		b.Fatal(err)
	}
	if res, err := failure.Decrypt(s, c.reason, nil); err != nil || res.Index != 4 {
		b.Fatal(err)
	}
}

func (c *errorCase) theirs(b *testing.B) {
	if de, err := c.dec.DecryptError(c.reason); err != nil || de.SenderIdx != 5 {
		b.Fatal(err)
	}
}

// BenchmarkPeel peels the first layer of a 5-hop payment onion, from its
// 1366 bytes to the payload and the next onion.
func BenchmarkPeel(b *testing.B) {
	r := benchRoute(b, 5)
	pkt, _, err := sphinx.BuildPayment(sessionKey("bench"), r.ourHops(), r.assoc)
	if err != nil {
		b.Fatal(err)
	}
	raw := pkt.Bytes()
	b.Run("lnstack", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			ourPeel(b, &r, raw)
		}
	})
	b.Run("lightning-onion", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			theirPeel(b, &r, raw)
		}
	})
}

// BenchmarkBuild builds payment onions of 5 and 20 hops.
func BenchmarkBuild(b *testing.B) {
	for _, n := range []int{5, 20} {
		r := benchRoute(b, n)
		session := sessionKey("bench")
		hops, path := r.ourHops(), r.theirPath(b)
		b.Run(fmt.Sprintf("%d/lnstack", n), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				ourBuild(b, session, hops, r.assoc)
			}
		})
		b.Run(fmt.Sprintf("%d/lightning-onion", n), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				theirBuild(b, session, path, r.assoc)
			}
		})
	}
}

// BenchmarkDecryptError decrypts a failure from the last of 5 hops at the
// origin, shared secrets derived from the session key included.
func BenchmarkDecryptError(b *testing.B) {
	c := newErrorCase(b)
	b.Run("5/lnstack", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			c.ours(b)
		}
	})
	b.Run("5/lightning-onion", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			c.theirs(b)
		}
	})
}
