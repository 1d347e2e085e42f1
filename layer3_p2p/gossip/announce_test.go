package gossip_test

import (
	"errors"
	"slices"
	"testing"

	"github.com/lnstack/lnstack/layer1_transport/netaddr"
	"github.com/lnstack/lnstack/layer2_messaging/wire"
	"github.com/lnstack/lnstack/layer3_p2p/gossip"
)

// nodeAnnouncementWith returns the payload of a node_announcement whose
// addresses field is addrs.
func nodeAnnouncementWith(t *testing.T, addrs []byte) []byte {
	t.Helper()
	m := &gossip.NodeAnnouncement{NodeID: wire.PointFromPubKey(privKey("addrs").PubKey())}
	b, err := m.Encode(nil)
	if err != nil {
		t.Fatal(err)
	}
	// The addresses are the last field: replace the empty one (addrlen 0).
	b = b[:len(b)-2]
	b = append(b, byte(len(addrs)>>8), byte(len(addrs)))
	return append(b, addrs...)
}

// TestNodeAnnouncementAddresses decodes every descriptor type of BOLT #7.
func TestNodeAnnouncementAddresses(t *testing.T) {
	tor := netaddr.TorV3{PubKey: [32]byte{0xde, 0xad}, Port: 9735}
	addrs := []netaddr.Address{
		netaddr.IPv4{IP: [4]byte{203, 0, 113, 1}, Port: 9735},
		netaddr.IPv6{IP: [16]byte{0x20, 0x01, 0x0d, 0xb8, 15: 1}, Port: 9736},
		netaddr.TorV2{ID: [10]byte{1, 2, 3}, Port: 9737},
		tor,
		netaddr.DNSHostname{Host: "ln.example.com", Port: 9738},
	}
	var field []byte
	for _, a := range addrs {
		var err error
		if field, err = netaddr.AppendDescriptor(field, a); err != nil {
			t.Fatal(err)
		}
	}
	field = append(field, 42, 1, 2, 3) // an unknown type: kept, not parsed
	payload := nodeAnnouncementWith(t, field)
	var m gossip.NodeAnnouncement
	if err := m.Decode(payload); err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(m.Addresses.Addrs, addrs) || string(m.Addresses.Unknown) != "\x2a\x01\x02\x03" {
		t.Errorf("decoded %v, unknown %x", m.Addresses.Addrs, m.Addresses.Unknown)
	}
	// Tor v2 is read but not usable.
	if u := m.Addresses.Usable(); len(u) != 4 || slices.Contains(u, netaddr.Address(addrs[2])) {
		t.Errorf("usable %v", u)
	}
	re, err := m.Encode(nil)
	if err != nil || string(re) != string(payload) {
		t.Errorf("re-encoded %x (%v)", re, err)
	}
	// The decoded message does not alias the input.
	payload[len(payload)-1] = 0xff
	if m.Addresses.Unknown[3] != 3 {
		t.Error("the unknown tail aliases the payload")
	}
}

// TestNodeAnnouncementBadAddresses: a known descriptor cut short or
// invalid is a typed error.
func TestNodeAnnouncementBadAddresses(t *testing.T) {
	tor, err := netaddr.AppendDescriptor(nil, netaddr.TorV3{PubKey: [32]byte{7}, Port: 1})
	if err != nil {
		t.Fatal(err)
	}
	badSum := slices.Clone(tor)
	badSum[33] ^= 1
	badVersion := slices.Clone(tor)
	badVersion[35] = 4
	for _, c := range []struct {
		name  string
		field []byte
		want  error
	}{
		{"ipv4 cut", []byte{1, 203, 0, 113, 1, 0x26}, netaddr.ErrTruncated},
		{"ipv6 cut", append([]byte{2}, make([]byte, 17)...), netaddr.ErrTruncated},
		{"torv2 cut", []byte{3, 1}, netaddr.ErrTruncated},
		{"torv3 cut", tor[:20], netaddr.ErrTruncated},
		{"torv3 checksum", badSum, netaddr.ErrBadOnionChecksum},
		{"torv3 version", badVersion, netaddr.ErrBadOnionVersion},
		{"dns cut", []byte{5, 10, 'a'}, netaddr.ErrTruncated},
		{"dns not ascii", []byte{5, 2, 0xc3, 0xa9, 0, 1}, netaddr.ErrBadHost},
		{"dns empty", []byte{5, 0, 0, 1}, netaddr.ErrBadHost},
	} {
		var m gossip.NodeAnnouncement
		err := m.Decode(nodeAnnouncementWith(t, c.field))
		if !errors.Is(err, gossip.ErrInvalidAddresses) || !errors.Is(err, c.want) || !wire.Malformed(err) {
			t.Errorf("%s: %v", c.name, err)
		}
	}
}

func TestAlias(t *testing.T) {
	var m gossip.NodeAnnouncement
	if !m.SetAlias("⚡WISTFULTOLL") || m.AliasString() != "⚡WISTFULTOLL" {
		t.Errorf("alias %q", m.AliasString())
	}
	if m.SetAlias("this alias is longer than 32 bytes") || m.SetAlias("\xff") {
		t.Error("SetAlias took a bad alias")
	}
	m.Alias = [32]byte{'a', 0xff, 'b'}
	if got := m.AliasString(); got != "a\uFFFDb" {
		t.Errorf("invalid UTF-8 alias read as %q", got)
	}
}
