package sphinx_test

import (
	"bytes"
	"encoding/hex"
	"testing"

	"github.com/btcsuite/btcd/btcec/v2"

	"github.com/lnstack/lnstack/layer2_messaging/wire"
	"github.com/lnstack/lnstack/layer4_routing/sphinx"
	"github.com/lnstack/lnstack/testvectors"
)

// onionVector is bolt04/onion.json (onion-test.json of the BOLTs).
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

func TestOnionVector(t *testing.T) {
	v := loadOnionVector(t)
	session, _ := btcec.PrivKeyFromBytes(mustHex(t, v.Generate.SessionKey))
	assoc := mustHex(t, v.Generate.AssociatedData)
	var hops []sphinx.Hop
	var payloads [][]byte
	for _, h := range v.Generate.Hops {
		pub, err := btcec.ParsePubKey(mustHex(t, h.PubKey))
		if err != nil {
			t.Fatal(err)
		}
		p := stripLength(t, mustHex(t, h.Payload))
		payloads = append(payloads, p)
		hops = append(hops, sphinx.Hop{PubKey: pub, Payload: p})
	}
	pkt, secrets, err := sphinx.BuildPayment(session, hops, assoc)
	if err != nil {
		t.Fatal(err)
	}
	want := mustHex(t, v.Onion)
	if got := pkt.Bytes(); !bytes.Equal(got, want) {
		t.Fatalf("onion:\n got %x\nwant %x", got, want)
	}
	cur := pkt
	for i, privHex := range v.Decode {
		priv, _ := btcec.PrivKeyFromBytes(mustHex(t, privHex))
		k, err := sphinx.NewNodeKey(priv)
		if err != nil {
			t.Fatal(err)
		}
		p, err := k.Peel(&cur, assoc)
		if err != nil {
			t.Fatalf("hop %d: %v", i, err)
		}
		if p.Secret != secrets[i] {
			t.Errorf("hop %d: secret %x, builder had %x", i, p.Secret, secrets[i])
		}
		if !bytes.Equal(p.Payload, payloads[i]) {
			t.Errorf("hop %d: payload %x, want %x", i, p.Payload, payloads[i])
		}
		if p.Final != (i == len(v.Decode)-1) {
			t.Errorf("hop %d: final %v", i, p.Final)
		}
		cur = p.Next
	}
}
