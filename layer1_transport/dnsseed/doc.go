// Package dnsseed implements BOLT #10, DNS Bootstrap and Assisted Node
// Location: a client that asks a DNS seed for Lightning nodes (keys and
// addresses) and a small seed server that answers such queries from a
// node list.
//
// Files and the BOLT #10 sections they implement:
//
//	nodeid.go      "Reply Construction": the bech32 node id ("ln1...") and
//	               the virtual hostname `<node id>.<seed root>` of SRV targets
//	conditions.go  "DNS Seed Queries", "Query Semantics" and its
//	               "Requirements": the r, a, l, n conditions, their
//	               defaults, encoding as subdomains and right-to-left
//	               evaluation where the last value of a repeated key wins
//	client.go      the querying client: SRV query, virtual hostname
//	               resolution, and "MUST NOT rely on any given condition
//	               being met by the results" (results are filtered here)
//	exchange.go    the DNS transport under the client: UDP with TCP
//	               fallback, or TCP through a transport.Dialer (SOCKS5/Tor)
//	server.go      "Requirements" for the seed, "Reply Construction" and
//	               "Policies": SRV/A/AAAA answers, random unbiased samples,
//	               additional records, empty replies, TTL of at least 60 s
//	nodes.go       the server's node source
//	nodelist.go    the node-list file format read by `lnstack seed serve`
//	errors.go      sentinel errors and error types
//
// Query names. A wildcard SRV query goes to "_nodes._tcp.<seed>" (the
// alias BOLT #10 names for random SRV queries); with conditions they sit
// between the service labels and the seed root, in the RFC 2782
// `_Service._Proto.Name` form: "_nodes._tcp.a2.n10.<seed>". A and AAAA
// queries put the conditions directly under the root ("a2.n10.<seed>"),
// as in the BOLT's examples. The server accepts both forms.
//
// Privacy. A Resolver with a Dialer (a SOCKS5 proxy such as Tor) sends
// every query, the resolution of virtual hostnames included, over TCP
// through that Dialer to its configured DNS server; nothing reaches the
// local resolver.
package dnsseed
