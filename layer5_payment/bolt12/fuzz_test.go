package bolt12_test

import (
	"encoding/hex"
	"math/rand/v2"
	"testing"

	"github.com/lnstack/lnstack/layer2_messaging/msgtest"
	"github.com/lnstack/lnstack/layer2_messaging/wire"
	"github.com/lnstack/lnstack/layer5_payment/bolt12"
	"github.com/lnstack/lnstack/spec"
	"github.com/lnstack/lnstack/spec/speccheck"
	"github.com/lnstack/lnstack/testvectors"
)

// The fuzz targets run every input through msgtest.RoundTrip twice: the
// reader (string form or TLV stream, with the reader requirements and the
// signature), whose errors must be typed (bolt12.Invalid), and the bare TLV
// walk of the stream, which must re-encode byte for byte.

// stringCodec is the harness codec of a string form through a reader.
func stringCodec[T interface{ EncodeString() (string, error) }](decode func(string) (T, error), js func(T) ([]byte, error)) msgtest.Codec[T] {
	return msgtest.Codec[T]{
		Decode: func(b []byte) (T, error) { return decode(string(b)) },
		Encode: func(v T) ([]byte, error) {
			s, err := v.EncodeString()
			return []byte(s), err
		},
		JSON:  js,
		Typed: bolt12.Invalid,
		// Not canonical: '+', white space and upper case are accepted
		// and not written.
	}
}

// tlvCodec is the harness codec of a TLV stream through a reader.
func tlvCodec[T interface {
	Encode([]byte) ([]byte, error)
	MarshalJSON() ([]byte, error)
}](decode func([]byte) (T, error)) msgtest.Codec[T] {
	return msgtest.Codec[T]{
		Decode:    decode,
		Encode:    func(v T) ([]byte, error) { return v.Encode(nil) },
		JSON:      func(v T) ([]byte, error) { return v.MarshalJSON() },
		Canonical: true,
		Typed:     bolt12.Invalid,
	}
}

// vectorStrings returns the strings of the BOLT #12 vector files.
func vectorStrings(t testing.TB) []string {
	var out []string
	for _, p := range []string{"bolt12/offers.json", "bolt12/format-string.json", "bolt12/signature.json"} {
		f, err := testvectors.Load(p)
		if err != nil {
			t.Fatal(err)
		}
		for _, v := range f.Vectors {
			var tv map[string]any
			if err := v.Decode(&tv); err != nil {
				t.Fatal(err)
			}
			if s, ok := tv["string"].(string); ok {
				out = append(out, s)
			}
		}
	}
	return out
}

// generated returns the wire bytes of random instances of a BOLT #12 stream
// built from spec/.
func generated(t testing.TB, name string, n int) [][]byte {
	f, err := spec.Load()
	if err != nil {
		t.Fatal(err)
	}
	rng := rand.New(rand.NewPCG(12, uint64(len(name))))
	var out [][]byte
	for i := 0; i < n; i++ {
		inst, err := speccheck.GenerateStream(f, name, rng, speccheck.Options{})
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, inst.Wire)
	}
	return out
}

// seeds returns the corpus of one kind: vector strings of its prefix (and
// their streams), test messages, and generated streams.
func seeds(f *testing.F, prefix, stream string, own []byte, asString bool) {
	var all [][]byte
	for _, s := range vectorStrings(f) {
		p, b, err := bolt12.DecodeString(s)
		if err != nil || p != prefix {
			continue
		}
		if asString {
			all = append(all, []byte(s))
		} else {
			all = append(all, b)
		}
	}
	for _, b := range append(generated(f, stream, 8), own) {
		if asString {
			b = []byte(bolt12.EncodeString(prefix, b))
		}
		all = append(all, b)
	}
	msgtest.Seed(f, all...)
}

func encoded(f *testing.F, e interface{ Encode([]byte) ([]byte, error) }) []byte {
	b, err := e.Encode(nil)
	if err != nil {
		f.Fatal(err)
	}
	return b
}

func FuzzDecodeOffer(f *testing.F) {
	seeds(f, bolt12.PrefixOffer, "offer", encoded(f, testOffer()), true)
	c := stringCodec(bolt12.DecodeOffer, (*bolt12.Offer).MarshalJSON)
	f.Fuzz(func(t *testing.T, b []byte) { msgtest.RoundTrip(t, c, b) })
}

func FuzzDecodeOfferTLV(f *testing.F) {
	seeds(f, bolt12.PrefixOffer, "offer", encoded(f, testOffer()), false)
	c := tlvCodec(bolt12.DecodeOfferTLV)
	w := msgtest.Walker[bolt12.Offer]()
	f.Fuzz(func(t *testing.T, b []byte) {
		msgtest.RoundTrip(t, c, b)
		msgtest.RoundTrip(t, w, b)
	})
}

func FuzzDecodeInvoiceRequest(f *testing.F) {
	seeds(f, bolt12.PrefixInvoiceRequest, "invoice_request", encoded(f, testRequest(f)), true)
	c := stringCodec(bolt12.DecodeInvoiceRequest, (*bolt12.InvoiceRequest).MarshalJSON)
	f.Fuzz(func(t *testing.T, b []byte) { msgtest.RoundTrip(t, c, b) })
}

func FuzzDecodeInvoiceRequestTLV(f *testing.F) {
	seeds(f, bolt12.PrefixInvoiceRequest, "invoice_request", encoded(f, testRequest(f)), false)
	c := tlvCodec(bolt12.DecodeInvoiceRequestTLV)
	w := msgtest.Walker[bolt12.InvoiceRequest]()
	f.Fuzz(func(t *testing.T, b []byte) {
		msgtest.RoundTrip(t, c, b)
		msgtest.RoundTrip(t, w, b)
	})
}

func FuzzDecodeInvoice(f *testing.F) {
	seeds(f, bolt12.PrefixInvoice, "invoice", encoded(f, testInvoice(f)), true)
	c := stringCodec(bolt12.DecodeInvoice, (*bolt12.Invoice).MarshalJSON)
	f.Fuzz(func(t *testing.T, b []byte) { msgtest.RoundTrip(t, c, b) })
}

func FuzzDecodeInvoiceTLV(f *testing.F) {
	seeds(f, bolt12.PrefixInvoice, "invoice", encoded(f, testInvoice(f)), false)
	c := tlvCodec(bolt12.DecodeInvoiceTLV)
	w := msgtest.Walker[bolt12.Invoice]()
	f.Fuzz(func(t *testing.T, b []byte) {
		msgtest.RoundTrip(t, c, b)
		msgtest.RoundTrip(t, w, b)
	})
}

func FuzzDecodeInvoiceError(f *testing.F) {
	msgtest.Seed(f, generated(f, "invoice_error", 8)...)
	c := tlvCodec(bolt12.DecodeInvoiceError)
	f.Fuzz(func(t *testing.T, b []byte) { msgtest.RoundTrip(t, c, b) })
}

// FuzzMerkleRoot compares MerkleRoot with the level-by-level reference on
// any stream whose records parse.
func FuzzMerkleRoot(f *testing.F) {
	for _, h := range []string{"010203e8", "010203e80208000001000002000302", "00080000000000000000f0020102"} {
		b, _ := hex.DecodeString(h)
		f.Add(b)
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		got, err := bolt12.MerkleRoot(b)
		rs, perr := wire.ParseRecords(b)
		switch {
		case perr != nil:
			if err == nil {
				t.Fatalf("%x: root of a stream that does not parse (%v)", b, perr)
			}
			return
		case err != nil:
			if !bolt12.Invalid(err) {
				t.Fatalf("%x: untyped error %v", b, err)
			}
			return
		}
		if want := refRoot(rs); got != want {
			t.Fatalf("%x: root %x, want %x", b, got, want)
		}
	})
}

// TestTruncations cuts the test messages at every byte: the readers must
// reject every prefix (the signature covers every record) with a typed
// error.
func TestTruncations(t *testing.T) {
	o, _ := testOffer().Encode(nil)
	// An offer cut at a record boundary before its issuer id lacks it;
	// one cut after it loses only the unknown record, and passes.
	msgtest.Truncations(t, tlvCodec(bolt12.DecodeOfferTLV), o, func(n int) bool { return n == len(o)-7 })
	r, _ := testRequest(t).Encode(nil)
	msgtest.Truncations(t, tlvCodec(bolt12.DecodeInvoiceRequestTLV), r, nil)
	v, _ := testInvoice(t).Encode(nil)
	msgtest.Truncations(t, tlvCodec(bolt12.DecodeInvoiceTLV), v, nil)
}

// TestRandomStreams is the property test: random instances of the four
// streams from spec/ decode, re-encode byte for byte and print the same
// JSON through the bare walk.
func TestRandomStreams(t *testing.T) {
	for _, b := range generated(t, "offer", 50) {
		msgtest.Valid(t, msgtest.Walker[bolt12.Offer](), b)
	}
	for _, b := range generated(t, "invoice_request", 50) {
		msgtest.Valid(t, msgtest.Walker[bolt12.InvoiceRequest](), b)
	}
	for _, b := range generated(t, "invoice", 50) {
		msgtest.Valid(t, msgtest.Walker[bolt12.Invoice](), b)
	}
	for _, b := range generated(t, "invoice_error", 50) {
		msgtest.Valid(t, msgtest.Walker[bolt12.InvoiceError](), b)
	}
}
