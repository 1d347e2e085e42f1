package failure_test

import (
	"bytes"
	"encoding/hex"
	"testing"

	"github.com/btcsuite/btcd/btcec/v2"

	"github.com/lnstack/lnstack/layer2_messaging/wire"
	"github.com/lnstack/lnstack/layer4_routing/failure"
	"github.com/lnstack/lnstack/layer4_routing/sphinx"
	"github.com/lnstack/lnstack/testvectors"
)

type traceHop struct {
	PubKey   string `json:"pubkey"`
	HoldTime uint32 `json:"htlc_hold_time"`
}

type returningErrors struct {
	SessionKey     string     `json:"session_key"`
	Hops           []traceHop `json:"hops"`
	FailureSource  int        `json:"failure_source"`
	FailureMessage struct {
		FailureCode string `json:"failure_code"`
		HTLCMsat    uint64 `json:"htlc_msat"`
		Height      uint32 `json:"height"`
		TLVType     uint64 `json:"tlv_type"`
		TLVValue    string `json:"tlv_value"`
	} `json:"failure_message"`
	EncodedFailureMessage string `json:"encoded_failure_message"`
	SharedSecret          string `json:"shared_secret"`
	Payload               string `json:"payload"`
	UmKey                 string `json:"um_key"`
	RawErrorPacket        string `json:"raw_error_packet"`
	Forwarding            []struct {
		Node            int    `json:"node"`
		SharedSecret    string `json:"shared_secret"`
		AmmagKey        string `json:"ammag_key"`
		Stream          string `json:"stream"`
		ErrorPacket     string `json:"error_packet"`
		AttributionData string `json:"attribution_data"`
	} `json:"forwarding"`
}

func mustHex(t testing.TB, s string) []byte {
	t.Helper()
	b, err := hex.DecodeString(s)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func routeSecrets(t testing.TB, session string, hops []traceHop) []sphinx.Secret {
	priv, _ := btcec.PrivKeyFromBytes(mustHex(t, session))
	var route []*btcec.PublicKey
	for _, h := range hops {
		k, err := btcec.ParsePubKey(mustHex(t, h.PubKey))
		if err != nil {
			t.Fatal(err)
		}
		route = append(route, k)
	}
	s, err := sphinx.SharedSecrets(priv, route)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func TestReturningErrorsTrace(t *testing.T) {
	f, err := testvectors.Load("bolt04/returning-errors.json")
	if err != nil {
		t.Fatal(err)
	}
	var v returningErrors
	if err := f.Vectors[0].Decode(&v); err != nil {
		t.Fatal(err)
	}
	secrets := routeSecrets(t, v.SessionKey, v.Hops)
	m := &failure.IncorrectOrUnknownPaymentDetails{HTLCMsat: v.FailureMessage.HTLCMsat, Height: v.FailureMessage.Height,
		Extension: wire.Records{{Type: v.FailureMessage.TLVType, Value: mustHex(t, v.FailureMessage.TLVValue)}}}
	msg, err := failure.Encode(nil, m)
	if err != nil {
		t.Fatal(err)
	}
	payload := mustHex(t, v.Payload)
	src := v.FailureSource
	raw, err := failure.NewPacket(&secrets[src], msg, len(payload)-4)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(raw, mustHex(t, v.RawErrorPacket)) {
		t.Fatalf("raw packet\n got %x\nwant %s", raw, v.RawErrorPacket)
	}
	var attr failure.AttributionData
	packet := append([]byte(nil), raw...)
	for i, fw := range v.Forwarding {
		s := &secrets[fw.Node]
		if i == 0 {
			attr.Add(s, v.Hops[len(v.Hops)-1-fw.Node].HoldTime, packet)
			failure.Obfuscate(s, packet)
		} else {
			failure.Relay(s, packet, &attr, v.Hops[len(v.Hops)-1-fw.Node].HoldTime)
		}
		if !bytes.Equal(packet, mustHex(t, fw.ErrorPacket)) {
			t.Errorf("node %d packet differs", fw.Node)
		}
		if !bytes.Equal(attr[:], mustHex(t, fw.AttributionData)) {
			t.Errorf("node %d attribution differs\n got %x\nwant %s", fw.Node, attr[:], fw.AttributionData)
		}
	}
	res, err := failure.Decrypt(secrets, packet, &attr)
	if err != nil {
		t.Fatal(err)
	}
	if res.Index != src || !bytes.Equal(res.Message, msg) || res.AttributionFailedAt != -1 {
		t.Fatalf("result %+v", res)
	}
	t.Logf("hold times %v", res.HoldTimes)
}
