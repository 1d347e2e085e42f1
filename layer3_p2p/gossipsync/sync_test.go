package gossipsync_test

import (
	"context"
	"errors"
	"math/rand/v2"
	"testing"
	"time"

	messaging "github.com/lnstack/lnstack/layer2_messaging"
	"github.com/lnstack/lnstack/layer2_messaging/wire"
	"github.com/lnstack/lnstack/layer3_p2p/gossip"
	"github.com/lnstack/lnstack/layer3_p2p/gossipsync"
	"github.com/lnstack/lnstack/layer3_p2p/graph"
	"github.com/lnstack/lnstack/layer3_p2p/graph/graphtest"
	"github.com/lnstack/lnstack/layer3_p2p/graph/snapshot"
)

// synth returns a random topology of n channels among n/3+2 nodes,
// several channels per block (and one block with 40, to be split across
// replies), every node announced.
func synth(n int, seed uint64) *snapshot.Topology {
	rng := rand.New(rand.NewPCG(seed, 1))
	nodes := n/3 + 2
	t := &snapshot.Topology{Nodes: make([]snapshot.Node, nodes)}
	for i := range t.Nodes {
		t.Nodes[i] = snapshot.Node{Name: string(rune('a' + i%26)), Announced: true, Alias: "node", Timestamp: 1_600_000_000 + uint32(i)}
	}
	block, tx := uint32(600_000), uint32(0)
	for i := range n {
		switch {
		case i >= n/2 && i < n/2+40:
			tx++ // one crowded block
		case rng.IntN(3) == 0:
			tx++
		default:
			block += 1 + uint32(rng.IntN(50))
			tx = 0
		}
		a := rng.IntN(nodes)
		b := (a + 1 + rng.IntN(nodes-1)) % nodes
		scid, _ := wire.NewShortChannelID(block, tx, uint16(rng.IntN(2)))
		pol := func() *snapshot.Policy {
			return &snapshot.Policy{Timestamp: 1_650_000_000 + uint32(rng.IntN(1000)), FeeBaseMsat: uint32(rng.IntN(2000)),
				FeeProportionalMillionths: uint32(rng.IntN(5000)), CLTVExpiryDelta: uint16(18 + rng.IntN(200)),
				HTLCMinimumMsat: 1000, HTLCMaximumMsat: 100_000_000}
		}
		c := snapshot.Channel{SCID: scid, Nodes: [2]int{a, b}, Capacity: 200_000, Policies: [2]*snapshot.Policy{pol(), pol()}}
		if rng.IntN(10) == 0 {
			c.Policies[rng.IntN(2)] = nil
		}
		t.Channels = append(t.Channels, c)
	}
	return t
}

// peers is a remote graph with a Responder and a local one with a
// Querier, connected in memory through the codec.
type peers struct {
	t      *testing.T
	codec  *messaging.Codec
	remote *graph.Graph
	local  *graph.Graph
	in     *graph.Ingester
	r      *gossipsync.Responder
	q      *gossipsync.Querier
	now    time.Time
}

func newPeers(t *testing.T, remote, local *graph.Graph, gsp *graphtest.Gossip, qc gossipsync.QuerierConfig, rc gossipsync.ResponderConfig) *peers {
	codec, err := messaging.NewCodec(messaging.Messages(), gossip.Messages())
	if err != nil {
		t.Fatal(err)
	}
	qc.Chain, rc.Chain = gsp.Chain, gsp.Chain
	return &peers{
		t: t, codec: codec, remote: remote, local: local,
		in:  graph.NewIngester(local, graph.IngesterConfig{Validator: gsp.Validator()}),
		r:   gossipsync.NewResponder(rc, remote),
		q:   gossipsync.NewQuerier(qc, local),
		now: time.Unix(1_700_000_000, 0),
	}
}

// wire sends m through the codec, as a connection would.
func (p *peers) wire(m messaging.Message) messaging.Message {
	p.t.Helper()
	frame, err := p.codec.Encode(nil, m)
	if err != nil {
		p.t.Fatalf("encode %T: %v", m, err)
	}
	got, err := p.codec.Decode(frame)
	if err != nil {
		p.t.Fatalf("decode %T: %v", m, err)
	}
	return got
}

// sync runs the querier against the responder until the querier is done,
// ingesting the gossip into the local graph, and returns the messages
// the querier sent.
func (p *peers) sync() []messaging.Message {
	p.t.Helper()
	sent, err := p.q.Start(p.now)
	if err != nil {
		p.t.Fatal(err)
	}
	all := sent
	for step := 0; p.q.State() != gossipsync.StateDone; step++ {
		if step > 100_000 {
			p.t.Fatal("sync does not end")
		}
		for _, m := range sent {
			if err := p.r.Handle(p.wire(m)); err != nil {
				p.t.Fatalf("responder: %v", err)
			}
		}
		sent = nil
		replies := p.r.Next(p.now, 50)
		if len(replies) == 0 {
			if p.q.State() != gossipsync.StateDone {
				p.t.Fatalf("responder idle, querier in state %s", p.q.State())
			}
			break
		}
		var batch []messaging.Message
		for _, m := range replies {
			m = p.wire(m)
			switch m.(type) {
			case *gossip.ChannelAnnouncement, *gossip.ChannelUpdate, *gossip.NodeAnnouncement:
				batch = append(batch, m)
			}
		}
		for i, err := range p.in.Ingest(context.Background(), batch) {
			// The node_announcement of a node with channels in two
			// batches comes twice: BOLT #7 only asks to "avoid sending
			// duplicate node_announcements in response to a single
			// query_short_channel_ids".
			_, isNode := batch[i].(*gossip.NodeAnnouncement)
			if err != nil && !(isNode && errors.Is(err, gossip.ErrOutdated)) {
				p.t.Errorf("ingest %T: %v", batch[i], err)
			}
		}
		for _, m := range replies {
			out, err := p.q.Handle(p.now, p.wire(m))
			if err != nil {
				p.t.Fatalf("querier: %v", err)
			}
			sent = append(sent, out...)
			all = append(all, out...)
		}
		p.now = p.now.Add(10 * time.Millisecond)
	}
	for _, m := range sent {
		if err := p.r.Handle(p.wire(m)); err != nil {
			p.t.Fatalf("responder: %v", err)
		}
	}
	return all
}

// sameGraph checks that two graphs hold the same channels, policies and
// node announcements.
func sameGraph(t *testing.T, want, got *graph.Graph) {
	t.Helper()
	if ws, gs := want.Stats(), got.Stats(); ws != gs {
		t.Errorf("stats %+v, want %+v", gs, ws)
	}
	want.View(func(wv *graph.View) {
		got.View(func(gv *graph.View) {
			wv.Channels(func(wc graph.Channel) bool {
				gc, ok := gv.ChannelBySCID(wc.SCID)
				if !ok {
					t.Errorf("channel %s missing", wc.SCID)
					return true
				}
				w1, w2 := wv.Endpoints(wc)
				g1, g2 := gv.Endpoints(gc)
				if w1 != g1 || w2 != g2 || wc.Capacity != gc.Capacity || wc.Policies != gc.Policies {
					t.Errorf("channel %s differs", wc.SCID)
				}
				for _, id := range [2]wire.Point{w1, w2} {
					wn, _ := wv.NodeByID(id)
					gn, _ := gv.NodeByID(id)
					if wi, gi := wv.Node(wn), gv.Node(gn); wi.Timestamp != gi.Timestamp || wi.Alias != gi.Alias {
						t.Errorf("node %s: %+v, want %+v", id, gi, wi)
					}
				}
				return true
			})
		})
	})
}

// TestSync syncs an empty graph from a full one, with small replies and
// batches so that the crowded block is split over replies, then checks
// the local graph equals the remote one.
func TestSync(t *testing.T) {
	const n = 150
	top := synth(n, 1)
	remote, gsp := graphtest.Load(t, top, graph.Config{KeepMessages: true})
	local := graph.New(graph.Config{KeepMessages: true})
	p := newPeers(t, remote, local, gsp,
		gossipsync.QuerierConfig{BatchSize: 17, FirstBlock: 1000},
		gossipsync.ResponderConfig{MaxReplyIDs: 8})
	sent := p.sync()
	sameGraph(t, remote, local)
	res := p.q.Result()
	if res.Channels != n || res.Queried != n || res.Batches != (n+16)/17 || !res.FullInformation {
		t.Errorf("result %+v", res)
	}
	if res.Replies < n/8 {
		t.Errorf("%d replies for %d channels at 8 per reply", res.Replies, n)
	}
	f, ok := sent[len(sent)-1].(*gossip.GossipTimestampFilter)
	if !ok || f.FirstTimestamp != uint32(p.now.Unix()) || f.TimestampRange != 1<<32-1 {
		t.Errorf("last message sent: %+v, want a filter from now on", sent[len(sent)-1])
	}
	if got, ok := p.r.Filter(); !ok || got.FirstTimestamp != f.FirstTimestamp || got.TimestampRange != f.TimestampRange {
		t.Errorf("responder's filter %+v, %v", got, ok)
	}

	// A second sync finds nothing to fetch.
	again := newPeers(t, remote, local, gsp, gossipsync.QuerierConfig{}, gossipsync.ResponderConfig{})
	again.sync()
	if res := again.q.Result(); res.Queried != 0 || res.Channels != n {
		t.Errorf("second sync: %+v", res)
	}
}

// TestSyncTimestamps syncs with timestamps after some remote channels got
// newer updates: only those updates are fetched, with query_flags.
func TestSyncTimestamps(t *testing.T) {
	top := synth(60, 2)
	remote, gsp := graphtest.Load(t, top, graph.Config{KeepMessages: true})
	local := graph.New(graph.Config{KeepMessages: true})
	first := newPeers(t, remote, local, gsp, gossipsync.QuerierConfig{}, gossipsync.ResponderConfig{})
	first.sync()

	// Newer updates for 10 channels on the remote side only.
	in := graph.NewIngester(remote, graph.IngesterConfig{Validator: gsp.Validator()})
	keys := map[wire.Point]int{}
	for i, k := range gsp.NodeKeys {
		keys[wire.PointFromPubKey(k.PubKey())] = i
	}
	changed := map[wire.ShortChannelID]bool{}
	for _, u := range gsp.Updates[:10] {
		nu := *u
		nu.Timestamp += 100
		nu.FeeBaseMsat += 7
		ann, _, _ := remote.ChannelGossip(u.ShortChannelID)
		id := ann.NodeID1
		if u.Direction() == gossip.Node2 {
			id = ann.NodeID2
		}
		if err := gossip.SignChannelUpdate(&nu, gsp.NodeKeys[keys[id]]); err != nil {
			t.Fatal(err)
		}
		if err := in.Ingest(context.Background(), []messaging.Message{&nu})[0]; err != nil {
			t.Fatal(err)
		}
		changed[u.ShortChannelID] = true
	}
	p := newPeers(t, remote, local, gsp, gossipsync.QuerierConfig{Timestamps: true}, gossipsync.ResponderConfig{})
	sent := p.sync()
	sameGraph(t, remote, local)
	res := p.q.Result()
	if res.Queried != len(changed) {
		t.Errorf("queried %d channels, %d changed", res.Queried, len(changed))
	}
	// Only the updates come back: no announcements.
	if res.Gossip != 10 {
		t.Errorf("%d gossip messages, want the 10 updates", res.Gossip)
	}
	for _, m := range sent {
		if q, ok := m.(*gossip.QueryShortChannelIDs); ok && !q.TLVs.HasQueryFlags {
			t.Error("query without query_flags in timestamp mode")
		}
	}
}

// TestSyncCLN syncs the first channels of the mainnet snapshot.
func TestSyncCLN(t *testing.T) {
	if raceEnabled {
		t.Skip("mainnet snapshot test skipped under -race (minutes of signing and JSON parsing)")
	}
	top := graphtest.CLN(t).Head(150)
	remote, gsp := graphtest.Load(t, top, graph.Config{KeepMessages: true})
	local := graph.New(graph.Config{KeepMessages: true})
	p := newPeers(t, remote, local, gsp, gossipsync.QuerierConfig{}, gossipsync.ResponderConfig{})
	p.sync()
	sameGraph(t, remote, local)
}

// TestResponderBudget gives out no more than the budget.
func TestResponderBudget(t *testing.T) {
	top := synth(60, 3)
	remote, gsp := graphtest.Load(t, top, graph.Config{KeepMessages: true})
	r := gossipsync.NewResponder(gossipsync.ResponderConfig{Chain: gsp.Chain, ReplyRate: 10, ReplyBurst: 20}, remote)
	ids := make([]wire.ShortChannelID, 0, len(top.Channels))
	for _, c := range top.Channels {
		ids = append(ids, c.SCID)
	}
	q, err := gossip.NewQueryShortChannelIDs(gsp.Chain, gossip.QueryContents{IDs: ids})
	if err != nil {
		t.Fatal(err)
	}
	if err := r.Handle(q); err != nil {
		t.Fatal(err)
	}
	now := time.Unix(1_700_000_000, 0)
	if n := len(r.Next(now, 0)); n != 20 {
		t.Errorf("%d messages at once, want the burst of 20", n)
	}
	if n := len(r.Next(now, 0)); n != 0 {
		t.Errorf("%d more messages with the budget spent", n)
	}
	if n := len(r.Next(now.Add(time.Second), 0)); n != 10 {
		t.Errorf("%d messages a second later, want 10", n)
	}
	if !r.Pending() {
		t.Error("nothing pending with replies left")
	}
	if err := r.Handle(q); !errors.Is(err, gossipsync.ErrConcurrentQuery) {
		t.Errorf("second query meanwhile: %v, want ErrConcurrentQuery", err)
	}
}
