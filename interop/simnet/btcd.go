package simnet

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
)

// RPC credentials shared by every btcd of a network; everything listens on
// loopback only.
const (
	rpcUser = "simnet"
	rpcPass = "simnet"
)

// Btcd is one btcd process on simnet.
type Btcd struct {
	// Name is "backend" or "miner".
	Name string
	// Dir holds the process's data, logs, RPC certificate and key.
	Dir string
	// RPCAddr is the JSON-RPC address (127.0.0.1:port, TLS).
	RPCAddr string
	// P2PAddr is the peer-to-peer listening address; empty for the miner,
	// which only connects out to the backend.
	P2PAddr string
	// CertPath is the RPC TLS certificate btcd generated.
	CertPath string

	args   []string // command line, kept so the miner can be restarted
	btcd   string
	btcctl string
	home   string
	proc   *process
}

// btcdConfig describes a btcd to start.
type btcdConfig struct {
	name, dir, rpcAddr, p2pAddr string
	connect                     string // p2p address to --connect to (miner)
	miningAddr                  string
	txindex                     bool
}

// newBtcd prepares (does not start) a btcd.
func newBtcd(bin binaries, home string, c btcdConfig) (*Btcd, error) {
	if err := os.MkdirAll(c.dir, 0o700); err != nil {
		return nil, err
	}
	// An empty configuration file keeps btcd from reading or creating one
	// in the home directory.
	conf := filepath.Join(c.dir, "btcd.conf")
	if err := os.WriteFile(conf, nil, 0o600); err != nil {
		return nil, err
	}
	b := &Btcd{
		Name:     c.name,
		Dir:      c.dir,
		RPCAddr:  c.rpcAddr,
		P2PAddr:  c.p2pAddr,
		CertPath: filepath.Join(c.dir, "rpc.cert"),
		btcd:     bin.btcd,
		btcctl:   bin.btcctl,
		home:     home,
	}
	b.args = []string{
		"--simnet",
		"--configfile=" + conf,
		"--datadir=" + filepath.Join(c.dir, "data"),
		"--logdir=" + filepath.Join(c.dir, "logs"),
		"--rpccert=" + b.CertPath,
		"--rpckey=" + filepath.Join(c.dir, "rpc.key"),
		"--rpcuser=" + rpcUser,
		"--rpcpass=" + rpcPass,
		"--rpclisten=" + c.rpcAddr,
		"--nobanning",
		// Relay transactions and blocks without the default batching
		// delay, so tests do not wait for it.
		"--trickleinterval=50ms",
		"--debuglevel=info",
	}
	if c.p2pAddr != "" {
		b.args = append(b.args, "--listen="+c.p2pAddr)
	}
	if c.connect != "" {
		b.args = append(b.args, "--connect="+c.connect)
	}
	if c.txindex {
		b.args = append(b.args, "--txindex")
	}
	if c.miningAddr != "" {
		b.args = append(b.args, "--miningaddr="+c.miningAddr)
	}
	return b, nil
}

// start starts the process and waits until its RPC server answers.
func (b *Btcd) start(ctx context.Context) error {
	p, err := startProcess("btcd "+b.Name, b.btcd, b.args, filepath.Join(b.Dir, "stdout.log"), b.home)
	if err != nil {
		return err
	}
	b.proc = p
	return pollUntil(ctx, p, "btcd "+b.Name+" RPC", func(ctx context.Context) (bool, error) {
		_, err := b.Height(ctx)
		return err == nil, err
	})
}

// stop stops the process (SIGINT, then SIGKILL after a bounded wait).
func (b *Btcd) stop() error {
	if b.proc == nil {
		return nil
	}
	return b.proc.stop(nil)
}

// setMiningAddr replaces the --miningaddr argument for the next start.
func (b *Btcd) setMiningAddr(addr string) {
	args := b.args[:0:0]
	for _, a := range b.args {
		if !strings.HasPrefix(a, "--miningaddr=") {
			args = append(args, a)
		}
	}
	b.args = append(args, "--miningaddr="+addr)
}

// PID is the process id, or 0 if it is not running.
func (b *Btcd) PID() int {
	if b.proc == nil || b.proc.exited() {
		return 0
	}
	return b.proc.pid()
}

// LogPath is btcd's own log file.
func (b *Btcd) LogPath() string { return filepath.Join(b.Dir, "logs", "simnet", "btcd.log") }

// Ctl runs btcctl against this btcd and returns its standard output.
func (b *Btcd) Ctl(ctx context.Context, args ...string) ([]byte, error) {
	full := append([]string{
		"-C", filepath.Join(b.Dir, "btcd.conf"),
		"--simnet",
		"--rpcuser=" + rpcUser,
		"--rpcpass=" + rpcPass,
		"--rpcserver=" + b.RPCAddr,
		"--rpccert=" + b.CertPath,
	}, args...)
	return runClient(ctx, b.home, b.btcctl, full...)
}

// Height is the height of btcd's best block.
func (b *Btcd) Height(ctx context.Context) (int64, error) {
	out, err := b.Ctl(ctx, "getblockcount")
	if err != nil {
		return 0, err
	}
	return strconv.ParseInt(strings.TrimSpace(string(out)), 10, 64)
}

// BestHash is the hash of btcd's best block, hex as btcctl prints it.
func (b *Btcd) BestHash(ctx context.Context) (string, error) {
	out, err := b.Ctl(ctx, "getbestblockhash")
	return strings.TrimSpace(string(out)), err
}

// peerCount is the number of p2p peers btcd has.
func (b *Btcd) peerCount(ctx context.Context) (int, error) {
	out, err := b.Ctl(ctx, "getpeerinfo")
	if err != nil {
		return 0, err
	}
	var peers []json.RawMessage
	if err := json.Unmarshal(out, &peers); err != nil {
		return 0, fmt.Errorf("getpeerinfo: %w", err)
	}
	return len(peers), nil
}

// generate mines n blocks (btcd's `generate`, simnet only) and returns
// their hashes.
func (b *Btcd) generate(ctx context.Context, n int) ([]string, error) {
	out, err := b.Ctl(ctx, "generate", strconv.Itoa(n))
	if err != nil {
		return nil, err
	}
	var hashes []string
	if err := json.Unmarshal(out, &hashes); err != nil {
		return nil, fmt.Errorf("generate: %w", err)
	}
	return hashes, nil
}
