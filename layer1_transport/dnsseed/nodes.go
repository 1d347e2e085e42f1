package dnsseed

import (
	"net/netip"

	"github.com/btcsuite/btcd/btcec/v2"
)

// Node is one node a seed can return: its key and the addresses it
// listens on. Only IPv4 and IPv6 addresses can be served (A and AAAA
// records).
type Node struct {
	ID    *btcec.PublicKey
	Addrs []netip.AddrPort
}

// NodeSource is where a Server takes its nodes from. It is called for
// every query, concurrently, so an implementation must be safe for
// concurrent use; a crawler can swap its view behind it at any time.
type NodeSource interface {
	// Nodes returns every node the seed may answer with. The caller
	// does not modify the slice or the nodes.
	Nodes() []Node
	// Lookup returns the node with the given key, if known.
	Lookup(id *btcec.PublicKey) (Node, bool)
}

// NodeSet is a fixed NodeSource indexed by node id.
type NodeSet struct {
	list []Node
	byID map[[33]byte]int
}

var _ NodeSource = (*NodeSet)(nil)

// NewNodeSet copies nodes into a NodeSet. Entries with the same key are
// merged, IPv4-mapped IPv6 addresses are unmapped, and what cannot be
// served is dropped: a nil key, an invalid or unspecified address, port 0,
// a zoned address, a duplicate address, and a node left without address.
func NewNodeSet(nodes []Node) *NodeSet {
	s := &NodeSet{byID: make(map[[33]byte]int, len(nodes))}
	for _, n := range nodes {
		if n.ID == nil {
			continue
		}
		var k [33]byte
		copy(k[:], n.ID.SerializeCompressed())
		i, ok := s.byID[k]
		if !ok {
			i = len(s.list)
			s.list = append(s.list, Node{ID: n.ID})
		}
		for _, ap := range n.Addrs {
			a := ap.Addr().Unmap()
			if !a.IsValid() || a.IsUnspecified() || a.Zone() != "" || ap.Port() == 0 {
				continue
			}
			ap = netip.AddrPortFrom(a, ap.Port())
			if !containsAddrPort(s.list[i].Addrs, ap) {
				s.list[i].Addrs = append(s.list[i].Addrs, ap)
			}
		}
		if !ok {
			s.byID[k] = i
		}
	}
	// Drop nodes without a servable address, keeping the index right.
	kept := s.list[:0]
	for _, n := range s.list {
		if len(n.Addrs) > 0 {
			kept = append(kept, n)
		}
	}
	s.list = kept
	clear(s.byID)
	for i, n := range s.list {
		var k [33]byte
		copy(k[:], n.ID.SerializeCompressed())
		s.byID[k] = i
	}
	return s
}

// Nodes returns every node of the set.
func (s *NodeSet) Nodes() []Node { return s.list }

// Lookup returns the node with key id.
func (s *NodeSet) Lookup(id *btcec.PublicKey) (Node, bool) {
	if id == nil {
		return Node{}, false
	}
	var k [33]byte
	copy(k[:], id.SerializeCompressed())
	i, ok := s.byID[k]
	if !ok {
		return Node{}, false
	}
	return s.list[i], true
}

// Len returns the number of nodes.
func (s *NodeSet) Len() int { return len(s.list) }
