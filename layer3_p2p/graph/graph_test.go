package graph_test

import (
	"context"

	"errors"
	"github.com/btcsuite/btcd/btcec/v2"
	"testing"
	"time"

	"github.com/lnstack/lnstack/layer1_transport/netaddr"
	messaging "github.com/lnstack/lnstack/layer2_messaging"
	"github.com/lnstack/lnstack/layer2_messaging/feature"
	"github.com/lnstack/lnstack/layer2_messaging/wire"
	"github.com/lnstack/lnstack/layer3_p2p/gossip"
	"github.com/lnstack/lnstack/layer3_p2p/graph"
	"github.com/lnstack/lnstack/layer3_p2p/graph/graphtest"
	"github.com/lnstack/lnstack/layer3_p2p/graph/snapshot"
)

// square is four nodes in a ring plus one diagonal (the "Routing Example"
// of BOLT #7 with a shortcut): A-B, B-C, C-D, D-A, A-C. Channel A-C has
// one policy only; B and D have no node_announcement.
func square() *snapshot.Topology {
	pol := func(base, ppm uint32, delta uint16) *snapshot.Policy {
		return &snapshot.Policy{Timestamp: 1_700_000_000, FeeBaseMsat: base, FeeProportionalMillionths: ppm,
			CLTVExpiryDelta: delta, HTLCMinimumMsat: 1000, HTLCMaximumMsat: 500_000_000}
	}
	scid := func(block uint32) wire.ShortChannelID {
		s, _ := wire.NewShortChannelID(block, 1, 0)
		return s
	}
	ip, _ := netaddr.ParseAddress("203.0.113.7:9735")
	return &snapshot.Topology{
		Nodes: []snapshot.Node{
			{Name: "A", Announced: true, Alias: "alpha", Timestamp: 1_700_000_000, Features: feature.New(feature.GossipQueries.Optional()), Addresses: []netaddr.Address{ip}},
			{Name: "B"},
			{Name: "C", Announced: true, Alias: "gamma", Timestamp: 1_700_000_000},
			{Name: "D"},
		},
		Channels: []snapshot.Channel{
			{SCID: scid(100), Nodes: [2]int{0, 1}, Capacity: 1_000_000, Policies: [2]*snapshot.Policy{pol(100, 1000, 10), pol(200, 2000, 20)}},
			{SCID: scid(101), Nodes: [2]int{1, 2}, Capacity: 1_000_000, Policies: [2]*snapshot.Policy{pol(200, 2000, 20), pol(300, 3000, 30)}},
			{SCID: scid(102), Nodes: [2]int{2, 3}, Capacity: 1_000_000, Policies: [2]*snapshot.Policy{pol(300, 3000, 30), pol(400, 4000, 40)}},
			{SCID: scid(103), Nodes: [2]int{3, 0}, Capacity: 1_000_000, Policies: [2]*snapshot.Policy{pol(400, 4000, 40), pol(100, 1000, 10)}},
			{SCID: scid(104), Nodes: [2]int{0, 2}, Capacity: 2_000_000, Policies: [2]*snapshot.Policy{pol(100, 1000, 10), nil}},
		},
	}
}

// fixture is a graph and the gossip of square.
type fixture struct {
	t   testing.TB
	top *snapshot.Topology
	gsp *graphtest.Gossip
	g   *graph.Graph
	in  *graph.Ingester
}

func newFixture(t testing.TB, cfg graph.Config) *fixture {
	t.Helper()
	top := square()
	gsp, err := graphtest.Generate(top, graphtest.Options{Seed: t.Name()})
	if err != nil {
		t.Fatal(err)
	}
	g := graph.New(cfg)
	return &fixture{t: t, top: top, gsp: gsp, g: g, in: graph.NewIngester(g, graph.IngesterConfig{Validator: gsp.Validator()})}
}

// ingest ingests msgs and returns their errors.
func (f *fixture) ingest(msgs ...messaging.Message) []error {
	return f.in.Ingest(context.Background(), msgs)
}

// loadAll ingests all the gossip and fails on any error.
func (f *fixture) loadAll() {
	f.t.Helper()
	for i, err := range f.ingest(f.gsp.Messages()...) {
		if err != nil {
			f.t.Fatalf("message %d: %v", i, err)
		}
	}
}

// point returns the node id of topology node i.
func (f *fixture) point(i int) wire.Point { return wire.PointFromPubKey(f.gsp.NodeKeys[i].PubKey()) }

// TestGraphMatchesTopology loads all the gossip of the square and checks
// every node, channel and policy against the topology it came from.
func TestGraphMatchesTopology(t *testing.T) {
	f := newFixture(t, graph.Config{KeepMessages: true})
	f.loadAll()
	checkTopology(t, f.g, f.top, f.gsp)
	if is := f.in.Stats(); is.Messages != uint64(f.gsp.Len()) || is.Applied != is.Messages || is.Parallel <= 0 || is.Serial <= 0 {
		t.Errorf("ingester stats %+v for %d messages", is, f.gsp.Len())
	}
	st := f.g.Stats()
	if want := (graph.Stats{Nodes: 4, AnnouncedNodes: 2, Channels: 5, Directions: 9, FeatureVectors: 2}); st != want {
		t.Errorf("Stats = %+v, want %+v", st, want)
	}
	info, ok := f.g.NodeByID(f.point(0))
	if !ok || !info.Announced || info.Alias != "alpha" || len(info.Addresses.Addrs) != 1 ||
		info.Addresses.Addrs[0].String() != "203.0.113.7:9735" || !info.Features.IsSet(feature.GossipQueries.Optional()) {
		t.Errorf("node A = %+v", info)
	}
	if info, ok := f.g.NodeByID(f.point(1)); !ok || info.Announced {
		t.Errorf("node B = %+v, %v; want known, not announced", info, ok)
	}
}

// checkTopology compares a graph with the topology its gossip came from.
func checkTopology(t *testing.T, g *graph.Graph, top *snapshot.Topology, gsp *graphtest.Gossip) {
	t.Helper()
	if err := graph.CheckInvariants(g); err != nil {
		t.Error(err)
	}
	g.View(func(v *graph.View) {
		if v.NumChannels() != len(top.Channels) {
			t.Errorf("%d channels, want %d", v.NumChannels(), len(top.Channels))
		}
		for _, tc := range top.Channels {
			c, ok := v.ChannelBySCID(tc.SCID)
			if !ok {
				t.Errorf("channel %s missing", tc.SCID)
				continue
			}
			if c.Capacity != tc.Capacity {
				t.Errorf("channel %s capacity %d, want %d", tc.SCID, c.Capacity, tc.Capacity)
			}
			n1, n2 := v.Endpoints(c)
			for side, ni := range tc.Nodes {
				id := wire.PointFromPubKey(gsp.NodeKeys[ni].PubKey())
				dir := 0
				switch id {
				case n1:
				case n2:
					dir = 1
				default:
					t.Errorf("channel %s: node %s not an endpoint", tc.SCID, top.Nodes[ni].Name)
					continue
				}
				got, want := c.Policies[dir], tc.Policies[side]
				if want == nil {
					if got.Known() {
						t.Errorf("channel %s direction %d has a policy, want none", tc.SCID, dir)
					}
					continue
				}
				if got.Timestamp != want.Timestamp || got.FeeBaseMsat != want.FeeBaseMsat ||
					got.FeeProportionalMillionths != want.FeeProportionalMillionths ||
					got.CLTVExpiryDelta != want.CLTVExpiryDelta || got.HTLCMinimumMsat != want.HTLCMinimumMsat ||
					got.HTLCMaximumMsat != want.HTLCMaximumMsat || got.Disabled() != want.Disabled {
					t.Errorf("channel %s direction %d policy %+v, want %+v", tc.SCID, dir, got, *want)
				}
			}
		}
		for i, tn := range top.Nodes {
			n, ok := v.NodeByID(wire.PointFromPubKey(gsp.NodeKeys[i].PubKey()))
			if !ok {
				t.Errorf("node %s missing", tn.Name)
				continue
			}
			info := v.Node(n)
			if info.Announced != tn.Announced || info.Alias != tn.Alias || info.Timestamp != tn.Timestamp ||
				!info.Features.Equal(tn.Features) || len(info.Addresses.Addrs) != len(tn.Addresses) {
				t.Errorf("node %s = %+v, want %+v", tn.Name, info, tn)
			}
		}
	})
}

// TestEdges walks node A's channels and checks each edge's sides.
func TestEdges(t *testing.T) {
	f := newFixture(t, graph.Config{})
	f.loadAll()
	f.g.View(func(v *graph.View) {
		a, ok := v.NodeByID(f.point(0))
		if !ok {
			t.Fatal("node A missing")
		}
		if v.Degree(a) != 3 {
			t.Errorf("A has degree %d, want 3", v.Degree(a))
		}
		seen := map[wire.ShortChannelID]bool{}
		v.Edges(a, func(e graph.Edge) bool {
			seen[e.SCID] = true
			c, _ := v.ChannelBySCID(e.SCID)
			if c.Nodes[e.Direction] != a || c.Nodes[1-e.Direction] != e.Peer {
				t.Errorf("edge %s: direction %d, peer %d; channel nodes %v", e.SCID, e.Direction, e.Peer, c.Nodes)
			}
			if e.Out != c.Policies[e.Direction] || e.In != c.Policies[1-e.Direction] {
				t.Errorf("edge %s: policies do not match the channel's", e.SCID)
			}
			// A charges 100 msat + 1000 ppm on all its channels.
			if e.Out.FeeBaseMsat != 100 || e.Out.FeeProportionalMillionths != 1000 {
				t.Errorf("edge %s: A's policy %+v", e.SCID, e.Out)
			}
			return true
		})
		if len(seen) != 3 {
			t.Errorf("A's edges: %v", seen)
		}
		// Stopping early visits one edge.
		n := 0
		v.Edges(a, func(graph.Edge) bool { n++; return false })
		if n != 1 {
			t.Errorf("early stop visited %d edges", n)
		}
	})
}

// errIs checks the error of one ingested message.
func errIs(t *testing.T, what string, err, want error) {
	t.Helper()
	if want == nil {
		if err != nil {
			t.Errorf("%s: %v, want applied", what, err)
		}
		return
	}
	if !errors.Is(err, want) {
		t.Errorf("%s: %v, want %v", what, err, want)
	}
	var me *graph.MessageError
	if err != nil && !errors.As(err, &me) {
		t.Errorf("%s: %T is not a *graph.MessageError", what, err)
	}
}

// TestIgnoredGossip applies the BOLT #7 receiver rules one by one.
func TestIgnoredGossip(t *testing.T) {
	f := newFixture(t, graph.Config{KeepMessages: true})
	ann := f.gsp.Announcements[0]
	upd := f.gsp.Updates[0]

	errIs(t, "update before its channel", f.ingest(upd)[0], graph.ErrUnknownChannel)
	errIs(t, "node announcement before a channel", f.ingest(f.gsp.Nodes[0])[0], graph.ErrUnknownNode)
	errIs(t, "announcement", f.ingest(ann)[0], nil)
	errIs(t, "announcement again", f.ingest(ann)[0], graph.ErrKnownChannel)

	// The same short_channel_id between other nodes: a conflict, even
	// when properly signed.
	other := *f.gsp.Announcements[1]
	other.ShortChannelID = ann.ShortChannelID
	errIs(t, "conflicting announcement", f.ingest(&other)[0], graph.ErrConflictingChannel)

	errIs(t, "update", f.ingest(upd)[0], nil)
	errIs(t, "update again", f.ingest(upd)[0], gossip.ErrDuplicate)

	// Same timestamp, other fee: signed by the right key, still refused.
	changed := *upd
	changed.FeeBaseMsat++
	f.resign(&changed)
	errIs(t, "changed without new timestamp", f.ingest(&changed)[0], gossip.ErrConflictingUpdate)

	older := *upd
	older.Timestamp--
	f.resign(&older)
	errIs(t, "older update", f.ingest(&older)[0], gossip.ErrOutdated)

	newer := changed
	newer.Timestamp++
	f.resign(&newer)
	errIs(t, "newer update", f.ingest(&newer)[0], nil)
	c, _ := f.g.ChannelBySCID(upd.ShortChannelID)
	if p := c.Policies[upd.Direction()-1]; p.FeeBaseMsat != changed.FeeBaseMsat || p.Timestamp != newer.Timestamp {
		t.Errorf("policy after newer update: %+v", p)
	}

	forged := newer
	forged.Timestamp++
	errIs(t, "unsigned change", f.ingest(&forged)[0], gossip.ErrBadSignature)

	wrongChain := *f.gsp.Announcements[2]
	wrongChain.ChainHash[0] ^= 1
	errIs(t, "other chain", f.ingest(&wrongChain)[0], gossip.ErrUnknownChain)

	badSig := *f.gsp.Announcements[2]
	badSig.BitcoinSignature2[10] ^= 1
	errIs(t, "bad bitcoin_signature_2", f.ingest(&badSig)[0], gossip.ErrBadSignature)

	unfunded := *f.gsp.Announcements[2]
	unfunded.ShortChannelID++
	f.resignAnnouncement(&unfunded)
	errIs(t, "no funding output", f.ingest(&unfunded)[0], gossip.ErrFundingNotFound)

	// A node announcement once the node has a channel, then an older one.
	nodeA := f.gsp.Nodes[0]
	errIs(t, "node announcement", f.ingest(nodeA)[0], nil)
	errIs(t, "same node announcement", f.ingest(nodeA)[0], gossip.ErrOutdated)

	errIs(t, "not gossip", f.ingest(&messaging.Ping{})[0], graph.ErrNotGossip)
	errIs(t, "nil message", f.ingest(nil)[0], graph.ErrNotGossip)
}

// resign signs a modified channel_update with its origin's key.
func (f *fixture) resign(u *gossip.ChannelUpdate) {
	f.t.Helper()
	if err := gossip.SignChannelUpdate(u, f.keyOf(u)); err != nil {
		f.t.Fatal(err)
	}
}

// keyOf finds the private key that signs u.
func (f *fixture) keyOf(u *gossip.ChannelUpdate) *btcec.PrivateKey {
	for _, a := range f.gsp.Announcements {
		if a.ShortChannelID != u.ShortChannelID {
			continue
		}
		id := a.NodeID1
		if u.Direction() == gossip.Node2 {
			id = a.NodeID2
		}
		for _, k := range f.gsp.NodeKeys {
			if wire.PointFromPubKey(k.PubKey()) == id {
				return k
			}
		}
	}
	f.t.Fatalf("no key for update of %s", u.ShortChannelID)
	return nil
}

// resignAnnouncement signs a modified channel_announcement with its node
// and funding keys.
func (f *fixture) resignAnnouncement(a *gossip.ChannelAnnouncement) {
	f.t.Helper()
	d, err := a.Digest()
	if err != nil {
		f.t.Fatal(err)
	}
	for _, k := range f.gsp.NodeKeys {
		switch wire.PointFromPubKey(k.PubKey()) {
		case a.NodeID1:
			a.NodeSignature1 = gossip.SignDigest(k, d)
		case a.NodeID2:
			a.NodeSignature2 = gossip.SignDigest(k, d)
		}
	}
	for _, fk := range f.gsp.FundingKeys {
		switch wire.PointFromPubKey(fk.PubKey()) {
		case a.BitcoinKey1:
			a.BitcoinSignature1 = gossip.SignDigest(fk, d)
		case a.BitcoinKey2:
			a.BitcoinSignature2 = gossip.SignDigest(fk, d)
		}
	}
}

// TestUnknownRequiredFeature stores a channel with an unknown even
// feature bit but marks it not to be routed through.
func TestUnknownRequiredFeature(t *testing.T) {
	f := newFixture(t, graph.Config{})
	a := *f.gsp.Announcements[0]
	a.Features = feature.New(200)
	f.resignAnnouncement(&a)
	errIs(t, "announcement with bit 200", f.ingest(&a)[0], nil)
	c, ok := f.g.ChannelBySCID(a.ShortChannelID)
	if !ok || !c.UnknownRequired || !c.Features.IsSet(200) {
		t.Errorf("channel %+v, %v: want stored with UnknownRequired", c, ok)
	}
}

// TestRemoveAndPrune removes a channel (spent funding), then prunes the
// rest as stale, and checks that nodes go with their last channel.
func TestRemoveAndPrune(t *testing.T) {
	f := newFixture(t, graph.Config{KeepMessages: true})
	f.loadAll()
	scid := f.top.Channels[0].SCID
	if !f.g.RemoveChannel(scid) || f.g.RemoveChannel(scid) {
		t.Fatal("RemoveChannel: want true once, then false")
	}
	if f.g.HasChannel(scid) {
		t.Fatal("channel still there")
	}
	if st := f.g.Stats(); st.Channels != 4 || st.Nodes != 4 {
		t.Errorf("after removal: %+v", st)
	}
	if err := graph.CheckInvariants(f.g); err != nil {
		t.Error(err)
	}
	// The policies date from 2023-11-14: a week later nothing is stale.
	if pruned := f.g.PruneStale(time.Unix(1_700_000_000, 0).Add(7 * 24 * time.Hour)); len(pruned) != 0 {
		t.Errorf("pruned %v a week after the updates", pruned)
	}
	// Channels added now are not pruned before two weeks, however old
	// their updates.
	if pruned := f.g.PruneStale(time.Now()); len(pruned) != 0 {
		t.Errorf("pruned %v right after adding them", pruned)
	}
	pruned := f.g.PruneStale(time.Now().Add(gossip.StaleAfter + time.Hour))
	if len(pruned) != 4 {
		t.Errorf("pruned %v, want the 4 channels left", pruned)
	}
	if st := f.g.Stats(); st != (graph.Stats{FeatureVectors: 1}) {
		t.Errorf("after pruning all: %+v", st)
	}
	// The freed slots are reused and the graph works as before.
	f.loadAll()
	checkTopology(t, f.g, f.top, f.gsp)
}

// TestChannelRange checks the ordered walk the query responder uses,
// after channels arrive out of order and one is removed.
func TestChannelRange(t *testing.T) {
	f := newFixture(t, graph.Config{KeepMessages: true})
	msgs := f.gsp.Messages()
	// Announcements in reverse order.
	for i := len(f.gsp.Announcements) - 1; i >= 0; i-- {
		errIs(t, "announcement", f.ingest(f.gsp.Announcements[i])[0], nil)
	}
	f.ingest(msgs...)
	f.g.RemoveChannel(f.top.Channels[2].SCID)
	var got []wire.ShortChannelID
	f.g.ChannelRange(0, 1<<24-1, func(s wire.ShortChannelID, ts gossip.UpdateTimestamps, cs gossip.UpdateChecksums) bool {
		got = append(got, s)
		if ts.NodeID1 == 0 && ts.NodeID2 == 0 {
			t.Errorf("%s: no timestamps", s)
		}
		c, _ := f.g.ChannelBySCID(s)
		for side, p := range c.Policies {
			sum := [2]uint32{cs.NodeID1, cs.NodeID2}[side]
			if p.Known() != (sum != 0) {
				t.Errorf("%s side %d: checksum %x for policy known=%v", s, side, sum, p.Known())
			}
		}
		return true
	})
	want := []wire.ShortChannelID{f.top.Channels[0].SCID, f.top.Channels[1].SCID, f.top.Channels[3].SCID, f.top.Channels[4].SCID}
	if len(got) != len(want) {
		t.Fatalf("range: %v, want %v", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("range: %v, want %v", got, want)
		}
	}
	// From the second channel up to block 103 (channel 4 is in block 104).
	got = got[:0]
	f.g.ChannelRange(want[1], 103, func(s wire.ShortChannelID, _ gossip.UpdateTimestamps, _ gossip.UpdateChecksums) bool {
		got = append(got, s)
		return true
	})
	if len(got) != 2 || got[0] != want[1] || got[1] != want[2] {
		t.Errorf("range from %s to block 103: %v", want[1], got)
	}
}

// TestChannelGossip gives back the signed messages as received.
func TestChannelGossip(t *testing.T) {
	f := newFixture(t, graph.Config{KeepMessages: true})
	f.loadAll()
	a := f.gsp.Announcements[0]
	ann, upds, ok := f.g.ChannelGossip(a.ShortChannelID)
	if !ok {
		t.Fatal("ChannelGossip: unknown")
	}
	if ann.NodeSignature1 != a.NodeSignature1 || ann.BitcoinKey2 != a.BitcoinKey2 {
		t.Error("announcement differs")
	}
	for _, u := range f.gsp.Updates {
		if u.ShortChannelID == a.ShortChannelID && upds[u.Direction()-1].Signature != u.Signature {
			t.Errorf("update %d differs", u.Direction())
		}
	}
	if n := f.g.NodeAnnouncement(f.point(0)); n == nil || n.Signature != f.gsp.Nodes[0].Signature {
		t.Error("node announcement of A differs")
	}
	if n := f.g.NodeAnnouncement(f.point(1)); n != nil {
		t.Error("node B has no announcement, got one")
	}

	plain := newFixture(t, graph.Config{})
	plain.loadAll()
	if _, _, ok := plain.g.ChannelGossip(a.ShortChannelID); ok {
		t.Error("graph without KeepMessages gave out messages")
	}
}

// TestGraphFull bounds the channels a graph takes.
func TestGraphFull(t *testing.T) {
	f := newFixture(t, graph.Config{MaxChannels: 2})
	errs := f.ingest(f.gsp.Messages()...)
	full := 0
	for _, err := range errs {
		if errors.Is(err, graph.ErrGraphFull) {
			full++
		}
	}
	if st := f.g.Stats(); st.Channels != 2 || full != 3 {
		t.Errorf("%d channels, %d refused as full; want 2 and 3", st.Channels, full)
	}
}

// TestIngestFrames decodes frames on the workers; a frame that does not
// decode fails alone.
func TestIngestFrames(t *testing.T) {
	f := newFixture(t, graph.Config{KeepMessages: true})
	frames, err := f.gsp.Frames()
	if err != nil {
		t.Fatal(err)
	}
	frames = append(frames, []byte{0x01}, []byte{0x00, 0x12, 0x00, 0x00}, frames[0][:50])
	errs := f.in.IngestFrames(context.Background(), frames)
	n := len(errs) - 3
	for i, err := range errs[:n] {
		if err != nil {
			t.Errorf("frame %d: %v", i, err)
		}
	}
	errIs(t, "short frame", errs[n], graph.ErrNotGossip)
	errIs(t, "ping frame", errs[n+1], graph.ErrNotGossip)
	if !errors.Is(errs[n+2], wire.ErrTruncated) {
		t.Errorf("cut announcement: %v, want wire.ErrTruncated", errs[n+2])
	}
	checkTopology(t, f.g, f.top, f.gsp)
}

// TestIngestCanceled applies nothing once the context has ended.
func TestIngestCanceled(t *testing.T) {
	f := newFixture(t, graph.Config{})
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	for i, err := range f.in.Ingest(ctx, f.gsp.Messages()) {
		if !errors.Is(err, context.Canceled) {
			t.Errorf("message %d: %v, want context.Canceled", i, err)
		}
	}
	if st := f.g.Stats(); st.Channels != 0 {
		t.Errorf("%d channels applied after cancel", st.Channels)
	}
}

// TestUpdateLimiter refuses updates past the limiter's burst.
func TestUpdateLimiter(t *testing.T) {
	f := newFixture(t, graph.Config{})
	now := time.Unix(1_700_000_000, 0)
	in := graph.NewIngester(f.g, graph.IngesterConfig{Validator: f.gsp.Validator(),
		Limiter: &gossip.UpdateLimiter{Burst: 2, Interval: time.Hour}, Now: func() time.Time { return now }})
	in.Ingest(context.Background(), []messaging.Message{f.gsp.Announcements[0]})
	u := *f.gsp.Updates[0]
	var last error
	for i := range 3 {
		u.Timestamp += uint32(i + 1)
		f.resign(&u)
		next := u
		last = in.Ingest(context.Background(), []messaging.Message{&next})[0]
		if i < 2 && last != nil {
			t.Fatalf("update %d: %v", i, last)
		}
	}
	errIs(t, "third update within the hour", last, gossip.ErrRateLimited)
}

// TestFloodCostsNoVerification resends gossip the graph has, and sends
// updates for channels it lacks, all with broken signatures: each is
// refused for what the graph knows (ErrKnownChannel, gossip.ErrOutdated,
// ErrUnknownChannel, ErrUnknownNode) rather than gossip.ErrBadSignature,
// which shows no signature was checked: a flood of stale gossip costs map
// lookups, not verifications.
func TestFloodCostsNoVerification(t *testing.T) {
	f := newFixture(t, graph.Config{})
	f.loadAll()
	var flood []messaging.Message
	var want []error
	for range 100 {
		a := *f.gsp.Announcements[1]
		a.NodeSignature1[5] ^= 1
		u := *f.gsp.Updates[2]
		u.Timestamp--
		u.Signature[5] ^= 1
		unknown := *f.gsp.Updates[3]
		unknown.ShortChannelID, _ = wire.NewShortChannelID(900, 9, 0)
		unknown.Signature[5] ^= 1
		n := *f.gsp.Nodes[0]
		n.Signature[5] ^= 1
		stranger := *f.gsp.Nodes[1]
		stranger.NodeID[5] ^= 1
		flood = append(flood, &a, &u, &unknown, &n, &stranger)
		want = append(want, graph.ErrKnownChannel, gossip.ErrOutdated, graph.ErrUnknownChannel, gossip.ErrOutdated, graph.ErrUnknownNode)
	}
	for i, err := range f.ingest(flood...) {
		if !errors.Is(err, want[i]) {
			t.Fatalf("message %d (%T): %v, want %v", i, flood[i], err, want[i])
		}
	}
}
