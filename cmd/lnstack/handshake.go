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
	proxyAddr := fs.String("proxy", "", "SOCKS5 proxy (Tor) to dial through, host:port; required for .onion")
	timeout := fs.Duration("timeout", transport.DefaultHandshakeTimeout, "bound on connecting plus the handshake")
	keyHex := fs.String("key", "", "local static private key in hex (default: a fresh random key)")
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
	local, err := handshakeKey(*keyHex)
	if err != nil {
		return err
	}
	var d transport.Dialer
	if *proxyAddr != "" {
		if d, err = tor.NewDialer(*proxyAddr); err != nil {
			return err
		}
	}

	ctx, cancel := context.WithTimeout(ctx, *timeout)
	defer cancel()
	start := time.Now()
	c, err := transport.Dial(ctx, d, node.Addr, node.Pub, local, transport.WithHandshakeTimeout(*timeout))
	if err != nil {
		if errors.Is(err, transport.ErrNeedsProxy) {
			return fmt.Errorf("%w (use --proxy with Tor's SOCKS port, e.g. 127.0.0.1:9050)", err)
		}
		return err
	}
	elapsed := time.Since(start)
	defer c.Close()

	via := "direct"
	if *proxyAddr != "" {
		via = "socks5 " + *proxyAddr
	}
	fmt.Fprintf(e.stdout, "remote   %x\n", c.RemotePub().SerializeCompressed())
	fmt.Fprintf(e.stdout, "local    %x\n", c.LocalPub().SerializeCompressed())
	fmt.Fprintf(e.stdout, "address  %s (%s, %s)\n", node.Addr, node.Addr.Type(), via)
	fmt.Fprintf(e.stdout, "time     %s\n", elapsed.Round(time.Microsecond))
	return nil
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
