package bolt12_test

import (
	"testing"

	"github.com/btcsuite/btcd/btcec/v2/schnorr"

	"github.com/lnstack/lnstack/layer5_payment/bolt12"
)

// benchOffer is the offer of the BOLT's format-string vectors: an amount,
// a description, an issuer and an issuer id.
const benchOffer = "lno1pqps7sjqpgtyzm3qv4uxzmtsd3jjqer9wd3hy6tsw35k7msjzfpy7nz5yqcnygrfdej82um5wf5k2uckyypwa3eyt44h6txtxquqh7lz5djge4afgfjn7k4rgrkuag0jsd5xvxg"

// BenchmarkDecodeOffer decodes an offer string with the reader's checks.
func BenchmarkDecodeOffer(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		if _, err := bolt12.DecodeOffer(benchOffer); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkDecodeInvoice decodes an invoice stream (two blinded paths, a
// fallback) with every check of the reader, the signature included.
func BenchmarkDecodeInvoice(b *testing.B) {
	stream, err := testInvoice(b).Encode(nil)
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(stream)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := bolt12.DecodeInvoiceTLV(stream); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkVerifyInvoiceSignature verifies an invoice's signature from its
// stream: the Merkle root, the tagged hash, key and signature parsing and
// the BIP-340 check.
func BenchmarkVerifyInvoiceSignature(b *testing.B) {
	v := testInvoice(b)
	stream, err := v.Encode(nil)
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if err := bolt12.VerifySignature("invoice", stream, v.Signature, v.Invoice.NodeID); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkSchnorrVerifyFloor is the floor of the one above: schnorr.Verify
// of the same signature over the same hash, parsed once.
func BenchmarkSchnorrVerifyFloor(b *testing.B) {
	v := testInvoice(b)
	stream, _ := v.Encode(nil)
	root, err := bolt12.MerkleRoot(stream)
	if err != nil {
		b.Fatal(err)
	}
	h := bolt12.SignatureHash("invoice", "signature", root)
	pub, err := schnorr.ParsePubKey(v.Invoice.NodeID[1:])
	if err != nil {
		b.Fatal(err)
	}
	sig, err := schnorr.ParseSignature(v.Signature[:])
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if !sig.Verify(h[:], pub) {
			b.Fatal("invalid")
		}
	}
}

// BenchmarkMerkleRoot computes the root of the invoice's records.
func BenchmarkMerkleRoot(b *testing.B) {
	stream, err := testInvoice(b).Encode(nil)
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(stream)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := bolt12.MerkleRoot(stream); err != nil {
			b.Fatal(err)
		}
	}
}
