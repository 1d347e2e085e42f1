package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"net"
	"time"

	"github.com/btcsuite/btcd/btcec/v2"
	"github.com/miekg/dns"
	"golang.org/x/net/proxy"

	"github.com/lnstack/lnstack/layer1_transport/dnsseed"
)

// runSeed implements `lnstack seed query ...` and `lnstack seed serve ...`.
func runSeed(ctx context.Context, e *env, args []string) error {
	if len(args) > 0 {
		switch args[0] {
		case "query":
			return runSeedQuery(ctx, e, args[1:])
		case "serve":
			return runSeedServe(ctx, e, args[1:])
		}
	}
	fmt.Fprintln(e.stderr, "usage: lnstack seed query [flags] <seed>   ask a BOLT 10 DNS seed for nodes")
	fmt.Fprintln(e.stderr, "       lnstack seed serve [flags]          serve a BOLT 10 DNS seed from a node list")
	fmt.Fprintln(e.stderr, "run `lnstack seed query -h` or `lnstack seed serve -h` for the flags")
	return errUsage
}

// defaultResolvConf is where the default DNS server is read from.
const defaultResolvConf = "/etc/resolv.conf"

// runSeedQuery implements `lnstack seed query [--server host:port] [--tcp]
// [--proxy host:port] [--realm N] [--addr-types N] [--count N]
// [--node <pubkey>] <seed>`. It prints one `<pubkey>@<addr>` line per
// address found, a node with several addresses on several lines.
func runSeedQuery(ctx context.Context, e *env, args []string) error {
	fs := flag.NewFlagSet("seed query", flag.ContinueOnError)
	fs.SetOutput(e.stderr)
	fs.Usage = func() {
		fmt.Fprintln(e.stderr, "usage: lnstack seed query [flags] <seed root domain>")
		fs.PrintDefaults()
	}
	server := fs.String("server", "", "DNS server host:port (default: the first nameserver of "+defaultResolvConf+"; required with --proxy)")
	useTCP := fs.Bool("tcp", false, "query over TCP instead of UDP")
	socks := fs.String("proxy", "", "SOCKS5 proxy host:port (e.g. Tor's 127.0.0.1:9050): every query goes over TCP through it")
	realm := fs.Uint("realm", dnsseed.DefaultRealm, "r condition: realm byte (0: Bitcoin)")
	addrTypes := fs.Uint64("addr-types", 0, "a condition: address type bitfield, 2 IPv4, 4 IPv6 (0: the seed's default, 6)")
	count := fs.Int("count", 0, "n condition: number of records wanted (0: the seed's default, 25)")
	node := fs.String("node", "", "look up this one node (hex or bech32 node id) instead of a random sample; the other conditions are not sent")
	timeout := fs.Duration("timeout", 15*time.Second, "give up after this long")
	if err := fs.Parse(args); err != nil {
		return errUsage
	}
	if fs.NArg() != 1 {
		fs.Usage()
		return errUsage
	}
	seed := fs.Arg(0)
	if *realm > 255 || *count < 0 || *count > dnsseed.MaxCount {
		fmt.Fprintln(e.stderr, "lnstack seed query: --realm is a byte, --count at most", dnsseed.MaxCount)
		return errUsage
	}
	var id *btcec.PublicKey
	if *node != "" {
		var err error
		if id, err = dnsseed.ParseNodeKey(*node); err != nil {
			fmt.Fprintf(e.stderr, "lnstack seed query: --node: %v\n", err)
			return errUsage
		}
	}

	r := &dnsseed.Resolver{Server: *server}
	if *useTCP {
		r.Net = "tcp"
	}
	if *socks != "" {
		if *server == "" {
			// The local resolver's address means nothing at the far end
			// of a proxy, and falling back to it would leak the query.
			fmt.Fprintln(e.stderr, "lnstack seed query: --proxy needs --server (a DNS server reachable through the proxy)")
			return errUsage
		}
		d, err := proxy.SOCKS5("tcp", *socks, nil, &net.Dialer{})
		if err != nil {
			return err
		}
		cd, ok := d.(proxy.ContextDialer)
		if !ok {
			return errors.New("the SOCKS5 dialer cannot take a context")
		}
		r.Dialer = cd
	}
	if r.Server == "" {
		cfg, err := dns.ClientConfigFromFile(defaultResolvConf)
		if err != nil || len(cfg.Servers) == 0 {
			fmt.Fprintf(e.stderr, "lnstack seed query: no nameserver in %s; give --server\n", defaultResolvConf)
			return errUsage
		}
		r.Server = net.JoinHostPort(cfg.Servers[0], cfg.Port)
	}

	ctx, cancel := context.WithTimeout(ctx, *timeout)
	defer cancel()
	var results []dnsseed.Result
	if id != nil {
		res, err := r.LookupNode(ctx, seed, id)
		if err != nil {
			return err
		}
		results = []dnsseed.Result{res}
	} else {
		c := dnsseed.Conditions{Realm: uint8(*realm), AddrTypes: dnsseed.AddrTypes(*addrTypes), Count: *count}
		var err error
		if results, err = r.Query(ctx, seed, c); err != nil {
			return err
		}
	}
	for _, res := range results {
		for _, a := range res.Addrs {
			fmt.Fprintf(e.stdout, "%x@%s\n", res.NodeID.SerializeCompressed(), a)
		}
	}
	return nil
}

// runSeedServe implements `lnstack seed serve --zone <zone> --nodes <file>
// [--listen host:port] [--ttl s] [--max-count n] [--no-additional]`. It
// prints the address it serves on, then serves until interrupted.
func runSeedServe(ctx context.Context, e *env, args []string) error {
	fs := flag.NewFlagSet("seed serve", flag.ContinueOnError)
	fs.SetOutput(e.stderr)
	fs.Usage = func() {
		fmt.Fprintln(e.stderr, "usage: lnstack seed serve --zone <seed root domain> --nodes <file> [flags]")
		fmt.Fprintln(e.stderr, "the node file has one `<pubkey>@<ip>[:<port>]` per line (hex or bech32 key, port 9735 by default, # comments)")
		fs.PrintDefaults()
	}
	listen := fs.String("listen", "127.0.0.1:5353", "address to serve on, UDP and TCP (port 0: any free port)")
	zone := fs.String("zone", "", "the seed root domain, e.g. seed.example.")
	nodesFile := fs.String("nodes", "", "node list file")
	ttl := fs.Uint("ttl", dnsseed.MinTTL, "TTL of the records, at least 60")
	maxCount := fs.Int("max-count", dnsseed.DefaultMaxCount, "most records in one reply, whatever n asks")
	noAdditional := fs.Bool("no-additional", false, "leave A/AAAA records out of SRV replies")
	if err := fs.Parse(args); err != nil {
		return errUsage
	}
	if *zone == "" || *nodesFile == "" || fs.NArg() != 0 || *maxCount <= 0 || *ttl > 1<<31-1 {
		fs.Usage()
		return errUsage
	}
	nodes, err := dnsseed.LoadNodeFile(*nodesFile)
	if err != nil {
		return err
	}
	srv := &dnsseed.Server{
		Zone:         *zone,
		Nodes:        nodes,
		TTL:          uint32(*ttl),
		MaxCount:     *maxCount,
		NoAdditional: *noAdditional,
	}
	addr, err := srv.Start(*listen)
	if err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "serving %s on %s (udp, tcp): %d nodes\n", dns.Fqdn(*zone), addr, nodes.Len())
	<-ctx.Done()
	stopCtx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	return srv.Shutdown(stopCtx)
}
