package dnsseed

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/btcsuite/btcd/btcec/v2"
	"github.com/miekg/dns"
)

// AddrTypes is the `a` condition: a bitfield indexed by the BOLT #7
// address descriptor types.
type AddrTypes uint64

// Address type bits. BOLT #10: "a bitfield that uses the types from
// [BOLT #7](07-routing-gossip.md) as bit index".
const (
	AddrIPv4  AddrTypes = 1 << 1 // BOLT #7 type 1: IPv4
	AddrIPv6  AddrTypes = 1 << 2 // BOLT #7 type 2: IPv6
	AddrTorV3 AddrTypes = 1 << 4 // BOLT #7 type 4: Tor v3 onion service
	AddrDNS   AddrTypes = 1 << 5 // BOLT #7 type 5: DNS hostname
)

// Defaults of the conditions a client leaves out.
const (
	// DefaultRealm is the `r` default: BOLT #10 "default value: 0 (Bitcoin)".
	DefaultRealm = 0
	// DefaultAddrTypes is the `a` default: BOLT #10 "default value: 6
	// (i.e. `2 || 4`, since bit 1 and bit 2 are set for IPv4 and IPv6".
	DefaultAddrTypes = AddrIPv4 | AddrIPv6
	// DefaultCount is the `n` default: BOLT #10 "default value: 25".
	DefaultCount = 25
	// MaxCount is the largest `n` this package encodes or accepts. No DNS
	// message could carry more records than this.
	MaxCount = 65535
)

// srvService is the SRV alias that prefixes wildcard SRV queries, in the
// RFC 2782 `_Service._Proto.Name` form.
const srvService = "_nodes._tcp"

// Has reports whether every bit of t is set in a.
func (a AddrTypes) Has(t AddrTypes) bool { return a&t == t }

// Conditions are the BOLT #10 query conditions. A zero field is a
// condition left out, so the seed applies its default; zero is never a
// meaningful value for AddrTypes or Count, and for Realm it is the default
// itself, so the zero Conditions is the plain wildcard query.
type Conditions struct {
	// Realm is the `r` condition: the realm the returned nodes must
	// support (0: Bitcoin).
	Realm uint8
	// AddrTypes is the `a` condition; 0 means DefaultAddrTypes.
	AddrTypes AddrTypes
	// NodeID is the `l` condition; nil makes the query a wildcard query.
	NodeID *btcec.PublicKey
	// Count is the `n` condition, the number of desired records; 0 means
	// DefaultCount. Values above MaxCount are not encodable.
	Count int
}

// Types returns the address types asked for, with the default applied.
func (c Conditions) Types() AddrTypes {
	if c.AddrTypes == 0 {
		return DefaultAddrTypes
	}
	return c.AddrTypes
}

// N returns the number of records asked for, with the default applied.
func (c Conditions) N() int {
	if c.Count <= 0 {
		return DefaultCount
	}
	return c.Count
}

// Equal reports whether c and o ask for the same thing.
func (c Conditions) Equal(o Conditions) bool {
	if c.Realm != o.Realm || c.AddrTypes != o.AddrTypes || c.Count != o.Count {
		return false
	}
	if c.NodeID == nil || o.NodeID == nil {
		return c.NodeID == nil && o.NodeID == nil
	}
	return c.NodeID.IsEqual(o.NodeID)
}

// Labels returns the conditions as subdomain labels, left to right, in
// the order of the BOLT #10 examples (`r`, `a`, `l`, `n`). Each key
// appears at most once, so the right-to-left evaluation order of the seed
// changes nothing. Conditions left out produce no label.
func (c Conditions) Labels() ([]string, error) {
	if c.Count < 0 || c.Count > MaxCount {
		return nil, fmt.Errorf("%w: n%d out of range 1..%d", ErrBadCondition, c.Count, MaxCount)
	}
	var out []string
	if c.Realm != DefaultRealm {
		out = append(out, "r"+strconv.Itoa(int(c.Realm)))
	}
	if c.AddrTypes != 0 {
		out = append(out, "a"+strconv.FormatUint(uint64(c.AddrTypes), 10))
	}
	if c.NodeID != nil {
		out = append(out, "l"+EncodeNodeID(c.NodeID))
	}
	if c.Count != 0 {
		out = append(out, "n"+strconv.Itoa(c.Count))
	}
	return out, nil
}

// SRVName returns the name of an SRV query with these conditions:
// "_nodes._tcp." + conditions + seed root, the RFC 2782 service form with
// the conditions as subdomains of the seed root. With no conditions it is
// "_nodes._tcp.<seed>.", the BOLT #10 alias for random SRV queries.
func (c Conditions) SRVName(seed string) (string, error) {
	return c.name(srvService, seed)
}

// HostName returns the name of an A or AAAA query with these conditions:
// conditions + seed root (BOLT #10 example: `r0.a2.n10.<seed>`).
func (c Conditions) HostName(seed string) (string, error) {
	return c.name("", seed)
}

func (c Conditions) name(prefix, seed string) (string, error) {
	root, err := seedRoot(seed)
	if err != nil {
		return "", err
	}
	labels, err := c.Labels()
	if err != nil {
		return "", err
	}
	if prefix != "" {
		labels = append([]string{prefix}, labels...)
	}
	labels = append(labels, root)
	name := strings.Join(labels, ".")
	if _, ok := dns.IsDomainName(name); !ok || len(name) > maxNameLen {
		return "", fmt.Errorf("%w: query name %q is too long", ErrBadSeed, name)
	}
	return name, nil
}

// maxNameLen is the longest fully qualified name in presentation form
// whose wire form fits the 255-byte limit of RFC 1035 section 2.3.4: the
// wire form adds one length byte in front and drops the final dot, so 254
// characters with the trailing dot encode to 255 bytes.
const maxNameLen = 254

// seedRoot validates a seed root domain and returns it fully qualified and
// lower case.
func seedRoot(seed string) (string, error) {
	root := fqdnLower(seed)
	if root == "." || strings.ContainsAny(root, "\\ ") || len(root) > maxNameLen {
		return "", fmt.Errorf("%w: %q", ErrBadSeed, seed)
	}
	if _, ok := dns.IsDomainName(root); !ok || strings.Contains(root, "..") {
		return "", fmt.Errorf("%w: %q", ErrBadSeed, seed)
	}
	return root, nil
}

// ParseConditions reads the conditions of a query name under a seed root.
// BOLT #10: the seed "MUST evaluate the conditions from the seed root
// domain by 'going up-the-tree', i.e. evaluating right-to-left", and when a
// key repeats it "MUST discard any earlier value for that condition AND
// use the new value instead", so of `n5.r0.a2.n10` the `n5` wins.
//
// The `_nodes` and `_tcp` labels of the SRV alias are skipped wherever
// they stand. A label that is itself a node id (a virtual hostname,
// `ln1...`) counts as the `l` condition. Unknown keys and malformed values
// fail with ErrBadCondition (wrapping ErrBadNodeID for a bad `l`); a name
// not under the seed root fails with ErrBadSeed.
func ParseConditions(name, seed string) (Conditions, error) {
	var c Conditions
	root, err := seedRoot(seed)
	if err != nil {
		return c, err
	}
	if len(name) > maxNameLen+1 {
		return c, fmt.Errorf("%w: name of %d characters", ErrBadCondition, len(name))
	}
	n := fqdnLower(name)
	if n == root {
		return c, nil
	}
	if !strings.HasSuffix(n, "."+root) {
		return c, fmt.Errorf("%w: %q is not under %q", ErrBadSeed, name, root)
	}
	labels := strings.Split(n[:len(n)-len(root)-1], ".")
	for i := len(labels) - 1; i >= 0; i-- {
		if err := c.parseLabel(labels[i]); err != nil {
			return Conditions{}, err
		}
	}
	return c, nil
}

// parseLabel applies one condition label to c, overwriting any value the
// same key had from a label further right.
func (c *Conditions) parseLabel(label string) error {
	switch {
	case label == "":
		return fmt.Errorf("%w: empty label", ErrBadCondition)
	case label == "_nodes" || label == "_tcp":
		return nil
	case len(label) == NodeIDLen && strings.HasPrefix(label, NodeIDHRP+"1"):
		// A virtual hostname label. As a condition it could not be
		// confused with `l`: the value of `l` starts with "ln1" itself.
		pub, err := DecodeNodeID(label)
		if err != nil {
			return fmt.Errorf("%w: %w", ErrBadCondition, err)
		}
		c.NodeID = pub
		return nil
	}
	key, val := label[0], label[1:]
	switch key {
	case 'r':
		v, err := parseDecimal(key, val, 255)
		if err != nil {
			return err
		}
		c.Realm = uint8(v)
	case 'a':
		v, err := parseDecimal(key, val, ^uint64(0))
		if err != nil {
			return err
		}
		if v == 0 {
			return fmt.Errorf("%w: a0 asks for no address type", ErrBadCondition)
		}
		c.AddrTypes = AddrTypes(v)
	case 'l':
		pub, err := DecodeNodeID(val)
		if err != nil {
			return fmt.Errorf("%w: %w", ErrBadCondition, err)
		}
		c.NodeID = pub
	case 'n':
		v, err := parseDecimal(key, val, MaxCount)
		if err != nil {
			return err
		}
		if v == 0 {
			return fmt.Errorf("%w: n0 asks for no record", ErrBadCondition)
		}
		c.Count = int(v)
	default:
		return fmt.Errorf("%w: unknown key %q", ErrBadCondition, key)
	}
	return nil
}

// parseDecimal reads an unsigned decimal condition value no larger than
// max. Only ASCII digits are accepted (no sign, no underscore).
func parseDecimal(key byte, val string, max uint64) (uint64, error) {
	if val == "" || len(val) > 20 {
		return 0, fmt.Errorf("%w: %c needs a decimal value", ErrBadCondition, key)
	}
	for i := 0; i < len(val); i++ {
		if val[i] < '0' || val[i] > '9' {
			return 0, fmt.Errorf("%w: %c value %q is not decimal", ErrBadCondition, key, val)
		}
	}
	v, err := strconv.ParseUint(val, 10, 64)
	if err != nil || v > max {
		return 0, fmt.Errorf("%w: %c value %q out of range 0..%d", ErrBadCondition, key, val, max)
	}
	return v, nil
}
