package netaddr

import (
	"encoding/binary"
	"fmt"
	"net"
	"net/netip"
	"strconv"
)

// DescriptorType is the first byte of a BOLT #7 address descriptor.
type DescriptorType uint8

// The address descriptor types of BOLT #7 ("The node_announcement Message").
const (
	TypeIPv4        DescriptorType = 1 // [4:ipv4_addr][2:port]
	TypeIPv6        DescriptorType = 2 // [16:ipv6_addr][2:port]
	TypeTorV2       DescriptorType = 3 // deprecated: [10:onion_addr][2:port]
	TypeTorV3       DescriptorType = 4 // [35:onion_addr][2:port]
	TypeDNSHostname DescriptorType = 5 // [1:hostname_len][hostname_len:hostname][2:port]
)

// String names the type as BOLT #7 does; unknown types print their number.
func (t DescriptorType) String() string {
	switch t {
	case TypeIPv4:
		return "ipv4"
	case TypeIPv6:
		return "ipv6"
	case TypeTorV2:
		return "torv2"
	case TypeTorV3:
		return "torv3"
	case TypeDNSHostname:
		return "dns"
	}
	return "type" + strconv.Itoa(int(t))
}

// DefaultPort is the Lightning port used when an address omits one.
const DefaultPort = 9735

// Address is one network address of a Lightning node: IPv4, IPv6, TorV2,
// TorV3 or DNSHostname (the set is closed: only this package implements it).
//
// Address satisfies net.Addr, so Network() and String() are exactly the two
// arguments a Dialer's DialContext takes. Hosts are never resolved here: a
// DNSHostname or onion String() is the name itself, which a proxy dialer
// hands to the proxy unresolved.
type Address interface {
	// Network returns "tcp": every Lightning address is reached over TCP.
	Network() string
	// String returns host:port (IPv6 in brackets) for dialing and display.
	String() string
	// Type returns the BOLT #7 descriptor type.
	Type() DescriptorType
	// HostPort returns the host (IP literal, onion name or DNS name, no
	// brackets) and the port.
	HostPort() (host string, port uint16)
	// NeedsProxy reports whether the address can only be reached through a
	// proxy that resolves names itself (Tor, for onion addresses).
	NeedsProxy() bool

	// validate checks the fields a caller may have set by hand.
	validate() error
	// appendData appends the descriptor's data (everything after the type
	// byte); it is called only after validate succeeded.
	appendData(b []byte) []byte
}

// Compile-time checks that every address type satisfies Address and net.Addr.
var (
	_ Address  = IPv4{}
	_ Address  = IPv6{}
	_ Address  = TorV2{}
	_ Address  = TorV3{}
	_ Address  = DNSHostname{}
	_ net.Addr = Address(nil)
)

// IPv4 is a BOLT #7 type 1 address.
type IPv4 struct {
	IP   [4]byte
	Port uint16
}

// Network returns "tcp".
func (IPv4) Network() string { return "tcp" }

// String returns "a.b.c.d:port".
func (a IPv4) String() string { return netip.AddrPortFrom(netip.AddrFrom4(a.IP), a.Port).String() }

// Type returns TypeIPv4.
func (IPv4) Type() DescriptorType { return TypeIPv4 }

// HostPort returns the dotted address and the port.
func (a IPv4) HostPort() (string, uint16) { return netip.AddrFrom4(a.IP).String(), a.Port }

// NeedsProxy returns false.
func (IPv4) NeedsProxy() bool { return false }

// AddrPort returns the address as a netip.AddrPort.
func (a IPv4) AddrPort() netip.AddrPort { return netip.AddrPortFrom(netip.AddrFrom4(a.IP), a.Port) }

func (IPv4) validate() error { return nil }

func (a IPv4) appendData(b []byte) []byte {
	b = append(b, a.IP[:]...)
	return binary.BigEndian.AppendUint16(b, a.Port)
}

// IPv6 is a BOLT #7 type 2 address.
type IPv6 struct {
	IP   [16]byte
	Port uint16
}

// Network returns "tcp".
func (IPv6) Network() string { return "tcp" }

// String returns "[ipv6]:port".
func (a IPv6) String() string { return a.AddrPort().String() }

// Type returns TypeIPv6.
func (IPv6) Type() DescriptorType { return TypeIPv6 }

// HostPort returns the address without brackets and the port.
func (a IPv6) HostPort() (string, uint16) { return netip.AddrFrom16(a.IP).String(), a.Port }

// NeedsProxy returns false.
func (IPv6) NeedsProxy() bool { return false }

// AddrPort returns the address as a netip.AddrPort.
func (a IPv6) AddrPort() netip.AddrPort { return netip.AddrPortFrom(netip.AddrFrom16(a.IP), a.Port) }

func (IPv6) validate() error { return nil }

func (a IPv6) appendData(b []byte) []byte {
	b = append(b, a.IP[:]...)
	return binary.BigEndian.AppendUint16(b, a.Port)
}

// MaxHostnameLen is the longest DNS hostname a type 5 descriptor carries: its
// length prefix is one byte, and DNS names are at most 255 bytes anyway.
const MaxHostnameLen = 255

// DNSHostname is a BOLT #7 type 5 address: an ASCII DNS name (non-ASCII names
// in Punycode, as BOLT #7 requires) and a port. Build one with
// NewDNSHostname to have the name checked; the encoder checks it again.
type DNSHostname struct {
	Host string
	Port uint16
}

// NewDNSHostname checks host (see ValidHostname) and returns the address.
func NewDNSHostname(host string, port uint16) (DNSHostname, error) {
	if err := ValidHostname(host); err != nil {
		return DNSHostname{}, err
	}
	return DNSHostname{Host: host, Port: port}, nil
}

// Network returns "tcp".
func (DNSHostname) Network() string { return "tcp" }

// String returns "host:port".
func (a DNSHostname) String() string {
	return net.JoinHostPort(a.Host, strconv.Itoa(int(a.Port)))
}

// Type returns TypeDNSHostname.
func (DNSHostname) Type() DescriptorType { return TypeDNSHostname }

// HostPort returns the name and the port.
func (a DNSHostname) HostPort() (string, uint16) { return a.Host, a.Port }

// NeedsProxy returns false: the name may be resolved by the system resolver
// when dialing directly, or handed to a proxy by a proxy dialer.
func (DNSHostname) NeedsProxy() bool { return false }

func (a DNSHostname) validate() error { return ValidHostname(a.Host) }

func (a DNSHostname) appendData(b []byte) []byte {
	b = append(b, byte(len(a.Host)))
	b = append(b, a.Host...)
	return binary.BigEndian.AppendUint16(b, a.Port)
}

// ValidHostname reports (as an error wrapping ErrBadHost) whether name is a
// hostname a type 5 descriptor may carry: 1 to 255 bytes of ASCII, dot-
// separated labels of 1 to 63 letters, digits, hyphens or underscores, no
// label starting or ending with a hyphen. BOLT #7: "hostname bytes MUST be
// ASCII characters"; the label rules are those of DNS (RFC 1123), with the
// underscore tolerated because real resolvers serve such names.
func ValidHostname(name string) error {
	if len(name) == 0 || len(name) > MaxHostnameLen {
		return fmt.Errorf("%w: hostname length %d not in 1..%d", ErrBadHost, len(name), MaxHostnameLen)
	}
	start := 0
	for i := 0; i <= len(name); i++ {
		if i < len(name) && name[i] != '.' {
			c := name[i]
			if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '_') {
				return fmt.Errorf("%w: byte 0x%02x at %d in hostname", ErrBadHost, c, i)
			}
			continue
		}
		label := name[start:i]
		switch {
		case len(label) == 0:
			return fmt.Errorf("%w: empty label in hostname %q", ErrBadHost, name)
		case len(label) > 63:
			return fmt.Errorf("%w: label longer than 63 bytes in hostname", ErrBadHost)
		case label[0] == '-' || label[len(label)-1] == '-':
			return fmt.Errorf("%w: label %q starts or ends with a hyphen", ErrBadHost, label)
		}
		start = i + 1
	}
	return nil
}
