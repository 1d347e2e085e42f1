package dnsseed

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"strings"
	"time"

	"github.com/miekg/dns"

	transport "github.com/lnstack/lnstack/layer1_transport"
)

// Transport limits of one DNS exchange.
const (
	// DefaultTimeout bounds one DNS exchange when the Resolver sets none;
	// the caller's context bounds the whole query on top of it.
	DefaultTimeout = 5 * time.Second

	// ednsUDPSize is the UDP payload size the resolver advertises (EDNS0,
	// RFC 6891) and the size of its receive buffer: a seed reply with 25
	// SRV records and their addresses needs about 3 KiB, far more than the
	// 512 bytes of plain DNS over UDP.
	ednsUDPSize = 4096

	// maxStrayDatagrams is how many UDP datagrams that do not answer our
	// query (wrong id or question) are read and dropped before giving up.
	maxStrayDatagrams = 8
)

// exchange sends q and returns the reply. Over UDP a truncated reply (TC)
// is retried over TCP. With a Dialer set every exchange goes over TCP
// through it: a SOCKS5 proxy (Tor) carries no UDP, and the server address
// is handed to the Dialer as given, so nothing is resolved locally.
func (r *Resolver) exchange(ctx context.Context, q *dns.Msg) (*dns.Msg, error) {
	if r.Server == "" {
		return nil, ErrNoServer
	}
	tcp := strings.EqualFold(r.Net, "tcp")
	if !tcp && r.Net != "" && !strings.EqualFold(r.Net, "udp") {
		return nil, fmt.Errorf("dnsseed: network %q: want udp or tcp", r.Net)
	}
	if r.Dialer == nil && !tcp {
		resp, err := r.roundTrip(ctx, "udp", q)
		if err != nil || !resp.Truncated {
			return resp, err
		}
		// RFC 7766: a truncated UDP reply means the full answer is only
		// available over TCP.
	}
	return r.roundTrip(ctx, "tcp", q)
}

// roundTrip runs one query/reply over a fresh connection.
func (r *Resolver) roundTrip(ctx context.Context, network string, q *dns.Msg) (*dns.Msg, error) {
	timeout := r.Timeout
	if timeout <= 0 {
		timeout = DefaultTimeout
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()

	var d transport.Dialer = r.Dialer
	if d == nil {
		d = &net.Dialer{}
	}
	conn, err := d.DialContext(ctx, network, r.Server)
	if err != nil {
		return nil, ctxErr(ctx, fmt.Errorf("dnsseed: dial %s %s: %w", network, r.Server, err))
	}
	defer conn.Close()
	// The context's end (deadline or cancel) unblocks a pending read or
	// write at once. No deadline is copied onto the connection: that way
	// a timed-out read always finds ctx.Err() set and reports it.
	stop := context.AfterFunc(ctx, func() { _ = conn.SetDeadline(time.Unix(1, 0)) })
	defer stop()

	co := &dns.Conn{Conn: conn, UDPSize: ednsUDPSize}
	if err := co.WriteMsg(q); err != nil {
		return nil, ctxErr(ctx, fmt.Errorf("dnsseed: send to %s: %w", r.Server, err))
	}
	_, datagram := conn.(net.PacketConn)
	for stray := 0; ; stray++ {
		resp, err := co.ReadMsg()
		if err != nil {
			var netErr net.Error
			if errors.As(err, &netErr) || errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) {
				return nil, ctxErr(ctx, fmt.Errorf("dnsseed: read from %s: %w", r.Server, err))
			}
			// The bytes arrived but are not a DNS message (too short,
			// or they do not unpack).
			if datagram && stray < maxStrayDatagrams {
				continue
			}
			return nil, fmt.Errorf("%w: %v", ErrBadReply, err)
		}
		if err := answers(q, resp); err != nil {
			// Over UDP anyone can send us a datagram: drop what does not
			// answer our question and keep waiting for the reply.
			if datagram && stray < maxStrayDatagrams {
				continue
			}
			return nil, err
		}
		return resp, nil
	}
}

// answers checks that resp is the reply to q: same id, a response, and
// the same single question (name compared case-insensitively).
func answers(q, resp *dns.Msg) error {
	if resp.Id != q.Id || !resp.Response {
		return fmt.Errorf("%w: id %d does not answer query %d", ErrBadReply, resp.Id, q.Id)
	}
	if len(resp.Question) != 1 {
		return fmt.Errorf("%w: %d questions in reply", ErrBadReply, len(resp.Question))
	}
	a, b := resp.Question[0], q.Question[0]
	if !strings.EqualFold(a.Name, b.Name) || a.Qtype != b.Qtype || a.Qclass != b.Qclass {
		return fmt.Errorf("%w: reply to %s %s, asked %s %s", ErrBadReply,
			a.Name, dns.TypeToString[a.Qtype], b.Name, dns.TypeToString[b.Qtype])
	}
	return nil
}

// ctxErr prefers the context's error: a query that ran out of time
// reports context.DeadlineExceeded, not the i/o timeout it caused.
func ctxErr(ctx context.Context, err error) error {
	if c := ctx.Err(); c != nil {
		return fmt.Errorf("%w (%v)", c, err)
	}
	return err
}
