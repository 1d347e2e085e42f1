package graphtest

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/binary"
	"fmt"
	"runtime"
	"sync"
	"sync/atomic"

	"github.com/btcsuite/btcd/btcec/v2"

	messaging "github.com/lnstack/lnstack/layer2_messaging"
	"github.com/lnstack/lnstack/layer2_messaging/wire"
	"github.com/lnstack/lnstack/layer3_p2p/amount"
	"github.com/lnstack/lnstack/layer3_p2p/gossip"
	"github.com/lnstack/lnstack/layer3_p2p/graph/snapshot"
	"github.com/lnstack/lnstack/layer3_p2p/scripts"
)

// Options configure Generate.
type Options struct {
	// Chain is the chain_hash of the messages; zero means Bitcoin's.
	Chain wire.ChainHash
	// Seed derives every key: the same seed and topology give the same
	// messages, byte for byte (RFC 6979 signatures).
	Seed string
	// Workers sign in parallel; 0 means GOMAXPROCS.
	Workers int
}

// Gossip is the signed gossip of a topology: a channel_announcement per
// channel, a channel_update per direction with a policy, and a
// node_announcement per announced node.
type Gossip struct {
	Chain         wire.ChainHash
	Announcements []*gossip.ChannelAnnouncement
	Updates       []*gossip.ChannelUpdate
	Nodes         []*gossip.NodeAnnouncement
	// NodeKeys and FundingKeys are the node keys and funding keys, by
	// topology node index.
	NodeKeys    []*btcec.PrivateKey
	FundingKeys []*btcec.PrivateKey
	// Funding answers for every channel's funding output.
	Funding *Funding
}

// Len returns the number of messages.
func (g *Gossip) Len() int { return len(g.Announcements) + len(g.Updates) + len(g.Nodes) }

// Messages returns every message in the order a peer would send them:
// the channel_announcements with each one's updates after it, then the
// node_announcements.
func (g *Gossip) Messages() []messaging.Message {
	out := make([]messaging.Message, 0, g.Len())
	u := 0
	for _, a := range g.Announcements {
		out = append(out, a)
		for u < len(g.Updates) && g.Updates[u].ShortChannelID == a.ShortChannelID {
			out = append(out, g.Updates[u])
			u++
		}
	}
	for _, n := range g.Nodes {
		out = append(out, n)
	}
	return out
}

// Frames returns Messages encoded as frames (type, then payload).
func (g *Gossip) Frames() ([][]byte, error) {
	msgs := g.Messages()
	frames := make([][]byte, len(msgs))
	for i, m := range msgs {
		f, err := messaging.Encode(nil, m)
		if err != nil {
			return nil, err
		}
		frames[i] = f
	}
	return frames, nil
}

// Validator returns a gossip.Validator for the messages: their chain and
// Funding, and a clock that accepts the snapshot's timestamps.
func (g *Gossip) Validator() *gossip.Validator {
	return &gossip.Validator{Chain: g.Chain, Funding: g.Funding}
}

// Funding is a gossip.FundingChecker that knows the funding output of
// every generated channel: its value and its P2WSH script.
type Funding struct {
	outputs map[wire.ShortChannelID]fundingOutput
}

type fundingOutput struct {
	capacity amount.Satoshi
	pkScript []byte
}

// CheckFunding implements gossip.FundingChecker.
func (f *Funding) CheckFunding(_ context.Context, q gossip.FundingQuery) (amount.Satoshi, error) {
	o, ok := f.outputs[q.SCID]
	if !ok {
		return 0, gossip.ErrFundingNotFound
	}
	if !bytes.Equal(o.pkScript, q.PkScript) {
		return 0, gossip.ErrFundingScript
	}
	return o.capacity, nil
}

// key derives a private key from the seed and a label.
func key(seed, label string, i int) *btcec.PrivateKey {
	h := sha256.New()
	h.Write([]byte(seed))
	h.Write([]byte(label))
	var b [8]byte
	binary.BigEndian.PutUint64(b[:], uint64(i))
	h.Write(b[:])
	k, _ := btcec.PrivKeyFromBytes(h.Sum(nil))
	return k
}

// Generate signs the gossip of t with fresh keys derived from opts.Seed
// (a node key and a funding key per node). Channels between a node and
// itself are skipped. Signing runs on opts.Workers goroutines.
func Generate(t *snapshot.Topology, opts Options) (*Gossip, error) {
	if opts.Chain == (wire.ChainHash{}) {
		opts.Chain = gossip.MainnetChainHash()
	}
	workers := opts.Workers
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	g := &Gossip{Chain: opts.Chain, NodeKeys: make([]*btcec.PrivateKey, len(t.Nodes)),
		Funding: &Funding{outputs: make(map[wire.ShortChannelID]fundingOutput, len(t.Channels))}}
	fundKeys := make([]*btcec.PrivateKey, len(t.Nodes))
	g.FundingKeys = fundKeys
	points := make([]wire.Point, len(t.Nodes))
	parallel(workers, len(t.Nodes), func(i int) {
		g.NodeKeys[i] = key(opts.Seed, "node", i)
		fundKeys[i] = key(opts.Seed, "funding", i)
		points[i] = wire.PointFromPubKey(g.NodeKeys[i].PubKey())
	})

	chans := make([]*snapshot.Channel, 0, len(t.Channels))
	for i := range t.Channels {
		if c := &t.Channels[i]; c.Nodes[0] != c.Nodes[1] {
			chans = append(chans, c)
		}
	}
	anns := make([]*gossip.ChannelAnnouncement, len(chans))
	upds := make([][2]*gossip.ChannelUpdate, len(chans))
	scriptsOut := make([][]byte, len(chans))
	var failed atomic.Pointer[error]
	parallel(workers, len(chans), func(i int) {
		a, u, s, err := channelGossip(opts.Chain, chans[i], g.NodeKeys, fundKeys, points)
		if err != nil {
			failed.CompareAndSwap(nil, &err)
			return
		}
		anns[i], upds[i], scriptsOut[i] = a, u, s
	})
	if p := failed.Load(); p != nil {
		return nil, *p
	}
	for i, c := range chans {
		if _, dup := g.Funding.outputs[c.SCID]; dup {
			return nil, fmt.Errorf("graphtest: short_channel_id %s twice", c.SCID)
		}
		g.Funding.outputs[c.SCID] = fundingOutput{capacity: c.Capacity, pkScript: scriptsOut[i]}
		g.Announcements = append(g.Announcements, anns[i])
		for _, u := range upds[i] {
			if u != nil {
				g.Updates = append(g.Updates, u)
			}
		}
	}

	var announced []int
	for i := range t.Nodes {
		if t.Nodes[i].Announced {
			announced = append(announced, i)
		}
	}
	g.Nodes = make([]*gossip.NodeAnnouncement, len(announced))
	parallel(workers, len(announced), func(k int) {
		i := announced[k]
		m, err := nodeAnnouncement(&t.Nodes[i], g.NodeKeys[i])
		if err != nil {
			failed.CompareAndSwap(nil, &err)
			return
		}
		g.Nodes[k] = m
	})
	if p := failed.Load(); p != nil {
		return nil, *p
	}
	return g, nil
}

// channelGossip signs one channel's announcement and updates, and
// returns its funding script.
func channelGossip(chain wire.ChainHash, c *snapshot.Channel, nodeKeys, fundKeys []*btcec.PrivateKey, points []wire.Point) (*gossip.ChannelAnnouncement, [2]*gossip.ChannelUpdate, []byte, error) {
	var upds [2]*gossip.ChannelUpdate
	// BOLT #7: node_id_1 "is the lexicographically-lesser of the two
	// compressed keys"; side s of the snapshot becomes direction dir[s].
	a, b := c.Nodes[0], c.Nodes[1]
	dir := [2]int{0, 1}
	if bytes.Compare(points[a][:], points[b][:]) > 0 {
		a, b = b, a
		dir = [2]int{1, 0}
	}
	ann := &gossip.ChannelAnnouncement{
		ChainHash:      chain,
		ShortChannelID: c.SCID,
		NodeID1:        points[a],
		NodeID2:        points[b],
		BitcoinKey1:    wire.PointFromPubKey(fundKeys[a].PubKey()),
		BitcoinKey2:    wire.PointFromPubKey(fundKeys[b].PubKey()),
	}
	d, err := ann.Digest()
	if err != nil {
		return nil, upds, nil, err
	}
	ann.NodeSignature1 = gossip.SignDigest(nodeKeys[a], d)
	ann.NodeSignature2 = gossip.SignDigest(nodeKeys[b], d)
	ann.BitcoinSignature1 = gossip.SignDigest(fundKeys[a], d)
	ann.BitcoinSignature2 = gossip.SignDigest(fundKeys[b], d)
	witness, err := scripts.Funding(fundKeys[a].PubKey(), fundKeys[b].PubKey())
	if err != nil {
		return nil, upds, nil, err
	}
	for side, p := range c.Policies {
		if p == nil {
			continue
		}
		u := &gossip.ChannelUpdate{
			ChainHash:                 chain,
			ShortChannelID:            c.SCID,
			Timestamp:                 max(p.Timestamp, 1),
			MessageFlags:              gossip.MessageFlagMustBeOne,
			ChannelFlags:              byte(dir[side]),
			CLTVExpiryDelta:           p.CLTVExpiryDelta,
			HTLCMinimumMsat:           p.HTLCMinimumMsat,
			FeeBaseMsat:               p.FeeBaseMsat,
			FeeProportionalMillionths: p.FeeProportionalMillionths,
			HTLCMaximumMsat:           p.HTLCMaximumMsat,
		}
		if p.Disabled {
			u.ChannelFlags |= gossip.ChannelFlagDisable
		}
		if err := gossip.SignChannelUpdate(u, nodeKeys[c.Nodes[side]]); err != nil {
			return nil, upds, nil, err
		}
		upds[dir[side]] = u
	}
	return ann, upds, scripts.P2WSH(witness), nil
}

// nodeAnnouncement signs a node's announcement.
func nodeAnnouncement(n *snapshot.Node, k *btcec.PrivateKey) (*gossip.NodeAnnouncement, error) {
	m := &gossip.NodeAnnouncement{
		Features:  n.Features,
		Timestamp: max(n.Timestamp, 1),
		RGBColor:  n.Color,
	}
	if !m.SetAlias(n.Alias) {
		return nil, fmt.Errorf("graphtest: node %s alias %q", n.Name, n.Alias)
	}
	m.Addresses.Addrs = n.Addresses
	if err := gossip.SignNodeAnnouncement(m, k); err != nil {
		return nil, err
	}
	return m, nil
}

// parallel calls fn(0..n-1) on up to workers goroutines.
func parallel(workers, n int, fn func(i int)) {
	var next atomic.Int64
	var wg sync.WaitGroup
	for range min(workers, n) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				i := int(next.Add(1) - 1)
				if i >= n {
					return
				}
				fn(i)
			}
		}()
	}
	wg.Wait()
}
