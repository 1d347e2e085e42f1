package layer5invoice

import (
	"encoding/json"
	"errors"
	"math/rand/v2"
	"reflect"
	"sort"
	"strings"
	"testing"

	"github.com/btcsuite/btcd/chaincfg"
	"github.com/lightningnetwork/lnd/zpay32"

	"github.com/lnstack/lnstack/layer5_payment/bolt11"
	"github.com/lnstack/lnstack/testvectors"
)

// roundTrips is how many random invoices each direction checks.
const roundTrips = 300

// viewOf returns the JSON view of an lnstack invoice as a map, without the
// signature.
func viewOf(t *testing.T, inv *bolt11.Invoice) map[string]any {
	t.Helper()
	b, err := inv.MarshalJSON()
	if err != nil {
		t.Fatal(err)
	}
	var v map[string]any
	if err := json.Unmarshal(b, &v); err != nil {
		t.Fatal(err)
	}
	delete(v, "signature")
	return v
}

// lndMap returns lndView through JSON, so numbers compare alike.
func lndMap(t *testing.T, z *zpay32.Invoice) map[string]any {
	t.Helper()
	b, err := json.Marshal(lndView(z))
	if err != nil {
		t.Fatal(err)
	}
	var v map[string]any
	if err := json.Unmarshal(b, &v); err != nil {
		t.Fatal(err)
	}
	return v
}

func sameView(t *testing.T, what string, got, want map[string]any) {
	t.Helper()
	if !reflect.DeepEqual(got, want) {
		g, _ := json.Marshal(got)
		w, _ := json.Marshal(want)
		t.Fatalf("%s:\nlnstack %s\nlnd     %s", what, g, w)
	}
}

// TestLndToLnstack: zpay32 writes and signs random invoices; lnstack reads
// the same fields (payee recovered or from n) and writes the same string.
func TestLndToLnstack(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 11))
	key := testKey(t)
	for i := range roundTrips {
		p := randomPair(t, rng, key)
		s, err := p.lnd.Encode(lndSigner(key))
		if err != nil {
			t.Fatalf("#%d: zpay32 Encode: %v", i, err)
		}
		back, err := zpay32.Decode(s, p.lnd.Net)
		if err != nil {
			t.Fatalf("#%d: zpay32 Decode of its own: %v", i, err)
		}
		got, err := bolt11.Decode(s)
		if err != nil {
			t.Fatalf("#%d: %v\n%s", i, err, s)
		}
		sameView(t, s, viewOf(t, got), lndMap(t, back))
		again, err := got.Encode(bolt11.NewKeySigner(key))
		if err != nil || again != s {
			t.Fatalf("#%d: written back: %v\n%s\n%s", i, err, again, s)
		}
	}
}

// TestLnstackToLnd: lnstack writes and signs random invoices; zpay32 reads
// the same fields.
func TestLnstackToLnd(t *testing.T) {
	rng := rand.New(rand.NewPCG(2, 22))
	key := testKey(t)
	for i := range roundTrips {
		p := randomPair(t, rng, key)
		s, err := p.ours.Encode(bolt11.NewKeySigner(key))
		if err != nil {
			t.Fatalf("#%d: %v", i, err)
		}
		z, err := zpay32.Decode(s, p.lnd.Net)
		if err != nil {
			t.Fatalf("#%d: zpay32: %v\n%s", i, err, s)
		}
		decoded, err := bolt11.Decode(s)
		if err != nil {
			t.Fatal(err)
		}
		sameView(t, s, viewOf(t, decoded), lndMap(t, z))
		if decoded.Payee != [33]byte(key.PubKey().SerializeCompressed()) {
			t.Fatalf("#%d: payee %x", i, decoded.Payee)
		}
	}
}

// TestIdenticalStrings: from the same fields and key, zpay32 and lnstack
// write the same string (lnstack's default field order is zpay32's, both
// sign with RFC6979).
func TestIdenticalStrings(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 33))
	key := testKey(t)
	for i := range roundTrips {
		p := randomPair(t, rng, key)
		theirs, err := p.lnd.Encode(lndSigner(key))
		if err != nil {
			t.Fatal(err)
		}
		ours, err := p.ours.Encode(bolt11.NewKeySigner(key))
		if err != nil {
			t.Fatal(err)
		}
		if ours != theirs {
			t.Fatalf("#%d:\nlnstack %s\nlnd     %s", i, ours, theirs)
		}
	}
}

// exampleDifferences lists the BOLT #11 examples zpay32 and lnstack judge
// differently, and why. Every other example gets the same verdict and, when
// valid, the same fields.
var exampleDifferences = map[string]string{
	"Same, but including fields which must be ignored.":       "lnstack follows the reader requirement to fail on p/h/s/n fields of the wrong length; zpay32 skips them",
	"Same, but adding invalid unknown feature 100":            "zpay32 fails on unknown required bits only with WithErrorOnUnknownFeatureBit",
	"Missing required `s` field.":                             "zpay32 does not require the s field",
	"Non canonical signature (high-S) with 'n' field defined": "zpay32 verifies against n without the low-S rule",
}

// TestExamples decodes every BOLT #11 example with both sides.
func TestExamples(t *testing.T) {
	var differ []string
	for _, file := range []string{"bolt11/valid.json", "bolt11/invalid.json"} {
		f, err := testvectors.Load(file)
		if err != nil {
			t.Fatal(err)
		}
		for _, v := range f.Vectors {
			var tv struct {
				Invoice string `json:"invoice"`
				Network string `json:"network"`
			}
			if err := json.Unmarshal(v.Raw, &tv); err != nil {
				t.Fatal(err)
			}
			ours, err := bolt11.Decode(tv.Invoice)
			params := &chaincfg.MainNetParams
			if strings.HasPrefix(strings.ToLower(tv.Invoice), "lntb") {
				params = &chaincfg.TestNet3Params
			}
			theirs, zerr := zpay32.Decode(tv.Invoice, params)
			if (err == nil) != (zerr == nil) {
				differ = append(differ, v.Name)
				continue
			}
			if err == nil {
				sameView(t, v.Name, viewOf(t, ours), lndMap(t, theirs))
			}
		}
	}
	var want []string
	for name := range exampleDifferences {
		want = append(want, name)
	}
	sort.Strings(differ)
	sort.Strings(want)
	if !reflect.DeepEqual(differ, want) {
		t.Errorf("examples judged differently: %q\nlisted: %q", differ, want)
	}
}

// TestLndRejectsNonMinimal documents a difference outside the examples:
// zpay32 writes an expiry of 0 as one zero value, which BOLT #11 calls a
// non-minimal data_length and lnstack rejects.
func TestLndRejectsNonMinimal(t *testing.T) {
	key := testKey(t)
	var hash [32]byte
	z, err := zpay32.NewInvoice(&chaincfg.MainNetParams, hash, testTime(), zpay32.Description("x"),
		zpay32.Expiry(0), zpay32.PaymentAddr(hash))
	if err != nil {
		t.Fatal(err)
	}
	s, err := z.Encode(lndSigner(key))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := bolt11.Decode(s); !errors.Is(err, bolt11.ErrNonMinimal) {
		t.Errorf("expiry 0 as zpay32 writes it: %v", err)
	}
}
