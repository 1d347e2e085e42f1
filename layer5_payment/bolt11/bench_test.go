package bolt11

import (
	"crypto/sha256"
	"testing"

	"github.com/btcsuite/btcd/btcec/v2/ecdsa"
)

// benchInvoice is the BOLT #11 example from a real shop (Blockstream Store,
// amount in pico-bitcoin): p, a 146-byte d, s, x, c, one route hint, 9.
const benchInvoice = "lnbc9678785340p1pwmna7lpp5gc3xfm08u9qy06djf8dfflhugl6p7lgza6dsjxq454gxhj9t7a0sd8dgfkx7cmtwd68yetpd5s9xar0wfjn5gpc8qhrsdfq24f5ggrxdaezqsnvda3kkum5wfjkzmfqf3jkgem9wgsyuctwdus9xgrcyqcjcgpzgfskx6eqf9hzqnteypzxz7fzypfhg6trddjhygrcyqezcgpzfysywmm5ypxxjemgw3hxjmn8yptk7untd9hxwg3q2d6xjcmtv4ezq7pqxgsxzmnyyqcjqmt0wfjjq6t5v4khxsp5zyg3zyg3zyg3zyg3zyg3zyg3zyg3zyg3zyg3zyg3zyg3zyg3zygsxqyjw5qcqp2rzjq0gxwkzc8w6323m55m4jyxcjwmy7stt9hwkwe2qxmy8zpsgg7jcuwz87fcqqeuqqqyqqqqlgqqqqn3qq9q9qrsgqrvgkpnmps664wgkp43l22qsgdw4ve24aca4nymnxddlnp8vh9v2sdxlu5ywdxefsfvm0fq3sesf08uf6q9a2ke0hc9j6z6wlxg5z5kqpu2v9wz"

// BenchmarkDecode decodes the invoice and recovers the payee's key.
func BenchmarkDecode(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Decode(benchInvoice); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkDecodeUnverified decodes the invoice without the signature check.
func BenchmarkDecodeUnverified(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		if _, err := DecodeUnverified(benchInvoice); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkRecoverCompact is the floor of BenchmarkDecode: btcec's key
// recovery alone, on the invoice's signature and hash.
func BenchmarkRecoverCompact(b *testing.B) {
	inv, err := Decode(benchInvoice)
	if err != nil {
		b.Fatal(err)
	}
	msg, err := inv.SigningData()
	if err != nil {
		b.Fatal(err)
	}
	hash := sha256.Sum256(msg)
	var compact [65]byte
	compact[0] = compactMagic + inv.Signature[64]
	copy(compact[1:], inv.Signature[:64])
	b.ReportAllocs()
	for b.Loop() {
		if _, _, err := ecdsa.RecoverCompact(compact[:], hash[:]); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkEncode writes and signs the invoice.
func BenchmarkEncode(b *testing.B) {
	inv, err := Decode(benchInvoice)
	if err != nil {
		b.Fatal(err)
	}
	signer := testSigner(b)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := inv.Encode(signer); err != nil {
			b.Fatal(err)
		}
	}
}
