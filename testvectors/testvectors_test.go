package testvectors

import (
	"encoding/json"
	"testing"
)

func TestDecodeStrict(t *testing.T) {
	var v Vector
	if err := json.Unmarshal([]byte(`{"name":"x","derived":["a"],"a":"01","b":2}`), &v); err != nil {
		t.Fatal(err)
	}
	var ok struct {
		A string `json:"a"`
		B int    `json:"b"`
	}
	if err := v.Decode(&ok); err != nil {
		t.Fatalf("name and derived must be accepted: %v", err)
	}
	if ok.A != "01" || ok.B != 2 {
		t.Fatalf("decoded %+v", ok)
	}
	var missing struct {
		A string `json:"a"`
	}
	if err := v.Decode(&missing); err == nil {
		t.Fatal("an unknown field must be rejected")
	}
	var noName Vector
	if err := json.Unmarshal([]byte(`{"a":1}`), &noName); err == nil {
		t.Fatal("a vector without a name must be rejected")
	}
}
