package dnsseed

import (
	"context"
	"errors"
	"net"
	"net/netip"
	"testing"
	"time"

	"github.com/btcsuite/btcd/btcec/v2"
	"github.com/miekg/dns"
)

// checkResults asserts every result is a known node, with exactly the
// node's addresses of the wanted types, and no node twice.
func checkResults(t *testing.T, nodes []Node, res []Result, types AddrTypes) {
	t.Helper()
	seen := make(map[string]bool)
	for _, r := range res {
		id := string(r.NodeID.SerializeCompressed())
		if seen[id] {
			t.Errorf("node %x twice", id)
		}
		seen[id] = true
		n, ok := nodeByKey(nodes, r.NodeID)
		if !ok {
			t.Fatalf("unknown node %x", id)
		}
		var want []netip.AddrPort
		for _, ap := range n.Addrs {
			if addrWanted(ap.Addr(), types) {
				want = append(want, ap)
			}
		}
		if len(r.Addrs) != len(want) {
			t.Errorf("node %x: addrs %v, want %v", id, r.Addrs, want)
			continue
		}
		for i := range want {
			if r.Addrs[i] != want[i] {
				t.Errorf("node %x: addrs %v, want %v", id, r.Addrs, want)
			}
		}
	}
}

func TestQueryOwnServer(t *testing.T) {
	nodes := testNodes(40)
	_, addr := startServer(t, testZone, nodes)
	for _, network := range []string{"udp", "tcp"} {
		t.Run(network, func(t *testing.T) {
			ctx := testCtx(t)
			r := &Resolver{Server: addr, Net: network}
			for _, c := range []struct {
				name  string
				cond  Conditions
				count int
			}{
				{"default", Conditions{}, DefaultCount},
				{"r0", Conditions{Realm: 0, Count: 40}, 40},
				{"a2", Conditions{AddrTypes: AddrIPv4, Count: 40}, 40},
				{"a4", Conditions{AddrTypes: AddrIPv6, Count: 40}, 20},
				{"a6", Conditions{AddrTypes: AddrIPv4 | AddrIPv6, Count: 7}, 7},
				{"n3", Conditions{Count: 3}, 3},
				{"l", Conditions{NodeID: nodes[5].ID}, 1},
				{"l a4 of a node without IPv6", Conditions{NodeID: nodes[5].ID, AddrTypes: AddrIPv6}, 0},
				{"l unknown", Conditions{NodeID: testKey(1000)}, 0},
				{"r1", Conditions{Realm: 1}, 0},
				{"a16", Conditions{AddrTypes: AddrTorV3}, 0},
			} {
				res, err := r.Query(ctx, "SEED.example", c.cond)
				if c.count == 0 {
					if !errors.Is(err, ErrNoRecords) {
						t.Errorf("%s: %d results, err %v; want ErrNoRecords", c.name, len(res), err)
					}
					continue
				}
				if err != nil {
					t.Errorf("%s: %v", c.name, err)
					continue
				}
				if len(res) != c.count {
					t.Errorf("%s: %d results, want %d", c.name, len(res), c.count)
				}
				checkResults(t, nodes, res, c.cond.Types())
				if c.cond.NodeID != nil && !res[0].NodeID.IsEqual(c.cond.NodeID) {
					t.Errorf("%s: got another node", c.name)
				}
			}

			// A node on port 9736: the SRV port reaches the result.
			got, err := r.LookupNode(ctx, testZone, nodes[2].ID)
			if err != nil {
				t.Fatal(err)
			}
			checkResults(t, nodes, []Result{got}, DefaultAddrTypes)
			if got.Addrs[0].Port() != 9736 {
				t.Errorf("LookupNode: port %d", got.Addrs[0].Port())
			}
			if _, err := r.LookupNode(ctx, testZone, testKey(1000)); !errors.Is(err, ErrNoRecords) {
				t.Errorf("LookupNode of an unknown node: %v", err)
			}
		})
	}
}

// TestQueryNoAdditional makes the client resolve every virtual hostname
// itself: the seed sends SRV records only.
func TestQueryNoAdditional(t *testing.T) {
	nodes := testNodes(12)
	_, addr := startServer(t, testZone, nodes, func(s *Server) { s.NoAdditional = true })
	for _, parallel := range []int{1, 0, 16} {
		r := &Resolver{Server: addr, Parallel: parallel}
		res, err := r.Query(testCtx(t), testZone, Conditions{Count: 12})
		if err != nil {
			t.Fatal(err)
		}
		if len(res) != 12 {
			t.Errorf("parallel %d: %d results", parallel, len(res))
		}
		checkResults(t, nodes, res, DefaultAddrTypes)
	}
}

// TestQueryTruncatedFallsBackToTCP asks for more than fits a 4096-byte
// UDP reply: the seed sets TC and the resolver repeats over TCP.
func TestQueryTruncatedFallsBackToTCP(t *testing.T) {
	nodes := testNodes(100)
	s, addr := startServer(t, testZone, nodes, func(s *Server) { s.MaxCount = 100 })
	q := new(dns.Msg)
	q.SetQuestion("_nodes._tcp.n100.seed.example.", dns.TypeSRV)
	q.SetEdns0(ednsUDPSize, false)
	if m := s.reply(q, true); !m.Truncated {
		t.Fatal("the UDP reply is not truncated: the test proves nothing")
	}
	res, err := (&Resolver{Server: addr}).Query(testCtx(t), testZone, Conditions{Count: 100})
	if err != nil {
		t.Fatal(err)
	}
	if len(res) != 100 {
		t.Errorf("%d results, want 100", len(res))
	}
	checkResults(t, nodes, res, DefaultAddrTypes)
}

// startHandler serves a hand-written handler on 127.0.0.1 over UDP and
// TCP, for replies no honest seed sends.
func startHandler(t *testing.T, h dns.HandlerFunc) string {
	t.Helper()
	ln, pc, err := listenBoth("127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	for _, srv := range []*dns.Server{{Listener: ln, Handler: h}, {PacketConn: pc, Handler: h}} {
		started := make(chan struct{})
		srv.NotifyStartedFunc = func() { close(started) }
		done := make(chan struct{})
		go func() {
			defer close(done)
			_ = srv.ActivateAndServe()
		}()
		<-started
		t.Cleanup(func() {
			_ = srv.Shutdown()
			<-done
		})
	}
	return ln.Addr().String()
}

func srvRR(name, target string, port uint16) dns.RR {
	return &dns.SRV{Hdr: dns.RR_Header{Name: name, Rrtype: dns.TypeSRV, Class: dns.ClassINET, Ttl: 60},
		Target: target, Port: port}
}

func TestQueryHostileReplies(t *testing.T) {
	good, other := testKey(1), testKey(2)
	goodVH, otherVH := VirtualHost(good, testZone), VirtualHost(other, testZone)
	v4 := netip.MustParseAddr("192.0.2.1")
	v6 := netip.MustParseAddr("2001:db8::1")
	mapped := netip.MustParseAddr("::ffff:192.0.2.7")

	// The handler answers every SRV query with a bad target, a good
	// node, another node, and addresses of both families for each.
	addr := startHandler(t, func(w dns.ResponseWriter, req *dns.Msg) {
		m := new(dns.Msg)
		m.SetReply(req)
		q := req.Question[0]
		switch q.Qtype {
		case dns.TypeSRV:
			m.Answer = append(m.Answer,
				srvRR(q.Name, "not-a-node.seed.example.", 9735),
				srvRR("elsewhere.example.", otherVH, 9735), // wrong owner: ignored
				srvRR(q.Name, goodVH, 9735),
				srvRR(q.Name, goodVH, 9735), // duplicate
				srvRR(q.Name, goodVH, 19735),
				srvRR(q.Name, otherVH, 9735))
			m.Extra = append(m.Extra, addrRR(goodVH, v4, 60), addrRR(goodVH, v6, 60))
		case dns.TypeA:
			m.Answer = append(m.Answer, addrRR(q.Name, v4, 60), addrRR("unrelated.example.", netip.MustParseAddr("192.0.2.99"), 60))
		case dns.TypeAAAA:
			m.Answer = append(m.Answer, addrRR(q.Name, mapped, 60))
		}
		_ = w.WriteMsg(m)
	})
	r := &Resolver{Server: addr, Net: "tcp"}
	ctx := testCtx(t)

	res, err := r.Query(ctx, testZone, Conditions{})
	if err != nil {
		t.Fatal(err)
	}
	if len(res) != 2 || !res[0].NodeID.IsEqual(good) || !res[1].NodeID.IsEqual(other) {
		t.Fatalf("results %v", res)
	}
	wantGood := []netip.AddrPort{
		netip.AddrPortFrom(v4, 9735), netip.AddrPortFrom(v4, 19735),
		netip.AddrPortFrom(v6, 9735), netip.AddrPortFrom(v6, 19735),
	}
	if !sameAddrs(res[0].Addrs, wantGood) {
		t.Errorf("good node: %v, want %v", res[0].Addrs, wantGood)
	}
	// other had no additional records: resolved by A and AAAA queries,
	// the IPv4-mapped AAAA unmapped, the unrelated A record ignored.
	wantOther := []netip.AddrPort{netip.AddrPortFrom(v4, 9735), netip.AddrPortFrom(mapped.Unmap(), 9735)}
	if !sameAddrs(res[1].Addrs, wantOther) {
		t.Errorf("other node: %v, want %v", res[1].Addrs, wantOther)
	}

	// BOLT #10: clients "MUST NOT rely on any given condition being met".
	res, err = r.Query(ctx, testZone, Conditions{AddrTypes: AddrIPv6, NodeID: good})
	if err != nil || len(res) != 1 || !sameAddrs(res[0].Addrs, wantGood[2:]) {
		t.Errorf("a4 l<good>: %v %v", res, err)
	}
	if res, err := r.Query(ctx, testZone, Conditions{Count: 1}); err != nil || len(res) != 1 {
		t.Errorf("n1: %v %v", res, err)
	}
	if _, err := r.Query(ctx, testZone, Conditions{NodeID: testKey(3)}); !errors.Is(err, ErrNoRecords) {
		t.Errorf("node query answered with other nodes: %v", err)
	}

	// Too many records for the resolver's bound.
	small := &Resolver{Server: addr, MaxRecords: 5}
	if _, err := small.Query(ctx, testZone, Conditions{}); !errors.Is(err, ErrOversized) {
		t.Errorf("MaxRecords 5: %v", err)
	}
}

func sameAddrs(a, b []netip.AddrPort) bool {
	if len(a) != len(b) {
		return false
	}
	for _, x := range a {
		if !containsAddrPort(b, x) {
			return false
		}
	}
	return true
}

func TestQueryBadTargetsOnly(t *testing.T) {
	addr := startHandler(t, func(w dns.ResponseWriter, req *dns.Msg) {
		m := new(dns.Msg)
		m.SetReply(req)
		m.Answer = append(m.Answer, srvRR(req.Question[0].Name, "ln1qqqq.seed.example.", 9735))
		_ = w.WriteMsg(m)
	})
	_, err := (&Resolver{Server: addr}).Query(testCtx(t), testZone, Conditions{})
	if !errors.Is(err, ErrNoRecords) || !errors.Is(err, ErrBadNodeID) {
		t.Errorf("err = %v, want ErrNoRecords wrapping ErrBadNodeID", err)
	}
}

func TestQueryRcodes(t *testing.T) {
	for _, c := range []struct {
		rcode int
		want  error
	}{
		{dns.RcodeServerFailure, ErrBadReply},
		{dns.RcodeRefused, ErrBadReply},
		{dns.RcodeNameError, ErrNoRecords},
	} {
		addr := startHandler(t, func(w dns.ResponseWriter, req *dns.Msg) {
			m := new(dns.Msg)
			m.SetRcode(req, c.rcode)
			_ = w.WriteMsg(m)
		})
		_, err := (&Resolver{Server: addr}).Query(testCtx(t), testZone, Conditions{})
		if !errors.Is(err, c.want) {
			t.Errorf("%s: err = %v, want %v", dns.RcodeToString[c.rcode], err, c.want)
		}
		var rcErr *RcodeError
		if isRc := errors.As(err, &rcErr); isRc != (c.rcode != dns.RcodeNameError) || (isRc && rcErr.Rcode != c.rcode) {
			t.Errorf("%s: RcodeError %v", dns.RcodeToString[c.rcode], rcErr)
		}
	}
}

func TestQueryWrongQuestionOverTCP(t *testing.T) {
	addr := startHandler(t, func(w dns.ResponseWriter, req *dns.Msg) {
		m := new(dns.Msg)
		m.SetReply(req)
		m.Question[0].Name = "other.example."
		_ = w.WriteMsg(m)
	})
	_, err := (&Resolver{Server: addr, Net: "tcp"}).Query(testCtx(t), testZone, Conditions{})
	if !errors.Is(err, ErrBadReply) {
		t.Errorf("err = %v, want ErrBadReply", err)
	}
}

// udpResponder serves raw UDP: for each query it calls reply, which
// returns the datagrams to send back, in order.
func udpResponder(t *testing.T, reply func(q *dns.Msg) [][]byte) string {
	t.Helper()
	pc, err := net.ListenPacket("udp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	done := make(chan struct{})
	go func() {
		defer close(done)
		buf := make([]byte, 4096)
		for {
			n, from, err := pc.ReadFrom(buf)
			if err != nil {
				return
			}
			q := new(dns.Msg)
			if q.Unpack(buf[:n]) != nil {
				continue
			}
			for _, d := range reply(q) {
				_, _ = pc.WriteTo(d, from)
			}
		}
	}()
	t.Cleanup(func() {
		pc.Close()
		<-done
	})
	return pc.LocalAddr().String()
}

func TestQueryUDPStrayDatagrams(t *testing.T) {
	id := testKey(7)
	addr := udpResponder(t, func(q *dns.Msg) [][]byte {
		m := new(dns.Msg)
		m.SetReply(q)
		name := q.Question[0].Name
		switch q.Question[0].Qtype {
		case dns.TypeSRV:
			m.Answer = []dns.RR{srvRR(name, VirtualHost(id, testZone), 9735)}
		case dns.TypeA:
			m.Answer = []dns.RR{addrRR(name, netip.MustParseAddr("192.0.2.7"), 60)}
		}
		right, _ := m.Pack()
		wrongID := m.Copy()
		wrongID.Id++
		w1, _ := wrongID.Pack()
		wrongQ := m.Copy()
		wrongQ.Question[0].Name = "spoofed.example."
		w2, _ := wrongQ.Pack()
		return [][]byte{[]byte("garbage"), w1, w2, right}
	})
	res, err := (&Resolver{Server: addr}).Query(testCtx(t), testZone, Conditions{AddrTypes: AddrIPv4})
	if err != nil {
		t.Fatal(err)
	}
	if len(res) != 1 || !res[0].NodeID.IsEqual(id) || res[0].Addrs[0] != netip.MustParseAddrPort("192.0.2.7:9735") {
		t.Errorf("results %v", res)
	}
}

func TestQueryContext(t *testing.T) {
	// A server that never answers.
	addr := udpResponder(t, func(*dns.Msg) [][]byte { return nil })
	r := &Resolver{Server: addr}

	ctx, cancel := context.WithTimeout(testCtx(t), 50*time.Millisecond)
	defer cancel()
	if _, err := r.Query(ctx, testZone, Conditions{}); !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("deadline: %v", err)
	}
	ctx, cancel = context.WithCancel(testCtx(t))
	cancel()
	if _, err := r.Query(ctx, testZone, Conditions{}); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled: %v", err)
	}
	// The per-exchange Timeout bounds a query without a deadline.
	r.Timeout = 50 * time.Millisecond
	if _, err := r.Query(testCtx(t), testZone, Conditions{}); !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("Timeout: %v", err)
	}
}

func TestResolverConfigErrors(t *testing.T) {
	ctx := testCtx(t)
	if _, err := (&Resolver{}).Query(ctx, testZone, Conditions{}); !errors.Is(err, ErrNoServer) {
		t.Errorf("no server: %v", err)
	}
	if _, err := (&Resolver{Server: "127.0.0.1:1", Net: "sctp"}).Query(ctx, testZone, Conditions{}); err == nil {
		t.Error("network sctp accepted")
	}
	r := &Resolver{Server: "127.0.0.1:1"}
	if _, err := r.Query(ctx, ".", Conditions{}); !errors.Is(err, ErrBadSeed) {
		t.Errorf("root seed: %v", err)
	}
	if _, err := r.LookupNode(ctx, "", testKey(1)); !errors.Is(err, ErrBadSeed) {
		t.Errorf("LookupNode empty seed: %v", err)
	}
	var nilKey *btcec.PublicKey
	if _, err := r.LookupNode(ctx, testZone, nilKey); !errors.Is(err, ErrBadNodeID) {
		t.Errorf("LookupNode nil key: %v", err)
	}
	if _, err := r.Query(ctx, testZone, Conditions{Count: -1}); !errors.Is(err, ErrBadCondition) {
		t.Errorf("negative count: %v", err)
	}
}

// TestQueryThroughDialer: with a Dialer set, every exchange (the SRV
// query and each virtual hostname lookup) is a TCP connection to the
// configured server through that Dialer, whatever Net says.
func TestQueryThroughDialer(t *testing.T) {
	nodes := testNodes(10)
	_, addr := startServer(t, testZone, nodes, func(s *Server) { s.NoAdditional = true })
	d := &recordingDialer{}
	r := &Resolver{Server: addr, Net: "udp", Dialer: d}
	res, err := r.Query(testCtx(t), testZone, Conditions{Count: 4})
	if err != nil {
		t.Fatal(err)
	}
	checkResults(t, nodes, res, DefaultAddrTypes)
	if _, err := r.LookupNode(testCtx(t), testZone, nodes[3].ID); err != nil {
		t.Fatal(err)
	}
	dials := d.seen()
	// 1 SRV + 4 nodes x (A + AAAA), then 1 SRV + A + AAAA.
	if len(dials) != 1+4*2+3 {
		t.Errorf("%d dials: %v", len(dials), dials)
	}
	for _, got := range dials {
		if got != "tcp "+addr {
			t.Errorf("dial %q, want only %q", got, "tcp "+addr)
		}
	}
}

// BenchmarkQueryLoopback: a wildcard query for 25 nodes against our own
// seed on 127.0.0.1 (one UDP exchange, addresses from the additional
// section).
func BenchmarkQueryLoopback(b *testing.B) {
	_, addr := startServer(b, testZone, testNodes(200))
	r := &Resolver{Server: addr}
	ctx := context.Background()
	b.ReportAllocs()
	for b.Loop() {
		res, err := r.Query(ctx, testZone, Conditions{})
		if err != nil || len(res) != DefaultCount {
			b.Fatal(len(res), err)
		}
	}
}
