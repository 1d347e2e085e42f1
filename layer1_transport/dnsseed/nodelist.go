package dnsseed

import (
	"bufio"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"net/netip"
	"os"
	"strings"

	"github.com/btcsuite/btcd/btcec/v2"
)

// maxNodeListLine bounds one line of a node list; a longer line is an
// error, not a reason to allocate.
const maxNodeListLine = 1024

// ReadNodeList reads a node list, the input of `lnstack seed serve`:
//
//	# a comment; blank lines are ignored
//	<node id>@<ip>[:<port>]
//
// where <node id> is the 33-byte compressed public key in hex (66
// characters) or its bech32 form ("ln1..."), <ip> an IPv4 address or an
// IPv6 address in brackets ([2001:db8::1]:9735; the brackets may be left
// out when there is no port), and <port> defaults to 9735. Host names are
// refused: a seed serves addresses. A node with several addresses has one
// line per address. Every error is a *NodeListError.
func ReadNodeList(r io.Reader) ([]Node, error) {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 256), maxNodeListLine)
	var nodes []Node
	line := 0
	for sc.Scan() {
		line++
		text := strings.TrimSpace(sc.Text())
		if text == "" || strings.HasPrefix(text, "#") {
			continue
		}
		n, err := ParseNodeLine(text)
		if err != nil {
			return nil, &NodeListError{Line: line, Err: err}
		}
		nodes = append(nodes, n)
	}
	if err := sc.Err(); err != nil {
		if errors.Is(err, bufio.ErrTooLong) {
			err = fmt.Errorf("line longer than %d bytes", maxNodeListLine)
		}
		return nil, &NodeListError{Line: line + 1, Err: err}
	}
	return nodes, nil
}

// LoadNodeFile reads the node list in the file at path (see ReadNodeList)
// into a NodeSet.
func LoadNodeFile(path string) (*NodeSet, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	nodes, err := ReadNodeList(f)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return NewNodeSet(nodes), nil
}

// ParseNodeLine parses one `<node id>@<ip>[:<port>]` entry of a node list.
func ParseNodeLine(s string) (Node, error) {
	idText, addrText, ok := strings.Cut(s, "@")
	if !ok {
		return Node{}, errors.New("want <node id>@<ip>[:<port>]")
	}
	id, err := ParseNodeKey(idText)
	if err != nil {
		return Node{}, err
	}
	ap, err := parseServedAddr(addrText)
	if err != nil {
		return Node{}, err
	}
	return Node{ID: id, Addrs: []netip.AddrPort{ap}}, nil
}

// ParseNodeKey reads a node id given as 66 hex characters or in its
// bech32 form ("ln1..."). Failures wrap ErrBadNodeID.
func ParseNodeKey(s string) (*btcec.PublicKey, error) {
	if len(s) == NodeIDLen {
		return DecodeNodeID(s)
	}
	if len(s) != 66 {
		return nil, fmt.Errorf("%w: %d characters, want 66 hex or %d bech32", ErrBadNodeID, len(s), NodeIDLen)
	}
	raw, err := hex.DecodeString(s)
	if err != nil {
		return nil, fmt.Errorf("%w: %w", ErrBadNodeID, err)
	}
	if raw[0] != 0x02 && raw[0] != 0x03 {
		return nil, fmt.Errorf("%w: not a compressed key", ErrBadNodeID)
	}
	pub, err := btcec.ParsePubKey(raw)
	if err != nil {
		return nil, fmt.Errorf("%w: %w", ErrBadNodeID, err)
	}
	return pub, nil
}

// parseServedAddr reads "ip:port", "[ipv6]:port", "ip" or "[ipv6]".
func parseServedAddr(s string) (netip.AddrPort, error) {
	ap, err := netip.ParseAddrPort(s)
	if err != nil {
		bare := s
		if strings.HasPrefix(bare, "[") && strings.HasSuffix(bare, "]") {
			bare = bare[1 : len(bare)-1]
		}
		a, err2 := netip.ParseAddr(bare)
		if err2 != nil {
			return netip.AddrPort{}, fmt.Errorf("%q is not an IP address with an optional port", s)
		}
		ap = netip.AddrPortFrom(a, DefaultPort)
	}
	a := ap.Addr().Unmap()
	switch {
	case a.Zone() != "":
		return netip.AddrPort{}, fmt.Errorf("%q: zoned address", s)
	case a.IsUnspecified():
		return netip.AddrPort{}, fmt.Errorf("%q: unspecified address", s)
	case ap.Port() == 0:
		return netip.AddrPort{}, fmt.Errorf("%q: port 0", s)
	}
	return netip.AddrPortFrom(a, ap.Port()), nil
}
