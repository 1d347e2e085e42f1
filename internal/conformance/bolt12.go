package conformance

import (
	"bytes"
	"errors"
	"fmt"

	"github.com/btcsuite/btcd/btcec/v2"

	"github.com/lnstack/lnstack/layer2_messaging/wire"
	"github.com/lnstack/lnstack/layer5_payment/bolt12"
	"github.com/lnstack/lnstack/testvectors"
)

// bolt12Runners checks the BOLT #12 vectors (bolt12/*.json) through
// layer5_payment/bolt12: the string form, the offer reader, and the Merkle
// tree and signature of an invoice_request.
func bolt12Runners() map[string]RunFunc {
	return map[string]RunFunc{
		"bolt12/format-string": runBolt12FormatString,
		"bolt12/offers":        runBolt12Offer,
		"bolt12/signature":     runBolt12Signature,
	}
}

// bolt12Errors maps the failure class of each invalid vector to the sentinel
// the reader must fail with: the TLV rules of layer2_messaging/wire, then the
// string form and the reader requirements of bolt12.
var bolt12Errors = map[string]error{
	"truncated":         wire.ErrTruncated,
	"tlv-length":        wire.ErrTLVLength,
	"record-length":     wire.ErrRecordLength,
	"tlv-order":         wire.ErrTLVOrder,
	"unknown-even-type": wire.ErrUnknownEvenType,
	"invalid-utf8":      wire.ErrInvalidUTF8,
	"invalid-point":     wire.ErrInvalidPoint,
	"mixed-case":        bolt12.ErrMixedCase,
	"continuation":      bolt12.ErrContinuation,
	"padding":           bolt12.ErrPadding,
	"missing-field":     bolt12.ErrMissingField,
	"zero-amount":       bolt12.ErrZeroAmount,
	"empty-chains":      bolt12.ErrEmptyChains,
	"empty-path":        bolt12.ErrEmptyPath,
	"unknown-feature":   bolt12.ErrUnknownFeature,
}

// runBolt12FormatString decodes a string of format-string-test.json as an
// offer: a valid one must give the offer of the canonical string (the same
// without '+', white space, upper case), an invalid one the failure class.
func runBolt12FormatString(v testvectors.Vector) error {
	var tv struct {
		String    string `json:"string"`
		Valid     bool   `json:"valid"`
		Canonical string `json:"canonical"`
		Error     string `json:"error"`
	}
	if err := v.Decode(&tv); err != nil {
		return err
	}
	o, err := bolt12.DecodeOffer(tv.String)
	if !tv.Valid {
		return bolt01Expect(err, bolt12Errors, tv.Error)
	}
	if err != nil {
		return fmt.Errorf("unexpected error %w", err)
	}
	s, err := o.EncodeString()
	if err != nil || s != tv.Canonical {
		return fmt.Errorf("re-encoded %q (%v), want %q", s, err, tv.Canonical)
	}
	return nil
}

// bolt12Record is one TLV record of an offers-test.json vector.
type bolt12Record struct {
	Type  uint64    `json:"type"`
	Value bolt01Hex `json:"value"`
}

// runBolt12Offer decodes a string of offers-test.json through the offer
// reader. A valid offer must hold exactly the vector's records, re-encode to
// the same string and print as JSON; an invalid one must fail with the
// vector's class. Where an invalid vector lists its records, the string
// must carry them (the failure is the reader's, not the encoding's).
func runBolt12Offer(v testvectors.Vector) error {
	var tv struct {
		String  string         `json:"string"`
		Valid   bool           `json:"valid"`
		Info    string         `json:"info"`
		Records []bolt12Record `json:"records"`
		Error   string         `json:"error"`
		Note    string         `json:"note"`
	}
	if err := v.Decode(&tv); err != nil {
		return err
	}
	if tv.Records != nil {
		_, stream, err := bolt12.DecodeString(tv.String)
		if err != nil {
			return fmt.Errorf("string form: %w", err)
		}
		if err := bolt12SameRecords(stream, tv.Records); err != nil {
			return err
		}
	}
	o, err := bolt12.DecodeOffer(tv.String)
	if !tv.Valid {
		return bolt01Expect(err, bolt12Errors, tv.Error)
	}
	if err != nil {
		return fmt.Errorf("unexpected error %w", err)
	}
	enc, err := o.Encode(nil)
	if err != nil {
		return fmt.Errorf("encode: %w", err)
	}
	if err := bolt12SameRecords(enc, tv.Records); err != nil {
		return fmt.Errorf("re-encoded: %w", err)
	}
	if s, err := o.EncodeString(); err != nil || s != tv.String {
		return fmt.Errorf("re-encoded string %q (%v), want %q", s, err, tv.String)
	}
	if _, err := o.MarshalJSON(); err != nil {
		return fmt.Errorf("JSON: %w", err)
	}
	return nil
}

// bolt12SameRecords checks that stream holds exactly the records want.
func bolt12SameRecords(stream []byte, want []bolt12Record) error {
	got, err := wire.ParseRecords(stream)
	if err != nil {
		return fmt.Errorf("records: %w", err)
	}
	if len(got) != len(want) {
		return fmt.Errorf("%d records, want %d", len(got), len(want))
	}
	for i, r := range got {
		if r.Type != want[i].Type || !bytes.Equal(r.Value, want[i].Value) {
			return fmt.Errorf("record %d: type %d value %x, want type %d value %x",
				i, r.Type, r.Value, want[i].Type, []byte(want[i].Value))
		}
	}
	return nil
}

// runBolt12Signature checks a signature-test.json vector: every leaf, nonce
// and leaf branch of the Merkle tree, the inner branches, the root; and for
// the signed invoice_request, the reader (which verifies the signature), the
// signature tag and hash, and the signature itself, re-made with the payer
// key and BIP-340 auxiliary randomness of zero.
func runBolt12Signature(v testvectors.Vector) error {
	var tv struct {
		Stream   string    `json:"stream"`
		FirstTLV bolt01Hex `json:"first_tlv"`
		Leaves   []struct {
			TLV    bolt01Hex `json:"tlv"`
			Leaf   bolt01Hex `json:"leaf"`
			Nonce  bolt01Hex `json:"nonce"`
			Branch bolt01Hex `json:"branch"`
		} `json:"leaves"`
		Branches []struct {
			Desc    string    `json:"desc"`
			Lesser  bolt01Hex `json:"lesser"`
			Greater bolt01Hex `json:"greater"`
			Hash    bolt01Hex `json:"hash"`
		} `json:"branches"`
		Merkle        bolt01Hex `json:"merkle"`
		String        string    `json:"string"`
		SignatureTag  string    `json:"signature_tag"`
		SignatureHash bolt01Hex `json:"signature_hash"`
		Signature     bolt01Hex `json:"signature"`
		PayerSecret   bolt01Hex `json:"payer_secret"`
		Derived       []string  `json:"derived"`
	}
	if err := v.Decode(&tv); err != nil {
		return err
	}
	// The stream: the leaves' records for the n1 vectors, the decoded
	// request (whose signature record has no leaf) for the other.
	var stream []byte
	var req *bolt12.InvoiceRequest
	switch tv.Stream {
	case "n1":
		for _, l := range tv.Leaves {
			stream = append(stream, l.TLV...)
		}
	case "invoice_request":
		var err error
		if req, err = bolt12.DecodeInvoiceRequest(tv.String); err != nil {
			return fmt.Errorf("reader: %w", err)
		}
		if stream, err = req.Encode(nil); err != nil {
			return err
		}
	default:
		return fmt.Errorf("unknown stream %q", tv.Stream)
	}
	if !bytes.HasPrefix(stream, tv.FirstTLV) {
		return fmt.Errorf("stream %x does not start with first-tlv %x", stream, []byte(tv.FirstTLV))
	}
	leaves, err := bolt12.MerkleLeaves(stream)
	if err != nil {
		return err
	}
	if len(leaves) != len(tv.Leaves) {
		return fmt.Errorf("%d leaves, want %d", len(leaves), len(tv.Leaves))
	}
	for i, l := range leaves {
		w := tv.Leaves[i]
		if !bytes.Equal(l.Leaf[:], w.Leaf) || !bytes.Equal(l.Nonce[:], w.Nonce) || !bytes.Equal(l.Branch[:], w.Branch) {
			return fmt.Errorf("leaf %d (type %d): %x %x %x, want %x %x %x", i, l.Type,
				l.Leaf, l.Nonce, l.Branch, []byte(w.Leaf), []byte(w.Nonce), []byte(w.Branch))
		}
	}
	for _, b := range tv.Branches {
		if len(b.Lesser) != 32 || len(b.Greater) != 32 || bytes.Compare(b.Lesser, b.Greater) > 0 {
			return fmt.Errorf("branch %q: inputs not two ordered hashes", b.Desc)
		}
		// BranchHash orders its inputs itself: give them swapped.
		got := bolt12.BranchHash([32]byte(b.Greater), [32]byte(b.Lesser))
		if !bytes.Equal(got[:], b.Hash) {
			return fmt.Errorf("branch %q: %x, want %x", b.Desc, got, []byte(b.Hash))
		}
	}
	root, err := bolt12.MerkleRoot(stream)
	if err != nil {
		return err
	}
	if !bytes.Equal(root[:], tv.Merkle) {
		return fmt.Errorf("merkle root %x, want %x", root, []byte(tv.Merkle))
	}
	if req == nil {
		return nil
	}
	return bolt12CheckSignature(req, root, tv.SignatureTag, tv.SignatureHash, tv.Signature, tv.PayerSecret)
}

// bolt12CheckSignature checks the signature part of the signed vector.
func bolt12CheckSignature(req *bolt12.InvoiceRequest, root [32]byte, tag string, hash, sig, secret []byte) error {
	if got := bolt12.SignatureTag("invoice_request", "signature"); got != tag {
		return fmt.Errorf("signature tag %q, want %q", got, tag)
	}
	if got := bolt12.SignatureHash("invoice_request", "signature", root); !bytes.Equal(got[:], hash) {
		return fmt.Errorf("signature hash %x, want %x", got, hash)
	}
	if !req.HasSignature || !bytes.Equal(req.Signature[:], sig) {
		return fmt.Errorf("decoded signature %x, want %x", req.Signature, sig)
	}
	if len(secret) != 32 {
		return errors.New("payer_secret: want 32 bytes")
	}
	key, _ := btcec.PrivKeyFromBytes(secret)
	resigned := *req
	resigned.HasSignature, resigned.Signature = false, wire.Bip340Sig{}
	if err := resigned.Sign(key, [32]byte{}); err != nil {
		return fmt.Errorf("sign: %w", err)
	}
	if resigned.Signature != req.Signature {
		return fmt.Errorf("re-signed %x, want %x", resigned.Signature, sig)
	}
	return nil
}
