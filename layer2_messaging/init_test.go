package messaging_test

import (
	"errors"
	"net/netip"
	"testing"

	"github.com/lnstack/lnstack/layer1_transport/netaddr"
	messaging "github.com/lnstack/lnstack/layer2_messaging"
	"github.com/lnstack/lnstack/layer2_messaging/feature"
	"github.com/lnstack/lnstack/layer2_messaging/wire"
)

func TestInitCombined(t *testing.T) {
	m := messaging.Init{
		GlobalFeatures: feature.Vector{0x02},       // bit 1
		Features:       feature.Vector{0x00, 0x80}, // bit 7, padded
	}
	got := m.Combined()
	if !got.Equal(feature.New(1, 7)) || !got.IsSet(1) || !got.IsSet(7) {
		t.Fatalf("Combined = %x", []byte(got))
	}
}

// TestInitKeepsFeatureBytes checks that a padded feature field re-encodes
// as it was sent.
func TestInitKeepsFeatureBytes(t *testing.T) {
	payload := []byte{0, 0, 0, 3, 0, 0, 0x80}
	var m messaging.Init
	if err := m.Decode(payload); err != nil {
		t.Fatal(err)
	}
	if out, _ := m.Encode(nil); string(out) != string(payload) {
		t.Fatalf("re-encoded %x", out)
	}
}

func TestInitRemoteAddress(t *testing.T) {
	var s messaging.InitTLVs
	if _, err := s.RemoteAddress(); err == nil {
		t.Fatal("RemoteAddress without the record succeeded")
	}
	a, err := netaddr.FromAddrPort(netip.MustParseAddrPort("203.0.113.7:9735"))
	if err != nil {
		t.Fatal(err)
	}
	if err := s.SetRemoteAddress(a); err != nil {
		t.Fatal(err)
	}
	m := messaging.Init{TLVs: s}
	b, err := m.Encode(nil)
	if err != nil {
		t.Fatal(err)
	}
	var got messaging.Init
	if err := got.Decode(b); err != nil {
		t.Fatal(err)
	}
	back, err := got.TLVs.RemoteAddress()
	if err != nil || back.String() != "203.0.113.7:9735" {
		t.Fatalf("remote_addr %v, %v", back, err)
	}
	got.TLVs.RemoteAddr = []byte{0x42, 1}
	if _, err := got.TLVs.RemoteAddress(); !errors.Is(err, netaddr.ErrUnknownDescriptor) {
		t.Fatalf("unknown descriptor: %v", err)
	}
}

// TestInitNetworksLength checks that a networks record that is not a whole
// number of chain hashes fails as a record length error.
func TestInitNetworksLength(t *testing.T) {
	payload := append([]byte{0, 0, 0, 0, 1, 33}, make([]byte, 33)...)
	var m messaging.Init
	if err := m.Decode(payload); !errors.Is(err, wire.ErrRecordLength) {
		t.Fatalf("%v, want ErrRecordLength", err)
	}
	payload = []byte{0, 0, 0, 0, 1, 0}
	if err := m.Decode(payload); err != nil || !m.TLVs.HasNetworks || len(m.TLVs.Networks) != 0 {
		t.Fatalf("empty networks: %v %+v", err, m.TLVs)
	}
}
