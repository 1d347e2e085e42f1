package dnsseed

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"net"
	"net/netip"
	"strings"
	"sync"

	"github.com/miekg/dns"
)

// Server defaults.
const (
	// MinTTL is the smallest TTL a seed may use. BOLT #10: the seed "MUST
	// NOT return replies with a TTL less than 60 seconds."
	MinTTL = 60

	// DefaultMaxCount caps the `n` a Server honours: a larger n is served
	// as this many records.
	DefaultMaxCount = 64

	// maxUDPReply is the largest UDP reply sent, whatever size a client
	// advertises: beyond it fragmentation makes answers unreliable.
	maxUDPReply = 4096
)

// Server is a BOLT #10 DNS seed: it answers SRV, A and AAAA queries for a
// zone (the seed root domain) from a NodeSource, over UDP and TCP. The
// exported fields are its configuration and must not change once it is
// serving. It is a dns.Handler too, so it can be mounted on any
// github.com/miekg/dns server.
//
// Answers: SRV queries (for the zone itself, `_nodes._tcp.<zone>` or
// any condition subdomain) list virtual hostnames `<node id>.<zone>` with
// each node's port and, in the additional section, its A/AAAA records. A
// and AAAA queries for a condition subdomain (or the zone) list addresses
// of nodes on port 9735; for a virtual hostname or an `l` condition they
// list the addresses of that node. Only realm 0 (Bitcoin) is served; a
// query for another realm gets an empty reply. Names under the zone that
// are not valid conditions get NXDOMAIN, names outside it REFUSED.
type Server struct {
	// Zone is the seed root domain, e.g. "seed.example.".
	Zone string
	// Nodes is where the answers come from.
	Nodes NodeSource
	// TTL of every record; values below MinTTL are raised to it.
	TTL uint32
	// MaxCount caps `n`; 0 means DefaultMaxCount.
	MaxCount int
	// NoAdditional leaves the A/AAAA records out of SRV replies (BOLT #10
	// lets a seed omit them: large replies may be dropped by resolvers).
	NoAdditional bool

	mu   sync.Mutex
	udp  *dns.Server
	tcp  *dns.Server
	addr string
	wg   sync.WaitGroup
}

var _ dns.Handler = (*Server)(nil)

// Start listens on addr (host:port; port 0 picks a free one) over TCP and
// UDP on the same port, serves in the background, and returns the
// address it listens on. Stop it with Shutdown or Close.
func (s *Server) Start(addr string) (string, error) {
	if _, err := seedRoot(s.Zone); err != nil {
		return "", err
	}
	if s.Nodes == nil {
		return "", fmt.Errorf("%w: no node source", ErrServerState)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.udp != nil {
		return "", fmt.Errorf("%w: already serving on %s", ErrServerState, s.addr)
	}
	ln, pc, err := listenBoth(addr)
	if err != nil {
		return "", err
	}
	s.tcp = &dns.Server{Listener: ln, Handler: s}
	s.udp = &dns.Server{PacketConn: pc, Handler: s}
	s.addr = ln.Addr().String()
	for _, srv := range []*dns.Server{s.tcp, s.udp} {
		started := make(chan struct{})
		failed := make(chan error, 1)
		srv.NotifyStartedFunc = func() { close(started) }
		s.wg.Add(1)
		go func() {
			defer s.wg.Done()
			if err := srv.ActivateAndServe(); err != nil {
				failed <- err
			}
		}()
		select {
		case <-started:
		case err := <-failed:
			_ = s.stopLocked(context.Background())
			// A server that never started does not close its socket.
			ln.Close()
			pc.Close()
			return "", fmt.Errorf("dnsseed: serve %s: %w", addr, err)
		}
	}
	return s.addr, nil
}

// listenBoth opens a TCP listener and a UDP socket on the same address.
// With port 0 the kernel picks the TCP port, which may be taken for UDP:
// then it tries again, a bounded number of times.
func listenBoth(addr string) (net.Listener, net.PacketConn, error) {
	const attempts = 16
	var lastErr error
	for i := 0; i < attempts; i++ {
		ln, err := net.Listen("tcp", addr)
		if err != nil {
			return nil, nil, fmt.Errorf("dnsseed: listen tcp %s: %w", addr, err)
		}
		pc, err := net.ListenPacket("udp", ln.Addr().String())
		if err == nil {
			return ln, pc, nil
		}
		ln.Close()
		lastErr = err
		if _, port, _ := net.SplitHostPort(addr); port != "0" {
			break
		}
	}
	return nil, nil, fmt.Errorf("dnsseed: listen udp %s: %w", addr, lastErr)
}

// Addr returns the address the server listens on, "" when not serving.
func (s *Server) Addr() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.addr
}

// Shutdown stops serving and waits, within ctx, for the queries in
// flight. The server can be started again afterwards.
func (s *Server) Shutdown(ctx context.Context) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.udp == nil {
		return ErrServerState
	}
	return s.stopLocked(ctx)
}

// Close stops the server at once (waiting for in-flight queries). Closing
// a server that is not serving is a no-op.
func (s *Server) Close() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.udp == nil {
		return nil
	}
	return s.stopLocked(context.Background())
}

func (s *Server) stopLocked(ctx context.Context) error {
	var errs []error
	for _, srv := range []*dns.Server{s.tcp, s.udp} {
		if err := srv.ShutdownContext(ctx); err != nil {
			errs = append(errs, err)
		}
	}
	// ShutdownContext closes the listener and the UDP socket, so both
	// serve goroutines return.
	s.wg.Wait()
	s.udp, s.tcp, s.addr = nil, nil, ""
	return errors.Join(errs...)
}

// ServeDNS answers one query. Over UDP a reply larger than the client
// can take (512 bytes, or its EDNS0 size up to 4096) first loses its
// additional records, then records from the end with the TC bit set, so
// the client retries over TCP.
func (s *Server) ServeDNS(w dns.ResponseWriter, req *dns.Msg) {
	_, udp := w.RemoteAddr().(*net.UDPAddr)
	_ = w.WriteMsg(s.reply(req, udp))
}

// reply builds the answer to req.
func (s *Server) reply(req *dns.Msg, udp bool) *dns.Msg {
	m := new(dns.Msg)
	m.SetReply(req)
	m.Compress = true
	switch {
	case req.Opcode != dns.OpcodeQuery:
		m.Rcode = dns.RcodeNotImplemented
		return m
	case len(req.Question) != 1:
		m.Rcode = dns.RcodeFormatError
		return m
	}
	q := req.Question[0]
	root, err := seedRoot(s.Zone)
	if err != nil || q.Qclass != dns.ClassINET || !inZone(q.Name, root) {
		m.Rcode = dns.RcodeRefused
		return m
	}
	m.Authoritative = true
	c, err := ParseConditions(q.Name, root)
	if err != nil {
		m.Rcode = dns.RcodeNameError
		return s.fit(req, m, udp)
	}
	// Only realm 0 is known here. BOLT #10: "if no entries match all the
	// conditions: MUST return an empty reply."
	if c.Realm == DefaultRealm {
		switch q.Qtype {
		case dns.TypeSRV:
			s.answerSRV(m, q.Name, root, c)
		case dns.TypeA, dns.TypeAAAA:
			s.answerHost(m, q.Name, q.Qtype, c)
		}
	}
	return s.fit(req, m, udp)
}

func inZone(name, root string) bool {
	n := fqdnLower(name)
	return n == root || strings.HasSuffix(n, "."+root)
}

// fit mirrors the client's EDNS0 and trims the reply to what the
// transport carries.
func (s *Server) fit(req, m *dns.Msg, udp bool) *dns.Msg {
	size := dns.MaxMsgSize
	if opt := req.IsEdns0(); opt != nil {
		m.SetEdns0(min(max(opt.UDPSize(), dns.MinMsgSize), maxUDPReply), false)
		if udp {
			size = int(min(max(opt.UDPSize(), dns.MinMsgSize), maxUDPReply))
		}
	} else if udp {
		size = dns.MinMsgSize
	}
	if m.Len() <= size {
		return m
	}
	// BOLT #10: the additional records "MAY" be left out, because "the
	// reply may be dropped by intermediate resolvers" when it is large.
	// Dropping them first keeps every SRV record and so the TC bit off.
	var opt []dns.RR
	for _, rr := range m.Extra {
		if rr.Header().Rrtype == dns.TypeOPT {
			opt = append(opt, rr)
		}
	}
	m.Extra = opt
	m.Truncate(size)
	return m
}

func (s *Server) ttl() uint32 { return max(s.TTL, MinTTL) }

func (s *Server) count(c Conditions) int {
	limit := s.MaxCount
	if limit <= 0 {
		limit = DefaultMaxCount
	}
	return min(c.N(), limit)
}

// candidates returns the nodes a query selects from: the one node of a
// node query, or all nodes of a wildcard query, keeping only those with
// an address accepted by keep.
func (s *Server) candidates(c Conditions, keep func(netip.AddrPort) bool) []Node {
	var pool []Node
	if c.NodeID != nil {
		// BOLT #10: upon a node query the seed "MUST select the record
		// matching the `node_id`, if any".
		if n, ok := s.Nodes.Lookup(c.NodeID); ok {
			pool = []Node{n}
		}
	} else {
		pool = s.Nodes.Nodes()
	}
	var out []Node
	for _, n := range pool {
		for _, ap := range n.Addrs {
			if keep(ap) {
				out = append(out, n)
				break
			}
		}
	}
	return out
}

// shuffle puts a uniformly random choice of k of the nodes first (a
// partial Fisher-Yates shuffle) and returns them. BOLT #10: random
// queries get "random and unbiased samples from the set of all known good
// nodes".
func shuffle(nodes []Node, k int) []Node {
	k = min(k, len(nodes))
	for i := 0; i < k; i++ {
		j := i + rand.IntN(len(nodes)-i)
		nodes[i], nodes[j] = nodes[j], nodes[i]
	}
	return nodes[:k]
}

// answerSRV adds one SRV record per (node, port) and the node's
// addresses as additional records, for at most n records.
func (s *Server) answerSRV(m *dns.Msg, qname, root string, c Conditions) {
	types := c.Types()
	keep := func(ap netip.AddrPort) bool { return addrWanted(ap.Addr(), types) }
	n := s.count(c)
	ttl := s.ttl()
	for _, node := range shuffle(s.candidates(c, keep), n) {
		target := VirtualHost(node.ID, root)
		var ports []uint16
		var addrs []netip.Addr
		for _, ap := range node.Addrs {
			if !keep(ap) {
				continue
			}
			if !containsPort(ports, ap.Port()) {
				ports = append(ports, ap.Port())
			}
			if !containsAddr(addrs, ap.Addr()) {
				addrs = append(addrs, ap.Addr())
			}
		}
		for _, p := range ports {
			if len(m.Answer) == n {
				return
			}
			m.Answer = append(m.Answer, &dns.SRV{
				Hdr:    dns.RR_Header{Name: qname, Rrtype: dns.TypeSRV, Class: dns.ClassINET, Ttl: ttl},
				Target: target, Port: p, Priority: 10, Weight: 10,
			})
		}
		if !s.NoAdditional {
			for _, a := range addrs {
				m.Extra = append(m.Extra, addrRR(target, a, ttl))
			}
		}
	}
}

// answerHost adds A or AAAA records. BOLT #10: for A and AAAA queries the
// seed "MUST return only nodes listening on the default port 9735". A
// node query (a virtual hostname) is how a client resolves an SRV target
// whose port it already has, so there every address of the node counts.
func (s *Server) answerHost(m *dns.Msg, qname string, qtype uint16, c Conditions) {
	v4 := qtype == dns.TypeA
	keep := func(ap netip.AddrPort) bool {
		return ap.Addr().Is4() == v4 && (c.NodeID != nil || ap.Port() == DefaultPort)
	}
	n := s.count(c)
	ttl := s.ttl()
	var done []netip.Addr
	for _, node := range shuffle(s.candidates(c, keep), n) {
		for _, ap := range node.Addrs {
			if len(m.Answer) == n && c.NodeID == nil {
				return
			}
			if !keep(ap) || containsAddr(done, ap.Addr()) {
				continue
			}
			done = append(done, ap.Addr())
			// BOLT #10: "The domain name MUST match the domain in the
			// query, in order not to be filtered by intermediate
			// resolvers."
			m.Answer = append(m.Answer, addrRR(qname, ap.Addr(), ttl))
		}
	}
}

func containsAddr(list []netip.Addr, a netip.Addr) bool {
	for _, x := range list {
		if x == a {
			return true
		}
	}
	return false
}

func addrRR(name string, a netip.Addr, ttl uint32) dns.RR {
	if a.Is4() {
		b := a.As4()
		return &dns.A{Hdr: dns.RR_Header{Name: name, Rrtype: dns.TypeA, Class: dns.ClassINET, Ttl: ttl}, A: net.IP(b[:])}
	}
	b := a.As16()
	return &dns.AAAA{Hdr: dns.RR_Header{Name: name, Rrtype: dns.TypeAAAA, Class: dns.ClassINET, Ttl: ttl}, AAAA: net.IP(b[:])}
}
