package sim

import (
	"context"
	"fmt"
	"net/netip"
	"strings"
	"sync"
	"time"

	"github.com/btcsuite/btcd/btcec/v2"

	transport "github.com/lnstack/lnstack/layer1_transport"
	"github.com/lnstack/lnstack/layer1_transport/netaddr"
	"github.com/lnstack/lnstack/layer1_transport/noise"
	messaging "github.com/lnstack/lnstack/layer2_messaging"
	"github.com/lnstack/lnstack/layer2_messaging/feature"
	"github.com/lnstack/lnstack/layer2_messaging/peer"
	"github.com/lnstack/lnstack/layer2_messaging/wire"
	"github.com/lnstack/lnstack/layer3_p2p/channelmsg"
	"github.com/lnstack/lnstack/layer3_p2p/gossip"
	"github.com/lnstack/lnstack/layer3_p2p/graph"
	"github.com/lnstack/lnstack/layer4_routing/pathfind"
	"github.com/lnstack/lnstack/layer4_routing/sphinx"
	"github.com/lnstack/lnstack/layer5_payment/receive"
)

// Node is one node of the network: its keys, listener and peers, its
// graph, its invoices, its channels' view and the HTLCs it forwards.
type Node struct {
	Name string
	ID   wire.Point

	nw        *Network
	key       *btcec.PrivateKey
	onion     *sphinx.NodeKey
	ln        *transport.Listener
	codec     *messaging.Codec
	graph     *graph.Graph
	ingest    *graph.Ingester
	invoices  *receive.Registry
	liquidity *pathfind.Liquidity

	payMu  sync.Mutex // one payment at a time uses finder
	finder *pathfind.Finder

	gossipMu sync.Mutex // one gossip message at a time, in and out

	mu      sync.Mutex
	stopped bool
	peers   map[wire.Point]*peer.Peer
	chans   map[wire.ShortChannelID]*channel
	byCID   map[wire.ChannelID]*channel
	fwd     map[htlcRef]incoming // HTLCs offered onward, by outgoing HTLC
	pays    map[htlcRef]payRef   // HTLCs of this node's payments
	final   map[htlcRef]incoming // HTLCs held for this node's invoices
	gossipN int                  // gossip messages accepted
	wg      sync.WaitGroup
}

// expireEvery is how often held HTLC sets are checked for the MPP timeout.
const expireEvery = time.Second

// features are what every node offers in init: BOLT #9 has
// var_onion_optin and payment_secret ASSUMED, basic_mpp optional.
func features() feature.Vector {
	v := feature.New(feature.VarOnionOptin, feature.PaymentSecret)
	v.Set(feature.BasicMPP.Optional())
	return v
}

func newNode(ctx context.Context, nw *Network, name string) (*Node, error) {
	key := nodeKey("node " + name)
	onion, err := sphinx.NewNodeKey(key)
	if err != nil {
		return nil, err
	}
	codec, err := messaging.NewCodec(messaging.Messages(), gossip.Messages(), channelmsg.Messages())
	if err != nil {
		return nil, err
	}
	g := graph.New(graph.Config{})
	n := &Node{
		Name: name, ID: wire.PointFromPubKey(key.PubKey()), nw: nw, key: key, onion: onion, codec: codec,
		graph:     g,
		ingest:    graph.NewIngester(g, graph.IngesterConfig{Validator: &gossip.Validator{Chain: nw.chain, Funding: nw}, Workers: 1}),
		invoices:  receive.NewRegistry(receive.Config{}),
		liquidity: pathfind.NewLiquidity(0),
		finder:    pathfind.NewFinder(),
		peers:     map[wire.Point]*peer.Peer{},
		chans:     map[wire.ShortChannelID]*channel{},
		byCID:     map[wire.ChannelID]*channel{},
		fwd:       map[htlcRef]incoming{},
		pays:      map[htlcRef]payRef{},
		final:     map[htlcRef]incoming{},
	}
	n.ln, err = transport.Listen(ctx, "127.0.0.1:0", key)
	if err != nil {
		return nil, err
	}
	n.wg.Add(2)
	go n.acceptLoop()
	go n.expireLoop()
	return n, nil
}

// expireLoop fails the multi-part payments that waited too long for their
// other parts (receive.Registry.Tick, BOLT #4 mpp_timeout).
func (n *Node) expireLoop() {
	defer n.wg.Done()
	t := time.NewTicker(expireEvery)
	defer t.Stop()
	for {
		select {
		case <-n.nw.ctx.Done():
			return
		case now := <-t.C:
			n.resolve(receive.Resolution{Fail: n.invoices.Tick(now)})
		}
	}
}

// acceptLoop serves every connection the listener authenticates.
func (n *Node) acceptLoop() {
	defer n.wg.Done()
	for {
		c, err := n.ln.Accept()
		if err != nil {
			return
		}
		n.wg.Add(1)
		go n.serve(c, false)
	}
}

// dial connects to m: the BOLT #8 handshake as initiator, then serve.
func (n *Node) dial(ctx context.Context, m *Node) error {
	ap, err := netip.ParseAddrPort(m.ln.Addr().String())
	if err != nil {
		return err
	}
	addr, err := netaddr.FromAddrPort(ap)
	if err != nil {
		return err
	}
	remote, err := m.ID.PubKey()
	if err != nil {
		return err
	}
	c, err := transport.Dial(ctx, nil, addr, remote, n.key)
	if err != nil {
		return fmt.Errorf("sim: %s dials %s: %w", n.Name, m.Name, err)
	}
	n.nw.trace(1, 8, "%s -> %s: Noise_XK handshake complete (act one %d B, act two %d B, act three %d B) over %s; both static keys authenticated",
		n.Name, m.Name, noise.ActOneSize, noise.ActTwoSize, noise.ActThreeSize, addr)
	n.wg.Add(1)
	go n.serve(c, true)
	return nil
}

// serve runs one connection at layer 2 and hands its messages to handle
// until it ends.
func (n *Node) serve(c *noise.Conn, initiator bool) {
	defer n.wg.Done()
	p, err := peer.New(c, peer.Config{Codec: n.codec, Features: features(), Chains: []wire.ChainHash{n.nw.chain}, PingInterval: -1})
	if err != nil {
		c.Close()
		return
	}
	defer p.Close()
	if err := p.Start(n.nw.ctx); err != nil {
		return
	}
	remote := wire.PointFromPubKey(c.RemotePub())
	n.mu.Lock()
	if n.stopped {
		n.mu.Unlock()
		return
	}
	n.peers[remote] = p
	n.mu.Unlock()
	defer func() {
		n.mu.Lock()
		if n.peers[remote] == p {
			delete(n.peers, remote)
		}
		n.mu.Unlock()
	}()
	if initiator {
		n.nw.trace(2, 1, "%s <-> %s: init exchanged, negotiated features: %s",
			n.Name, n.nw.name(remote), strings.Join(p.Negotiated().Names(), ", "))
	}
	for {
		m, err := p.Recv(n.nw.ctx)
		if err != nil {
			return
		}
		n.handle(remote, m)
	}
}

// handle dispatches one message from peer from.
func (n *Node) handle(from wire.Point, m messaging.Message) {
	switch m := m.(type) {
	case *gossip.ChannelAnnouncement, *gossip.ChannelUpdate:
		n.gossipIn(from, m)
	case *channelmsg.UpdateAddHTLC:
		n.onAdd(from, m)
	case *channelmsg.UpdateFulfillHTLC:
		n.onFulfill(m)
	case *channelmsg.UpdateFailHTLC:
		n.onFail(m)
	case *channelmsg.UpdateFailMalformedHTLC:
		n.onMalformed(m)
	}
}

// send sends m to peer to.
func (n *Node) send(to wire.Point, m messaging.Message) error {
	n.mu.Lock()
	p := n.peers[to]
	n.mu.Unlock()
	if p == nil {
		return fmt.Errorf("%w: %s -> %s", ErrOffline, n.Name, n.nw.name(to))
	}
	return p.Send(n.nw.ctx, m)
}

// stop closes the listener and every connection.
func (n *Node) stop() {
	n.mu.Lock()
	n.stopped = true
	peers := make([]*peer.Peer, 0, len(n.peers))
	for _, p := range n.peers {
		peers = append(peers, p)
	}
	n.mu.Unlock()
	if n.ln != nil {
		n.ln.Close()
	}
	for _, p := range peers {
		p.Close()
	}
}

func (n *Node) peerCount() int {
	n.mu.Lock()
	defer n.mu.Unlock()
	return len(n.peers)
}

func (n *Node) hasPeer(id wire.Point) bool {
	n.mu.Lock()
	defer n.mu.Unlock()
	return n.peers[id] != nil
}

// neighbours returns the distinct nodes n has channels with.
func (n *Node) neighbours() []*Node {
	seen := map[*Node]bool{}
	var out []*Node
	for _, c := range n.nw.chans {
		for i, e := range c.ends {
			if e == n && !seen[c.ends[1-i]] {
				seen[c.ends[1-i]] = true
				out = append(out, c.ends[1-i])
			}
		}
	}
	return out
}
