package bolt12_test

import (
	"bytes"
	"crypto/sha256"
	"math/rand/v2"
	"testing"

	"github.com/lnstack/lnstack/layer2_messaging/wire"
	"github.com/lnstack/lnstack/layer5_payment/bolt12"
)

// refTagged is H(tag, msg) written out from the BOLT's definition.
func refTagged(tag string, msg []byte) [32]byte {
	t := sha256.Sum256([]byte(tag))
	return sha256.Sum256(append(append(t[:], t[:]...), msg...))
}

func refBranch(a, b [32]byte) [32]byte {
	if bytes.Compare(a[:], b[:]) > 0 {
		a, b = b, a
	}
	return refTagged("LnBranch", append(a[:], b[:]...))
}

// refRoot computes the Merkle root the other way round from the package:
// level by level, pairing neighbours and carrying an odd last node up,
// which gives "the deepest tree on the lowest-order leaves".
func refRoot(records wire.Records) [32]byte {
	var level [][32]byte
	var first []byte
	for _, r := range records {
		tlv, _ := wire.Records{r}.Append(nil)
		if first == nil {
			first = tlv
		}
		if r.Type >= 240 && r.Type <= 1000 {
			continue
		}
		leaf := refTagged("LnLeaf", tlv)
		nonce := refTagged(string(append([]byte("LnNonce"), first...)), wire.AppendBigSize(nil, r.Type))
		level = append(level, refBranch(leaf, nonce))
	}
	for len(level) > 1 {
		var next [][32]byte
		for i := 0; i < len(level); i += 2 {
			if i+1 < len(level) {
				next = append(next, refBranch(level[i], level[i+1]))
			} else {
				next = append(next, level[i])
			}
		}
		level = next
	}
	return level[0]
}

// randomRecords returns n records of increasing random types, some in the
// signature range.
func randomRecords(rng *rand.Rand, n int) wire.Records {
	var rs wire.Records
	t := uint64(0)
	for i := 0; i < n; i++ {
		t += 1 + uint64(rng.IntN(300))
		v := make([]byte, rng.IntN(40))
		for j := range v {
			v[j] = byte(rng.Uint32())
		}
		rs = append(rs, wire.Record{Type: t, Value: v})
	}
	return rs
}

// TestMerkleRootAgainstReference compares MerkleRoot with refRoot on
// streams of 1 to 40 records.
func TestMerkleRootAgainstReference(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	for n := 1; n <= 40; n++ {
		rs := randomRecords(rng, n)
		stream, _ := rs.Append(nil)
		got, err := bolt12.MerkleRoot(stream)
		nonSig := 0
		for _, r := range rs {
			if !bolt12.IsSignatureType(r.Type) {
				nonSig++
			}
		}
		if nonSig == 0 {
			wantErr(t, "signature records only", err, bolt12.ErrNoRecords)
			continue
		}
		if err != nil {
			t.Fatal(err)
		}
		if want := refRoot(rs); got != want {
			t.Fatalf("%d records: root %x, want %x", n, got, want)
		}
		leaves, err := bolt12.MerkleLeaves(stream)
		if err != nil || len(leaves) != nonSig {
			t.Fatalf("%d records: %d leaves (%v), want %d", n, len(leaves), err, nonSig)
		}
	}
}

// TestMerkleRootSignatureRange checks that records 240 to 1000 are left
// out of the tree, and that 239 and 1001 are not.
func TestMerkleRootSignatureRange(t *testing.T) {
	base := wire.Records{{Type: 0, Value: []byte{1}}, {Type: 10, Value: []byte("x")}}
	root := func(extra ...wire.Record) [32]byte {
		b, _ := append(append(wire.Records{}, base...), extra...).Append(nil)
		r, err := bolt12.MerkleRoot(b)
		if err != nil {
			t.Fatal(err)
		}
		return r
	}
	plain := root()
	for _, typ := range []uint64{240, 241, 999, 1000} {
		if root(wire.Record{Type: typ, Value: []byte{2}}) != plain {
			t.Errorf("type %d changed the root", typ)
		}
	}
	for _, typ := range []uint64{239, 1001} {
		if root(wire.Record{Type: typ, Value: []byte{2}}) == plain {
			t.Errorf("type %d did not change the root", typ)
		}
	}
}

func TestMerkleRootErrors(t *testing.T) {
	for _, c := range []struct {
		stream []byte
		want   error
	}{
		{nil, bolt12.ErrNoRecords},
		{[]byte{0xf0, 0x00}, bolt12.ErrNoRecords}, // a signature record only
		{[]byte{0x01}, wire.ErrTruncated},
		{[]byte{0x01, 0x02, 0x00}, wire.ErrTLVLength},
		{[]byte{0x02, 0x00, 0x01, 0x00}, wire.ErrTLVOrder},
		{[]byte{0xfd, 0x00, 0x01, 0x00}, wire.ErrNonMinimal},
	} {
		_, err := bolt12.MerkleRoot(c.stream)
		wantErr(t, "root", err, c.want)
	}
}

// TestSignatureTamper flips a bit of every byte of a signed request in turn
// (bit i mod 8 of byte i): the reader must reject each with a typed error,
// and never panic.
func TestSignatureTamper(t *testing.T) {
	b, err := testRequest(t).Encode(nil)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := bolt12.DecodeInvoiceRequestTLV(b); err != nil {
		t.Fatal(err)
	}
	for i := range b {
		c := bytes.Clone(b)
		c[i] ^= 1 << (i % 8)
		_, err := bolt12.DecodeInvoiceRequestTLV(c)
		if err == nil {
			t.Fatalf("byte %d bit %d flipped: accepted", i, i%8)
		}
		if !bolt12.Invalid(err) {
			t.Fatalf("byte %d bit %d flipped: untyped error %v", i, i%8, err)
		}
	}
}

// TestVerifySignature checks VerifySignature against a direct signature and
// the wrong message name, key and signature.
func TestVerifySignature(t *testing.T) {
	r := testRequest(t)
	b, _ := r.Encode(nil)
	pid := r.Request.PayerID
	if err := bolt12.VerifySignature("invoice_request", b, r.Signature, pid); err != nil {
		t.Fatal(err)
	}
	wantErr(t, "message name", bolt12.VerifySignature("invoice", b, r.Signature, pid), bolt12.ErrSignature)
	wantErr(t, "key", bolt12.VerifySignature("invoice_request", b, r.Signature, point(0x43)), bolt12.ErrSignature)
	bad := r.Signature
	bad[63] ^= 1
	wantErr(t, "signature", bolt12.VerifySignature("invoice_request", b, bad, pid), bolt12.ErrSignature)
	var notAPoint wire.Point
	wantErr(t, "invalid key", bolt12.VerifySignature("invoice_request", b, r.Signature, notAPoint), bolt12.ErrSignature)
}
