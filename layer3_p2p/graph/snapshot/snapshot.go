// Package snapshot reads public snapshots of the Lightning Network's
// channel graph into a Topology: nodes, channels, capacities and the
// policies of each direction. A Topology carries no keys or signatures;
// package graphtest turns one into signed gossip with fresh keys, which is
// how tests and benchmarks build realistic graphs through the same
// validation as live gossip.
//
// Two formats are read, both from io.Readers (decompression is the
// caller's: the standard library has no xz):
//
//   - Core Lightning's listchannels and listnodes JSON (ReadCLN), real
//     short_channel_ids and node ids, as in the 2019 mainnet snapshot of
//     rustyrussell/million-channels-project;
//   - the CLoTH simulator's CSV (ReadCLoTH), anonymised nodes and no
//     short_channel_ids (synthesized in order), as in marcono/cloth.
package snapshot

import (
	"cmp"
	"errors"
	"slices"

	"github.com/lnstack/lnstack/layer1_transport/netaddr"
	"github.com/lnstack/lnstack/layer2_messaging/feature"
	"github.com/lnstack/lnstack/layer2_messaging/wire"
	"github.com/lnstack/lnstack/layer3_p2p/amount"
)

// ErrFormat reports a snapshot file that does not parse as its format.
var ErrFormat = errors.New("snapshot: malformed snapshot")

// Topology is a channel graph without keys.
type Topology struct {
	// Nodes are indexed by the Channel's Nodes fields.
	Nodes []Node
	// Channels are sorted by SCID.
	Channels []Channel
}

// Node is one node of a snapshot.
type Node struct {
	// Name identifies the node in the snapshot: its node id in hex (CLN)
	// or its integer id (CLoTH).
	Name string
	// Announced tells whether the snapshot has the node's announcement;
	// the fields below are empty otherwise.
	Announced bool
	Alias     string
	Color     [3]byte
	Timestamp uint32
	Features  feature.Vector
	// Addresses are in ascending descriptor type, as BOLT #7 orders them.
	Addresses []netaddr.Address
}

// Channel is one channel of a snapshot.
type Channel struct {
	SCID     wire.ShortChannelID
	Nodes    [2]int
	Capacity amount.Satoshi
	// Policies are those of Nodes[0] and Nodes[1]; nil for a direction
	// the snapshot lacks.
	Policies [2]*Policy
}

// Policy is one direction's relay policy.
type Policy struct {
	Timestamp                 uint32
	FeeBaseMsat               uint32
	FeeProportionalMillionths uint32
	CLTVExpiryDelta           uint16
	HTLCMinimumMsat           amount.MilliSatoshi
	HTLCMaximumMsat           amount.MilliSatoshi
	Disabled                  bool
}

// Directions counts the channel directions with a policy.
func (t *Topology) Directions() int {
	n := 0
	for i := range t.Channels {
		for _, p := range t.Channels[i].Policies {
			if p != nil {
				n++
			}
		}
	}
	return n
}

// Head returns a topology of the first n channels (all when n is larger)
// and the nodes they use, renumbered; announcements and addresses are
// kept.
func (t *Topology) Head(n int) *Topology {
	if n >= len(t.Channels) {
		return t
	}
	out := &Topology{Channels: make([]Channel, n)}
	renum := make(map[int]int)
	for i := range out.Channels {
		c := t.Channels[i]
		for side, old := range c.Nodes {
			idx, ok := renum[old]
			if !ok {
				idx = len(out.Nodes)
				renum[old] = idx
				out.Nodes = append(out.Nodes, t.Nodes[old])
			}
			c.Nodes[side] = idx
		}
		out.Channels[i] = c
	}
	return out
}

// sortAddresses orders addresses by descriptor type, stable.
func sortAddresses(addrs []netaddr.Address) {
	slices.SortStableFunc(addrs, func(a, b netaddr.Address) int { return cmp.Compare(a.Type(), b.Type()) })
}
