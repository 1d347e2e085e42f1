package netaddr

import (
	"errors"
	"net"
	"net/netip"
	"strings"
	"testing"
)

// pubG is the compressed secp256k1 generator point, a valid node id.
const pubG = "0279be667ef9dcbbac55a06295ce870b07029bfcdb2dce28d959f2815b16f81798"

func TestParseAddress(t *testing.T) {
	tests := []struct {
		in   string
		want Address
	}{
		{"192.0.2.1", IPv4{IP: [4]byte{192, 0, 2, 1}, Port: DefaultPort}},
		{"192.0.2.1:1", IPv4{IP: [4]byte{192, 0, 2, 1}, Port: 1}},
		{"::1", IPv6{IP: [16]byte{15: 1}, Port: DefaultPort}},
		{"[::1]", IPv6{IP: [16]byte{15: 1}, Port: DefaultPort}},
		{"[::1]:65535", IPv6{IP: [16]byte{15: 1}, Port: 65535}},
		{"[::ffff:192.0.2.1]:9", IPv6{IP: [16]byte{10: 0xff, 11: 0xff, 12: 192, 14: 2, 15: 1}, Port: 9}},
		{"localhost", DNSHostname{Host: "localhost", Port: DefaultPort}},
		{"Node-1.example.COM:9736", DNSHostname{Host: "Node-1.example.COM", Port: 9736}},
		{onionDuckDuckGo, mustTorV3(t, onionDuckDuckGo, DefaultPort)},
		{strings.ToUpper(onionDuckDuckGo) + ":1", mustTorV3(t, onionDuckDuckGo, 1)},
	}
	for _, tc := range tests {
		got, err := ParseAddress(tc.in)
		if err != nil {
			t.Errorf("ParseAddress(%q): %v", tc.in, err)
			continue
		}
		if got != tc.want {
			t.Errorf("ParseAddress(%q) = %#v, want %#v", tc.in, got, tc.want)
		}
	}
}

func TestParseAddressErrors(t *testing.T) {
	v3 := strings.TrimSuffix(onionDuckDuckGo, ".onion")
	tests := []struct {
		in   string
		want error
	}{
		{"", ErrBadHost},
		{"[]", ErrBadHost},
		{"1.2.3.4:0", ErrBadPort},
		{"1.2.3.4:", ErrBadPort},
		{"1.2.3.4:65536", ErrBadPort},
		{"1.2.3.4:-1", ErrBadPort},
		{"host:port", ErrBadPort},
		{"fe80::1%eth0", ErrBadHost},
		{"[fe80::1%eth0]:9735", ErrBadHost},
		{"1:2:3", ErrBadHost},
		{"bad_host!", ErrBadHost},
		{"-lead.example", ErrBadHost},
		{"a..b", ErrBadHost},
		{strings.Repeat("a", 64) + ".example", ErrBadHost},
		{strings.Repeat("a.", 128), ErrBadHost},
		{"héllo.example", ErrBadHost},
		{"expyuzz4wqqyqhjn.onion", ErrTorV2},
		{"abc.onion", ErrBadOnion},
		{v3[:55] + "1.onion", ErrBadOnion},                        // '1' is not base32
		{v3[:10] + "a" + v3[11:] + ".onion", ErrBadOnionChecksum}, // one key character changed
	}
	for _, tc := range tests {
		if _, err := ParseAddress(tc.in); !errors.Is(err, tc.want) {
			t.Errorf("ParseAddress(%q): err %v, want %v", tc.in, err, tc.want)
		}
	}
}

func TestParseNodeAddr(t *testing.T) {
	n, err := ParseNodeAddr(pubG + "@[2001:db8::1]:9736")
	if err != nil {
		t.Fatal(err)
	}
	want := IPv6{IP: [16]byte{0x20, 0x01, 0x0d, 0xb8, 15: 1}, Port: 9736}
	if n.Addr != want {
		t.Fatalf("Addr = %v, want %v", n.Addr, want)
	}
	if n.String() != pubG+"@[2001:db8::1]:9736" {
		t.Fatalf("String() = %s", n.String())
	}

	bad := []struct {
		in   string
		want error
	}{
		{pubG, ErrBadNodeAddr},
		{pubG + "@", ErrBadHost},
		{pubG[:64] + "@host", ErrBadPubkey},
		{"zz" + pubG[2:] + "@host", ErrBadPubkey},
		{"04" + pubG[2:] + "@host", ErrBadPubkey},
		// x equal to the field prime p is not a field element.
		{"02fffffffffffffffffffffffffffffffffffffffffffffffffffffffefffffc2f@host", ErrBadPubkey},
		{pubG + "@host:0", ErrBadPort},
	}
	for _, tc := range bad {
		if _, err := ParseNodeAddr(tc.in); !errors.Is(err, tc.want) {
			t.Errorf("ParseNodeAddr(%q): err %v, want %v", tc.in, err, tc.want)
		}
	}
}

func TestFromNetAddrAndRoutable(t *testing.T) {
	mapped := &net.TCPAddr{IP: net.ParseIP("203.0.114.5"), Port: 5}
	a, err := FromNetAddr(mapped)
	if err != nil {
		t.Fatal(err)
	}
	if a != (IPv4{IP: [4]byte{203, 0, 114, 5}, Port: 5}) {
		t.Fatalf("FromNetAddr(%v) = %#v", mapped, a)
	}
	if _, err := FromNetAddr(&net.UnixAddr{Name: "x"}); !errors.Is(err, ErrBadHost) {
		t.Fatalf("unix address: %v", err)
	}
	routable := map[string]bool{
		"8.8.8.8": true, "203.0.114.5": true, "2a00:1450::1": true,
		"127.0.0.1": false, "10.1.2.3": false, "172.16.0.1": false, "192.168.1.1": false,
		"100.64.0.1": false, "169.254.1.1": false, "0.1.2.3": false, "224.0.0.1": false,
		"255.255.255.255": false, "192.0.2.1": false, "198.51.100.1": false, "203.0.113.1": false,
		"198.18.0.1": false, "::1": false, "::": false, "fc00::1": false, "fe80::1": false,
		"2001:db8::1": false, "ff02::1": false, "::ffff:10.0.0.1": false, "fec0::1": false,
	}
	for s, want := range routable {
		a, err := FromAddrPort(netip.AddrPortFrom(netip.MustParseAddr(s), 9735))
		if err != nil {
			t.Fatal(err)
		}
		if got := IsRoutable(a); got != want {
			t.Errorf("IsRoutable(%s) = %v, want %v", s, got, want)
		}
	}
	if !IsRoutable(mustTorV3(t, onionDuckDuckGo, 1)) || IsRoutable(nil) {
		t.Error("onion must be routable, nil must not")
	}
}

// FuzzParseNodeAddr: parsing never panics, and a parsed value prints to a
// string that parses back to the same value.
func FuzzParseNodeAddr(f *testing.F) {
	for _, s := range []string{
		pubG + "@127.0.0.1:9735", pubG + "@[::1]", pubG + "@" + onionDuckDuckGo,
		pubG + "@node.example.com:1", pubG + "@::1", "@", pubG,
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		n, err := ParseNodeAddr(s)
		if err != nil {
			return
		}
		again, err := ParseNodeAddr(n.String())
		if err != nil {
			t.Fatalf("%q printed as %q which does not parse: %v", s, n.String(), err)
		}
		if again.Addr != n.Addr || !again.Pub.IsEqual(n.Pub) {
			t.Fatalf("%q: %v then %v", s, n, again)
		}
		if _, err := AppendDescriptor(nil, n.Addr); err != nil {
			t.Fatalf("parsed address %v does not encode: %v", n.Addr, err)
		}
	})
}
