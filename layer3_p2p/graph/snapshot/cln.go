package snapshot

import (
	"cmp"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"slices"
	"strconv"
	"unicode/utf8"

	"github.com/lnstack/lnstack/layer1_transport/netaddr"
	"github.com/lnstack/lnstack/layer2_messaging/feature"
	"github.com/lnstack/lnstack/layer2_messaging/wire"
	"github.com/lnstack/lnstack/layer3_p2p/amount"
)

// clnChannel is one half-channel of `lightning-cli listchannels`.
type clnChannel struct {
	Source       string `json:"source"`
	Destination  string `json:"destination"`
	SCID         string `json:"short_channel_id"`
	Public       bool   `json:"public"`
	Satoshis     uint64 `json:"satoshis"`
	ChannelFlags uint8  `json:"channel_flags"`
	Active       bool   `json:"active"`
	LastUpdate   uint32 `json:"last_update"`
	BaseFee      uint32 `json:"base_fee_millisatoshi"`
	FeePPM       uint32 `json:"fee_per_millionth"`
	Delay        uint16 `json:"delay"`
	// Later versions of listchannels have these; the 2019 snapshot does
	// not.
	HTLCMinimum *string `json:"htlc_minimum_msat"`
	HTLCMaximum *string `json:"htlc_maximum_msat"`
}

// clnNode is one node of `lightning-cli listnodes`.
type clnNode struct {
	NodeID         string `json:"nodeid"`
	Alias          string `json:"alias"`
	Color          string `json:"color"`
	LastTimestamp  uint32 `json:"last_timestamp"`
	GlobalFeatures string `json:"globalfeatures"`
	Features       string `json:"features"`
	Addresses      []struct {
		Type    string `json:"type"`
		Address string `json:"address"`
		Port    uint16 `json:"port"`
	} `json:"addresses"`
}

// ReadCLN reads Core Lightning's listchannels JSON ({"channels": [...]})
// and listnodes JSON ({"nodes": [...]}; nil for none). Half-channels are
// grouped by short_channel_id; non-public ones are skipped. Where the
// snapshot has no HTLC limits (the 2019 one), htlc_minimum_msat is 1000 and
// htlc_maximum_msat the capacity. Node addresses of types the project
// does not decode (Tor v2) are dropped.
func ReadCLN(channels, nodes io.Reader) (*Topology, error) {
	var chans struct {
		Channels []clnChannel `json:"channels"`
	}
	if err := json.NewDecoder(channels).Decode(&chans); err != nil {
		return nil, fmt.Errorf("%w: listchannels: %v", ErrFormat, err)
	}
	t := &Topology{}
	byName := make(map[string]int)
	nodeIndex := func(name string) int {
		i, ok := byName[name]
		if !ok {
			i = len(t.Nodes)
			byName[name] = i
			t.Nodes = append(t.Nodes, Node{Name: name})
		}
		return i
	}
	byID := make(map[wire.ShortChannelID]int)
	for _, hc := range chans.Channels {
		if !hc.Public {
			continue
		}
		scid, err := wire.ParseShortChannelID(hc.SCID)
		if err != nil {
			return nil, fmt.Errorf("%w: short_channel_id %q", ErrFormat, hc.SCID)
		}
		src, dst := nodeIndex(hc.Source), nodeIndex(hc.Destination)
		ci, ok := byID[scid]
		if !ok {
			ci = len(t.Channels)
			byID[scid] = ci
			t.Channels = append(t.Channels, Channel{SCID: scid, Nodes: [2]int{src, dst}, Capacity: amount.Satoshi(hc.Satoshis)})
		}
		c := &t.Channels[ci]
		side := 0
		switch {
		case c.Nodes[0] == src && c.Nodes[1] == dst:
		case c.Nodes[1] == src && c.Nodes[0] == dst:
			side = 1
		default:
			return nil, fmt.Errorf("%w: channel %s between other nodes", ErrFormat, scid)
		}
		p, err := clnPolicy(hc)
		if err != nil {
			return nil, err
		}
		c.Policies[side] = p
	}
	slices.SortFunc(t.Channels, func(a, b Channel) int { return cmp.Compare(a.SCID, b.SCID) })
	if nodes == nil {
		return t, nil
	}
	var ns struct {
		Nodes []clnNode `json:"nodes"`
	}
	if err := json.NewDecoder(nodes).Decode(&ns); err != nil {
		return nil, fmt.Errorf("%w: listnodes: %v", ErrFormat, err)
	}
	for _, cn := range ns.Nodes {
		i, ok := byName[cn.NodeID]
		if !ok || cn.LastTimestamp == 0 {
			continue // no channel, or no announcement: nothing to announce
		}
		n, err := clnNodeAnnouncement(cn)
		if err != nil {
			return nil, err
		}
		n.Name = t.Nodes[i].Name
		t.Nodes[i] = n
	}
	return t, nil
}

// clnPolicy converts a half-channel's policy.
func clnPolicy(hc clnChannel) (*Policy, error) {
	p := &Policy{
		Timestamp:                 hc.LastUpdate,
		FeeBaseMsat:               hc.BaseFee,
		FeeProportionalMillionths: hc.FeePPM,
		CLTVExpiryDelta:           hc.Delay,
		HTLCMinimumMsat:           1000,
		HTLCMaximumMsat:           amount.Satoshi(hc.Satoshis).ToMilliSatoshi(),
		Disabled:                  !hc.Active,
	}
	for _, f := range []struct {
		s   *string
		dst *amount.MilliSatoshi
	}{{hc.HTLCMinimum, &p.HTLCMinimumMsat}, {hc.HTLCMaximum, &p.HTLCMaximumMsat}} {
		if f.s == nil {
			continue
		}
		v, err := parseMsat(*f.s)
		if err != nil {
			return nil, err
		}
		*f.dst = v
	}
	return p, nil
}

// parseMsat parses "1000msat" or "1000".
func parseMsat(s string) (amount.MilliSatoshi, error) {
	if len(s) > 4 && s[len(s)-4:] == "msat" {
		s = s[:len(s)-4]
	}
	v, err := strconv.ParseUint(s, 10, 64)
	if err != nil {
		return 0, fmt.Errorf("%w: amount %q", ErrFormat, s)
	}
	return amount.MilliSatoshi(v), nil
}

// clnNodeAnnouncement converts a listnodes entry.
func clnNodeAnnouncement(cn clnNode) (Node, error) {
	n := Node{Announced: true, Alias: cn.Alias, Timestamp: cn.LastTimestamp}
	// An alias is at most 32 bytes of UTF-8: cut longer ones at a rune.
	for len(n.Alias) > 32 || !utf8.ValidString(n.Alias) {
		n.Alias = n.Alias[:len(n.Alias)-1]
	}
	if c, err := hex.DecodeString(cn.Color); err == nil && len(c) == 3 {
		copy(n.Color[:], c)
	}
	feat := cn.Features
	if feat == "" {
		feat = cn.GlobalFeatures
	}
	if f, err := hex.DecodeString(feat); err != nil {
		return Node{}, fmt.Errorf("%w: node %s features %q", ErrFormat, cn.NodeID, feat)
	} else if len(f) > 0 {
		n.Features = feature.Vector(f).Minimal()
	}
	for _, a := range cn.Addresses {
		addr, err := netaddr.ParseAddress(net.JoinHostPort(a.Address, strconv.Itoa(int(a.Port))))
		if err != nil {
			continue // Tor v2, or a port 0 the spec forbids
		}
		n.Addresses = append(n.Addresses, addr)
	}
	sortAddresses(n.Addresses)
	return n, nil
}
