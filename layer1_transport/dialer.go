package transport

import (
	"context"
	"net"
)

// Dialer opens a byte stream to a network address. *net.Dialer satisfies it
// (direct TCP); tor.Dialer satisfies it through a SOCKS5 proxy. Everything in
// layer 1 that reaches out (peer connections, DNS seed queries over TCP) goes
// through a Dialer, so setting a proxy in one place routes every connection.
type Dialer interface {
	DialContext(ctx context.Context, network, address string) (net.Conn, error)
}

var _ Dialer = (*net.Dialer)(nil)
