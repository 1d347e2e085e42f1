package dnsseed

import (
	"context"
	"errors"
	"fmt"
	"net/netip"
	"strings"
	"sync"
	"time"

	"github.com/btcsuite/btcd/btcec/v2"
	"github.com/miekg/dns"

	transport "github.com/lnstack/lnstack/layer1_transport"
)

// Resolver bounds.
const (
	// DefaultMaxRecords caps the records (answer, authority and
	// additional sections together) of one reply the resolver processes;
	// a reply with more fails with ErrOversized. A seed answering the
	// default 25 nodes sends about 50.
	DefaultMaxRecords = 256

	// DefaultParallel is how many virtual hostnames are resolved at once.
	DefaultParallel = 4

	// DefaultPort is the Lightning port of BOLT #1, the only port an A or
	// AAAA answer may stand for.
	DefaultPort = 9735
)

// Resolver queries BOLT #10 DNS seeds through one DNS server. The zero
// value is not usable: Server must be set. A Resolver is safe for
// concurrent use; it keeps no connection between calls.
type Resolver struct {
	// Server is the DNS server, host:port. With a Dialer it is passed to
	// the Dialer unchanged (a SOCKS5 proxy resolves a host name remotely).
	Server string

	// Net is "udp" (the default: a truncated reply is retried over TCP)
	// or "tcp". It is ignored when Dialer is set.
	Net string

	// Dialer, when set, carries every query over TCP (SOCKS5 proxies such
	// as Tor cannot carry UDP), and every name, virtual hostnames
	// included, is resolved by Server through it: nothing goes to the
	// local resolver.
	Dialer transport.Dialer

	// Timeout bounds one DNS exchange; 0 means DefaultTimeout. The
	// context passed to Query bounds the whole query.
	Timeout time.Duration

	// MaxRecords caps the records of one reply; 0 means DefaultMaxRecords.
	MaxRecords int

	// Parallel is the number of concurrent virtual hostname lookups; 0
	// means DefaultParallel.
	Parallel int
}

// Result is one node a seed returned: its key and the addresses it can be
// reached at (IPv4 addresses unmapped), each with the port of the node's
// SRV record. A node listed with several ports has every address paired
// with every port: its addresses all hang off one virtual hostname, so
// DNS cannot tie a port to one of them.
type Result struct {
	NodeID *btcec.PublicKey
	Addrs  []netip.AddrPort
}

// Query asks a seed for nodes with an SRV query of
// "_nodes._tcp.<conditions>.<seed>" and resolves each SRV target, a
// virtual hostname "<bech32 node id>.<seed>", to its A and AAAA records,
// taken from the reply's additional section when the seed sent them
// there and queried otherwise.
//
// BOLT #10: querying clients "MUST NOT rely on any given condition being
// met by the results", so the results are filtered here: only the node
// asked for by c.NodeID, only the address types of c.Types(), at most
// c.N() nodes. Records that fail validation (a target that is not a node
// id) are skipped. With no node left Query returns an error wrapping
// ErrNoRecords.
func (r *Resolver) Query(ctx context.Context, seed string, c Conditions) ([]Result, error) {
	name, err := c.SRVName(seed)
	if err != nil {
		return nil, err
	}
	resp, err := r.ask(ctx, name, dns.TypeSRV)
	if err != nil {
		return nil, err
	}
	types := c.Types()
	limit := c.N()
	if c.NodeID != nil {
		limit = 1
	}
	nodes, skipped := collectSRV(resp, name, c.NodeID, limit)
	extra := additionalAddrs(resp)
	for i := range nodes {
		nodes[i].addrs = extra[strings.ToLower(nodes[i].target)]
	}
	r.resolveTargets(ctx, nodes, types)
	if err := ctx.Err(); err != nil {
		return nil, err
	}

	var out []Result
	var lastErr error = skipped
	for _, n := range nodes {
		if n.err != nil {
			lastErr = n.err
		}
		if res, ok := n.result(types); ok {
			out = append(out, res)
		}
	}
	if len(out) == 0 {
		if lastErr != nil {
			return nil, fmt.Errorf("%w for %s: %w", ErrNoRecords, name, lastErr)
		}
		return nil, fmt.Errorf("%w for %s", ErrNoRecords, name)
	}
	return out, nil
}

// LookupNode finds the addresses of one known node: the BOLT #10 node
// query. It asks SRV "_nodes._tcp.l<node id>.<seed>" (which carries
// ports) and, when that yields nothing (no record, or a seed that does not
// answer node queries), the A and AAAA records of the node's virtual
// hostname, which BOLT #10 ties to the default port 9735.
func (r *Resolver) LookupNode(ctx context.Context, seed string, id *btcec.PublicKey) (Result, error) {
	if id == nil {
		return Result{}, fmt.Errorf("%w: no node id", ErrBadNodeID)
	}
	res, err := r.Query(ctx, seed, Conditions{NodeID: id})
	if err == nil {
		return res[0], nil
	}
	if ctx.Err() != nil || errors.Is(err, ErrBadSeed) || errors.Is(err, ErrNoServer) {
		return Result{}, err
	}
	n := []srvNode{{id: id, target: VirtualHost(id, seed), ports: []uint16{DefaultPort}}}
	r.resolveTargets(ctx, n, DefaultAddrTypes)
	if cerr := ctx.Err(); cerr != nil {
		return Result{}, cerr
	}
	if out, ok := n[0].result(DefaultAddrTypes); ok {
		return out, nil
	}
	if n[0].err != nil && !errors.Is(n[0].err, ErrNoRecords) {
		return Result{}, n[0].err
	}
	return Result{}, fmt.Errorf("%w for node %s (SRV: %w)", ErrNoRecords, n[0].target, err)
}

// ask sends one question and returns a successful reply, with the reply
// size bound and the response code checked (NXDOMAIN is ErrNoRecords).
func (r *Resolver) ask(ctx context.Context, name string, qtype uint16) (*dns.Msg, error) {
	q := new(dns.Msg)
	q.SetQuestion(name, qtype)
	// Recursion desired: Server may be a recursive resolver (it is when
	// the seed is reached through Tor), not the seed itself.
	q.RecursionDesired = true
	q.SetEdns0(ednsUDPSize, false)
	resp, err := r.exchange(ctx, q)
	if err != nil {
		return nil, err
	}
	max := r.MaxRecords
	if max <= 0 {
		max = DefaultMaxRecords
	}
	if n := len(resp.Answer) + len(resp.Ns) + len(resp.Extra); n > max {
		return nil, fmt.Errorf("%w: %d records for %s, limit %d", ErrOversized, n, name, max)
	}
	switch resp.Rcode {
	case dns.RcodeSuccess:
		return resp, nil
	case dns.RcodeNameError:
		return nil, fmt.Errorf("%w: %s does not exist (NXDOMAIN)", ErrNoRecords, name)
	default:
		return nil, &RcodeError{Name: name, Rcode: resp.Rcode}
	}
}

// srvNode is one node of an SRV reply on its way to a Result.
type srvNode struct {
	id     *btcec.PublicKey
	target string   // the virtual hostname to resolve
	ports  []uint16 // from its SRV records, in order, distinct
	addrs  []netip.Addr
	err    error // the last lookup failure, if any
}

// result pairs the node's addresses of the wanted types with its ports.
func (n *srvNode) result(types AddrTypes) (Result, bool) {
	res := Result{NodeID: n.id}
	for _, a := range n.addrs {
		if !addrWanted(a, types) {
			continue
		}
		for _, p := range n.ports {
			ap := netip.AddrPortFrom(a, p)
			if !containsAddrPort(res.Addrs, ap) {
				res.Addrs = append(res.Addrs, ap)
			}
		}
	}
	return res, len(res.Addrs) > 0
}

func addrWanted(a netip.Addr, types AddrTypes) bool {
	if a.Is4() {
		return types.Has(AddrIPv4)
	}
	return types.Has(AddrIPv6)
}

func containsAddrPort(list []netip.AddrPort, ap netip.AddrPort) bool {
	for _, x := range list {
		if x == ap {
			return true
		}
	}
	return false
}

// collectSRV turns the SRV answers to name into nodes, in answer order,
// one per node id, at most limit of them. When want is set only that node
// is kept. It also returns why records were skipped, if any were.
func collectSRV(resp *dns.Msg, name string, want *btcec.PublicKey, limit int) ([]srvNode, error) {
	var nodes []srvNode
	var skipped error
	for _, rr := range resp.Answer {
		srv, ok := rr.(*dns.SRV)
		if !ok || !strings.EqualFold(srv.Hdr.Name, name) {
			continue
		}
		id, _, err := ParseVirtualHost(srv.Target)
		if err != nil {
			skipped = fmt.Errorf("SRV target %q: %w", srv.Target, err)
			continue
		}
		if want != nil && !id.IsEqual(want) {
			continue
		}
		i := indexNode(nodes, id)
		if i < 0 {
			if len(nodes) == limit {
				continue
			}
			nodes = append(nodes, srvNode{id: id, target: srv.Target})
			i = len(nodes) - 1
		}
		if !containsPort(nodes[i].ports, srv.Port) {
			nodes[i].ports = append(nodes[i].ports, srv.Port)
		}
	}
	return nodes, skipped
}

func indexNode(nodes []srvNode, id *btcec.PublicKey) int {
	for i := range nodes {
		if nodes[i].id.IsEqual(id) {
			return i
		}
	}
	return -1
}

func containsPort(ports []uint16, p uint16) bool {
	for _, x := range ports {
		if x == p {
			return true
		}
	}
	return false
}

// additionalAddrs indexes the A and AAAA records of the additional
// section by lower-cased owner name (BOLT #10: a seed "MAY additionally
// return the corresponding A and AAAA records ... in the additional
// section").
func additionalAddrs(resp *dns.Msg) map[string][]netip.Addr {
	out := make(map[string][]netip.Addr)
	for _, rr := range resp.Extra {
		if a, ok := rrAddr(rr); ok {
			k := strings.ToLower(rr.Header().Name)
			out[k] = append(out[k], a)
		}
	}
	return out
}

// rrAddr returns the address of an A or AAAA record. An IPv4-mapped IPv6
// address in an AAAA record is unmapped: it reaches the IPv4 host.
func rrAddr(rr dns.RR) (netip.Addr, bool) {
	switch v := rr.(type) {
	case *dns.A:
		if a, ok := netip.AddrFromSlice(v.A.To4()); ok {
			return a, true
		}
	case *dns.AAAA:
		if a, ok := netip.AddrFromSlice(v.AAAA.To16()); ok {
			return a.Unmap(), true
		}
	}
	return netip.Addr{}, false
}

// resolveTargets looks up, for every node without addresses yet, the A
// and AAAA records (as types asks) of its virtual hostname, Parallel at a
// time. The goroutines are owned by this call and done when it returns.
func (r *Resolver) resolveTargets(ctx context.Context, nodes []srvNode, types AddrTypes) {
	workers := r.Parallel
	if workers <= 0 {
		workers = DefaultParallel
	}
	jobs := make(chan int)
	var wg sync.WaitGroup
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range jobs {
				r.resolveTarget(ctx, &nodes[i], types)
			}
		}()
	}
feed:
	for i := range nodes {
		if len(nodes[i].addrs) > 0 {
			continue
		}
		select {
		case jobs <- i:
		case <-ctx.Done():
			break feed
		}
	}
	close(jobs)
	wg.Wait()
}

func (r *Resolver) resolveTarget(ctx context.Context, n *srvNode, types AddrTypes) {
	var qtypes []uint16
	if types.Has(AddrIPv4) {
		qtypes = append(qtypes, dns.TypeA)
	}
	if types.Has(AddrIPv6) {
		qtypes = append(qtypes, dns.TypeAAAA)
	}
	for _, qt := range qtypes {
		resp, err := r.ask(ctx, n.target, qt)
		if err != nil {
			n.err = err
			continue
		}
		names := aliases(resp, n.target)
		for _, rr := range resp.Answer {
			if a, ok := rrAddr(rr); ok && rr.Header().Rrtype == qt &&
				names[strings.ToLower(rr.Header().Name)] {
				n.addrs = append(n.addrs, a)
			}
		}
	}
}

// aliases returns the lower-cased names an answer for target may be owned
// by: target and the CNAME chain from it that a recursive resolver
// includes. The chain is followed at most once per answer record, so a
// CNAME loop ends.
func aliases(resp *dns.Msg, target string) map[string]bool {
	names := map[string]bool{strings.ToLower(target): true}
	for range resp.Answer {
		grew := false
		for _, rr := range resp.Answer {
			c, ok := rr.(*dns.CNAME)
			if !ok || !names[strings.ToLower(c.Hdr.Name)] || names[strings.ToLower(c.Target)] {
				continue
			}
			names[strings.ToLower(c.Target)] = true
			grew = true
		}
		if !grew {
			break
		}
	}
	return names
}
