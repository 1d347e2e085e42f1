package pathfind

import (
	"testing"

	"github.com/lnstack/lnstack/layer2_messaging/wire"
	"github.com/lnstack/lnstack/layer3_p2p/amount"
	"github.com/lnstack/lnstack/layer3_p2p/graph/snapshot"
)

const testHeight = 800_000

// testNet builds small topologies by node name.
type testNet struct {
	top  snapshot.Topology
	idx  map[string]int
	scid map[[2]string]wire.ShortChannelID
}

func newTestNet() *testNet {
	return &testNet{idx: map[string]int{}, scid: map[[2]string]wire.ShortChannelID{}}
}

func (n *testNet) node(name string) int {
	i, ok := n.idx[name]
	if !ok {
		i = len(n.top.Nodes)
		n.idx[name] = i
		n.top.Nodes = append(n.top.Nodes, snapshot.Node{Name: name})
	}
	return i
}

// pol is a policy: base fee, ppm, delta, the HTLC maximum set from the
// capacity when 0.
func pol(base, ppm uint32, delta uint16) *snapshot.Policy {
	return &snapshot.Policy{Timestamp: 1, FeeBaseMsat: base, FeeProportionalMillionths: ppm,
		CLTVExpiryDelta: delta, HTLCMinimumMsat: 1}
}

// channel adds a channel a-b of capSat with a's and b's policies (nil for
// none) and returns its short_channel_id.
func (n *testNet) channel(a, b string, capSat amount.Satoshi, pa, pb *snapshot.Policy) wire.ShortChannelID {
	i := len(n.top.Channels)
	scid, _ := wire.NewShortChannelID(700_000+uint32(i), 1, 0)
	c := snapshot.Channel{SCID: scid, Nodes: [2]int{n.node(a), n.node(b)}, Capacity: capSat}
	for side, p := range []*snapshot.Policy{pa, pb} {
		if p == nil {
			continue
		}
		q := *p
		if q.HTLCMaximumMsat == 0 {
			q.HTLCMaximumMsat = capSat.ToMilliSatoshi()
		}
		c.Policies[side] = &q
	}
	n.top.Channels = append(n.top.Channels, c)
	n.scid[[2]string{a, b}] = scid
	n.scid[[2]string{b, a}] = scid
	return scid
}

// both adds a channel with the same policy both ways.
func (n *testNet) both(a, b string, capSat amount.Satoshi, p *snapshot.Policy) wire.ShortChannelID {
	return n.channel(a, b, capSat, p, p)
}

func (n *testNet) graph(t testing.TB) *StaticGraph {
	t.Helper()
	g, err := NewStaticGraph(&n.top, nil)
	if err != nil {
		t.Fatal(err)
	}
	return g
}

func id(name string) wire.Point { return NodeIDOf(name) }

func (n *testNet) request(from, to string, amt amount.MilliSatoshi) *Request {
	return &Request{Source: id(from), Payee: id(to), AmountMsat: amt, Height: testHeight}
}

// path returns the short_channel_ids of a route's hops.
func path(r *Route) []wire.ShortChannelID {
	var out []wire.ShortChannelID
	for _, h := range r.Hops {
		out = append(out, h.SCID)
	}
	return out
}

// via returns the short_channel_ids of a path of node names.
func (n *testNet) via(names ...string) []wire.ShortChannelID {
	var out []wire.ShortChannelID
	for i := 0; i+1 < len(names); i++ {
		out = append(out, n.scid[[2]string{names[i], names[i+1]}])
	}
	return out
}

func equalPath(a, b []wire.ShortChannelID) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func mustRoute(t *testing.T, g Graph, req *Request) *Route {
	t.Helper()
	r, err := NewFinder().Route(g, req)
	if err != nil {
		t.Fatalf("no route: %v", err)
	}
	return r
}

func wantPath(t *testing.T, r *Route, want []wire.ShortChannelID) {
	t.Helper()
	if !equalPath(path(r), want) {
		t.Fatalf("route %s, want %v", r, want)
	}
}
