// Package graphtest supports the tests and benchmarks of the graph store,
// query sync and pathfinding: it finds the mainnet snapshots of
// ../shared/graphs (skipping the test when they are absent), reads them
// into a snapshot.Topology, and turns a topology into signed gossip with
// fresh keys (Generate), which Load feeds through an Ingester into a
// graph.Graph like live gossip.
//
// It is test support: it shells out to `xz -dc` for the compressed
// snapshots (the standard library has no xz decoder and the project takes
// no dependency for one), and it fails or skips through testing.TB.
package graphtest

import (
	"bytes"
	"context"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"

	"github.com/lnstack/lnstack/layer3_p2p/graph/snapshot"
)

// EnvGraphs names the environment variable that points at the snapshot
// directory (the one holding cln-mainnet-2019-05-14/ and
// cloth-mainnet-2020/) when it is not ../shared/graphs beside the
// repository.
const EnvGraphs = "LNSTACK_GRAPHS"

// The snapshot files, relative to the snapshot directory.
const (
	clnChannels   = "cln-mainnet-2019-05-14/channels_5-14-19.json.xz"
	clnNodes      = "cln-mainnet-2019-05-14/nodes_5-14-19.json.xz"
	clothChannels = "cloth-mainnet-2020/channels_ln.csv"
	clothEdges    = "cloth-mainnet-2020/edges_ln.csv"
)

// Dir returns the snapshot directory: $LNSTACK_GRAPHS, or the first
// shared/graphs found walking up from the working directory (the
// repository's ../shared/graphs). It skips the test when there is none.
func Dir(tb testing.TB) string {
	tb.Helper()
	if dir := os.Getenv(EnvGraphs); dir != "" {
		return dir
	}
	wd, err := os.Getwd()
	if err != nil {
		tb.Fatal(err)
	}
	for dir := wd; ; {
		cand := filepath.Join(dir, "shared", "graphs")
		if st, err := os.Stat(cand); err == nil && st.IsDir() {
			return cand
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			tb.Skipf("no graph snapshots (shared/graphs above %s, or $%s): skipped", wd, EnvGraphs)
			return ""
		}
		dir = parent
	}
}

// CLN returns the Core Lightning mainnet snapshot of 2019-05-14 (37,497
// channels, real short_channel_ids). It skips the test when the files or
// the xz program are absent.
func CLN(tb testing.TB) *snapshot.Topology {
	tb.Helper()
	dir := Dir(tb)
	chans := unxz(tb, filepath.Join(dir, clnChannels))
	nodes := unxz(tb, filepath.Join(dir, clnNodes))
	t, err := snapshot.ReadCLN(bytes.NewReader(chans), bytes.NewReader(nodes))
	if err != nil {
		tb.Fatal(err)
	}
	return t
}

// CLoTH returns the CLoTH mainnet snapshot of 2020 (30,457 channels,
// anonymised). It skips the test when the files are absent.
func CLoTH(tb testing.TB) *snapshot.Topology {
	tb.Helper()
	dir := Dir(tb)
	chans := readFile(tb, filepath.Join(dir, clothChannels))
	edges := readFile(tb, filepath.Join(dir, clothEdges))
	t, err := snapshot.ReadCLoTH(bytes.NewReader(chans), bytes.NewReader(edges))
	if err != nil {
		tb.Fatal(err)
	}
	return t
}

func readFile(tb testing.TB, path string) []byte {
	tb.Helper()
	data, err := os.ReadFile(path)
	if errors.Is(err, os.ErrNotExist) {
		tb.Skipf("snapshot %s absent: skipped", path)
	}
	if err != nil {
		tb.Fatal(err)
	}
	return data
}

// unxz decompresses an xz file with the xz program, bounded in time.
func unxz(tb testing.TB, path string) []byte {
	tb.Helper()
	if _, err := os.Stat(path); errors.Is(err, os.ErrNotExist) {
		tb.Skipf("snapshot %s absent: skipped", path)
	}
	xz, err := exec.LookPath("xz")
	if err != nil {
		tb.Skipf("no xz program to read %s: skipped", path)
	}
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	var out, stderr bytes.Buffer
	cmd := exec.CommandContext(ctx, xz, "-dc", path)
	cmd.Stdout, cmd.Stderr = &out, &stderr
	if err := cmd.Run(); err != nil {
		tb.Fatalf("xz -dc %s: %v: %s", path, err, stderr.String())
	}
	return out.Bytes()
}
