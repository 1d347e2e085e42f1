package layer3sync

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/btcsuite/btcd/btcec/v2"
	"github.com/btcsuite/btcd/chaincfg"

	"github.com/lnstack/lnstack/interop/simnet"
	transport "github.com/lnstack/lnstack/layer1_transport"
	"github.com/lnstack/lnstack/layer1_transport/netaddr"
	messaging "github.com/lnstack/lnstack/layer2_messaging"
	"github.com/lnstack/lnstack/layer2_messaging/feature"
	"github.com/lnstack/lnstack/layer2_messaging/peer"
	"github.com/lnstack/lnstack/layer2_messaging/wire"
	"github.com/lnstack/lnstack/layer3_p2p/gossip"
	"github.com/lnstack/lnstack/layer3_p2p/gossipsync"
	"github.com/lnstack/lnstack/layer3_p2p/graph"
)

// TestLiveSync: alice and bob (lnd) open a public channel, confirm it 6
// blocks deep and announce it; lnstack connects to alice, runs the query
// sync, validates every message (signatures, and the funding output on
// btcd), and must end with exactly the channels, policies and node
// announcements of `lncli describegraph` on alice and on bob. Then carol,
// a third lnd that knows nobody, connects to lnstack and makes it her
// first (historical) sync peer: lnstack's responder answers her queries
// from its graph, and her describegraph must end equal to it.
func TestLiveSync(t *testing.T) {
	bin := simnet.BinDir(t)
	ctx, cancel := context.WithTimeout(context.Background(), 6*time.Minute)
	defer cancel()
	begin := time.Now()
	network, err := simnet.Start(ctx, t, simnet.Options{Bin: bin, Nodes: 3})
	if err != nil {
		t.Fatal(err)
	}
	alice, bob, carol := network.Nodes[0], network.Nodes[1], network.Nodes[2]
	if err := network.Fund(ctx, alice, 1); err != nil {
		t.Fatal(err)
	}
	if err := network.Connect(ctx, alice, bob); err != nil {
		t.Fatal(err)
	}
	// BOLT #7: "If the funding transaction has less than 6
	// confirmations: MUST NOT send channel_announcement."
	ch, err := network.OpenChannel(ctx, alice, bob, simnet.ChannelOptions{Capacity: 1_000_000, Push: 100_000, Confirmations: 6})
	if err != nil {
		t.Fatal(err)
	}
	for _, n := range []*simnet.Node{alice, bob} {
		if _, err := network.WaitEdge(ctx, n, ch.FundingTxID, true); err != nil {
			t.Fatal(err)
		}
	}
	t.Logf("channel %s announced in both graphs after %v", ch.Point, time.Since(begin).Round(time.Second))

	chain := wire.ChainHash(*chaincfg.SimNetParams.GenesisHash)
	funding := &btcdFunding{btcd: network.Backend, minConf: 6}
	g := graph.New(graph.Config{KeepMessages: true})
	in := graph.NewIngester(g, graph.IngesterConfig{Validator: &gossip.Validator{Chain: chain, Funding: funding}})

	syncStart := time.Now()
	alog := &simnet.NodeLog{Path: alice.LogPath()}
	mark := alog.Mark(t)
	key := testKey("lnstack layer3sync")
	ourHex := hex.EncodeToString(key.PubKey().SerializeCompressed())
	p := dial(ctx, t, alice, key, chain)
	s := syncGraph(ctx, t, p, g, in, chain)
	t.Logf("query sync done in %v (then answering lnd for %v): %+v; lnd sent %v", s.done.Round(time.Millisecond),
		(time.Since(syncStart) - s.done).Round(time.Millisecond), s.result, s.received)

	if s.result.Queried < 1 || s.result.Gossip < 3 {
		t.Errorf("the channel did not come through query_short_channel_ids: %+v", s.result)
	}
	if s.applied < 5 || funding.checked < 1 {
		t.Errorf("%d messages applied, %d funding outputs checked; want the announcement, 2 updates, 2 node announcements", s.applied, funding.checked)
	}
	for _, n := range []*simnet.Node{alice, bob} {
		want, err := n.DescribeGraph(ctx)
		if err != nil {
			t.Fatal(err)
		}
		compareGraph(t, n.Name, g, want)
	}
	p.Close()
	checkLndLog(ctx, t, alog, mark, ourHex)

	serveStart := time.Now()
	served := serveCarol(ctx, t, network, carol, key, g, chain)
	t.Logf("carol synced from lnstack in %v; she sent %v", time.Since(serveStart).Round(time.Millisecond), served)
	if served["query_channel_range"] == 0 || served["query_short_channel_ids"] == 0 {
		t.Errorf("carol did not query lnstack: %v", served)
	}
	t.Logf("whole test %v", time.Since(begin).Round(time.Second))
}

// serveCarol listens for carol, has her connect, answers her queries
// from g until her describegraph holds g's channel with both policies and
// both node announcements, and compares her graph with g. It returns the
// messages carol sent, by name.
func serveCarol(ctx context.Context, t *testing.T, network *simnet.Network, carol *simnet.Node, key *btcec.PrivateKey, g *graph.Graph, chain wire.ChainHash) map[string]int {
	t.Helper()
	clog := &simnet.NodeLog{Path: carol.LogPath()}
	mark := clog.Mark(t)
	l, err := transport.Listen(ctx, "127.0.0.1:0", key)
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	ourHex := hex.EncodeToString(key.PubKey().SerializeCompressed())
	connected := make(chan error, 1)
	go func() {
		_, err := carol.Lncli(ctx, "connect", ourHex+"@"+l.Addr().String())
		connected <- err
	}()
	conn, err := l.Accept()
	if err != nil {
		t.Fatal(err)
	}
	p := startPeer(ctx, t, conn, carol.Name, chain)
	if err := <-connected; err != nil {
		t.Fatalf("lncli connect: %v", err)
	}

	// The responder runs in a goroutine of this function, stopped and
	// waited for before it returns.
	sctx, stop := context.WithCancel(ctx)
	received := map[string]int{}
	finished := make(chan struct{})
	go func() {
		defer close(finished)
		codec, _ := messaging.NewCodec(messaging.Messages(), gossip.Messages())
		r := gossipsync.NewResponder(gossipsync.ResponderConfig{Chain: chain}, g)
		for sctx.Err() == nil {
			rctx, cancel := context.WithTimeout(sctx, 200*time.Millisecond)
			m, err := p.Recv(rctx)
			cancel()
			if err == nil {
				received[codec.Name(m.Type())]++
				if err := r.Handle(m); err != nil {
					t.Errorf("responder: %v", err)
				}
			} else if !errors.Is(err, context.DeadlineExceeded) && !errors.Is(err, context.Canceled) {
				t.Errorf("peer stopped: %v", err)
				return
			}
			for _, out := range r.Next(time.Now(), 0) {
				if err := p.Send(sctx, out); err != nil && sctx.Err() == nil {
					t.Errorf("send %s: %v", codec.Name(out.Type()), err)
					return
				}
			}
		}
	}()
	want, err := waitGraph(ctx, carol, g)
	stop()
	<-finished
	p.Close()
	if err != nil {
		t.Fatal(err)
	}
	compareGraph(t, carol.Name, g, want)
	checkLndLog(ctx, t, clog, mark, ourHex)
	return received
}

// testKey derives a fixed node key from label.
func testKey(label string) *btcec.PrivateKey {
	sum := sha256.Sum256([]byte(label))
	k, _ := btcec.PrivKeyFromBytes(sum[:])
	return k
}

// dial connects to an lnd node over BOLT #8 and runs the init exchange
// with gossip_queries offered, so that lnd answers queries.
func dial(ctx context.Context, t *testing.T, node *simnet.Node, key *btcec.PrivateKey, chain wire.ChainHash) *peer.Peer {
	t.Helper()
	remote, err := netaddr.ParsePubKey(node.PubKey)
	if err != nil {
		t.Fatal(err)
	}
	addr, err := netaddr.ParseAddress(node.P2PAddr)
	if err != nil {
		t.Fatal(err)
	}
	conn, err := transport.Dial(ctx, nil, addr, remote, key)
	if err != nil {
		t.Fatal(err)
	}
	return startPeer(ctx, t, conn, node.Name, chain)
}

// startPeer runs the init exchange over conn with gossip_queries offered,
// so that lnd answers queries and queries us.
func startPeer(ctx context.Context, t *testing.T, conn peer.MessageConn, name string, chain wire.ChainHash) *peer.Peer {
	t.Helper()
	codec, err := messaging.NewCodec(messaging.Messages(), gossip.Messages())
	if err != nil {
		t.Fatal(err)
	}
	p, err := peer.New(conn, peer.Config{
		Codec: codec,
		// lnd requires data_loss_protect (or disconnects), var_onion_optin,
		// static_remotekey and payment_secret; gossip_queries makes it
		// sync with us.
		Features: feature.New(feature.DataLossProtect.Optional(), feature.GossipQueries.Optional(), feature.VarOnionOptin,
			feature.StaticRemoteKey.Optional(), feature.PaymentSecret.Optional(), feature.ChannelType.Optional()),
		Chains:      []wire.ChainHash{chain},
		InitTimeout: time.Minute,
		RecvBuffer:  256,
	})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { p.Close() })
	if err := p.Start(ctx); err != nil {
		t.Fatalf("init with %s: %v", name, err)
	}
	if !p.RemoteFeatures().Has(feature.GossipQueries) {
		t.Fatalf("%s does not offer gossip_queries: %v", name, p.RemoteFeatures())
	}
	return p
}

// waitGraph waits until node's describegraph has as many channels as g,
// each with both policies, and as many announced nodes, and returns it.
func waitGraph(ctx context.Context, node *simnet.Node, g *graph.Graph) (*simnet.Graph, error) {
	st := g.Stats()
	ctx, cancel := context.WithTimeout(ctx, 90*time.Second)
	defer cancel()
	for {
		dg, err := node.DescribeGraph(ctx)
		if err != nil {
			return nil, err
		}
		complete, announced := 0, 0
		for _, e := range dg.Edges {
			if e.Node1Policy != nil && e.Node2Policy != nil {
				complete++
			}
		}
		inEdges := nodesWithChannels(dg)
		for _, n := range dg.Nodes {
			if n.LastUpdate != 0 && inEdges[n.PubKey] {
				announced++
			}
		}
		if complete == st.Channels && len(dg.Edges) == st.Channels && announced == st.AnnouncedNodes {
			return dg, nil
		}
		select {
		case <-ctx.Done():
			return nil, fmt.Errorf("%s's graph: %d of %d channels complete, %d of %d nodes announced: %w",
				node.Name, complete, st.Channels, announced, st.AnnouncedNodes, ctx.Err())
		case <-time.After(300 * time.Millisecond):
		}
	}
}

// syncStats is what syncGraph saw.
type syncStats struct {
	result   gossipsync.Result
	received map[string]int
	applied  int
	// done is how long the query sync took, from query_channel_range to
	// the filter.
	done time.Duration
}

// syncGraph drives a Querier and a Responder over p until the query sync
// is done, feeding the gossip to the Ingester, then answers lnd's own
// queries for a moment. Messages the graph ignores as known or outdated
// (lnd's own gossip sent again) are fine; any other refusal fails the
// test.
func syncGraph(ctx context.Context, t *testing.T, p *peer.Peer, g *graph.Graph, in *graph.Ingester, chain wire.ChainHash) syncStats {
	t.Helper()
	codec, _ := messaging.NewCodec(messaging.Messages(), gossip.Messages())
	s := syncStats{received: map[string]int{}}
	q := gossipsync.NewQuerier(gossipsync.QuerierConfig{Chain: chain, ReplyTimeout: 30 * time.Second}, g)
	r := gossipsync.NewResponder(gossipsync.ResponderConfig{Chain: chain}, g)
	send := func(ms []messaging.Message) {
		for _, m := range ms {
			if err := p.Send(ctx, m); err != nil {
				t.Fatalf("send %s: %v", codec.Name(m.Type()), err)
			}
		}
	}
	start := time.Now()
	out, err := q.Start(start)
	if err != nil {
		t.Fatal(err)
	}
	send(out)
	var quietSince time.Time
	for {
		done := q.State() == gossipsync.StateDone
		if done && s.done == 0 {
			s.done = time.Since(start)
		}
		if done && !r.Pending() {
			if quietSince.IsZero() {
				quietSince = time.Now()
			}
			if time.Since(quietSince) > 2*time.Second {
				break
			}
		}
		rctx, cancel := context.WithTimeout(ctx, 500*time.Millisecond)
		m, err := p.Recv(rctx)
		cancel()
		now := time.Now()
		if err != nil {
			if errors.Is(err, context.DeadlineExceeded) && ctx.Err() == nil {
				if err := q.Tick(now); err != nil {
					t.Fatalf("querier: %v", err)
				}
				send(r.Next(now, 0))
				continue
			}
			t.Fatalf("peer stopped: %v", err)
		}
		quietSince = time.Time{}
		s.received[codec.Name(m.Type())]++
		switch m.(type) {
		case *gossip.ChannelAnnouncement, *gossip.ChannelUpdate, *gossip.NodeAnnouncement:
			err := in.Ingest(ctx, []messaging.Message{m})[0]
			switch {
			case err == nil:
				s.applied++
			case errors.Is(err, graph.ErrKnownChannel), errors.Is(err, gossip.ErrOutdated), errors.Is(err, gossip.ErrDuplicate):
				t.Logf("ignored: %v", err)
			default:
				t.Errorf("refused: %v", err)
			}
		case *messaging.Warning, *messaging.Error:
			t.Errorf("lnd sent %s: %v", codec.Name(m.Type()), m)
		}
		out, err := q.Handle(now, m)
		if err != nil {
			t.Fatalf("querier: %v", err)
		}
		send(out)
		if err := r.Handle(m); err != nil {
			t.Errorf("responder: %v", err)
		}
		send(r.Next(now, 0))
	}
	s.result = q.Result()
	return s
}

// compareGraph checks that the graph has exactly the channels, policies
// and announced nodes of lnd's describegraph.
func compareGraph(t *testing.T, who string, g *graph.Graph, want *simnet.Graph) {
	t.Helper()
	g.View(func(v *graph.View) {
		if v.NumChannels() != len(want.Edges) {
			t.Errorf("%s: %d channels in lnstack's graph, describegraph has %d", who, v.NumChannels(), len(want.Edges))
		}
		for _, e := range want.Edges {
			scid := wire.ShortChannelID(e.ChannelID)
			c, ok := v.ChannelBySCID(scid)
			if !ok {
				t.Errorf("%s: channel %s (%s) missing", who, scid, e.ChanPoint)
				continue
			}
			n1, n2 := v.Endpoints(c)
			if n1.String() != e.Node1Pub || n2.String() != e.Node2Pub {
				t.Errorf("%s: channel %s between %s and %s, describegraph says %s and %s", who, scid, n1, n2, e.Node1Pub, e.Node2Pub)
			}
			if uint64(c.Capacity) != uint64(e.Capacity) {
				t.Errorf("%s: channel %s capacity %d, describegraph %d", who, scid, c.Capacity, e.Capacity)
			}
			for dir, lp := range [2]*simnet.RoutingPolicy{e.Node1Policy, e.Node2Policy} {
				if d := policyDiff(c.Policies[dir], lp); d != "" {
					t.Errorf("%s: channel %s direction %d: %s", who, scid, dir, d)
				}
			}
			t.Logf("%s: channel %s capacity %d: policies %+v", who, scid, c.Capacity, c.Policies)
		}
		// lnd lists its own node even without public channels; the graph
		// keeps the nodes of its channels only (BOLT #7: a
		// node_announcement whose node_id "is NOT previously known from a
		// channel_announcement message" is ignored).
		announced := 0
		inEdges := nodesWithChannels(want)
		for _, nd := range want.Nodes {
			if nd.LastUpdate == 0 || !inEdges[nd.PubKey] {
				continue
			}
			announced++
			id, err := pointFromHex(nd.PubKey)
			if err != nil {
				t.Fatal(err)
			}
			n, ok := v.NodeByID(id)
			if !ok {
				t.Errorf("%s: node %s (%s) missing", who, nd.Alias, nd.PubKey)
				continue
			}
			info := v.Node(n)
			color := fmt.Sprintf("#%02x%02x%02x", info.RGBColor[0], info.RGBColor[1], info.RGBColor[2])
			if !info.Announced || info.Alias != nd.Alias || uint64(info.Timestamp) != uint64(nd.LastUpdate) || color != nd.Color {
				t.Errorf("%s: node %s: alias %q timestamp %d color %s; describegraph %q %d %s",
					who, nd.PubKey, info.Alias, info.Timestamp, color, nd.Alias, nd.LastUpdate, nd.Color)
			}
		}
		ours := 0
		for n := range v.NodeLimit() {
			if v.Degree(graph.NodeIndex(n)) > 0 && v.Node(graph.NodeIndex(n)).Announced {
				ours++
			}
		}
		if ours != announced {
			t.Errorf("%s: %d announced nodes in lnstack's graph, describegraph has %d", who, ours, announced)
		}
	})
}

// nodesWithChannels returns the node ids that are ends of describegraph's
// channels.
func nodesWithChannels(g *simnet.Graph) map[string]bool {
	m := map[string]bool{}
	for _, e := range g.Edges {
		m[e.Node1Pub], m[e.Node2Pub] = true, true
	}
	return m
}

// policyDiff compares one direction with describegraph's.
func policyDiff(p graph.Policy, lp *simnet.RoutingPolicy) string {
	if lp == nil {
		if p.Known() {
			return "lnstack has a policy, describegraph none"
		}
		return ""
	}
	got := fmt.Sprintf("delta %d min %d max %d base %d ppm %d disabled %v update %d",
		p.CLTVExpiryDelta, p.HTLCMinimumMsat, p.HTLCMaximumMsat, p.FeeBaseMsat, p.FeeProportionalMillionths, p.Disabled(), p.Timestamp)
	want := fmt.Sprintf("delta %d min %d max %d base %d ppm %d disabled %v update %d",
		lp.TimeLockDelta, lp.MinHTLC, lp.MaxHTLCMsat, lp.FeeBaseMsat, lp.FeeRateMilliMsat, lp.Disabled, lp.LastUpdate)
	if got != want {
		return "lnstack " + got + "; describegraph " + want
	}
	return ""
}

func pointFromHex(s string) (wire.Point, error) {
	var p wire.Point
	b, err := hex.DecodeString(s)
	if err != nil || len(b) != len(p) {
		return p, fmt.Errorf("node id %q", s)
	}
	copy(p[:], b)
	return p, nil
}

// checkLndLog waits until lnd is done with our connection, fails for
// every error line it logged about us, and logs its gossip syncer's lines
// about us.
func checkLndLog(ctx context.Context, t *testing.T, log *simnet.NodeLog, mark int64, pubKey string) {
	t.Helper()
	log.WaitDisconnect(ctx, t, mark, pubKey)
	log.CheckNoErrors(t, mark, pubKey)
	for _, line := range log.LinesSince(t, mark) {
		if strings.Contains(line, "DISC: ") && strings.Contains(line, pubKey) {
			t.Logf("lnd: %s", line)
		}
	}
}
