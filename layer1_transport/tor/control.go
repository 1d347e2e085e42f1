package tor

import (
	"bufio"
	"context"
	"fmt"
	"net"
	"strconv"
	"strings"
	"sync"
	"time"
)

// Bounds on what a reply may hold. Tor's replies to the commands used here
// are a few lines of under a hundred bytes; these limits only stop a broken
// or hostile peer from making us buffer without end.
const (
	maxReplyLineLen = 16 << 10
	maxReplyLines   = 512
)

// Controller is an authenticated connection to Tor's control port
// (control-spec.txt). It sends one command at a time.
//
// Onion services added through a Controller live as long as its connection
// (they are not "Detach"ed): if the process dies, Tor removes them.
type Controller struct {
	conn    net.Conn
	r       *bufio.Reader
	mu      sync.Mutex
	info    ProtocolInfo
	timeout time.Duration
}

// ControlOption configures DialControl.
type ControlOption func(*controlConfig)

type controlConfig struct {
	password   string
	cookiePath string
	timeout    time.Duration
}

// WithPassword authenticates with this password when Tor offers
// HASHEDPASSWORD (HashedControlPassword in torrc).
func WithPassword(p string) ControlOption {
	return func(c *controlConfig) { c.password = p }
}

// WithCookiePath reads the authentication cookie from path instead of the
// COOKIEFILE that PROTOCOLINFO names (useful when Tor runs in another mount
// namespace).
func WithCookiePath(path string) ControlOption {
	return func(c *controlConfig) { c.cookiePath = path }
}

// WithCommandTimeout bounds each command when the context has no earlier
// deadline (default 30 seconds).
func WithCommandTimeout(d time.Duration) ControlOption {
	return func(c *controlConfig) {
		if d > 0 {
			c.timeout = d
		}
	}
}

// DialControl connects to Tor's control port at address ("127.0.0.1:9051"),
// reads PROTOCOLINFO and authenticates with the best method both sides
// support: a password if one was given and Tor accepts it, else SAFECOOKIE,
// COOKIE, or none (NULL).
func DialControl(ctx context.Context, address string, opts ...ControlOption) (*Controller, error) {
	var d net.Dialer
	conn, err := d.DialContext(ctx, "tcp", address)
	if err != nil {
		return nil, err
	}
	c, err := NewController(ctx, conn, opts...)
	if err != nil {
		return nil, err
	}
	return c, nil
}

// NewController authenticates over an open control connection (TCP or a
// Unix socket) and takes ownership of it; on failure conn is closed.
func NewController(ctx context.Context, conn net.Conn, opts ...ControlOption) (*Controller, error) {
	cfg := controlConfig{timeout: 30 * time.Second}
	for _, o := range opts {
		if o != nil {
			o(&cfg)
		}
	}
	c := &Controller{conn: conn, r: bufio.NewReaderSize(conn, maxReplyLineLen), timeout: cfg.timeout}
	if err := c.authenticate(ctx, cfg); err != nil {
		_ = conn.Close()
		return nil, err
	}
	return c, nil
}

// Info returns what PROTOCOLINFO said.
func (c *Controller) Info() ProtocolInfo { return c.info }

// Close closes the control connection; Tor then removes the onion services
// this Controller added.
func (c *Controller) Close() error { return c.conn.Close() }

// reply is one synchronous reply: its final status code and the text of each
// line after the code and separator. A data block ("250+...") is appended
// to its line, joined with "\n".
type reply struct {
	code  int
	lines []string
}

// command sends one command line and reads its reply; a reply whose code is
// not 2xx is returned as a *ControlError.
func (c *Controller) command(ctx context.Context, line string) (reply, error) {
	c.mu.Lock()
	defer c.mu.Unlock()

	deadline := time.Now().Add(c.timeout)
	if d, ok := ctx.Deadline(); ok && d.Before(deadline) {
		deadline = d
	}
	if err := c.conn.SetDeadline(deadline); err != nil {
		return reply{}, err
	}
	// Cancelling ctx moves the deadline to the past, waking the I/O.
	stop := context.AfterFunc(ctx, func() { _ = c.conn.SetDeadline(time.Unix(1, 0)) })
	defer stop()

	if _, err := c.conn.Write([]byte(line + "\r\n")); err != nil {
		return reply{}, ctxErr(ctx, err)
	}
	r, err := c.readReply()
	if err != nil {
		return reply{}, ctxErr(ctx, err)
	}
	if r.code < 200 || r.code > 299 {
		return r, &ControlError{Code: r.code, Msg: strings.Join(r.lines, "; ")}
	}
	return r, nil
}

// ctxErr prefers the context's error when it caused the I/O failure.
func ctxErr(ctx context.Context, err error) error {
	if e := ctx.Err(); e != nil {
		return fmt.Errorf("%w: %w", e, err)
	}
	return err
}

// readReply reads one synchronous reply (control-spec "Replies"):
//
//	SyncReply     = *(MidReplyLine / DataReplyLine) EndReplyLine
//	MidReplyLine  = StatusCode "-" ReplyLine
//	DataReplyLine = StatusCode "+" ReplyLine CmdData
//	EndReplyLine  = StatusCode SP ReplyLine
//
// Asynchronous event lines (code 6xx) are skipped: this client subscribes
// to no events, but Tor may still send some.
func (c *Controller) readReply() (reply, error) {
	var r reply
	for n := 0; n < maxReplyLines; n++ {
		line, err := c.readLine()
		if err != nil {
			return reply{}, err
		}
		if len(line) < 4 {
			return reply{}, fmt.Errorf("%w: short line %q", ErrMalformedReply, line)
		}
		code, err := strconv.Atoi(line[:3])
		if err != nil || code < 100 {
			return reply{}, fmt.Errorf("%w: status %q", ErrMalformedReply, line[:3])
		}
		sep, text := line[3], line[4:]
		if code >= 600 {
			if sep == '+' {
				if _, err := c.readData(); err != nil {
					return reply{}, err
				}
			}
			continue
		}
		switch sep {
		case '-':
			r.lines = append(r.lines, text)
		case '+':
			data, err := c.readData()
			if err != nil {
				return reply{}, err
			}
			r.lines = append(r.lines, text+"\n"+data)
		case ' ':
			r.lines = append(r.lines, text)
			r.code = code
			return r, nil
		default:
			return reply{}, fmt.Errorf("%w: separator %q", ErrMalformedReply, sep)
		}
	}
	return reply{}, fmt.Errorf("%w: more than %d lines", ErrMalformedReply, maxReplyLines)
}

// readData reads a data block up to its "." line, undoing dot-stuffing.
func (c *Controller) readData() (string, error) {
	var b strings.Builder
	for n := 0; n < maxReplyLines; n++ {
		line, err := c.readLine()
		if err != nil {
			return "", err
		}
		if line == "." {
			return strings.TrimSuffix(b.String(), "\n"), nil
		}
		line = strings.TrimPrefix(line, ".")
		if b.Len()+len(line) > maxReplyLineLen {
			return "", fmt.Errorf("%w: data block too long", ErrMalformedReply)
		}
		b.WriteString(line)
		b.WriteByte('\n')
	}
	return "", fmt.Errorf("%w: data block too long", ErrMalformedReply)
}

// readLine reads one CRLF-terminated line (a bare LF is tolerated).
func (c *Controller) readLine() (string, error) {
	line, err := c.r.ReadSlice('\n')
	if err == bufio.ErrBufferFull {
		return "", fmt.Errorf("%w: line longer than %d bytes", ErrMalformedReply, c.r.Size())
	}
	if err != nil {
		return "", err
	}
	return strings.TrimSuffix(strings.TrimSuffix(string(line), "\n"), "\r"), nil
}

// safeArg checks that s can be written into a command line without ending
// it or starting another: no CR, LF, NUL or other control characters.
func safeArg(s string) error {
	for i := 0; i < len(s); i++ {
		if s[i] < 0x20 || s[i] == 0x7f {
			return fmt.Errorf("%w: control character 0x%02x", ErrBadArgument, s[i])
		}
	}
	return nil
}

// quote writes s as a control-protocol QuotedString.
func quote(s string) string {
	var b strings.Builder
	b.WriteByte('"')
	for i := 0; i < len(s); i++ {
		if s[i] == '"' || s[i] == '\\' {
			b.WriteByte('\\')
		}
		b.WriteByte(s[i])
	}
	b.WriteByte('"')
	return b.String()
}
