package dnsseed

import (
	"context"
	"errors"
	"net"
	"net/netip"
	"strings"
	"testing"

	"github.com/miekg/dns"
)

const testZone = "seed.example."

// serve asks s in-process, as if over UDP or TCP, with an EDNS0 size
// (0: no EDNS0).
func serve(s *Server, name string, qtype uint16, udp bool, edns uint16) *dns.Msg {
	q := new(dns.Msg)
	q.SetQuestion(name, qtype)
	if edns > 0 {
		q.SetEdns0(edns, false)
	}
	return s.reply(q, udp)
}

func newTestServer(nodes []Node) *Server {
	return &Server{Zone: testZone, Nodes: NewNodeSet(nodes)}
}

func TestServerSRVReply(t *testing.T) {
	nodes := testNodes(10)
	s := newTestServer(nodes)
	s.TTL = 5 // raised to 60
	name := "_NODES._tcp.n4.SEED.example."
	m := serve(s, name, dns.TypeSRV, false, 0)
	if m.Rcode != dns.RcodeSuccess || !m.Authoritative || len(m.Answer) != 4 {
		t.Fatalf("rcode %d aa %v answers %d", m.Rcode, m.Authoritative, len(m.Answer))
	}
	extra := additionalAddrs(m)
	for _, rr := range m.Answer {
		srv := rr.(*dns.SRV)
		if srv.Hdr.Name != name {
			t.Errorf("owner %q, want the query name %q", srv.Hdr.Name, name)
		}
		if srv.Hdr.Ttl < MinTTL {
			t.Errorf("TTL %d below %d", srv.Hdr.Ttl, MinTTL)
		}
		id, root, err := ParseVirtualHost(srv.Target)
		if err != nil || root != testZone {
			t.Fatalf("target %q: %v", srv.Target, err)
		}
		node, ok := nodeByKey(nodes, id)
		if !ok {
			t.Fatalf("unknown node %s", srv.Target)
		}
		if srv.Port != node.Addrs[0].Port() {
			t.Errorf("%s: port %d, want %d", srv.Target, srv.Port, node.Addrs[0].Port())
		}
		got := extra[srv.Target]
		if len(got) != len(node.Addrs) {
			t.Errorf("%s: %d additional addresses, want %d", srv.Target, len(got), len(node.Addrs))
		}
		for i, a := range got {
			if a != node.Addrs[i].Addr() {
				t.Errorf("%s: additional %v, want %v", srv.Target, a, node.Addrs[i].Addr())
			}
		}
	}
	for _, rr := range m.Extra {
		if rr.Header().Ttl < MinTTL {
			t.Errorf("additional TTL %d", rr.Header().Ttl)
		}
	}

	s.NoAdditional = true
	if m := serve(s, name, dns.TypeSRV, false, 0); len(m.Extra) != 0 || len(m.Answer) != 4 {
		t.Errorf("NoAdditional: %d answers, %d additional", len(m.Answer), len(m.Extra))
	}
}

func TestServerSRVConditions(t *testing.T) {
	nodes := testNodes(30)
	s := newTestServer(nodes)
	count := func(name string) (v4, v6, srv int) {
		m := serve(s, name, dns.TypeSRV, false, 0)
		for _, rr := range m.Extra {
			switch rr.(type) {
			case *dns.A:
				v4++
			case *dns.AAAA:
				v6++
			}
		}
		return 0 + v4, v6, len(m.Answer)
	}
	if v4, v6, n := count("_nodes._tcp.seed.example."); n != DefaultCount || v4 != DefaultCount || v6 == 0 {
		t.Errorf("default: %d SRV, %d A, %d AAAA", n, v4, v6)
	}
	if v4, v6, n := count("_nodes._tcp.a2.n30.seed.example."); n != 30 || v4 != 30 || v6 != 0 {
		t.Errorf("a2: %d SRV, %d A, %d AAAA", n, v4, v6)
	}
	// Only the 15 even nodes have IPv6.
	if v4, v6, n := count("_nodes._tcp.a4.n30.seed.example."); n != 15 || v4 != 0 || v6 != 15 {
		t.Errorf("a4: %d SRV, %d A, %d AAAA", n, v4, v6)
	}
	// Tor only: nothing this seed can serve, an empty reply.
	if _, _, n := count("_nodes._tcp.a16.seed.example."); n != 0 {
		t.Errorf("a16: %d SRV", n)
	}
	if _, _, n := count("_nodes._tcp.r1.seed.example."); n != 0 {
		t.Errorf("realm 1: %d SRV", n)
	}
	// The plain root and condition names answer SRV too (BOLT examples).
	if _, _, n := count("r0.a2.n7.seed.example."); n != 7 {
		t.Errorf("r0.a2.n7: %d SRV", n)
	}
	// n beyond MaxCount is served as MaxCount.
	s.MaxCount = 12
	if _, _, n := count("n1000.seed.example."); n != 12 {
		t.Errorf("n1000 with MaxCount 12: %d SRV", n)
	}
}

func TestServerNodeQuery(t *testing.T) {
	nodes := testNodes(6)
	s := newTestServer(nodes)
	n2 := nodes[2] // IPv4 and IPv6, port 9736
	vh := VirtualHost(n2.ID, testZone)
	for _, name := range []string{vh, "l" + vh, "_nodes._tcp.l" + vh} {
		m := serve(s, name, dns.TypeSRV, false, 0)
		if len(m.Answer) != 1 || m.Answer[0].(*dns.SRV).Target != vh || m.Answer[0].(*dns.SRV).Port != 9736 {
			t.Errorf("SRV %s: %v", name, m.Answer)
		}
	}
	// A and AAAA of the virtual hostname: the node's addresses, port
	// 9736 or not (the port came with the SRV record).
	a := serve(s, strings.ToUpper(vh), dns.TypeA, false, 0)
	if len(a.Answer) != 1 || a.Answer[0].(*dns.A).A.String() != n2.Addrs[0].Addr().String() ||
		a.Answer[0].Header().Name != strings.ToUpper(vh) {
		t.Errorf("A %s: %v", vh, a.Answer)
	}
	aaaa := serve(s, vh, dns.TypeAAAA, false, 0)
	if len(aaaa.Answer) != 1 || aaaa.Answer[0].(*dns.AAAA).AAAA.String() != n2.Addrs[1].Addr().String() {
		t.Errorf("AAAA %s: %v", vh, aaaa.Answer)
	}
	// An unknown node: an empty reply, not an error.
	unknown := serve(s, VirtualHost(testKey(99), testZone), dns.TypeA, false, 0)
	if unknown.Rcode != dns.RcodeSuccess || len(unknown.Answer) != 0 {
		t.Errorf("unknown node: rcode %d, %d answers", unknown.Rcode, len(unknown.Answer))
	}
}

func TestServerWildcardHost(t *testing.T) {
	nodes := testNodes(30)
	s := newTestServer(nodes)
	m := serve(s, "n30.seed.example.", dns.TypeA, false, 0)
	// Per BOLT #10, A and AAAA answers only name nodes on port 9735: of
	// 30 nodes, the 10 with i%3 == 2 are on 9736.
	if len(m.Answer) != 20 {
		t.Fatalf("%d A records, want 20", len(m.Answer))
	}
	for _, rr := range m.Answer {
		a, _ := netip.AddrFromSlice(rr.(*dns.A).A.To4())
		i := int(a.As4()[3])
		if i%3 == 2 {
			t.Errorf("%v listens on 9736", a)
		}
		if rr.Header().Name != "n30.seed.example." {
			t.Errorf("owner %s", rr.Header().Name)
		}
	}
	if m := serve(s, "seed.example.", dns.TypeA, false, 0); len(m.Answer) != 20 {
		t.Errorf("plain root: %d A records, want all 20 (n defaults to 25)", len(m.Answer))
	}
	if m := serve(s, "n4.seed.example.", dns.TypeAAAA, false, 0); len(m.Answer) != 4 {
		t.Errorf("n4 AAAA: %d records", len(m.Answer))
	}
}

func TestServerErrors(t *testing.T) {
	s := newTestServer(testNodes(3))
	for _, c := range []struct {
		name  string
		qtype uint16
		rcode int
		aa    bool
	}{
		{"x5.seed.example.", dns.TypeSRV, dns.RcodeNameError, true},
		{"n0.seed.example.", dns.TypeA, dns.RcodeNameError, true},
		{"seed.example.org.", dns.TypeSRV, dns.RcodeRefused, false},
		{"example.", dns.TypeSRV, dns.RcodeRefused, false},
		{"seed.example.", dns.TypeTXT, dns.RcodeSuccess, true},
	} {
		m := serve(s, c.name, c.qtype, true, 0)
		if m.Rcode != c.rcode || m.Authoritative != c.aa || len(m.Answer) != 0 {
			t.Errorf("%s %s: rcode %s aa %v answers %d", c.name, dns.TypeToString[c.qtype],
				dns.RcodeToString[m.Rcode], m.Authoritative, len(m.Answer))
		}
	}
	q := new(dns.Msg)
	q.SetUpdate(testZone)
	if m := s.reply(q, true); m.Rcode != dns.RcodeNotImplemented {
		t.Errorf("UPDATE: rcode %s", dns.RcodeToString[m.Rcode])
	}
	q = new(dns.Msg)
	q.Question = []dns.Question{{Name: testZone, Qtype: dns.TypeA, Qclass: dns.ClassINET}, {Name: testZone, Qtype: dns.TypeA, Qclass: dns.ClassINET}}
	if m := s.reply(q, true); m.Rcode != dns.RcodeFormatError {
		t.Errorf("two questions: rcode %s", dns.RcodeToString[m.Rcode])
	}
}

func TestServerUDPTruncation(t *testing.T) {
	// Nodes of one shape (IPv4 and IPv6 each), so that every random
	// sample has the same size and the UDP and TCP replies compare.
	var uniform []Node
	for i, n := range testNodes(128) {
		if i%2 == 0 {
			uniform = append(uniform, n)
		}
	}
	s := newTestServer(uniform)
	s.MaxCount = 64
	branches := make(map[string]int)
	for _, c := range []struct {
		name string
		edns uint16
	}{
		{"_nodes._tcp.n3.seed.example.", 0},
		{"_nodes._tcp.n4.seed.example.", 0},
		{"_nodes._tcp.seed.example.", 0},
		{"_nodes._tcp.seed.example.", 4096},
		{"_nodes._tcp.n64.seed.example.", 4096},
		{"_nodes._tcp.n64.seed.example.", 65000}, // capped at 4096
	} {
		full := serve(s, c.name, dns.TypeSRV, false, c.edns)
		udp := serve(s, c.name, dns.TypeSRV, true, c.edns)
		limit := dns.MinMsgSize
		if c.edns > 0 {
			limit = int(min(c.edns, maxUDPReply))
		}
		if udp.Len() > limit {
			t.Errorf("%s edns %d: UDP reply of %d bytes, limit %d", c.name, c.edns, udp.Len(), limit)
		}
		switch {
		case full.Len() <= limit:
			branches["fits"]++
			if udp.Truncated || len(udp.Extra) != len(full.Extra) {
				t.Errorf("%s edns %d: fits but was cut", c.name, c.edns)
			}
		case len(udp.Answer) == len(full.Answer):
			branches["additional dropped"]++
			// The additional records went first, so no TC.
			if udp.Truncated || len(udp.Extra) > 1 {
				t.Errorf("%s edns %d: all SRV kept, TC %v, %d additional", c.name, c.edns, udp.Truncated, len(udp.Extra))
			}
		default:
			branches["truncated"]++
			if !udp.Truncated {
				t.Errorf("%s edns %d: SRV records dropped without TC", c.name, c.edns)
			}
		}
		t.Logf("%s edns %d: full %d bytes/%d SRV, UDP %d bytes/%d SRV/%d extra, TC %v", c.name, c.edns,
			full.Len(), len(full.Answer), udp.Len(), len(udp.Answer), len(udp.Extra), udp.Truncated)
	}
	if len(branches) != 3 {
		t.Errorf("cases cover %v, want all three outcomes", branches)
	}
}

func TestServerRandomSample(t *testing.T) {
	nodes := testNodes(40)
	s := newTestServer(nodes)
	seen := make(map[string]bool)
	// With 5 of 40 per reply, a node is missing from 300 replies with
	// probability (35/40)^300 < 1e-17.
	for i := 0; i < 300; i++ {
		m := serve(s, "n5.seed.example.", dns.TypeSRV, false, 0)
		if len(m.Answer) != 5 {
			t.Fatalf("%d answers", len(m.Answer))
		}
		distinct := make(map[string]bool)
		for _, rr := range m.Answer {
			distinct[rr.(*dns.SRV).Target] = true
			seen[rr.(*dns.SRV).Target] = true
		}
		if len(distinct) != 5 {
			t.Fatalf("a node twice in one sample: %v", m.Answer)
		}
	}
	if len(seen) != len(nodes) {
		t.Errorf("%d of %d nodes ever returned", len(seen), len(nodes))
	}
}

func TestServerLifecycle(t *testing.T) {
	s := &Server{Zone: testZone, Nodes: NewNodeSet(testNodes(3))}
	if err := s.Shutdown(context.Background()); !errors.Is(err, ErrServerState) {
		t.Errorf("Shutdown before Start: %v", err)
	}
	addr, err := s.Start("127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	if s.Addr() != addr {
		t.Errorf("Addr %q, Start returned %q", s.Addr(), addr)
	}
	if _, err := s.Start("127.0.0.1:0"); !errors.Is(err, ErrServerState) {
		t.Errorf("second Start: %v", err)
	}
	// Both transports answer on the one port.
	for _, network := range []string{"udp", "tcp"} {
		c := &dns.Client{Net: network}
		q := new(dns.Msg)
		q.SetQuestion("n1.seed.example.", dns.TypeSRV)
		m, _, err := c.Exchange(q, addr)
		if err != nil || len(m.Answer) != 1 {
			t.Errorf("%s: %v %v", network, m, err)
		}
	}
	if err := s.Shutdown(context.Background()); err != nil {
		t.Fatal(err)
	}
	if s.Addr() != "" {
		t.Errorf("Addr after Shutdown: %q", s.Addr())
	}
	if err := s.Close(); err != nil {
		t.Errorf("Close of a stopped server: %v", err)
	}
	// A fixed port: the one just released, so it is known to be free.
	addr2, err := s.Start(addr)
	if err != nil {
		t.Fatalf("restart on %s: %v", addr, err)
	}
	if addr2 != addr {
		t.Errorf("restart on %s listens on %s", addr, addr2)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}

	for _, bad := range []*Server{{Zone: "", Nodes: NewNodeSet(nil)}, {Zone: testZone}} {
		if _, err := bad.Start("127.0.0.1:0"); err == nil {
			bad.Close()
			t.Errorf("Start with %+v succeeded", bad)
		}
	}
	// A port in use for TCP cannot be served.
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	if _, err := (&Server{Zone: testZone, Nodes: NewNodeSet(nil)}).Start(ln.Addr().String()); err == nil {
		t.Error("Start on a busy port succeeded")
	}
}

// nullWriter is a dns.ResponseWriter that keeps the last reply.
type nullWriter struct {
	udp bool
	msg *dns.Msg
}

func (w *nullWriter) LocalAddr() net.Addr { return &net.UDPAddr{} }
func (w *nullWriter) RemoteAddr() net.Addr {
	if w.udp {
		return &net.UDPAddr{IP: net.IPv4(127, 0, 0, 1), Port: 5353}
	}
	return &net.TCPAddr{IP: net.IPv4(127, 0, 0, 1), Port: 5353}
}
func (w *nullWriter) WriteMsg(m *dns.Msg) error   { w.msg = m; return nil }
func (w *nullWriter) Write(b []byte) (int, error) { return len(b), nil }
func (w *nullWriter) Close() error                { return nil }
func (w *nullWriter) TsigStatus() error           { return nil }
func (w *nullWriter) TsigTimersOnly(bool)         {}
func (w *nullWriter) Hijack()                     {}

func TestServeDNSTransport(t *testing.T) {
	s := newTestServer(testNodes(30))
	q := new(dns.Msg)
	q.SetQuestion("_nodes._tcp.seed.example.", dns.TypeSRV)
	udp, tcp := &nullWriter{udp: true}, &nullWriter{}
	s.ServeDNS(udp, q)
	s.ServeDNS(tcp, q)
	if !udp.msg.Truncated || udp.msg.Len() > dns.MinMsgSize {
		t.Errorf("UDP without EDNS0: TC %v, %d bytes", udp.msg.Truncated, udp.msg.Len())
	}
	if tcp.msg.Truncated || len(tcp.msg.Answer) != DefaultCount {
		t.Errorf("TCP: TC %v, %d answers", tcp.msg.Truncated, len(tcp.msg.Answer))
	}
}

// FuzzServerReply feeds arbitrary messages to the server: it must answer
// every one that unpacks, never panic, and keep UDP replies in bounds.
func FuzzServerReply(f *testing.F) {
	s := newTestServer(testNodes(8))
	for _, name := range []string{
		"_nodes._tcp.seed.example.", "n5.r0.a2.n10.seed.example.",
		VirtualHost(testKey(1), testZone), "x.seed.example.", "other.",
	} {
		for _, qt := range []uint16{dns.TypeSRV, dns.TypeA, dns.TypeAAAA} {
			q := new(dns.Msg)
			q.SetQuestion(name, qt)
			q.SetEdns0(1232, false)
			b, _ := q.Pack()
			f.Add(b)
		}
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		q := new(dns.Msg)
		if q.Unpack(b) != nil {
			return
		}
		m := s.reply(q, true)
		if m.Id != q.Id || !m.Response {
			t.Fatalf("reply does not answer the query")
		}
		if _, err := m.Pack(); err != nil {
			t.Fatalf("reply does not pack: %v", err)
		}
		if m.Len() > maxUDPReply {
			t.Fatalf("UDP reply of %d bytes", m.Len())
		}
	})
}

func BenchmarkServeSRV(b *testing.B) {
	s := newTestServer(testNodes(1000))
	q := new(dns.Msg)
	q.SetQuestion("_nodes._tcp.seed.example.", dns.TypeSRV)
	q.SetEdns0(4096, false)
	w := &nullWriter{udp: true}
	b.ReportAllocs()
	for b.Loop() {
		s.ServeDNS(w, q)
		if len(w.msg.Answer) != DefaultCount {
			b.Fatal(len(w.msg.Answer))
		}
	}
}

func BenchmarkServeNodeQuery(b *testing.B) {
	nodes := testNodes(1000)
	s := newTestServer(nodes)
	q := new(dns.Msg)
	q.SetQuestion(VirtualHost(nodes[500].ID, testZone), dns.TypeA)
	w := &nullWriter{udp: true}
	b.ReportAllocs()
	for b.Loop() {
		s.ServeDNS(w, q)
		if len(w.msg.Answer) != 1 {
			b.Fatal(len(w.msg.Answer))
		}
	}
}
