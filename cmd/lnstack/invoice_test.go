package main

import (
	"bytes"
	"context"
	"encoding/json"
	"strings"
	"testing"

	"github.com/lnstack/lnstack/layer5_payment/bolt11"
	"github.com/lnstack/lnstack/testvectors"
)

// TestDecodeInvoiceExamples prints every valid BOLT #11 example lnstack
// accepts and checks the keys and a few values against the vector.
func TestDecodeInvoiceExamples(t *testing.T) {
	f, err := testvectors.Load("bolt11/valid.json")
	if err != nil {
		t.Fatal(err)
	}
	keys := []string{"network", "timestamp", "payment_hash", "payment_secret", "expiry",
		"min_final_cltv_expiry", "payee", "features", "route_hints", "fallbacks", "signature"}
	for _, v := range f.Vectors {
		var tv map[string]any
		if err := json.Unmarshal(v.Raw, &tv); err != nil {
			t.Fatal(err)
		}
		if tv["error"] != nil {
			continue
		}
		out := parseJSON(t, decodeOut(t, "invoice", "lightning:"+tv["invoice"].(string)))
		for _, k := range keys {
			if _, ok := out[k]; !ok {
				t.Errorf("%s: no %q", v.Name, k)
			}
		}
		for _, k := range []string{"network", "description", "description_hash", "payment_metadata", "payment_hash"} {
			if tv[k] != nil && out[k] != tv[k] {
				t.Errorf("%s: %s %v, want %v", v.Name, k, out[k], tv[k])
			}
		}
		if (tv["amount_msat"] == nil) != (out["amount_msat"] == nil) {
			t.Errorf("%s: amount_msat %v, want %v", v.Name, out["amount_msat"], tv["amount_msat"])
		}
		if fb, ok := tv["fallbacks"].([]any); ok && out["fallbacks"].([]any)[0] != fb[0] {
			t.Errorf("%s: fallbacks %v, want %v", v.Name, out["fallbacks"], fb)
		}
	}
}

// TestDecodeInvoiceInvalid checks that an invalid invoice exits 1 with the
// bolt11 error on stderr.
func TestDecodeInvoiceInvalid(t *testing.T) {
	f, err := testvectors.Load("bolt11/invalid.json")
	if err != nil {
		t.Fatal(err)
	}
	for _, v := range f.Vectors {
		var tv struct {
			Invoice string `json:"invoice"`
		}
		if err := json.Unmarshal(v.Raw, &tv); err != nil {
			t.Fatal(err)
		}
		_, want := bolt11.Decode(tv.Invoice)
		var out, errb bytes.Buffer
		code := run(context.Background(), &env{stdout: &out, stderr: &errb}, []string{"decode", "invoice", tv.Invoice})
		if code != 1 || out.Len() != 0 || !strings.Contains(errb.String(), want.Error()) {
			t.Errorf("%s: exit %d, stderr %q, want 1 and %q", v.Name, code, errb.String(), want)
		}
	}
	var errb bytes.Buffer
	if code := run(context.Background(), &env{stdout: &errb, stderr: &errb}, []string{"decode", "invoice"}); code != 2 {
		t.Errorf("no argument: exit %d", code)
	}
}
