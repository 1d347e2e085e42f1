package dnsseed

import (
	"bytes"
	"errors"
	"net"
	"net/netip"
	"os"
	"os/exec"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/btcsuite/btcd/btcec/v2"
	"github.com/miekg/dns"
	"golang.org/x/net/proxy"

	transport "github.com/lnstack/lnstack/layer1_transport"
)

// This file runs the client against servers no one here wrote: Debian's
// dnsmasq as the DNS server and microsocks as the SOCKS5 proxy. A test
// skips, saying why, when the program is not installed (scripts/
// test-deps.sh installs both).

// findProgram returns the path of a program, looking in PATH and the
// sbin directories a non-root PATH may lack.
func findProgram(t *testing.T, name string) string {
	t.Helper()
	if p, err := exec.LookPath(name); err == nil {
		return p
	}
	for _, dir := range []string{"/usr/sbin", "/sbin", "/usr/bin", "/usr/local/bin"} {
		p := dir + "/" + name
		if st, err := os.Stat(p); err == nil && st.Mode()&0o111 != 0 {
			return p
		}
	}
	t.Skipf("%s is not installed (Debian package %s; `make test-deps` installs it): skipping the test against it",
		name, map[string]string{"dnsmasq": "dnsmasq-base", "microsocks": "microsocks"}[name])
	return ""
}

// freePort returns a port free for both UDP and TCP on 127.0.0.1 a moment
// ago. Another process may take it before the caller binds it, so callers
// retry a failed start.
func freePort(t *testing.T) int {
	t.Helper()
	ln, pc, err := listenBoth("127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	port := ln.Addr().(*net.TCPAddr).Port
	ln.Close()
	pc.Close()
	return port
}

// syncBuffer collects a child's output for failure messages.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// startProgram runs prog on a free port (args gets the port) until it is
// ready, and kills it at cleanup. It returns "127.0.0.1:<port>".
func startProgram(t *testing.T, prog string, args func(port int) []string, ready func(addr string) bool) string {
	t.Helper()
	for attempt := 0; attempt < 5; attempt++ {
		port := freePort(t)
		addr := net.JoinHostPort("127.0.0.1", strconv.Itoa(port))
		out := &syncBuffer{}
		cmd := exec.Command(prog, args(port)...)
		cmd.Stdout, cmd.Stderr = out, out
		if err := cmd.Start(); err != nil {
			t.Fatalf("start %s: %v", prog, err)
		}
		exited := make(chan struct{})
		go func() {
			_ = cmd.Wait()
			close(exited)
		}()
		t.Cleanup(func() {
			_ = cmd.Process.Kill()
			<-exited
		})
		// Wait for the program to answer, a bounded number of tries.
		for try := 0; try < 100; try++ {
			select {
			case <-exited:
				t.Logf("%s exited at start (attempt %d): %s", prog, attempt+1, out.String())
				try = 100
				continue
			default:
			}
			if ready(addr) {
				return addr
			}
			time.Sleep(50 * time.Millisecond)
		}
		select {
		case <-exited:
			continue // port taken meanwhile: try another
		default:
			t.Fatalf("%s on %s never became ready: %s", prog, addr, out.String())
		}
	}
	t.Fatalf("%s would not start", prog)
	return ""
}

// startDnsmasq runs dnsmasq as an authoritative-only server for
// seed.test with the given records and returns its address.
func startDnsmasq(t *testing.T, records []string) string {
	t.Helper()
	prog := findProgram(t, "dnsmasq")
	return startProgram(t, prog, func(port int) []string {
		return append([]string{
			"--no-daemon", "--port=" + strconv.Itoa(port),
			"--listen-address=127.0.0.1", "--bind-interfaces",
			"--no-resolv", "--no-hosts", "--conf-file=/dev/null",
			"--pid-file=", "--log-facility=-",
			// Answer NXDOMAIN for unknown names of the zone instead of
			// REFUSED (there is no upstream).
			"--local=/seed.test/",
		}, records...)
	}, func(addr string) bool {
		q := new(dns.Msg)
		q.SetQuestion("_nodes._tcp.seed.test.", dns.TypeSRV)
		c := &dns.Client{Timeout: 200 * time.Millisecond}
		m, _, err := c.Exchange(q, addr)
		return err == nil && len(m.Answer) > 0
	})
}

func TestDnsmasq(t *testing.T) {
	k := func(i int) *btcec.PublicKey { return testKey(100 + i) }
	vh := func(i int) string { return EncodeNodeID(k(i)) + ".seed.test" }
	ap := netip.MustParseAddrPort
	records := []string{
		// Wildcard SRV: node 1 (A and AAAA, given as additional records
		// by dnsmasq), node 2 (behind a CNAME, so no additional records:
		// the client queries its A records and follows the CNAME), and a
		// target that is not a node id.
		"--srv-host=_nodes._tcp.seed.test," + vh(1) + ",9735",
		"--srv-host=_nodes._tcp.seed.test," + vh(2) + ",19735",
		"--srv-host=_nodes._tcp.seed.test,notanode.seed.test,9735",
		"--host-record=" + vh(1) + ",127.0.0.2,::2",
		"--cname=" + vh(2) + ",host2.seed.test",
		"--host-record=host2.seed.test,127.0.0.3",
		// Only under the condition name _nodes._tcp.a2.n10.seed.test.
		"--srv-host=_nodes._tcp.a2.n10.seed.test," + vh(3) + ",9735",
		"--host-record=" + vh(3) + ",127.0.0.4",
		// A node query by SRV, on a non-default port.
		"--srv-host=_nodes._tcp.l" + EncodeNodeID(k(4)) + ".seed.test," + vh(4) + ",9999",
		"--host-record=" + vh(4) + ",127.0.0.5",
		// A node with only address records for its virtual hostname.
		"--host-record=" + vh(5) + ",127.0.0.6,::6",
	}
	addr := startDnsmasq(t, records)

	check := func(t *testing.T, r *Resolver) {
		ctx := testCtx(t)
		res, err := r.Query(ctx, "seed.test", Conditions{})
		if err != nil {
			t.Fatal(err)
		}
		want := map[string][]netip.AddrPort{
			string(k(1).SerializeCompressed()): {ap("127.0.0.2:9735"), ap("[::2]:9735")},
			string(k(2).SerializeCompressed()): {ap("127.0.0.3:19735")},
		}
		if len(res) != len(want) {
			t.Fatalf("%d results, want %d: %v", len(res), len(want), res)
		}
		for _, got := range res {
			w, ok := want[string(got.NodeID.SerializeCompressed())]
			if !ok || !sameAddrs(got.Addrs, w) {
				t.Errorf("node %x: %v, want %v", got.NodeID.SerializeCompressed(), got.Addrs, w)
			}
		}

		res, err = r.Query(ctx, "seed.test", Conditions{AddrTypes: AddrIPv4, Count: 10})
		if err != nil {
			t.Fatal(err)
		}
		if len(res) != 1 || !res[0].NodeID.IsEqual(k(3)) || !sameAddrs(res[0].Addrs, []netip.AddrPort{ap("127.0.0.4:9735")}) {
			t.Errorf("a2.n10: %v", res)
		}

		got, err := r.LookupNode(ctx, "seed.test", k(4))
		if err != nil || !got.NodeID.IsEqual(k(4)) || !sameAddrs(got.Addrs, []netip.AddrPort{ap("127.0.0.5:9999")}) {
			t.Errorf("LookupNode by SRV: %v %v", got, err)
		}
		got, err = r.LookupNode(ctx, "seed.test", k(5))
		if err != nil || !sameAddrs(got.Addrs, []netip.AddrPort{ap("127.0.0.6:9735"), ap("[::6]:9735")}) {
			t.Errorf("LookupNode by A/AAAA: %v %v", got, err)
		}
		if _, err := r.LookupNode(ctx, "seed.test", k(6)); !errors.Is(err, ErrNoRecords) {
			t.Errorf("LookupNode of an unknown node: %v", err)
		}
	}
	t.Run("udp", func(t *testing.T) { check(t, &Resolver{Server: addr}) })
	t.Run("tcp", func(t *testing.T) { check(t, &Resolver{Server: addr, Net: "tcp"}) })
	t.Run("socks5", func(t *testing.T) {
		rec := &recordingDialer{}
		socks, proxyAddr := startSOCKS5(t, rec)
		check(t, &Resolver{Server: addr, Dialer: socks})
		checkOnlyProxy(t, rec, proxyAddr)
	})
}

// checkOnlyProxy asserts the client's own connections all went to the
// proxy, over TCP.
func checkOnlyProxy(t *testing.T, rec *recordingDialer, proxyAddr string) {
	t.Helper()
	dials := rec.seen()
	if len(dials) == 0 {
		t.Fatal("nothing went through the proxy")
	}
	for _, d := range dials {
		if d != "tcp "+proxyAddr {
			t.Errorf("dial %q, want only %q", d, "tcp "+proxyAddr)
		}
	}
}

// startSOCKS5 runs microsocks and returns a Dialer through it, whose own
// connections to the proxy are recorded by forward, and the proxy address.
func startSOCKS5(t *testing.T, forward *recordingDialer) (transport.Dialer, string) {
	t.Helper()
	prog := findProgram(t, "microsocks")
	addr := startProgram(t, prog, func(port int) []string {
		return []string{"-i", "127.0.0.1", "-p", strconv.Itoa(port)}
	}, func(addr string) bool {
		c, err := net.DialTimeout("tcp", addr, 200*time.Millisecond)
		if err != nil {
			return false
		}
		c.Close()
		return true
	})
	d, err := proxy.SOCKS5("tcp", addr, nil, forward)
	if err != nil {
		t.Fatal(err)
	}
	cd, ok := d.(proxy.ContextDialer)
	if !ok {
		t.Fatal("the SOCKS5 dialer has no DialContext")
	}
	return cd, addr
}

// TestQueryThroughSOCKS5: our seed, reached only through a real SOCKS5
// proxy; the client's only connections are to the proxy.
func TestQueryThroughSOCKS5(t *testing.T) {
	nodes := testNodes(8)
	_, addr := startServer(t, testZone, nodes, func(s *Server) { s.NoAdditional = true })
	rec := &recordingDialer{}
	socks, proxyAddr := startSOCKS5(t, rec)
	r := &Resolver{Server: addr, Dialer: socks}
	res, err := r.Query(testCtx(t), testZone, Conditions{Count: 8})
	if err != nil {
		t.Fatal(err)
	}
	if len(res) != 8 {
		t.Errorf("%d results", len(res))
	}
	checkResults(t, nodes, res, DefaultAddrTypes)
	checkOnlyProxy(t, rec, proxyAddr)
}
