package dnsseed

import (
	"errors"
	"fmt"

	"github.com/miekg/dns"
)

// Sentinel errors. Every error this package returns wraps one of these (or a
// context error), so callers branch with errors.Is, never on the text.
var (
	// ErrBadNodeID: a label is not a BOLT #10 node id, i.e. not the bech32
	// encoding (hrp "ln", bech32 not bech32m checksum) of a 33-byte
	// compressed secp256k1 public key that lies on the curve.
	ErrBadNodeID = errors.New("dnsseed: bad node id")

	// ErrBadCondition: a subdomain of the seed root is not a valid query
	// condition (unknown key, malformed or out-of-range value).
	ErrBadCondition = errors.New("dnsseed: bad query condition")

	// ErrBadSeed: the seed root domain (or a zone) is not a usable domain
	// name, or a query name built from it would be too long.
	ErrBadSeed = errors.New("dnsseed: bad seed domain")

	// ErrNoRecords: the seed answered, but nothing usable came back (an
	// empty reply, NXDOMAIN, or only records that failed validation).
	ErrNoRecords = errors.New("dnsseed: no records")

	// ErrOversized: a reply carries more records than the resolver is
	// willing to process (Resolver.MaxRecords).
	ErrOversized = errors.New("dnsseed: reply too large")

	// ErrBadReply: a reply does not belong to the query (wrong id or
	// question), could not be unpacked, or is still truncated over TCP.
	ErrBadReply = errors.New("dnsseed: bad reply")

	// ErrNoServer: the resolver has no DNS server address configured.
	ErrNoServer = errors.New("dnsseed: no DNS server configured")

	// ErrBadNodeList: a node list (the server's input file) is malformed.
	ErrBadNodeList = errors.New("dnsseed: bad node list")

	// ErrServerState: Start on a running server, or Shutdown on one that
	// is not running.
	ErrServerState = errors.New("dnsseed: server not in the right state")
)

// RcodeError is a reply whose response code is neither NOERROR nor
// NXDOMAIN (NXDOMAIN is reported as ErrNoRecords). It matches ErrBadReply.
type RcodeError struct {
	Name  string // the name queried
	Rcode int    // dns.RcodeServerFailure, dns.RcodeRefused, ...
}

func (e *RcodeError) Error() string {
	return fmt.Sprintf("dnsseed: %s: server answered %s", e.Name, dns.RcodeToString[e.Rcode])
}

// Is makes errors.Is(err, ErrBadReply) true for an RcodeError.
func (e *RcodeError) Is(target error) bool { return target == ErrBadReply }

// NodeListError locates a malformed line of a node list. It wraps
// ErrBadNodeList and the cause (ErrBadNodeID, ...).
type NodeListError struct {
	Line int   // 1-based line number
	Err  error // what is wrong with it
}

func (e *NodeListError) Error() string {
	return fmt.Sprintf("dnsseed: node list line %d: %v", e.Line, e.Err)
}

// Unwrap returns ErrBadNodeList and the cause, so errors.Is matches either.
func (e *NodeListError) Unwrap() []error { return []error{ErrBadNodeList, e.Err} }
