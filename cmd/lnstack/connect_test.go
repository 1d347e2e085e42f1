package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/btcsuite/btcd/btcec/v2"

	"github.com/lnstack/lnstack/layer1_transport/noise"
	"github.com/lnstack/lnstack/layer2_messaging/feature"
	"github.com/lnstack/lnstack/layer2_messaging/peer"
	"github.com/lnstack/lnstack/layer2_messaging/wire"
)

// connectPeer is an in-process node on 127.0.0.1 that runs a layer 2 Peer
// with cfg on every connection and reports how each one ended.
func connectPeer(t *testing.T, cfg peer.Config) (target string, ended <-chan error) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	results := make(chan error, 4)
	key, l := listenLocal(t, func(c *noise.Conn) {
		p, err := peer.New(c, cfg)
		if err != nil {
			results <- err
			c.Close()
			return
		}
		if err := p.Start(ctx); err != nil {
			results <- err
			return
		}
		// Serve until the client hangs up.
		for {
			if _, err := p.Recv(ctx); err != nil {
				results <- err
				break
			}
		}
		p.Close()
	})
	// Registered after listenLocal's, so it runs first: the Peer stops,
	// then the listener.
	t.Cleanup(cancel)
	return fmt.Sprintf("%x@%s", key.PubKey().SerializeCompressed(), l.Addr()), results
}

func TestConnectCommand(t *testing.T) {
	regtest, err := chainHash("regtest")
	if err != nil {
		t.Fatal(err)
	}
	remoteFeatures := feature.New(feature.DataLossProtect, feature.VarOnionOptin, feature.StaticRemoteKey,
		feature.PaymentSecret, feature.BasicMPP.Optional(), feature.Anchors.Optional(), 2023)
	target, ended := connectPeer(t, peer.Config{
		Features:     remoteFeatures,
		Chains:       []wire.ChainHash{regtest},
		PingInterval: 20 * time.Millisecond,
	})

	var out, errb bytes.Buffer
	args := []string{"connect", "--network", "regtest", "--hold", "300ms", "--ping", "20ms", target}
	if code := run(context.Background(), &env{stdout: &out, stderr: &errb}, args); code != 0 {
		t.Fatalf("exit %d: %s", code, errb.String())
	}
	f := fields(out.String())
	if f["networks"] != "regtest" {
		t.Errorf("networks %q, want regtest", f["networks"])
	}
	// Every feature the remote offered is printed by its BOLT #9 name,
	// with its parity.
	for _, b := range remoteFeatures.Bits() {
		kind := "optional"
		if b.IsRequired() {
			kind = "required"
		}
		line := fmt.Sprintf("%d  %s  %s", b, kind, feature.Name(b))
		if !strings.Contains(out.String(), line) {
			t.Errorf("output lacks %q:\n%s", line, out.String())
		}
	}
	if !strings.Contains(f["negotiated"], "option_data_loss_protect") {
		t.Errorf("negotiated %q", f["negotiated"])
	}
	var sent, back int
	if _, err := fmt.Sscanf(f["pings"], "%d sent, %d pongs back", &sent, &back); err != nil || sent == 0 || back == 0 {
		t.Errorf("pings line %q: want pings sent and answered", f["pings"])
	}
	// The client hung up; the server saw no protocol fault.
	if err := <-ended; !errors.Is(err, peer.ErrDisconnected) {
		t.Errorf("the server's Peer ended with %v, want ErrDisconnected", err)
	}
}

func TestConnectRefused(t *testing.T) {
	testnet, err := chainHash("testnet")
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name string
		cfg  peer.Config
		args []string
		want error
	}{
		{
			name: "remote requires a feature we lack",
			cfg:  peer.Config{Features: feature.New(feature.DataLossProtect, feature.VarOnionOptin, feature.Splice)},
			want: feature.ErrUnknownRequiredFeature,
		},
		{
			name: "no common chain",
			cfg:  peer.Config{Features: feature.New(feature.DataLossProtect), Chains: []wire.ChainHash{testnet}},
			args: []string{"--network", "signet"},
			want: peer.ErrNoCommonChain,
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			target, _ := connectPeer(t, tc.cfg)
			var out, errb bytes.Buffer
			args := append(append([]string{"--timeout", "30s"}, tc.args...), target)
			err := runConnect(context.Background(), &env{stdout: &out, stderr: &errb}, args)
			if !errors.Is(err, tc.want) {
				t.Fatalf("connect: %v, want %v", err, tc.want)
			}
		})
	}
}

func TestConnectUsage(t *testing.T) {
	for _, args := range [][]string{
		nil,
		{"--ping", "0s", "02aa@127.0.0.1"},
		{"--bogus"},
	} {
		var out, errb bytes.Buffer
		if err := runConnect(context.Background(), &env{stdout: &out, stderr: &errb}, args); !errors.Is(err, errUsage) {
			t.Errorf("connect %q: %v, want errUsage", args, err)
		}
	}
	var out, errb bytes.Buffer
	key, _ := btcec.NewPrivateKey()
	target := fmt.Sprintf("%x@127.0.0.1:1", key.PubKey().SerializeCompressed())
	if err := runConnect(context.Background(), &env{stdout: &out, stderr: &errb}, []string{"--network", "dogecoin", target}); !errors.Is(err, errUnknownNetwork) {
		t.Errorf("unknown network: %v, want errUnknownNetwork", err)
	}
}

// TestChainHashes checks mainnet's chain_hash against BOLT #0 and that
// every network name round-trips.
func TestChainHashes(t *testing.T) {
	main, err := chainHash("mainnet")
	if err != nil {
		t.Fatal(err)
	}
	// BOLT #0: "For the main chain Bitcoin blockchain, the chain_hash value
	// MUST be (encoded in hex): 6fe28c0a...0000000000."
	if main.String() != "6fe28c0ab6f1b372c1a6a246ae63f74f931e8365e15a089c68d6190000000000" {
		t.Errorf("mainnet chain_hash %s", main)
	}
	seen := map[wire.ChainHash]bool{}
	for _, n := range networks() {
		h, err := chainHash(n.name)
		if err != nil || seen[h] || chainName(h) != n.name {
			t.Errorf("%s: %v, %v, duplicate %v", n.name, h, err, seen[h])
		}
		seen[h] = true
	}
}
