package sphinx_test

import (
	"encoding/hex"
	"testing"

	"github.com/lnstack/lnstack/layer2_messaging/wire"
	"github.com/lnstack/lnstack/testvectors"
)

// onionVector is bolt04/onion.json (onion-test.json of the BOLTs), whose
// onion and payloads seed the fuzz targets. The vector itself is checked
// by the bolt04/onion runner of internal/conformance.
type onionVector struct {
	Generate struct {
		SessionKey     string `json:"session_key"`
		AssociatedData string `json:"associated_data"`
		Hops           []struct {
			PubKey  string `json:"pubkey"`
			Payload string `json:"payload"`
		} `json:"hops"`
	} `json:"generate"`
	Onion  string   `json:"onion"`
	Decode []string `json:"decode"`
}

func mustHex(t testing.TB, s string) []byte {
	t.Helper()
	b, err := hex.DecodeString(s)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// stripLength removes the BigSize length the vector's payloads start with.
func stripLength(t testing.TB, b []byte) []byte {
	t.Helper()
	n, k, err := wire.DecodeBigSize(b)
	if err != nil || int(n) != len(b)-k {
		t.Fatalf("payload length prefix: %v", err)
	}
	return b[k:]
}

func loadOnionVector(t testing.TB) onionVector {
	t.Helper()
	f, err := testvectors.Load("bolt04/onion.json")
	if err != nil {
		t.Fatal(err)
	}
	var v onionVector
	if err := f.Vectors[0].Decode(&v); err != nil {
		t.Fatal(err)
	}
	return v
}
