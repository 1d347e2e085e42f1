package snapshot

import (
	"errors"
	"strings"
	"testing"

	"github.com/lnstack/lnstack/layer2_messaging/feature"
	"github.com/lnstack/lnstack/layer2_messaging/wire"
)

const clnChannels = `{"channels": [
 {"source": "03bb", "destination": "02aa", "short_channel_id": "505149x622x0", "public": true,
  "satoshis": 300000, "channel_flags": 1, "active": true, "last_update": 1557424880,
  "base_fee_millisatoshi": 1000, "fee_per_millionth": 10, "delay": 14},
 {"source": "02aa", "destination": "03bb", "short_channel_id": "505149x622x0", "public": true,
  "satoshis": 300000, "channel_flags": 0, "active": false, "last_update": 1557455485,
  "base_fee_millisatoshi": 0, "fee_per_millionth": 1, "delay": 40,
  "htlc_minimum_msat": "5msat", "htlc_maximum_msat": "290000000msat"},
 {"source": "02aa", "destination": "03cc", "short_channel_id": "500000x1x1", "public": true,
  "satoshis": 100000, "channel_flags": 0, "active": true, "last_update": 1557455000,
  "base_fee_millisatoshi": 1, "fee_per_millionth": 2, "delay": 144},
 {"source": "02aa", "destination": "03dd", "short_channel_id": "500001x1x1", "public": false,
  "satoshis": 100000, "channel_flags": 0, "active": true, "last_update": 1557455000,
  "base_fee_millisatoshi": 1, "fee_per_millionth": 2, "delay": 144}
]}`

const clnNodes = `{"nodes": [
 {"nodeid": "02aa", "alias": "éééééééééééééééééééééé", "color": "3399ff", "last_timestamp": 1553580432,
  "globalfeatures": "", "features": "0088a0",
  "addresses": [{"type": "torv2", "address": "xxxxxxxxxxxxxxxx.onion", "port": 9735},
                {"type": "ipv6", "address": "2001:db8::1", "port": 9735},
                {"type": "ipv4", "address": "203.0.113.1", "port": 9736}]},
 {"nodeid": "03cc", "alias": "", "last_timestamp": 0},
 {"nodeid": "04ee", "alias": "no channels", "last_timestamp": 1}
]}`

// TestReadCLN reads a small listchannels/listnodes pair covering the
// cases of the real snapshot.
func TestReadCLN(t *testing.T) {
	top, err := ReadCLN(strings.NewReader(clnChannels), strings.NewReader(clnNodes))
	if err != nil {
		t.Fatal(err)
	}
	if len(top.Channels) != 2 || len(top.Nodes) != 3 || top.Directions() != 3 {
		t.Fatalf("%d channels, %d nodes, %d directions", len(top.Channels), len(top.Nodes), top.Directions())
	}
	first, _ := wire.ParseShortChannelID("500000x1x1")
	c := top.Channels[1]
	if top.Channels[0].SCID != first || c.Capacity != 300_000 {
		t.Fatalf("channels not sorted or wrong: %+v", top.Channels)
	}
	// Nodes[0] of the channel is the first half-channel's source (03bb).
	p0, p1 := c.Policies[0], c.Policies[1]
	if top.Nodes[c.Nodes[0]].Name != "03bb" || p0 == nil || p1 == nil {
		t.Fatalf("channel %+v", c)
	}
	if p0.FeeBaseMsat != 1000 || p0.CLTVExpiryDelta != 14 || p0.HTLCMinimumMsat != 1000 || p0.HTLCMaximumMsat != 300_000_000 || p0.Disabled {
		t.Errorf("policy of 03bb: %+v", p0)
	}
	if p1.HTLCMinimumMsat != 5 || p1.HTLCMaximumMsat != 290_000_000 || !p1.Disabled || p1.Timestamp != 1557455485 {
		t.Errorf("policy of 02aa: %+v", p1)
	}
	a := top.Nodes[c.Nodes[1]]
	if !a.Announced || len(a.Alias) > 32 || a.Color != [3]byte{0x33, 0x99, 0xff} || !a.Features.IsSet(feature.GossipQueries.Optional()) {
		t.Errorf("node 02aa: %+v", a)
	}
	if len(a.Addresses) != 2 || a.Addresses[0].String() != "203.0.113.1:9736" || a.Addresses[1].String() != "[2001:db8::1]:9735" {
		t.Errorf("addresses %v: want ipv4 then ipv6, Tor v2 dropped", a.Addresses)
	}
	for _, n := range top.Nodes {
		if n.Name == "03cc" && n.Announced {
			t.Error("node without last_timestamp announced")
		}
	}
	head := top.Head(1)
	if len(head.Channels) != 1 || len(head.Nodes) != 2 || head.Nodes[head.Channels[0].Nodes[0]].Name != "02aa" {
		t.Errorf("Head(1) = %+v", head)
	}

	for _, bad := range []string{`{"channels": [`, `{"channels": [{"short_channel_id": "1x2", "public": true}]}`} {
		if _, err := ReadCLN(strings.NewReader(bad), nil); !errors.Is(err, ErrFormat) {
			t.Errorf("%q: %v, want ErrFormat", bad, err)
		}
	}
}

// TestReadCLoTH reads a small pair of CLoTH files.
func TestReadCLoTH(t *testing.T) {
	chans := "id,edge1_id,edge2_id,node1_id,node2_id,capacity\n0,0,1,0,1,50000000\n1,2,3,2,1,20000000\n"
	edges := "id,channel_id,counter_edge_id,from_node_id,to_node_id,balance,fee_base,fee_proportional,min_htlc,timelock\n" +
		"0,0,1,0,1,4300909,1000,1,1000,144\n1,0,0,1,0,45699091,1000,1,1000,144\n2,1,3,1,2,0,10,100.0,1,40\n"
	top, err := ReadCLoTH(strings.NewReader(chans), strings.NewReader(edges))
	if err != nil {
		t.Fatal(err)
	}
	if len(top.Channels) != 2 || len(top.Nodes) != 3 || top.Directions() != 3 {
		t.Fatalf("%+v", top)
	}
	c := top.Channels[1]
	if c.Capacity != 20_000 || c.Policies[0] != nil || c.Policies[1] == nil || c.Policies[1].FeeProportionalMillionths != 100 || c.Policies[1].CLTVExpiryDelta != 40 {
		t.Errorf("channel 1: %+v, policy %+v", c, c.Policies[1])
	}
	if c.SCID.Block() != clothBlock || top.Channels[0].SCID >= c.SCID {
		t.Errorf("short_channel_ids %s %s", top.Channels[0].SCID, c.SCID)
	}
	if _, err := ReadCLoTH(strings.NewReader(chans), strings.NewReader(edges+"3,9,0,0,1,0,0,0,0,0\n")); !errors.Is(err, ErrFormat) {
		t.Errorf("edge of an unknown channel: %v", err)
	}
}

// FuzzReadCLN and FuzzReadCLoTH: the readers never panic.
func FuzzReadCLN(f *testing.F) {
	f.Add([]byte(clnChannels), []byte(clnNodes))
	f.Fuzz(func(t *testing.T, chans, nodes []byte) {
		top, err := ReadCLN(strings.NewReader(string(chans)), strings.NewReader(string(nodes)))
		if err == nil {
			for _, c := range top.Channels {
				if c.Nodes[0] >= len(top.Nodes) || c.Nodes[1] >= len(top.Nodes) {
					t.Fatalf("channel %s refers to node %v of %d", c.SCID, c.Nodes, len(top.Nodes))
				}
			}
		}
	})
}

func FuzzReadCLoTH(f *testing.F) {
	f.Add([]byte("id,edge1_id,edge2_id,node1_id,node2_id,capacity\n0,0,1,0,1,50000000\n"),
		[]byte("id,channel_id,counter_edge_id,from_node_id,to_node_id,balance,fee_base,fee_proportional,min_htlc,timelock\n0,0,1,0,1,4300909,1000,1,1000,144\n"))
	f.Fuzz(func(t *testing.T, chans, edges []byte) {
		_, _ = ReadCLoTH(strings.NewReader(string(chans)), strings.NewReader(string(edges)))
	})
}
