package simnet

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"
)

// Channels between the network's lnd nodes, and the graph lnd reports:
// what a gossip test needs on top of Start and Fund.

// Connect has node a connect to node b (`lncli connect`) and waits until a
// lists b as a peer.
func (n *Network) Connect(ctx context.Context, a, b *Node) error {
	if _, err := a.Lncli(ctx, "connect", b.URI()); err != nil {
		// "already connected" is fine.
		var ce *CommandError
		if !errors.As(err, &ce) || !strings.Contains(ce.Stderr, "already connected") {
			return err
		}
	}
	return pollUntil(ctx, a.proc, "lnd "+a.Name+" lists "+b.Name, func(ctx context.Context) (bool, error) {
		var out struct {
			Peers []struct {
				PubKey string `json:"pub_key"`
			} `json:"peers"`
		}
		if err := a.LncliJSON(ctx, &out, "listpeers"); err != nil {
			return false, err
		}
		for _, p := range out.Peers {
			if p.PubKey == b.PubKey {
				return true, nil
			}
		}
		return false, nil
	})
}

// ChannelOptions describe a channel to open.
type ChannelOptions struct {
	// Capacity is the funding amount in satoshi.
	Capacity int64
	// Push is given to the remote node at opening, in satoshi.
	Push int64
	// Private leaves the channel unannounced.
	Private bool
	// Confirmations are mined on top of the funding transaction (1 when
	// 0). A public channel is announced after 6.
	Confirmations int
}

// Channel is an open channel.
type Channel struct {
	// Point is the funding outpoint, "txid:index".
	Point string
	// FundingTxID is the funding transaction's id (hex, as lncli prints
	// it).
	FundingTxID string
}

// OpenChannel has from open a channel to to (they must be connected and
// from funded), waits until the funding transaction reaches the miner,
// mines opts.Confirmations blocks and waits until both nodes list the
// channel as active.
func (n *Network) OpenChannel(ctx context.Context, from, to *Node, opts ChannelOptions) (*Channel, error) {
	args := []string{"openchannel", "--node_key=" + to.PubKey,
		"--local_amt=" + strconv.FormatInt(opts.Capacity, 10), "--push_amt=" + strconv.FormatInt(opts.Push, 10)}
	if opts.Private {
		args = append(args, "--private")
	}
	var out struct {
		FundingTxID string `json:"funding_txid"`
	}
	if err := from.LncliJSON(ctx, &out, args...); err != nil {
		return nil, err
	}
	if out.FundingTxID == "" {
		return nil, errors.New("simnet: lncli openchannel returned no funding_txid")
	}
	if err := n.WaitMempool(ctx, out.FundingTxID); err != nil {
		return nil, err
	}
	if _, err := n.Mine(ctx, max(opts.Confirmations, 1)); err != nil {
		return nil, err
	}
	var point string
	for _, node := range []*Node{from, to} {
		err := pollUntil(ctx, node.proc, "channel active at "+node.Name, func(ctx context.Context) (bool, error) {
			var lc struct {
				Channels []struct {
					ChannelPoint string `json:"channel_point"`
					Active       bool   `json:"active"`
				} `json:"channels"`
			}
			if err := node.LncliJSON(ctx, &lc, "listchannels"); err != nil {
				return false, err
			}
			for _, c := range lc.Channels {
				if strings.HasPrefix(c.ChannelPoint, out.FundingTxID+":") && c.Active {
					point = c.ChannelPoint
					return true, nil
				}
			}
			return false, nil
		})
		if err != nil {
			return nil, err
		}
	}
	return &Channel{Point: point, FundingTxID: out.FundingTxID}, nil
}

// WaitMempool waits until the miner's mempool holds transaction txid, so
// that the next block mined confirms it.
func (n *Network) WaitMempool(ctx context.Context, txid string) error {
	return pollUntil(ctx, n.Miner.proc, "transaction "+txid+" in the miner's mempool", func(ctx context.Context) (bool, error) {
		raw, err := n.Miner.Ctl(ctx, "getrawmempool")
		if err != nil {
			return false, err
		}
		var ids []string
		if err := json.Unmarshal(raw, &ids); err != nil {
			return false, fmt.Errorf("getrawmempool: %w", err)
		}
		for _, id := range ids {
			if id == txid {
				return true, nil
			}
		}
		return false, nil
	})
}

// Graph is `lncli describegraph`: the public graph as lnd knows it.
type Graph struct {
	Nodes []GraphNode `json:"nodes"`
	Edges []GraphEdge `json:"edges"`
}

// GraphNode is a node of describegraph.
type GraphNode struct {
	PubKey     string `json:"pub_key"`
	Alias      string `json:"alias"`
	Color      string `json:"color"`
	LastUpdate Uint   `json:"last_update"`
	Addresses  []struct {
		Network string `json:"network"`
		Addr    string `json:"addr"`
	} `json:"addresses"`
}

// GraphEdge is a channel of describegraph. ChannelID is the
// short_channel_id as a number.
type GraphEdge struct {
	ChannelID   Uint           `json:"channel_id"`
	ChanPoint   string         `json:"chan_point"`
	Node1Pub    string         `json:"node1_pub"`
	Node2Pub    string         `json:"node2_pub"`
	Capacity    Uint           `json:"capacity"`
	Node1Policy *RoutingPolicy `json:"node1_policy"`
	Node2Policy *RoutingPolicy `json:"node2_policy"`
}

// RoutingPolicy is one direction's policy in describegraph.
type RoutingPolicy struct {
	TimeLockDelta    Uint `json:"time_lock_delta"`
	MinHTLC          Uint `json:"min_htlc"`
	MaxHTLCMsat      Uint `json:"max_htlc_msat"`
	FeeBaseMsat      Uint `json:"fee_base_msat"`
	FeeRateMilliMsat Uint `json:"fee_rate_milli_msat"`
	Disabled         bool `json:"disabled"`
	LastUpdate       Uint `json:"last_update"`
}

// Uint is an unsigned number that lncli prints either as a JSON number or,
// for 64-bit fields, as a string.
type Uint uint64

// UnmarshalJSON accepts 5 and "5".
func (u *Uint) UnmarshalJSON(b []byte) error {
	s := strings.Trim(string(b), `"`)
	if s == "" || s == "null" {
		*u = 0
		return nil
	}
	v, err := strconv.ParseUint(s, 10, 64)
	if err != nil {
		return fmt.Errorf("simnet: number %s: %w", b, err)
	}
	*u = Uint(v)
	return nil
}

// DescribeGraph runs `lncli describegraph`.
func (node *Node) DescribeGraph(ctx context.Context) (*Graph, error) {
	var g Graph
	if err := node.LncliJSON(ctx, &g, "describegraph"); err != nil {
		return nil, err
	}
	return &g, nil
}

// WaitEdge waits until node's describegraph has the channel with funding
// transaction txid, with both directions' policies, and the
// node_announcements of both ends (wantNodes), and returns the graph.
func (n *Network) WaitEdge(ctx context.Context, node *Node, txid string, wantNodes bool) (*Graph, error) {
	var g *Graph
	err := pollUntil(ctx, node.proc, "channel "+txid+" announced in "+node.Name+"'s graph", func(ctx context.Context) (bool, error) {
		var err error
		if g, err = node.DescribeGraph(ctx); err != nil {
			return false, err
		}
		for _, e := range g.Edges {
			if !strings.HasPrefix(e.ChanPoint, txid+":") || e.Node1Policy == nil || e.Node2Policy == nil {
				continue
			}
			if !wantNodes {
				return true, nil
			}
			announced := 0
			for _, nd := range g.Nodes {
				if (nd.PubKey == e.Node1Pub || nd.PubKey == e.Node2Pub) && nd.LastUpdate != 0 {
					announced++
				}
			}
			return announced == 2, nil
		}
		return false, nil
	})
	return g, err
}
