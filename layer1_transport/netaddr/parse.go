package netaddr

import (
	"encoding/hex"
	"fmt"
	"net"
	"net/netip"
	"strconv"
	"strings"

	"github.com/btcsuite/btcd/btcec/v2"
)

// NodeAddr is a node's identity and one address to reach it at, the
// `<pubkey>@host:port` form users type to connect to a peer.
type NodeAddr struct {
	// Pub is the node id: the static public key BOLT #8 authenticates.
	Pub *btcec.PublicKey
	// Addr is where to dial.
	Addr Address
}

// String returns "<66 hex chars>@host:port".
func (n NodeAddr) String() string {
	var id string
	if n.Pub != nil {
		id = hex.EncodeToString(n.Pub.SerializeCompressed())
	}
	if n.Addr == nil {
		return id
	}
	return id + "@" + n.Addr.String()
}

// ParseNodeAddr parses "<pubkey>@<host>[:<port>]": the pubkey is a 33-byte
// compressed secp256k1 key in hex; the host is an IPv4 address, an IPv6
// address (in brackets when a port follows), a v3 ".onion" name or a DNS
// hostname; the port defaults to DefaultPort. See ParseAddress.
func ParseNodeAddr(s string) (NodeAddr, error) {
	id, hostport, ok := strings.Cut(s, "@")
	if !ok {
		return NodeAddr{}, fmt.Errorf("%w: missing '@' in %q", ErrBadNodeAddr, s)
	}
	pub, err := ParsePubKey(id)
	if err != nil {
		return NodeAddr{}, err
	}
	addr, err := ParseAddress(hostport)
	if err != nil {
		return NodeAddr{}, err
	}
	return NodeAddr{Pub: pub, Addr: addr}, nil
}

// ParsePubKey parses a node id: 66 hex characters encoding a compressed
// secp256k1 point (BOLT #8 static keys are always compressed).
func ParsePubKey(s string) (*btcec.PublicKey, error) {
	if len(s) != 2*btcec.PubKeyBytesLenCompressed {
		return nil, fmt.Errorf("%w: %d hex characters, want %d", ErrBadPubkey, len(s), 2*btcec.PubKeyBytesLenCompressed)
	}
	b, err := hex.DecodeString(s)
	if err != nil {
		return nil, fmt.Errorf("%w: not hex", ErrBadPubkey)
	}
	if b[0] != 0x02 && b[0] != 0x03 {
		return nil, fmt.Errorf("%w: prefix 0x%02x is not a compressed key", ErrBadPubkey, b[0])
	}
	pub, err := btcec.ParsePubKey(b)
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrBadPubkey, err)
	}
	return pub, nil
}

// ParseAddress parses "host[:port]" into an Address without resolving
// anything. The host decides the type: an IPv4 literal gives IPv4, an IPv6
// literal ("::1", or "[::1]" with or without a port) gives IPv6, a name
// ending in ".onion" gives TorV3 (a v2 name returns ErrTorV2), anything else
// must be a valid hostname (ValidHostname) and gives DNSHostname. A missing
// port means DefaultPort; port 0 is refused (ErrBadPort), since no type 1, 2
// or 5 descriptor may carry it and nobody listens there.
func ParseAddress(s string) (Address, error) {
	host, portStr, hasPort, err := splitHostPort(s)
	if err != nil {
		return nil, err
	}
	port := uint16(DefaultPort)
	if hasPort {
		n, err := strconv.ParseUint(portStr, 10, 16)
		if err != nil || n == 0 {
			return nil, fmt.Errorf("%w: %q", ErrBadPort, portStr)
		}
		port = uint16(n)
	}
	return hostAddress(host, port)
}

// splitHostPort separates host and port, accepting a bare IPv6 literal
// (which net.SplitHostPort would misread) and a bracketed one without port.
func splitHostPort(s string) (host, port string, hasPort bool, err error) {
	switch {
	case s == "":
		return "", "", false, fmt.Errorf("%w: empty address", ErrBadHost)
	case isIPLiteral(s):
		return s, "", false, nil
	case s[0] == '[' && s[len(s)-1] == ']':
		return s[1 : len(s)-1], "", false, nil
	case !strings.Contains(s, ":"):
		return s, "", false, nil
	}
	host, port, err = net.SplitHostPort(s)
	if err != nil {
		return "", "", false, fmt.Errorf("%w: %q: %v", ErrBadHost, s, err)
	}
	return host, port, true, nil
}

func isIPLiteral(s string) bool {
	_, err := netip.ParseAddr(s)
	return err == nil
}

// hostAddress builds the Address for a host without brackets.
func hostAddress(host string, port uint16) (Address, error) {
	if ip, err := netip.ParseAddr(host); err == nil {
		if ip.Zone() != "" {
			return nil, fmt.Errorf("%w: %q: an address descriptor cannot carry an IPv6 zone", ErrBadHost, host)
		}
		return ipAddress(ip, port), nil
	}
	if name := trimOnion(host); name != host {
		if len(name) == TorV2NameLen {
			return nil, ErrTorV2
		}
		return ParseTorV3(host, port)
	}
	return NewDNSHostname(host, port)
}

// ipAddress returns IPv4 for a 4-byte address and IPv6 otherwise (an
// IPv4-mapped IPv6 literal stays IPv6, as written).
func ipAddress(ip netip.Addr, port uint16) Address {
	if ip.Is4() {
		return IPv4{IP: ip.As4(), Port: port}
	}
	return IPv6{IP: ip.As16(), Port: port}
}
