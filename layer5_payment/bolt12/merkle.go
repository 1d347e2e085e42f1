package bolt12

import (
	"bytes"
	"crypto/sha256"
	"fmt"
	"hash"

	"github.com/btcsuite/btcd/btcec/v2"
	"github.com/btcsuite/btcd/btcec/v2/schnorr"

	"github.com/lnstack/lnstack/layer2_messaging/wire"
)

// BOLT #12 "Signature Calculation": "Each form is signed using one or more
// *signature TLV elements*: TLV types 240 through 1000 (inclusive)."
const (
	sigFirst = 240
	sigLast  = 1000
)

// IsSignatureType reports whether TLV type t is a signature element, which
// the Merkle tree leaves out.
func IsSignatureType(t uint64) bool { return t >= sigFirst && t <= sigLast }

// TaggedHash returns H(tag, msg) = SHA256(SHA256(tag) || SHA256(tag) ||
// msg), the BIP-340 tagged hash of BOLT #12; msg is the concatenation of
// the parts.
func TaggedHash(tag []byte, msg ...[]byte) [32]byte {
	t := sha256.Sum256(tag)
	h := sha256.New()
	h.Write(t[:])
	h.Write(t[:])
	for _, m := range msg {
		h.Write(m)
	}
	var out [32]byte
	h.Sum(out[:0])
	return out
}

// Leaf is what one TLV record adds to the Merkle tree: "The H("LnLeaf",tlv)"
// and "The H("LnNonce"||first-tlv,tlv-type)", and the branch over the two
// that stands for the record in the tree.
type Leaf struct {
	// Type is the record's type.
	Type uint64
	// Leaf is H("LnLeaf", tlv): tlv is the whole record (type, length and
	// value).
	Leaf [32]byte
	// Nonce is H("LnNonce"||first-tlv, tlv-type), first-tlv the whole
	// first record of the stream and tlv-type the BigSize of Type.
	Nonce [32]byte
	// Branch is H("LnBranch", lesser || greater) of Leaf and Nonce.
	Branch [32]byte
}

// hasher computes the tagged hashes of one tree with one SHA-256 state:
// the tags' own hashes are computed once per tree. Its inputs go through
// its own buffer, so that hashing does not move the caller's values to the
// heap.
type hasher struct {
	h                   hash.Hash
	leaf, nonce, branch [32]byte
	sum                 [32]byte
	buf                 [64]byte
}

func newHasher(firstTLV []byte) *hasher {
	hs := &hasher{h: sha256.New()}
	hs.leaf = sha256.Sum256([]byte("LnLeaf"))
	hs.branch = sha256.Sum256([]byte("LnBranch"))
	n := copy(hs.buf[:], "LnNonce")
	hs.h.Write(hs.buf[:n])
	hs.h.Write(firstTLV)
	hs.h.Sum(hs.nonce[:0])
	return hs
}

// tagged returns H(tag, msg) for a tag whose hash is t.
func (hs *hasher) tagged(t *[32]byte, msg []byte) [32]byte {
	hs.h.Reset()
	hs.h.Write(t[:])
	hs.h.Write(t[:])
	hs.h.Write(msg)
	hs.h.Sum(hs.sum[:0])
	return hs.sum
}

// pair returns H("LnBranch", lesser || greater) of a and b: "this ordering
// means proofs are more compact since left/right is inherently determined".
func (hs *hasher) pair(a, b [32]byte) [32]byte {
	if bytes.Compare(b[:], a[:]) < 0 {
		a, b = b, a
	}
	copy(hs.buf[:32], a[:])
	copy(hs.buf[32:], b[:])
	return hs.tagged(&hs.branch, hs.buf[:])
}

// node returns the branch that stands for record r in the tree: the pair of
// its leaf and its nonce.
func (hs *hasher) node(r record) [32]byte {
	return hs.pair(hs.tagged(&hs.leaf, r.whole), hs.tagged(&hs.nonce, r.tlvT))
}

// BranchHash returns H("LnBranch", lesser-SHA256 || greater-SHA256) of an
// inner node of the Merkle tree.
func BranchHash(a, b [32]byte) [32]byte {
	if string(b[:]) < string(a[:]) {
		a, b = b, a
	}
	return TaggedHash([]byte("LnBranch"), a[:], b[:])
}

// record is one TLV record of a stream, as raw bytes.
type record struct {
	typ   uint64
	whole []byte // type, length and value
	tlvT  []byte // the type's BigSize
}

// records iterates over the records of a TLV stream without copying. It
// checks the record framing only (minimal BigSize, lengths within the
// stream, increasing types): the streams it hashes were decoded already.
type records struct {
	rd     wire.Reader
	stream []byte
	last   uint64
	seen   bool
	err    error
}

func newRecords(stream []byte) records {
	return records{rd: wire.NewReader(stream), stream: stream}
}

// next returns the next record; ok is false at the end and on failure
// (then err is set).
func (it *records) next() (r record, ok bool) {
	rd := &it.rd
	if it.err != nil || rd.Len() == 0 {
		return r, false
	}
	start := rd.Offset()
	t := rd.BigSize()
	tEnd := rd.Offset()
	l := rd.BigSize()
	if rd.Err() == nil && l > uint64(rd.Len()) {
		rd.Fail(wire.ErrTLVLength)
	}
	if rd.Err() == nil {
		rd.Bytes(int(l))
	}
	if err := rd.Err(); err != nil {
		it.err = &wire.DecodeError{Field: "tlv_record", Offset: start, Err: err}
		return r, false
	}
	if it.seen && t <= it.last {
		it.err = &wire.DecodeError{Field: "tlv_record", Offset: start, Err: wire.ErrTLVOrder}
		return r, false
	}
	it.seen, it.last = true, t
	return record{typ: t, whole: it.stream[start:rd.Offset()], tlvT: it.stream[start:tEnd]}, true
}

// MerkleLeaves returns the leaves of the Merkle tree of a TLV stream: one
// per record outside the signature range, in type order.
func MerkleLeaves(stream []byte) ([]Leaf, error) {
	var leaves []Leaf
	var hs *hasher
	it := newRecords(stream)
	for r, ok := it.next(); ok; r, ok = it.next() {
		if hs == nil {
			// "first-tlv is the numerically-first TLV entry in the
			// stream".
			hs = newHasher(r.whole)
		}
		if IsSignatureType(r.typ) {
			continue
		}
		l := Leaf{Type: r.typ, Leaf: hs.tagged(&hs.leaf, r.whole), Nonce: hs.tagged(&hs.nonce, r.tlvT)}
		l.Branch = hs.pair(l.Leaf, l.Nonce)
		leaves = append(leaves, l)
	}
	if it.err != nil {
		return nil, it.err
	}
	return leaves, nil
}

// MerkleRoot returns the Merkle root of a TLV stream, over its records
// outside the signature range (BOLT #12 "Signature Calculation"). The
// stream must hold at least one such record (ErrNoRecords).
func MerkleRoot(stream []byte) ([32]byte, error) {
	// Most messages have few records: their nodes stay on the stack.
	var small [24][32]byte
	nodes := small[:0]
	var hs *hasher
	it := newRecords(stream)
	for r, ok := it.next(); ok; r, ok = it.next() {
		if hs == nil {
			hs = newHasher(r.whole)
		}
		if !IsSignatureType(r.typ) {
			nodes = append(nodes, hs.node(r))
		}
	}
	if it.err != nil {
		return [32]byte{}, it.err
	}
	if len(nodes) == 0 {
		return [32]byte{}, ErrNoRecords
	}
	// "If there is not exactly a power of 2 leaves, then the tree depth
	// will be uneven, with the deepest tree on the lowest-order leaves":
	// at each level, pair node i with node i+step; a node without a
	// partner moves up unchanged.
	for step := 1; step < len(nodes); step *= 2 {
		for i := 0; i+step < len(nodes); i += 2 * step {
			nodes[i] = hs.pair(nodes[i], nodes[i+step])
		}
	}
	return nodes[0], nil
}

// SignatureTag returns the tag of a signature field: "lightning" ||
// messagename || fieldname, e.g. "lightninginvoicesignature".
func SignatureTag(messageName, fieldName string) string {
	return "lightning" + messageName + fieldName
}

// SignatureHash returns H(tag, root), the message a signature element signs.
func SignatureHash(messageName, fieldName string, root [32]byte) [32]byte {
	return TaggedHash([]byte(SignatureTag(messageName, fieldName)), root[:])
}

// signStream signs the stream's Merkle root for field "signature" of the
// message. aux is BIP-340's auxiliary randomness.
func signStream(messageName string, stream []byte, key *btcec.PrivateKey, aux [32]byte) (wire.Bip340Sig, error) {
	var out wire.Bip340Sig
	root, err := MerkleRoot(stream)
	if err != nil {
		return out, err
	}
	h := SignatureHash(messageName, "signature", root)
	sig, err := schnorr.Sign(key, h[:], schnorr.CustomNonce(aux))
	if err != nil {
		return out, fmt.Errorf("bolt12: signing: %w", err)
	}
	copy(out[:], sig.Serialize())
	return out, nil
}

// VerifySignature checks a BIP-340 signature of field "signature" of
// message messageName ("invoice_request" or "invoice") over the stream's
// Merkle root, by key. It fails with ErrSignature.
func VerifySignature(messageName string, stream []byte, sig wire.Bip340Sig, key wire.Point) error {
	root, err := MerkleRoot(stream)
	if err != nil {
		return err
	}
	return verifyHash(SignatureHash(messageName, "signature", root), sig, key)
}

// verifyHash checks sig over h by the x-only form of key.
func verifyHash(h [32]byte, sig wire.Bip340Sig, key wire.Point) error {
	// BIP-340 keys are x-only: the point's parity byte plays no part.
	pub, err := schnorr.ParsePubKey(key[1:])
	if err != nil {
		return fmt.Errorf("%w: key: %v", ErrSignature, err)
	}
	s, err := schnorr.ParseSignature(sig[:])
	if err != nil {
		return fmt.Errorf("%w: %v", ErrSignature, err)
	}
	if !s.Verify(h[:], pub) {
		return ErrSignature
	}
	return nil
}
