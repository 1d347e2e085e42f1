package main

import (
	"bytes"
	"context"
	"encoding/hex"
	"errors"
	"fmt"
	"net"
	"strings"
	"testing"
	"time"

	"github.com/btcsuite/btcd/btcec/v2"

	transport "github.com/lnstack/lnstack/layer1_transport"
	"github.com/lnstack/lnstack/layer1_transport/netaddr"
	"github.com/lnstack/lnstack/layer1_transport/noise"
	"github.com/lnstack/lnstack/layer1_transport/tor"
)

// listenLocal runs an in-process node on 127.0.0.1, with a fresh key, until
// the test ends: serve gets each connection it accepts, one after the other.
func listenLocal(t *testing.T, serve func(c *noise.Conn)) (*btcec.PrivateKey, *transport.Listener) {
	t.Helper()
	key, err := btcec.NewPrivateKey()
	if err != nil {
		t.Fatal(err)
	}
	l, err := transport.Listen(context.Background(), "127.0.0.1:0", key)
	if err != nil {
		t.Fatal(err)
	}
	done := make(chan struct{})
	go func() {
		defer close(done)
		for {
			c, err := l.Accept()
			if err != nil {
				return
			}
			serve(c)
		}
	}()
	t.Cleanup(func() {
		l.Close()
		<-done
	})
	return key, l
}

// handshakePeer is an in-process node on 127.0.0.1 that accepts
// connections until the test ends and reports each peer's key.
func handshakePeer(t *testing.T) (*btcec.PrivateKey, *transport.Listener, <-chan *btcec.PublicKey) {
	t.Helper()
	peers := make(chan *btcec.PublicKey, 4)
	key, l := listenLocal(t, func(c *noise.Conn) {
		peers <- c.RemotePub()
		c.Close()
	})
	return key, l, peers
}

// fields parses the "name value..." lines the command prints.
func fields(out string) map[string]string {
	m := make(map[string]string)
	for _, line := range strings.Split(strings.TrimSpace(out), "\n") {
		k, v, _ := strings.Cut(line, " ")
		m[k] = strings.TrimSpace(v)
	}
	return m
}

func TestHandshakeCommand(t *testing.T) {
	key, l, peers := handshakePeer(t)
	target := fmt.Sprintf("%x@%s", key.PubKey().SerializeCompressed(), l.Addr())

	localKey, err := btcec.NewPrivateKey()
	if err != nil {
		t.Fatal(err)
	}
	var out, errb bytes.Buffer
	args := []string{"handshake", "--timeout", "30s", "--key", hex.EncodeToString(localKey.Serialize()), target}
	if code := run(context.Background(), &env{stdout: &out, stderr: &errb}, args); code != 0 {
		t.Fatalf("exit %d: %s", code, errb.String())
	}
	f := fields(out.String())
	if f["remote"] != hex.EncodeToString(key.PubKey().SerializeCompressed()) {
		t.Errorf("remote %q, want the listener's key", f["remote"])
	}
	if f["local"] != hex.EncodeToString(localKey.PubKey().SerializeCompressed()) {
		t.Errorf("local %q, want the --key's public key", f["local"])
	}
	if !strings.HasPrefix(f["address"], l.Addr().String()+" (ipv4, direct)") {
		t.Errorf("address %q", f["address"])
	}
	if _, err := time.ParseDuration(f["time"]); err != nil {
		t.Errorf("time %q: %v", f["time"], err)
	}
	select {
	case pub := <-peers:
		if !pub.IsEqual(localKey.PubKey()) {
			t.Error("the listener authenticated another key")
		}
	case <-time.After(30 * time.Second):
		t.Fatal("the listener never accepted the connection")
	}

	// Without --key a fresh key is used each time.
	out.Reset()
	if code := run(context.Background(), &env{stdout: &out, stderr: &errb}, []string{"handshake", target}); code != 0 {
		t.Fatalf("exit %d: %s", code, errb.String())
	}
	if k := fields(out.String())["local"]; len(k) != 66 || k == f["local"] {
		t.Errorf("ephemeral local key %q", k)
	}
}

func TestHandshakeCommandErrors(t *testing.T) {
	ctx := context.Background()
	var out, errb bytes.Buffer
	e := &env{stdout: &out, stderr: &errb}
	key, l, _ := handshakePeer(t)
	pub := hex.EncodeToString(key.PubKey().SerializeCompressed())

	if code := run(ctx, e, []string{"handshake"}); code != 2 {
		t.Errorf("no argument: exit %d, want 2", code)
	}
	if err := runHandshake(ctx, e, []string{"nopubkey"}); !errors.Is(err, netaddr.ErrBadNodeAddr) {
		t.Errorf("bad node address: %v", err)
	}
	if err := runHandshake(ctx, e, []string{"--key", "00", pub + "@" + l.Addr().String()}); !errors.Is(err, errBadKey) {
		t.Errorf("bad key: %v", err)
	}
	onion := pub + "@duckduckgogg42xjoc72x3sjasowoarfbgcmvfimaftt6twagswzczad.onion"
	if err := runHandshake(ctx, e, []string{onion}); !errors.Is(err, transport.ErrNeedsProxy) {
		t.Errorf("onion without proxy: %v", err)
	}
	// A proxy nobody listens on: the connection fails at the proxy.
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	dead := ln.Addr().String()
	ln.Close()
	if err := runHandshake(ctx, e, []string{"--proxy", dead, "--timeout", "30s", onion}); !errors.Is(err, tor.ErrProxy) {
		t.Errorf("dead proxy: %v", err)
	}
	// The wrong node key: the listener hangs up during the handshake.
	other, _ := btcec.NewPrivateKey()
	wrong := fmt.Sprintf("%x@%s", other.PubKey().SerializeCompressed(), l.Addr())
	var de *transport.DialError
	if err := runHandshake(ctx, e, []string{"--timeout", "30s", wrong}); !errors.As(err, &de) || de.Op != "handshake" {
		t.Errorf("wrong node key: %v", err)
	}
}
