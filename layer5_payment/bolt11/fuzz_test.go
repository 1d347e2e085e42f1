package bolt11

import (
	"bytes"
	"errors"
	"testing"
)

// FuzzDecode feeds strings to Decode and DecodeUnverified. Each input is
// tried as given and, so that the fuzzer gets past the checksum, with its
// last six characters replaced by the right checksum. Whenever an invoice
// decodes, writing its fields back (Order and Ignored included) must give
// the data part it came from, value for value; Decode and DecodeUnverified
// must agree except on the signature.
func FuzzDecode(f *testing.F) {
	valid, invalid := examples(f)
	for _, s := range append(valid, invalid...) {
		f.Add(s)
	}
	f.Add(signRaw(f, "lnbcrt1p", with(field(Tag(0), []byte{1}), field(TagFallback, []byte{20}))...))
	f.Fuzz(func(t *testing.T, s string) {
		checkDecode(t, s)
		if i := bytes.LastIndexByte([]byte(s), '1'); i > 0 && len(s)-i > checksumLen {
			var data []byte
			for _, c := range []byte(s[i+1 : len(s)-checksumLen]) {
				if v, ok := ParseTag(c); ok {
					data = append(data, byte(v))
				}
			}
			checkDecode(t, string(appendBech32(nil, s[:i], data, checksumBech32)))
		}
	})
}

// checkDecode decodes s both ways and checks the round trip.
func checkDecode(t *testing.T, s string) {
	inv, err := DecodeUnverified(s)
	verified, verr := Decode(s)
	if err != nil {
		if verr == nil {
			t.Fatalf("Decode accepts what DecodeUnverified rejects (%v): %q", err, s)
		}
		return
	}
	if verr != nil && !errors.Is(verr, ErrInvalidSignature) && !errors.Is(verr, ErrHighS) && !errors.Is(verr, ErrInvalidPubkey) {
		t.Fatalf("Decode fails with %v where only the signature can: %q", verr, s)
	}
	_, want, _ := decodeBech32(s, nil)
	want = want[:len(want)-signatureLen]
	got, err := inv.appendData(nil)
	if err != nil {
		t.Fatalf("writing back %q: %v", s, err)
	}
	if !bytes.Equal(got, want) {
		t.Fatalf("written back differently:\n got %v\nwant %v\n(%q)", got, want, s)
	}
	if verified != nil {
		if _, err := verified.MarshalJSON(); err != nil {
			t.Fatalf("JSON of %q: %v", s, err)
		}
	}
}
