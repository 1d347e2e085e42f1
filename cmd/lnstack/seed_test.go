package main

import (
	"bufio"
	"bytes"
	"context"
	"crypto/sha256"
	"errors"
	"fmt"
	"io"
	"net"
	"net/netip"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/btcsuite/btcd/btcec/v2"

	"github.com/lnstack/lnstack/layer1_transport/dnsseed"
)

func seedTestKey(i int) *btcec.PublicKey {
	s := sha256.Sum256([]byte(fmt.Sprintf("seed cmd test %d", i)))
	priv, _ := btcec.PrivKeyFromBytes(s[:])
	return priv.PubKey()
}

// seedTestNodes: node i at 192.0.2.(i+1):9735, except node 0, at
// 192.0.2.1:9736 and [2001:db8::]:9736 (one port: DNS cannot tie a port
// to one address of a node, so a node's addresses share its ports).
func seedTestNodes(n int) []dnsseed.Node {
	nodes := make([]dnsseed.Node, n)
	for i := range nodes {
		nodes[i] = dnsseed.Node{ID: seedTestKey(i), Addrs: []netip.AddrPort{
			netip.AddrPortFrom(netip.AddrFrom4([4]byte{192, 0, 2, byte(i + 1)}), 9735),
		}}
	}
	nodes[0].Addrs = []netip.AddrPort{
		netip.MustParseAddrPort("192.0.2.1:9736"),
		netip.MustParseAddrPort("[2001:db8::]:9736"),
	}
	return nodes
}

// lines returns the `pubkey@addr` lines a node list prints as.
func lines(nodes []dnsseed.Node, keep func(netip.AddrPort) bool) []string {
	var out []string
	for _, n := range nodes {
		for _, a := range n.Addrs {
			if keep == nil || keep(a) {
				out = append(out, fmt.Sprintf("%x@%s", n.ID.SerializeCompressed(), a))
			}
		}
	}
	slices.Sort(out)
	return out
}

func startSeed(t *testing.T, nodes []dnsseed.Node) string {
	t.Helper()
	srv := &dnsseed.Server{Zone: "seed.example.", Nodes: dnsseed.NewNodeSet(nodes)}
	addr, err := srv.Start("127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = srv.Close() })
	return addr
}

// seedQuery runs `lnstack seed query args...` in-process and returns its
// output lines, sorted.
func seedQuery(t *testing.T, args ...string) ([]string, error) {
	t.Helper()
	var out, errb bytes.Buffer
	err := runSeed(context.Background(), &env{stdout: &out, stderr: &errb}, append([]string{"query"}, args...))
	got := strings.Fields(out.String())
	slices.Sort(got)
	if errb.Len() > 0 {
		t.Logf("stderr: %s", errb.String())
	}
	return got, err
}

func TestSeedQuery(t *testing.T) {
	nodes := seedTestNodes(5)
	addr := startSeed(t, nodes)
	ipv4 := func(a netip.AddrPort) bool { return a.Addr().Is4() }
	for _, c := range []struct {
		args []string
		want []string
	}{
		{[]string{"--server", addr, "seed.example"}, lines(nodes, nil)},
		{[]string{"--server", addr, "--tcp", "--realm", "0", "seed.example."}, lines(nodes, nil)},
		{[]string{"--server", addr, "--addr-types", "2", "seed.example"}, lines(nodes, ipv4)},
		{[]string{"--server", addr, "--addr-types", "4", "seed.example"}, lines(nodes[:1], func(a netip.AddrPort) bool { return !ipv4(a) })},
		{[]string{"--server", addr, "--node", fmt.Sprintf("%x", nodes[0].ID.SerializeCompressed()), "seed.example"}, lines(nodes[:1], nil)},
		{[]string{"--server", addr, "--tcp", "--node", dnsseed.EncodeNodeID(nodes[3].ID), "seed.example"}, lines(nodes[3:4], nil)},
	} {
		got, err := seedQuery(t, c.args...)
		if err != nil {
			t.Errorf("%v: %v", c.args, err)
			continue
		}
		if !slices.Equal(got, c.want) {
			t.Errorf("%v:\n got %v\nwant %v", c.args, got, c.want)
		}
	}
	got, err := seedQuery(t, "--server", addr, "--count", "2", "--addr-types", "2", "seed.example")
	if err != nil || len(got) != 2 {
		t.Errorf("--count 2: %v %v", got, err)
	}
	for _, l := range got {
		if !slices.Contains(lines(nodes, nil), l) {
			t.Errorf("--count 2: unknown line %s", l)
		}
	}
	if _, err := seedQuery(t, "--server", addr, "--realm", "1", "seed.example"); !errors.Is(err, dnsseed.ErrNoRecords) {
		t.Errorf("--realm 1: %v", err)
	}
	if _, err := seedQuery(t, "--server", addr, "--node", fmt.Sprintf("%x", seedTestKey(99).SerializeCompressed()), "seed.example"); !errors.Is(err, dnsseed.ErrNoRecords) {
		t.Errorf("unknown --node: %v", err)
	}
}

func TestSeedUsage(t *testing.T) {
	for _, args := range [][]string{
		{},
		{"frobnicate"},
		{"query"},
		{"query", "--server", "127.0.0.1:1", "a", "b"},
		{"query", "--server", "127.0.0.1:1", "--node", "nothex", "seed.example"},
		{"query", "--server", "127.0.0.1:1", "--realm", "256", "seed.example"},
		{"query", "--server", "127.0.0.1:1", "--count", "-1", "seed.example"},
		{"query", "--proxy", "127.0.0.1:1", "seed.example"},
		{"query", "--no-such-flag", "seed.example"},
		{"serve"},
		{"serve", "--zone", "seed.example."},
		{"serve", "--nodes", "x"},
	} {
		var out, errb bytes.Buffer
		err := runSeed(context.Background(), &env{stdout: &out, stderr: &errb}, args)
		if !errors.Is(err, errUsage) {
			t.Errorf("%v: err = %v, want a usage error", args, err)
		}
		if errb.Len() == 0 {
			t.Errorf("%v: no usage message", args)
		}
	}
	// The command is in the table and its errors get exit code 2.
	var out, errb bytes.Buffer
	if code := run(context.Background(), &env{stdout: &out, stderr: &errb}, []string{"seed"}); code != 2 {
		t.Errorf("`lnstack seed`: exit %d, want 2", code)
	}
}

func TestSeedServe(t *testing.T) {
	nodes := seedTestNodes(4)
	var file strings.Builder
	file.WriteString("# test seed\n")
	for _, l := range lines(nodes, nil) {
		file.WriteString(l + "\n")
	}
	path := filepath.Join(t.TempDir(), "nodes.txt")
	if err := os.WriteFile(path, []byte(file.String()), 0o600); err != nil {
		t.Fatal(err)
	}

	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	pr, pw := io.Pipe()
	var errb bytes.Buffer
	done := make(chan error, 1)
	go func() {
		err := runSeed(ctx, &env{stdout: pw, stderr: &errb},
			[]string{"serve", "--listen", "127.0.0.1:0", "--zone", "seed.example.", "--nodes", path, "--ttl", "120"})
		pw.CloseWithError(err)
		done <- err
	}()
	line, err := bufio.NewReader(pr).ReadString('\n')
	if err != nil {
		t.Fatalf("serve printed nothing: %v (%s)", err, errb.String())
	}
	// "serving seed.example. on 127.0.0.1:PORT (udp, tcp): 4 nodes"
	f := strings.Fields(line)
	if len(f) < 4 || f[0] != "serving" || !strings.Contains(line, ": 4 nodes") {
		t.Fatalf("serve printed %q", line)
	}
	addr := f[3]
	go func() { _, _ = io.Copy(io.Discard, pr) }()

	for _, extra := range [][]string{nil, {"--tcp"}} {
		got, err := seedQuery(t, append(extra, "--server", addr, "seed.example")...)
		if err != nil {
			t.Fatal(err)
		}
		if want := lines(nodes, nil); !slices.Equal(got, want) {
			t.Errorf("%v:\n got %v\nwant %v", extra, got, want)
		}
	}

	cancel()
	if err := <-done; err != nil {
		t.Errorf("serve returned %v", err)
	}

	// A malformed node file is reported with its line.
	bad := filepath.Join(t.TempDir(), "bad.txt")
	_ = os.WriteFile(bad, []byte("# ok\nnot a node\n"), 0o600)
	err = runSeed(context.Background(), &env{stdout: io.Discard, stderr: io.Discard},
		[]string{"serve", "--listen", "127.0.0.1:0", "--zone", "seed.example.", "--nodes", bad})
	var le *dnsseed.NodeListError
	if !errors.As(err, &le) || le.Line != 2 {
		t.Errorf("bad node file: %v", err)
	}
}

// TestSeedQueryProxy runs the query through a real SOCKS5 proxy
// (microsocks), skipping when it is not installed.
func TestSeedQueryProxy(t *testing.T) {
	prog, err := exec.LookPath("microsocks")
	if err != nil {
		t.Skip("microsocks is not installed (`make test-deps` installs it): skipping the SOCKS5 run")
	}
	nodes := seedTestNodes(3)
	addr := startSeed(t, nodes)

	// A free port for the proxy; retried if taken before microsocks binds.
	var proxyAddr string
	for attempt := 0; attempt < 5 && proxyAddr == ""; attempt++ {
		ln, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			t.Fatal(err)
		}
		port := ln.Addr().(*net.TCPAddr).Port
		ln.Close()
		cmd := exec.Command(prog, "-i", "127.0.0.1", "-p", strconv.Itoa(port))
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		exited := make(chan struct{})
		go func() { _ = cmd.Wait(); close(exited) }()
		t.Cleanup(func() { _ = cmd.Process.Kill(); <-exited })
		a := net.JoinHostPort("127.0.0.1", strconv.Itoa(port))
		for try := 0; try < 100; try++ {
			if c, err := net.DialTimeout("tcp", a, 200*time.Millisecond); err == nil {
				c.Close()
				proxyAddr = a
				break
			}
			select {
			case <-exited:
				try = 100
			case <-time.After(50 * time.Millisecond):
			}
		}
	}
	if proxyAddr == "" {
		t.Fatal("microsocks would not start")
	}
	got, err := seedQuery(t, "--proxy", proxyAddr, "--server", addr, "seed.example")
	if err != nil {
		t.Fatal(err)
	}
	if want := lines(nodes, nil); !slices.Equal(got, want) {
		t.Errorf("through SOCKS5:\n got %v\nwant %v", got, want)
	}
}
