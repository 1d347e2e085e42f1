package main

import (
	"context"
	"encoding/hex"
	"errors"
	"flag"
	"fmt"
	"time"

	"github.com/btcsuite/btcd/btcec/v2"

	transport "github.com/lnstack/lnstack/layer1_transport"
	"github.com/lnstack/lnstack/layer1_transport/netaddr"
	"github.com/lnstack/lnstack/layer1_transport/noise"
	"github.com/lnstack/lnstack/layer1_transport/tor"
)

// errBadKey is returned for a --key that is not 32 bytes of hex.
var errBadKey = errors.New("--key must be a 32-byte private key in hex")

// runHandshake implements `lnstack handshake [--proxy host:port] [--timeout
// 15s] [--key hex] <pubkey>@<host[:port]>`: it dials the node, runs the BOLT
// #8 handshake as initiator, prints both static keys, the address and how
// long connecting and the handshake took, and hangs up.
func runHandshake(ctx context.Context, e *env, args []string) error {
	fs := flag.NewFlagSet("handshake", flag.ContinueOnError)
	fs.SetOutput(e.stderr)
	var df dialFlags
	df.register(fs, transport.DefaultHandshakeTimeout, "bound on connecting plus the handshake")
	fs.Usage = func() {
		fmt.Fprintln(e.stderr, "usage: lnstack handshake [--proxy host:port] [--timeout 15s] [--key hex] <pubkey>@<host[:port]>")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		return errUsage
	}
	if fs.NArg() != 1 {
		fs.Usage()
		return errUsage
	}
	node, err := netaddr.ParseNodeAddr(fs.Arg(0))
	if err != nil {
		return err
	}

	ctx, cancel := context.WithTimeout(ctx, df.timeout)
	defer cancel()
	start := time.Now()
	c, err := df.dial(ctx, node)
	if err != nil {
		return err
	}
	elapsed := time.Since(start)
	defer c.Close()

	fmt.Fprintf(e.stdout, "remote   %x\n", c.RemotePub().SerializeCompressed())
	fmt.Fprintf(e.stdout, "local    %x\n", c.LocalPub().SerializeCompressed())
	fmt.Fprintf(e.stdout, "address  %s (%s, %s)\n", node.Addr, node.Addr.Type(), df.via())
	fmt.Fprintf(e.stdout, "time     %s\n", elapsed.Round(time.Microsecond))
	return nil
}

// dialFlags are the flags of the commands that dial a node (handshake,
// connect): how to reach it, how long to try, and the local static key.
type dialFlags struct {
	proxy   string
	timeout time.Duration
	key     string
}

// register adds --proxy, --timeout and --key to fs; --timeout defaults to
// timeout, and timeoutUsage says what it bounds.
func (f *dialFlags) register(fs *flag.FlagSet, timeout time.Duration, timeoutUsage string) {
	fs.StringVar(&f.proxy, "proxy", "", "SOCKS5 proxy (Tor) to dial through, host:port; required for .onion")
	fs.DurationVar(&f.timeout, "timeout", timeout, timeoutUsage)
	fs.StringVar(&f.key, "key", "", "local static private key in hex (default: a fresh random key)")
}

// dial connects to node, directly or through --proxy, and runs the BOLT #8
// handshake as initiator with the --key (a fresh key without one), the
// handshake bounded by --timeout. ctx bounds the whole.
func (f *dialFlags) dial(ctx context.Context, node netaddr.NodeAddr) (*noise.Conn, error) {
	local, err := handshakeKey(f.key)
	if err != nil {
		return nil, err
	}
	var d transport.Dialer
	if f.proxy != "" {
		if d, err = tor.NewDialer(f.proxy); err != nil {
			return nil, err
		}
	}
	c, err := transport.Dial(ctx, d, node.Addr, node.Pub, local, transport.WithHandshakeTimeout(f.timeout))
	if errors.Is(err, transport.ErrNeedsProxy) {
		return nil, fmt.Errorf("%w (use --proxy with Tor's SOCKS port, e.g. 127.0.0.1:9050)", err)
	}
	return c, err
}

// via says how dial connects.
func (f *dialFlags) via() string {
	if f.proxy == "" {
		return "direct"
	}
	return "socks5 " + f.proxy
}

// handshakeKey parses --key, or draws a fresh key when it is empty.
func handshakeKey(s string) (*btcec.PrivateKey, error) {
	if s == "" {
		return btcec.NewPrivateKey()
	}
	b, err := hex.DecodeString(s)
	if err != nil || len(b) != btcec.PrivKeyBytesLen {
		return nil, errBadKey
	}
	k, _ := btcec.PrivKeyFromBytes(b)
	return k, nil
}
