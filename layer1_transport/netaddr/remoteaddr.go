package netaddr

import (
	"fmt"
	"net"
	"net/netip"
)

// FromAddrPort returns the IPv4 or IPv6 address of ap, unmapping an
// IPv4-mapped IPv6 address (as a dual-stack listener reports IPv4 peers) and
// dropping any zone. It builds init's remote_addr (BOLT #1: the receiver
// "SHOULD set remote_addr to reflect the remote IP address (and port) of an
// incoming connection").
func FromAddrPort(ap netip.AddrPort) (Address, error) {
	if !ap.Addr().IsValid() {
		return nil, fmt.Errorf("%w: invalid IP address", ErrBadHost)
	}
	return ipAddress(ap.Addr().Unmap().WithZone(""), ap.Port()), nil
}

// FromNetAddr converts the remote address of a TCP connection (a
// *net.TCPAddr) with FromAddrPort. Other kinds of net.Addr return ErrBadHost:
// a connection that came through a proxy has no IP to report.
func FromNetAddr(a net.Addr) (Address, error) {
	ta, ok := a.(*net.TCPAddr)
	if !ok || ta == nil {
		return nil, fmt.Errorf("%w: %T is not a TCP address", ErrBadHost, a)
	}
	return FromAddrPort(ta.AddrPort())
}

// IsRoutable reports whether a is worth telling the world about: onion and
// DNS addresses are, IP addresses unless they are unspecified, loopback,
// private, shared (CGNAT), link-local, multicast, reserved or documentation
// ranges. BOLT #7: the origin node "SHOULD ensure ipv4_addr AND ipv6_addr are
// routable addresses"; BOLT #1: a node "SHOULD NOT set private addresses as
// remote_addr".
func IsRoutable(a Address) bool {
	switch a := a.(type) {
	case IPv4:
		return routableIP(netip.AddrFrom4(a.IP))
	case IPv6:
		return routableIP(netip.AddrFrom16(a.IP))
	case nil:
		return false
	}
	return true
}

func routableIP(ip netip.Addr) bool {
	ip = ip.Unmap()
	if ip.IsUnspecified() || ip.IsLoopback() || ip.IsPrivate() || ip.IsLinkLocalUnicast() ||
		ip.IsMulticast() || ip.IsInterfaceLocalMulticast() || ip.IsLinkLocalMulticast() {
		return false
	}
	if ip.Is4() {
		b := ip.As4()
		switch {
		case b[0] == 0: // 0.0.0.0/8 "this network"
		case b[0] == 100 && b[1]&0xc0 == 64: // 100.64.0.0/10 shared address space (RFC 6598)
		case b[0] == 192 && b[1] == 0 && (b[2] == 0 || b[2] == 2): // 192.0.0.0/24 IETF, 192.0.2.0/24 TEST-NET-1
		case b[0] == 198 && b[1]&0xfe == 18: // 198.18.0.0/15 benchmarking (RFC 2544)
		case b[0] == 198 && b[1] == 51 && b[2] == 100: // TEST-NET-2
		case b[0] == 203 && b[1] == 0 && b[2] == 113: // TEST-NET-3
		case b[0] >= 240: // 240.0.0.0/4 reserved, and the broadcast address
		default:
			return true
		}
		return false
	}
	b := ip.As16()
	switch {
	case b[0] == 0x20 && b[1] == 0x01 && b[2] == 0x0d && b[3] == 0xb8: // 2001:db8::/32 documentation
	case b[0] == 0xfe && b[1]&0xc0 == 0xc0: // fec0::/10 deprecated site-local
	case b[0] == 0x01 && b[1] == 0 && [6]byte(b[2:8]) == [6]byte{}: // 100::/64 discard-only
	default:
		return true
	}
	return false
}
