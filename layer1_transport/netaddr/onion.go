package netaddr

import (
	"crypto/sha3"
	"encoding/base32"
	"encoding/binary"
	"fmt"
	"net"
	"strconv"
	"strings"
)

// Sizes of onion addresses (Tor rend-spec-v3 "Encoding onion addresses";
// BOLT #7 type 4: "[32:32_byte_ed25519_pubkey] || [2:checksum] || [1:version]").
const (
	// TorV3PubKeyLen is the length of the ed25519 public key in a v3 address.
	TorV3PubKeyLen = 32
	// TorV3Len is the decoded length of a v3 address: 32 + 2 + 1.
	TorV3Len = TorV3PubKeyLen + 2 + 1
	// TorV3NameLen is the base32 length of a v3 address: 35 bytes * 8 / 5.
	TorV3NameLen = TorV3Len * 8 / 5
	// TorV2Len is the decoded length of a deprecated v2 address.
	TorV2Len = 10
	// TorV2NameLen is the base32 length of a v2 address: 10 bytes * 8 / 5.
	TorV2NameLen = TorV2Len * 8 / 5

	torV3Version = 3
	onionSuffix  = ".onion"
)

// onionEncoding is RFC 4648 base32 without padding; Tor writes it in lower case.
var onionEncoding = base32.StdEncoding.WithPadding(base32.NoPadding)

// TorV3 is a BOLT #7 type 4 address: a Tor v3 onion service, identified by
// its ed25519 public key (the checksum and version are derived from it).
type TorV3 struct {
	PubKey [TorV3PubKeyLen]byte
	Port   uint16
}

// TorV3Checksum returns the two checksum bytes of a v3 onion address.
// BOLT #7: "checksum = sha3(".onion checksum" || pubkey || version)[:2]".
func TorV3Checksum(pubkey [TorV3PubKeyLen]byte) [2]byte {
	const prefix = ".onion checksum"
	var in [len(prefix) + TorV3PubKeyLen + 1]byte
	copy(in[:], prefix)
	copy(in[len(prefix):], pubkey[:])
	in[len(in)-1] = torV3Version
	sum := sha3.Sum256(in[:])
	return [2]byte{sum[0], sum[1]}
}

// encoded returns the 35 bytes pubkey || checksum || version.
func (a TorV3) encoded() [TorV3Len]byte {
	var b [TorV3Len]byte
	copy(b[:], a.PubKey[:])
	sum := TorV3Checksum(a.PubKey)
	b[32], b[33], b[34] = sum[0], sum[1], torV3Version
	return b
}

// torV3FromBytes checks the version and checksum of 35 decoded bytes.
func torV3FromBytes(b []byte, port uint16) (TorV3, error) {
	var a TorV3
	if len(b) != TorV3Len {
		return a, fmt.Errorf("%w: %d bytes, want %d", ErrBadOnion, len(b), TorV3Len)
	}
	if b[34] != torV3Version {
		return a, fmt.Errorf("%w: version byte %d", ErrBadOnionVersion, b[34])
	}
	copy(a.PubKey[:], b[:32])
	if sum := TorV3Checksum(a.PubKey); sum[0] != b[32] || sum[1] != b[33] {
		return TorV3{}, ErrBadOnionChecksum
	}
	a.Port = port
	return a, nil
}

// ParseTorV3 parses a v3 onion host name ("<56 base32 chars>.onion", the
// ".onion" suffix optional, any letter case) and checks its version and
// checksum. It does not check that the key is a valid ed25519 point.
func ParseTorV3(host string, port uint16) (TorV3, error) {
	name := trimOnion(host)
	if len(name) != TorV3NameLen {
		return TorV3{}, fmt.Errorf("%w: %q is not %d base32 characters", ErrBadOnion, host, TorV3NameLen)
	}
	var b [TorV3Len]byte
	n, err := onionEncoding.Decode(b[:], []byte(strings.ToUpper(name)))
	if err != nil || n != TorV3Len {
		return TorV3{}, fmt.Errorf("%w: %q is not base32", ErrBadOnion, host)
	}
	return torV3FromBytes(b[:], port)
}

// trimOnion removes a ".onion" suffix in any letter case.
func trimOnion(host string) string {
	if len(host) >= len(onionSuffix) && strings.EqualFold(host[len(host)-len(onionSuffix):], onionSuffix) {
		return host[:len(host)-len(onionSuffix)]
	}
	return host
}

// ServiceID returns the 56 lower-case base32 characters without ".onion",
// as the Tor control protocol writes it.
func (a TorV3) ServiceID() string {
	b := a.encoded()
	return strings.ToLower(onionEncoding.EncodeToString(b[:]))
}

// Network returns "tcp".
func (TorV3) Network() string { return "tcp" }

// String returns "<56 chars>.onion:port".
func (a TorV3) String() string {
	return net.JoinHostPort(a.ServiceID()+onionSuffix, strconv.Itoa(int(a.Port)))
}

// Type returns TypeTorV3.
func (TorV3) Type() DescriptorType { return TypeTorV3 }

// HostPort returns "<56 chars>.onion" and the port.
func (a TorV3) HostPort() (string, uint16) { return a.ServiceID() + onionSuffix, a.Port }

// NeedsProxy returns true: only Tor reaches an onion service.
func (TorV3) NeedsProxy() bool { return true }

func (TorV3) validate() error { return nil }

func (a TorV3) appendData(b []byte) []byte {
	enc := a.encoded()
	b = append(b, enc[:]...)
	return binary.BigEndian.AppendUint16(b, a.Port)
}

// TorV2 is the deprecated BOLT #7 type 3 address (a Tor v2 onion service,
// no longer reachable since Tor removed v2). It exists so that an addresses
// field holding one decodes and re-encodes unchanged; BOLT #7: the receiving
// node "SHOULD ignore Tor v2 onion services" (AddressList.Usable drops it)
// and the origin node "SHOULD not announce" one (AppendAddresses refuses it).
type TorV2 struct {
	ID   [TorV2Len]byte
	Port uint16
}

// Network returns "tcp".
func (TorV2) Network() string { return "tcp" }

// String returns "<16 chars>.onion:port".
func (a TorV2) String() string {
	h, p := a.HostPort()
	return net.JoinHostPort(h, strconv.Itoa(int(p)))
}

// Type returns TypeTorV2.
func (TorV2) Type() DescriptorType { return TypeTorV2 }

// HostPort returns "<16 chars>.onion" and the port.
func (a TorV2) HostPort() (string, uint16) {
	return strings.ToLower(onionEncoding.EncodeToString(a.ID[:])) + onionSuffix, a.Port
}

// NeedsProxy returns true.
func (TorV2) NeedsProxy() bool { return true }

func (TorV2) validate() error { return nil }

func (a TorV2) appendData(b []byte) []byte {
	b = append(b, a.ID[:]...)
	return binary.BigEndian.AppendUint16(b, a.Port)
}
