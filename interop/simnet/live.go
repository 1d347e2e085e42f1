package simnet

import (
	"context"
	"os"
	"path/filepath"
	"testing"
)

// LnstackBin returns the path of the lnstack command in dir (a directory
// from BinDir), where `make -C interop build` puts it beside lnd, and
// fails the test when it is not there.
func LnstackBin(t testing.TB, dir string) string {
	t.Helper()
	path := filepath.Join(dir, "lnstack")
	if _, err := os.Stat(path); err != nil {
		t.Fatalf("lnstack binary: %v (run `make -C interop all`)", err)
	}
	return path
}

// StartLive is how a live test of the lnstack command begins: it finds the
// binaries (BinDir: skipped when LNSTACK_INTEROP_BIN is unset, a failure
// under CI=true), checks that lnstack was built beside them, and starts a
// network of the given number of lnd nodes, failing the test if it does
// not come up. It returns the network and the lnstack command's path.
func StartLive(ctx context.Context, t testing.TB, nodes int) (*Network, string) {
	t.Helper()
	bin := BinDir(t)
	lnstack := LnstackBin(t, bin)
	network, err := Start(ctx, t, Options{Bin: bin, Nodes: nodes})
	if err != nil {
		t.Fatal(err)
	}
	return network, lnstack
}
