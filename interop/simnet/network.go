package simnet

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/user"
	"path/filepath"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/btcsuite/btcd/btcec/v2"
	"github.com/btcsuite/btcd/btcutil"
	"github.com/btcsuite/btcd/chaincfg"
)

// EnvBin names the environment variable that holds the directory with the
// btcd, btcctl, lnd and lncli binaries (`make -C interop all` sets it).
const EnvBin = "LNSTACK_INTEROP_BIN"

// EnvKeep names the environment variable that, set to 1, keeps a network's
// directory (logs, databases) after the test; it is always kept when the
// test failed.
const EnvKeep = "LNSTACK_INTEROP_KEEP"

// Defaults for Options.
const (
	// Segwit activates on simnet only after about 300 blocks; 400 also
	// leaves mature coinbases behind.
	DefaultInitialBlocks = 400
	DefaultDebugLevel    = "info,PEER=debug"
	DefaultStartTimeout  = 3 * time.Minute
)

// coinbaseMaturity is how many blocks a coinbase output needs on top of it
// before it can be spent (chaincfg.SimNetParams.CoinbaseMaturity).
const coinbaseMaturity = 100

// names are the aliases given to nodes in order.
var names = [...]string{"alice", "bob", "carol", "dave", "erin", "frank", "grace", "heidi"}

// Options configures Start. The zero value of every field but Bin means its
// default.
type Options struct {
	// Bin is the directory with btcd, btcctl, lnd and lncli (see BinDir).
	Bin string
	// Nodes is the number of lnd nodes.
	Nodes int
	// InitialBlocks are mined before lnd starts (DefaultInitialBlocks).
	InitialBlocks int
	// DebugLevel is lnd's --debuglevel (DefaultDebugLevel).
	DebugLevel string
	// LndArgs returns extra command-line flags for node i (may be nil).
	LndArgs func(i int) []string
	// StartTimeout bounds Start as a whole (DefaultStartTimeout).
	StartTimeout time.Duration
}

// Network is a running simnet: a btcd chain backend, a btcd miner connected
// to it and the lnd nodes that use the backend.
type Network struct {
	// Dir holds every process's directory.
	Dir string
	// Backend is the btcd the lnd nodes use.
	Backend *Btcd
	// Miner mines blocks (see Mine and MineTo) and relays them to Backend.
	Miner *Btcd
	// Nodes are the lnd nodes, named alice, bob, carol, ...
	Nodes []*Node

	bin     binaries
	home    string
	harness string     // the harness's own mining address
	mu      sync.Mutex // serialises mining and miner restarts
}

// binaries are the absolute paths of the four programs.
type binaries struct{ btcd, btcctl, lnd, lncli string }

// findBinaries checks that dir holds the four programs.
func findBinaries(dir string) (binaries, error) {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return binaries{}, err
	}
	b := binaries{
		btcd:   filepath.Join(abs, "btcd"),
		btcctl: filepath.Join(abs, "btcctl"),
		lnd:    filepath.Join(abs, "lnd"),
		lncli:  filepath.Join(abs, "lncli"),
	}
	for _, p := range []string{b.btcd, b.btcctl, b.lnd, b.lncli} {
		st, err := os.Stat(p)
		if err != nil || st.IsDir() || st.Mode()&0o111 == 0 {
			return binaries{}, fmt.Errorf("%w: %s", ErrBinMissing, p)
		}
	}
	return b, nil
}

// BinDir returns the binary directory named by LNSTACK_INTEROP_BIN. When the
// variable is unset the test is skipped, except under CI (CI=true), where a
// live test that cannot run is a failure. A directory that lacks one of the
// binaries fails the test.
func BinDir(t testing.TB) string {
	t.Helper()
	dir := os.Getenv(EnvBin)
	if dir == "" {
		if inCI() {
			t.Fatalf("%s is unset under CI; run the live tests through `make -C interop all`", EnvBin)
		}
		t.Skipf("%s unset: live lnd tests skipped (run `make interop`)", EnvBin)
	}
	if _, err := findBinaries(dir); err != nil {
		t.Fatalf("%s=%s: %v", EnvBin, dir, err)
	}
	abs, err := filepath.Abs(dir)
	if err != nil {
		t.Fatal(err)
	}
	return abs
}

// inCI reports whether the CI environment variable says so.
func inCI() bool {
	v, err := strconv.ParseBool(os.Getenv("CI"))
	return err == nil && v
}

// Start starts a network and registers its shutdown with t.Cleanup; on an
// error the processes already started are stopped by that cleanup too.
// Mining and lnd start-up happen before Start returns: every node is
// SERVER_ACTIVE and synced to the chain.
func Start(ctx context.Context, t testing.TB, opts Options) (*Network, error) {
	t.Helper()
	if opts.Nodes > len(names) {
		return nil, fmt.Errorf("simnet: at most %d nodes", len(names))
	}
	if opts.InitialBlocks == 0 {
		opts.InitialBlocks = DefaultInitialBlocks
	}
	if opts.DebugLevel == "" {
		opts.DebugLevel = DefaultDebugLevel
	}
	if opts.StartTimeout == 0 {
		opts.StartTimeout = DefaultStartTimeout
	}
	bin, err := findBinaries(opts.Bin)
	if err != nil {
		return nil, err
	}
	dir, err := os.MkdirTemp("", "lnstack-simnet-")
	if err != nil {
		return nil, err
	}
	n := &Network{Dir: dir, bin: bin, home: filepath.Join(dir, "home")}
	if err := os.MkdirAll(n.home, 0o700); err != nil {
		return nil, err
	}
	restoreBtcdHome := keepUserBtcdDir()
	t.Cleanup(func() {
		if err := n.stop(); err != nil {
			t.Errorf("simnet shutdown: %v", err)
		}
		restoreBtcdHome()
		if t.Failed() || os.Getenv(EnvKeep) == "1" {
			t.Logf("simnet: directory kept: %s", n.Dir)
			for _, p := range n.logPaths() {
				t.Log(tailFile(p, 30))
			}
			return
		}
		os.RemoveAll(n.Dir)
	})

	ctx, cancel := context.WithTimeout(ctx, opts.StartTimeout)
	defer cancel()
	if err := n.start(ctx, opts); err != nil {
		return nil, err
	}
	return n, nil
}

// start brings the processes up in order: backend, miner, blocks, lnds.
func (n *Network) start(ctx context.Context, opts Options) error {
	ports, err := freePorts(3 + 2*opts.Nodes)
	if err != nil {
		return err
	}
	n.harness, err = throwawayAddress()
	if err != nil {
		return err
	}
	n.Backend, err = newBtcd(n.bin, n.home, btcdConfig{
		name: "backend", dir: filepath.Join(n.Dir, "backend"),
		rpcAddr: loopback(ports[0]), p2pAddr: loopback(ports[1]), txindex: true,
	})
	if err != nil {
		return err
	}
	if err := n.Backend.start(ctx); err != nil {
		return err
	}
	n.Miner, err = newBtcd(n.bin, n.home, btcdConfig{
		name: "miner", dir: filepath.Join(n.Dir, "miner"),
		rpcAddr: loopback(ports[2]), connect: n.Backend.P2PAddr, miningAddr: n.harness,
	})
	if err != nil {
		return err
	}
	if err := n.startMiner(ctx); err != nil {
		return err
	}
	// lnd waits at start-up until the backend's tip is recent, so the chain
	// must exist first.
	if _, err := n.Mine(ctx, opts.InitialBlocks); err != nil {
		return err
	}

	for i := range opts.Nodes {
		var extra []string
		if opts.LndArgs != nil {
			extra = opts.LndArgs(i)
		}
		node, err := newNode(n.bin, n.home, nodeConfig{
			name: names[i], dir: filepath.Join(n.Dir, names[i]),
			p2pAddr: loopback(ports[3+2*i]), rpcAddr: loopback(ports[4+2*i]),
			backend: n.Backend, debugLevel: opts.DebugLevel, extra: extra,
		})
		if err != nil {
			return err
		}
		n.Nodes = append(n.Nodes, node)
		if err := node.start(); err != nil {
			return err
		}
	}
	for _, node := range n.Nodes {
		if err := node.waitActive(ctx); err != nil {
			return err
		}
	}
	return nil
}

// startMiner starts the miner and waits until it is connected to the
// backend, so that what it mines reaches the backend.
func (n *Network) startMiner(ctx context.Context) error {
	if err := n.Miner.start(ctx); err != nil {
		return err
	}
	return pollUntil(ctx, n.Miner.proc, "miner connected to backend", func(ctx context.Context) (bool, error) {
		c, err := n.Miner.peerCount(ctx)
		return c >= 1, err
	})
}

// Mine mines n blocks and waits until the backend has them. It returns the
// block hashes. Coinbases go to the miner's current mining address (a
// throw-away key of the harness, unless MineTo changed it).
func (n *Network) Mine(ctx context.Context, blocks int) ([]string, error) {
	n.mu.Lock()
	defer n.mu.Unlock()
	return n.mineLocked(ctx, blocks)
}

func (n *Network) mineLocked(ctx context.Context, blocks int) ([]string, error) {
	hashes, err := n.Miner.generate(ctx, blocks)
	if err != nil {
		return nil, err
	}
	if len(hashes) != blocks {
		return nil, fmt.Errorf("simnet: asked for %d blocks, miner made %d", blocks, len(hashes))
	}
	tip := hashes[len(hashes)-1]
	err = pollUntil(ctx, n.Backend.proc, "backend at miner's tip", func(ctx context.Context) (bool, error) {
		h, err := n.Backend.BestHash(ctx)
		return h == tip, err
	})
	return hashes, err
}

// MineTo restarts the miner so that its coinbases pay addr (which stays the
// mining address for later Mine calls), then mines n blocks. The backend and
// the lnd nodes are not disturbed.
func (n *Network) MineTo(ctx context.Context, addr string, blocks int) ([]string, error) {
	n.mu.Lock()
	defer n.mu.Unlock()
	if err := n.Miner.stop(); err != nil {
		return nil, err
	}
	n.Miner.setMiningAddr(addr)
	if err := n.startMiner(ctx); err != nil {
		return nil, err
	}
	return n.mineLocked(ctx, blocks)
}

// Fund gives node the coinbases of `blocks` new blocks (50 BTC each on
// simnet at these heights), then mines enough blocks to the harness's own
// address on top for them to be spendable, and waits until every node has
// synced. It restarts the miner twice.
func (n *Network) Fund(ctx context.Context, node *Node, blocks int) error {
	addr, err := node.NewAddress(ctx)
	if err != nil {
		return err
	}
	if _, err := n.MineTo(ctx, addr, blocks); err != nil {
		return err
	}
	// lnd counts a coinbase as confirmed once it can be spent in the next
	// block: coinbaseMaturity-1 blocks on top of the last one.
	if _, err := n.MineTo(ctx, n.harness, coinbaseMaturity-1); err != nil {
		return err
	}
	return n.WaitSynced(ctx)
}

// WaitSynced waits until every node reports synced_to_chain at the
// backend's height.
func (n *Network) WaitSynced(ctx context.Context) error {
	height, err := n.Backend.Height(ctx)
	if err != nil {
		return err
	}
	for _, node := range n.Nodes {
		err := pollUntil(ctx, node.proc, "lnd "+node.Name+" synced", func(ctx context.Context) (bool, error) {
			info, err := node.GetInfo(ctx)
			return err == nil && info.SyncedToChain && info.BlockHeight >= height, err
		})
		if err != nil {
			return err
		}
	}
	return nil
}

// stop stops the nodes, then the miner, then the backend.
func (n *Network) stop() error {
	var (
		errs []error
		wg   sync.WaitGroup
		mu   sync.Mutex
	)
	for _, node := range n.Nodes {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if err := node.stop(); err != nil {
				mu.Lock()
				errs = append(errs, err)
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	for _, b := range []*Btcd{n.Miner, n.Backend} {
		if b != nil {
			if err := b.stop(); err != nil {
				errs = append(errs, err)
			}
		}
	}
	return errors.Join(errs...)
}

// logPaths lists every log the network wrote, for failure reports.
func (n *Network) logPaths() []string {
	var paths []string
	for _, b := range []*Btcd{n.Backend, n.Miner} {
		if b != nil {
			paths = append(paths, filepath.Join(b.Dir, "stdout.log"), b.LogPath())
		}
	}
	for _, node := range n.Nodes {
		paths = append(paths, node.StdoutPath(), node.LogPath())
	}
	return paths
}

// throwawayAddress is a fresh simnet P2PKH address for coinbases nobody
// needs to spend.
func throwawayAddress() (string, error) {
	key, err := btcec.NewPrivateKey()
	if err != nil {
		return "", err
	}
	hash := btcutil.Hash160(key.PubKey().SerializeCompressed())
	addr, err := btcutil.NewAddressPubKeyHash(hash, &chaincfg.SimNetParams)
	if err != nil {
		return "", err
	}
	return addr.EncodeAddress(), nil
}

// keepUserBtcdDir notes whether the user's ~/.btcd exists: btcd creates it
// (empty) from the password database's home, whatever HOME says. The
// returned func removes it again if it was absent and is still empty.
func keepUserBtcdDir() func() {
	u, err := user.Current()
	if err != nil || u.HomeDir == "" {
		return func() {}
	}
	dir := filepath.Join(u.HomeDir, ".btcd")
	if _, err := os.Stat(dir); err == nil {
		return func() {}
	}
	return func() { os.Remove(dir) } // fails, harmlessly, unless empty
}
