package dnsseed

import (
	"fmt"
	"strings"

	"github.com/btcsuite/btcd/btcec/v2"
	"github.com/btcsuite/btcd/btcutil/bech32"
)

const (
	// NodeIDHRP is the human-readable part of a bech32 node id.
	NodeIDHRP = "ln"

	// NodeIDLen is the length of a bech32 node id:
	// 2 (hrp "ln") + 1 (separator "1") + 53 (33 bytes * 8 / 5 bits,
	// rounded up) + 6 (checksum) = 62, one short of the 63-byte DNS label
	// limit. The `l` condition adds its key letter and reaches exactly 63.
	NodeIDLen = 2 + 1 + 53 + 6

	// nodeIDDataLen is the number of 5-bit groups carrying the key.
	nodeIDDataLen = 53
)

// EncodeNodeID returns the bech32 node id of pub: the form used both as
// the `l` condition value and as the first label of a virtual hostname.
func EncodeNodeID(pub *btcec.PublicKey) string {
	groups, err := bech32.ConvertBits(pub.SerializeCompressed(), 8, 5, true)
	if err != nil {
		// Unreachable: 8-to-5 regrouping with padding cannot fail.
		return ""
	}
	s, err := bech32.Encode(NodeIDHRP, groups)
	if err != nil {
		// Unreachable: "ln" is a valid hrp and the groups are 5-bit.
		return ""
	}
	return s
}

// DecodeNodeID decodes a bech32 node id ("ln1..." of NodeIDLen
// characters) into the public key it carries. Case is ignored: DNS names
// are case-insensitive and resolvers may randomise the case of a query
// name (the "0x20" trick), so an upper- or mixed-case label is the same
// name. Every failure wraps ErrBadNodeID.
func DecodeNodeID(label string) (*btcec.PublicKey, error) {
	// The length check comes first so no bech32 or curve work is spent on
	// labels that cannot be a node id.
	if len(label) != NodeIDLen {
		return nil, fmt.Errorf("%w: %d characters, want %d", ErrBadNodeID, len(label), NodeIDLen)
	}
	lower := strings.ToLower(label)
	if !strings.HasPrefix(lower, NodeIDHRP+"1") {
		return nil, fmt.Errorf("%w: does not start with %q", ErrBadNodeID, NodeIDHRP+"1")
	}
	hrp, groups, version, err := bech32.DecodeGeneric(lower)
	if err != nil {
		return nil, fmt.Errorf("%w: %w", ErrBadNodeID, err)
	}
	if hrp != NodeIDHRP {
		// Unreachable after the prefix check (the last '1' is the
		// separator and the data charset has no '1'), kept as a guard.
		return nil, fmt.Errorf("%w: hrp %q", ErrBadNodeID, hrp)
	}
	if version != bech32.Version0 {
		return nil, fmt.Errorf("%w: bech32m checksum, want bech32", ErrBadNodeID)
	}
	if len(groups) != nodeIDDataLen {
		return nil, fmt.Errorf("%w: %d data groups, want %d", ErrBadNodeID, len(groups), nodeIDDataLen)
	}
	raw, err := bech32.ConvertBits(groups, 5, 8, false)
	if err != nil {
		return nil, fmt.Errorf("%w: %w", ErrBadNodeID, err)
	}
	if len(raw) != 33 || (raw[0] != 0x02 && raw[0] != 0x03) {
		return nil, fmt.Errorf("%w: not a 33-byte compressed key", ErrBadNodeID)
	}
	pub, err := btcec.ParsePubKey(raw)
	if err != nil {
		return nil, fmt.Errorf("%w: %w", ErrBadNodeID, err)
	}
	return pub, nil
}

// VirtualHost returns the virtual hostname of a node under a seed root:
// BOLT #10: "It is constructed by prepending the `node_id` condition to
// the seed root domain." The result is fully qualified and lower case.
func VirtualHost(pub *btcec.PublicKey, seed string) string {
	return EncodeNodeID(pub) + "." + fqdnLower(seed)
}

// ParseVirtualHost decodes a virtual hostname (an SRV target such as
// "ln1q...<53+6 chars>.seed.example.") into the node's key and the domain
// below the node id label (fully qualified, lower case). Only the first
// label is checked: a client is told to rely on no seed behaviour, so the
// target's root is reported, not enforced.
func ParseVirtualHost(name string) (*btcec.PublicKey, string, error) {
	label, rest, _ := strings.Cut(name, ".")
	pub, err := DecodeNodeID(label)
	if err != nil {
		return nil, "", err
	}
	return pub, fqdnLower(rest), nil
}

// fqdnLower returns name lower-cased with exactly one trailing dot ("."
// for the empty name).
func fqdnLower(name string) string {
	name = strings.ToLower(strings.TrimSuffix(name, "."))
	return name + "."
}
