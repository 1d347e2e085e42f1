package simnet

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
)

// Node is one lnd process.
type Node struct {
	// Name is the node's alias (alice, bob, ...).
	Name string
	// Dir is the node's --lnddir.
	Dir string
	// P2PAddr is where lnd listens for Lightning peers (127.0.0.1:port).
	P2PAddr string
	// RPCAddr is lnd's gRPC address, used by lncli.
	RPCAddr string
	// PubKey is the node's identity key, 33-byte compressed, lower-case hex;
	// set once the node is active.
	PubKey string

	args  []string
	lnd   string
	lncli string
	home  string
	proc  *process
}

// Info is the part of `lncli getinfo` the harness uses.
type Info struct {
	IdentityPubkey string   `json:"identity_pubkey"`
	Alias          string   `json:"alias"`
	BlockHeight    int64    `json:"block_height"`
	SyncedToChain  bool     `json:"synced_to_chain"`
	URIs           []string `json:"uris"`
	NumPeers       int      `json:"num_peers"`
}

// nodeConfig describes an lnd to start.
type nodeConfig struct {
	name, dir, p2pAddr, rpcAddr string
	backend                     *Btcd
	debugLevel                  string
	extra                       []string
}

// newNode prepares (does not start) an lnd.
func newNode(bin binaries, home string, c nodeConfig) (*Node, error) {
	if err := os.MkdirAll(c.dir, 0o700); err != nil {
		return nil, err
	}
	n := &Node{
		Name:    c.name,
		Dir:     c.dir,
		P2PAddr: c.p2pAddr,
		RPCAddr: c.rpcAddr,
		lnd:     bin.lnd,
		lncli:   bin.lncli,
		home:    home,
	}
	n.args = append([]string{
		"--lnddir=" + c.dir,
		"--alias=" + c.name,
		"--bitcoin.simnet",
		"--bitcoin.node=btcd",
		"--btcd.rpchost=" + c.backend.RPCAddr,
		"--btcd.rpcuser=" + rpcUser,
		"--btcd.rpcpass=" + rpcPass,
		"--btcd.rpccert=" + c.backend.CertPath,
		"--listen=" + c.p2pAddr,
		"--rpclisten=" + c.rpcAddr,
		"--norest",
		"--noseedbackup",
		"--nobootstrap",
		"--debuglevel=" + c.debugLevel,
		"--bitcoin.defaultchanconfs=1",
		// Gossip without lnd's default 90 s batching delay.
		"--trickledelay=50",
	}, c.extra...)
	return n, nil
}

// start starts lnd; it does not wait (see waitActive).
func (n *Node) start() error {
	p, err := startProcess("lnd "+n.Name, n.lnd, n.args, n.StdoutPath(), n.home)
	if err != nil {
		return err
	}
	n.proc = p
	return nil
}

// waitActive waits until lnd's server is up (`lncli state` says
// SERVER_ACTIVE) and its wallet is synced to the backend's chain, then
// records the node's identity key.
func (n *Node) waitActive(ctx context.Context) error {
	// synced_to_chain turns true slightly before the server (p2p listener,
	// funding manager) is up; SERVER_ACTIVE is the real signal.
	err := pollUntil(ctx, n.proc, "lnd "+n.Name+" SERVER_ACTIVE and synced", func(ctx context.Context) (bool, error) {
		var st struct {
			State string `json:"state"`
		}
		if err := n.LncliJSON(ctx, &st, "state"); err != nil {
			return false, err
		}
		if st.State != "SERVER_ACTIVE" {
			return false, fmt.Errorf("state %s", st.State)
		}
		info, err := n.GetInfo(ctx)
		if err != nil {
			return false, err
		}
		n.PubKey = info.IdentityPubkey
		return info.SyncedToChain, nil
	})
	if err == nil && len(n.PubKey) != 66 {
		err = fmt.Errorf("simnet: lnd %s reports identity key %q", n.Name, n.PubKey)
	}
	return err
}

// stop asks lnd to stop through lncli, then escalates (see process.stop).
func (n *Node) stop() error {
	if n.proc == nil {
		return nil
	}
	return n.proc.stop(func(ctx context.Context) error {
		_, err := n.Lncli(ctx, "stop")
		return err
	})
}

// Lncli runs lncli against this node and returns its standard output (JSON
// for nearly every command).
func (n *Node) Lncli(ctx context.Context, args ...string) ([]byte, error) {
	full := append([]string{
		"--lnddir=" + n.Dir,
		"--network=simnet",
		"--rpcserver=" + n.RPCAddr,
	}, args...)
	return runClient(ctx, n.home, n.lncli, full...)
}

// LncliJSON runs lncli and decodes its JSON output into out.
func (n *Node) LncliJSON(ctx context.Context, out any, args ...string) error {
	data, err := n.Lncli(ctx, args...)
	if err != nil {
		return err
	}
	if err := json.Unmarshal(data, out); err != nil {
		return fmt.Errorf("lncli %v: %w", args, err)
	}
	return nil
}

// GetInfo runs `lncli getinfo`.
func (n *Node) GetInfo(ctx context.Context) (Info, error) {
	var info Info
	err := n.LncliJSON(ctx, &info, "getinfo")
	return info, err
}

// NewAddress asks the node's wallet for a fresh P2WKH address.
func (n *Node) NewAddress(ctx context.Context) (string, error) {
	var out struct {
		Address string `json:"address"`
	}
	if err := n.LncliJSON(ctx, &out, "newaddress", "p2wkh"); err != nil {
		return "", err
	}
	if out.Address == "" {
		return "", errors.New("simnet: lncli newaddress returned no address")
	}
	return out.Address, nil
}

// URI is the node's pubkey@host:port.
func (n *Node) URI() string { return n.PubKey + "@" + n.P2PAddr }

// LogPath is lnd's own log file.
func (n *Node) LogPath() string {
	return filepath.Join(n.Dir, "logs", "bitcoin", "simnet", "lnd.log")
}

// StdoutPath is where lnd's standard output and error go.
func (n *Node) StdoutPath() string { return filepath.Join(n.Dir, "stdout.log") }

// PID is the process id, or 0 if it is not running.
func (n *Node) PID() int {
	if n.proc == nil || n.proc.exited() {
		return 0
	}
	return n.proc.pid()
}
