package layer5invoice

import (
	"crypto/sha256"
	"testing"

	"github.com/btcsuite/btcd/btcec/v2/ecdsa"
	"github.com/btcsuite/btcd/chaincfg"
	"github.com/lightningnetwork/lnd/zpay32"

	"github.com/lnstack/lnstack/layer5_payment/bolt11"
)

// The benchmarks run lnstack and zpay32 on the same invoice, in the same
// process, under the names <Benchmark>/{lnstack,zpay32}:
//
//   - Decode: the whole decode with the payee's key recovered from the
//     signature (lnstack: bolt11.Decode; zpay32: Decode on mainnet).
//   - DecodeUnverified: lnstack's decode without the signature check
//     (bolt11.DecodeUnverified) against zpay32's whole Decode, which has no
//     such mode.
//   - Encode: write and sign the same fields (lnstack: Invoice.Encode with
//     KeySigner; zpay32: Invoice.Encode with a MessageSigner over btcec's
//     SignCompact, as lnd's node signer does); both give the same string.
//   - RecoverCompact: btcec's key recovery alone on the invoice's signature,
//     the floor of Decode.
//   - Ratio (ratio_test.go): the same pairs alternately, timed with the
//     thread CPU clock: the figures of record.
//
// The invoice is the BOLT #11 example from a real shop (Blockstream Store,
// amount in pico-bitcoin): p, a 146-byte d, s, x, c, one route hint, 9.
const benchInvoice = "lnbc9678785340p1pwmna7lpp5gc3xfm08u9qy06djf8dfflhugl6p7lgza6dsjxq454gxhj9t7a0sd8dgfkx7cmtwd68yetpd5s9xar0wfjn5gpc8qhrsdfq24f5ggrxdaezqsnvda3kkum5wfjkzmfqf3jkgem9wgsyuctwdus9xgrcyqcjcgpzgfskx6eqf9hzqnteypzxz7fzypfhg6trddjhygrcyqezcgpzfysywmm5ypxxjemgw3hxjmn8yptk7untd9hxwg3q2d6xjcmtv4ezq7pqxgsxzmnyyqcjqmt0wfjjq6t5v4khxsp5zyg3zyg3zyg3zyg3zyg3zyg3zyg3zyg3zyg3zyg3zyg3zyg3zygsxqyjw5qcqp2rzjq0gxwkzc8w6323m55m4jyxcjwmy7stt9hwkwe2qxmy8zpsgg7jcuwz87fcqqeuqqqyqqqqlgqqqqn3qq9q9qrsgqrvgkpnmps664wgkp43l22qsgdw4ve24aca4nymnxddlnp8vh9v2sdxlu5ywdxefsfvm0fq3sesf08uf6q9a2ke0hc9j6z6wlxg5z5kqpu2v9wz"

// benchSetup returns both sides' invoices for Encode (same fields, zpay32's
// field order, no n field) and the recovery inputs, checking that both write
// the same string.
type benchSetup struct {
	ours    *bolt11.Invoice
	signer  *bolt11.KeySigner
	lnd     *zpay32.Invoice
	lndSign zpay32.MessageSigner
	compact [65]byte
	hash    [32]byte
}

func newBenchSetup(b *testing.B) benchSetup {
	key := testKey(b)
	ours, err := bolt11.Decode(benchInvoice)
	if err != nil {
		b.Fatal(err)
	}
	msg, err := ours.SigningData()
	if err != nil {
		b.Fatal(err)
	}
	s := benchSetup{ours: ours, signer: bolt11.NewKeySigner(key), lndSign: lndSigner(key), hash: sha256.Sum256(msg)}
	s.compact[0] = 27 + 4 + ours.Signature[64]
	copy(s.compact[1:], ours.Signature[:64])
	ours.Order = nil // zpay32's order
	if s.lnd, err = zpay32.Decode(benchInvoice, &chaincfg.MainNetParams); err != nil {
		b.Fatal(err)
	}
	s.lnd.Destination = nil // recovered, not an n field
	a, err := s.ours.Encode(s.signer)
	if err != nil {
		b.Fatal(err)
	}
	z, err := s.lnd.Encode(s.lndSign)
	if err != nil || a != z {
		b.Fatalf("the two sides write different invoices (%v):\n%s\n%s", err, a, z)
	}
	return s
}

func BenchmarkDecode(b *testing.B) {
	b.Run("lnstack", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if _, err := bolt11.Decode(benchInvoice); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("zpay32", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if _, err := zpay32.Decode(benchInvoice, &chaincfg.MainNetParams); err != nil {
				b.Fatal(err)
			}
		}
	})
}

func BenchmarkDecodeUnverified(b *testing.B) {
	b.Run("lnstack", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if _, err := bolt11.DecodeUnverified(benchInvoice); err != nil {
				b.Fatal(err)
			}
		}
	})
}

func BenchmarkEncode(b *testing.B) {
	s := newBenchSetup(b)
	b.Run("lnstack", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if _, err := s.ours.Encode(s.signer); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("zpay32", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if _, err := s.lnd.Encode(s.lndSign); err != nil {
				b.Fatal(err)
			}
		}
	})
}

func BenchmarkRecoverCompact(b *testing.B) {
	s := newBenchSetup(b)
	b.ReportAllocs()
	for b.Loop() {
		if _, _, err := ecdsa.RecoverCompact(s.compact[:], s.hash[:]); err != nil {
			b.Fatal(err)
		}
	}
}
