package sim

import (
	"context"
	"crypto/sha256"
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/btcsuite/btcd/btcec/v2"

	"github.com/lnstack/lnstack/layer2_messaging/wire"
	"github.com/lnstack/lnstack/layer3_p2p/amount"
	"github.com/lnstack/lnstack/layer3_p2p/gossip"
	"github.com/lnstack/lnstack/layer5_payment/bolt11"
	"github.com/lnstack/lnstack/layer5_payment/pay"
)

// Defaults for the zero values of Config and ChannelSpec.
const (
	DefaultHeight    = 800_000
	DefaultCLTVDelta = 40
	// setupTimeout bounds connecting the nodes and flooding the gossip.
	setupTimeout = 20 * time.Second
)

// Errors of the simulation.
var (
	// ErrUnknownNode: no node has the name given.
	ErrUnknownNode = errors.New("sim: unknown node")
	// ErrUnknownChannel: the two nodes named share no channel.
	ErrUnknownChannel = errors.New("sim: no channel between the nodes")
	// ErrOffline: the node or its peer is stopped.
	ErrOffline = errors.New("sim: node offline")
)

// ChannelSpec is one channel of the network.
type ChannelSpec struct {
	// A and B are the names of its ends; A opened it and holds the whole
	// capacity at first.
	A, B        string
	CapacitySat amount.Satoshi
	// The relay policy both ends announce: fees and cltv_expiry_delta
	// (DefaultCLTVDelta).
	FeeBaseMsat, FeePPM uint32
	CLTVDelta           uint16
}

// Config describes a network.
type Config struct {
	Nodes    []string
	Channels []ChannelSpec
	// Height is the block height every node sees (DefaultHeight).
	Height uint32
	// Trace, when set, receives what each layer does, one event at a
	// time.
	Trace func(Event)
}

// Network is a set of running nodes.
type Network struct {
	cfg     Config
	chain   wire.ChainHash
	ctx     context.Context
	cancel  context.CancelFunc
	nodes   []*Node
	byName  map[string]*Node
	byID    map[wire.Point]*Node
	chans   []*channel
	byScid  map[wire.ShortChannelID]*channel
	traceMu sync.Mutex
}

// New starts the nodes of cfg on 127.0.0.1, connects the ends of every
// channel and floods the channels' gossip until every node's graph has
// all of them. Close stops it.
func New(ctx context.Context, cfg Config) (*Network, error) {
	if cfg.Height == 0 {
		cfg.Height = DefaultHeight
	}
	nw := &Network{cfg: cfg, byName: map[string]*Node{}, byID: map[wire.Point]*Node{}, byScid: map[wire.ShortChannelID]*channel{}}
	nw.chain = wire.ChainHash(*bolt11.Regtest.Params().GenesisHash)
	nw.ctx, nw.cancel = context.WithCancel(context.Background())
	for _, name := range cfg.Nodes {
		if _, dup := nw.byName[name]; dup {
			nw.Close()
			return nil, fmt.Errorf("sim: node %q twice", name)
		}
		n, err := newNode(ctx, nw, name)
		if err != nil {
			nw.Close()
			return nil, err
		}
		nw.nodes = append(nw.nodes, n)
		nw.byName[name], nw.byID[n.ID] = n, n
	}
	for i, spec := range cfg.Channels {
		if err := nw.addChannel(i, spec); err != nil {
			nw.Close()
			return nil, err
		}
	}
	setup, cancel := context.WithTimeout(ctx, setupTimeout)
	defer cancel()
	if err := nw.connect(setup); err != nil {
		nw.Close()
		return nil, err
	}
	if err := nw.announce(setup); err != nil {
		nw.Close()
		return nil, err
	}
	return nw, nil
}

// nodeKey derives a node's key from its name, so that runs are repeatable.
func nodeKey(label string) *btcec.PrivateKey {
	h := sha256.Sum256([]byte("lnstack sim " + label))
	k, _ := btcec.PrivKeyFromBytes(h[:])
	return k
}

// addChannel creates channel i of spec between two nodes.
func (nw *Network) addChannel(i int, spec ChannelSpec) error {
	a, b := nw.byName[spec.A], nw.byName[spec.B]
	if a == nil || b == nil || a == b {
		return fmt.Errorf("%w: channel %s-%s", ErrUnknownNode, spec.A, spec.B)
	}
	scid, err := wire.NewShortChannelID(uint32(100+i), 1, 0)
	if err != nil {
		return err
	}
	if spec.CLTVDelta == 0 {
		spec.CLTVDelta = DefaultCLTVDelta
	}
	capMsat := spec.CapacitySat.ToMilliSatoshi()
	c := &channel{
		scid: scid, cid: sha256.Sum256([]byte(scid.String())), ends: [2]*Node{a, b}, capacity: spec.CapacitySat,
		policy: gossip.Policy{
			CLTVExpiryDelta: spec.CLTVDelta, FeeBaseMsat: spec.FeeBaseMsat, FeeProportionalMillionths: spec.FeePPM,
			HTLCMinimumMsat: 1, HTLCMaximumMsat: capMsat,
		},
		balance: [2]amount.MilliSatoshi{capMsat, 0},
		offered: [2]map[uint64]amount.MilliSatoshi{{}, {}},
	}
	nw.chans = append(nw.chans, c)
	nw.byScid[scid] = c
	for _, n := range c.ends {
		n.chans[scid] = c
		n.byCID[c.cid] = c
	}
	return nil
}

// connect has the first end of every channel dial the second, and waits
// until every node has a peer for each channel.
func (nw *Network) connect(ctx context.Context) error {
	dialed := map[[2]*Node]bool{}
	for _, c := range nw.chans {
		a, b := c.ends[0], c.ends[1]
		if dialed[[2]*Node{a, b}] || dialed[[2]*Node{b, a}] {
			continue
		}
		dialed[[2]*Node{a, b}] = true
		if err := a.dial(ctx, b); err != nil {
			return err
		}
	}
	return waitFor(ctx, func() bool {
		for _, n := range nw.nodes {
			if n.peerCount() != len(n.neighbours()) {
				return false
			}
		}
		return true
	})
}

// waitFor polls cond until it holds or ctx ends.
func waitFor(ctx context.Context, cond func() bool) error {
	for !cond() {
		select {
		case <-ctx.Done():
			return fmt.Errorf("sim: waiting: %w", ctx.Err())
		case <-time.After(5 * time.Millisecond):
		}
	}
	return nil
}

// CheckFunding implements gossip.FundingChecker: the channels of the
// network stand in for the chain.
func (nw *Network) CheckFunding(_ context.Context, q gossip.FundingQuery) (amount.Satoshi, error) {
	c, ok := nw.byScid[q.SCID]
	if !ok {
		return 0, fmt.Errorf("%w: %v", gossip.ErrFundingNotFound, q.SCID)
	}
	return c.capacity, nil
}

// Close stops every node and waits for their goroutines.
func (nw *Network) Close() {
	nw.cancel()
	for _, n := range nw.nodes {
		n.stop()
	}
	for _, n := range nw.nodes {
		n.wg.Wait()
	}
}

// Node returns the node named name, nil when there is none.
func (nw *Network) Node(name string) *Node { return nw.byName[name] }

// name returns the name of node id, or its key when unknown.
func (nw *Network) name(id wire.Point) string {
	if n, ok := nw.byID[id]; ok {
		return n.Name
	}
	return id.String()[:16]
}

// Invoice has node name create a BOLT #11 invoice for amt.
func (nw *Network) Invoice(name string, amt amount.MilliSatoshi, description string) (string, error) {
	n := nw.byName[name]
	if n == nil {
		return "", fmt.Errorf("%w: %q", ErrUnknownNode, name)
	}
	return n.invoice(amt, description)
}

// Pay has node from pay invoice and returns the outcome.
func (nw *Network) Pay(ctx context.Context, from, invoice string) (*pay.Outcome, error) {
	n := nw.byName[from]
	if n == nil {
		return nil, fmt.Errorf("%w: %q", ErrUnknownNode, from)
	}
	return n.pay(ctx, invoice)
}

// channelOf returns the channel of a and b and a's side of it.
func (nw *Network) channelOf(a, b string) (*channel, int, error) {
	na, nb := nw.byName[a], nw.byName[b]
	if na == nil || nb == nil {
		return nil, 0, fmt.Errorf("%w: %q or %q", ErrUnknownNode, a, b)
	}
	for _, c := range nw.chans {
		if c.ends[0] == na && c.ends[1] == nb {
			return c, 0, nil
		}
		if c.ends[1] == na && c.ends[0] == nb {
			return c, 1, nil
		}
	}
	return nil, 0, fmt.Errorf("%w: %s-%s", ErrUnknownChannel, a, b)
}

// Balance returns what a can send to b over their channel.
func (nw *Network) Balance(a, b string) (amount.MilliSatoshi, error) {
	c, side, err := nw.channelOf(a, b)
	if err != nil {
		return 0, err
	}
	return c.available(side), nil
}

// SetBalance moves the balance of the channel of a and b so that a can
// send msat: failure injection for a hop without liquidity.
func (nw *Network) SetBalance(a, b string, msat amount.MilliSatoshi) error {
	c, side, err := nw.channelOf(a, b)
	if err != nil {
		return err
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	total := c.balance[0] + c.balance[1]
	if msat > total {
		return fmt.Errorf("sim: %v msat is more than the channel's %v", msat, total)
	}
	c.balance[side], c.balance[1-side] = msat, total-msat
	return nil
}

// Stop takes node name offline: its listener and connections close, and
// it returns once every neighbour has seen its peer go.
func (nw *Network) Stop(ctx context.Context, name string) error {
	n := nw.byName[name]
	if n == nil {
		return fmt.Errorf("%w: %q", ErrUnknownNode, name)
	}
	n.stop()
	return waitFor(ctx, func() bool {
		for _, m := range n.neighbours() {
			if m.hasPeer(n.ID) {
				return false
			}
		}
		return true
	})
}
