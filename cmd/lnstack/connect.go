package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"strings"
	"time"

	"github.com/btcsuite/btcd/chaincfg"

	"github.com/lnstack/lnstack/layer1_transport/netaddr"
	"github.com/lnstack/lnstack/layer2_messaging/feature"
	"github.com/lnstack/lnstack/layer2_messaging/peer"
	"github.com/lnstack/lnstack/layer2_messaging/wire"
)

// errUnknownNetwork is returned for a --network lnstack does not know.
var errUnknownNetwork = errors.New("unknown network")

// connectFeatures are the features `lnstack connect` offers in init. Nodes
// require the ASSUMED features of BOLT #9 (lnd sets 0, 8, 12 and 14 even),
// and the Peer refuses a remote that requires a feature it does not offer,
// so it offers them all; lnd also disconnects a peer that sets neither bit
// of option_data_loss_protect. var_onion_optin is even: BOLT #9 says every
// node "MUST support" it.
func connectFeatures() feature.Vector {
	return feature.New(
		feature.DataLossProtect.Optional(),
		feature.VarOnionOptin,
		feature.StaticRemoteKey.Optional(),
		feature.PaymentSecret.Optional(),
		feature.ChannelType.Optional(),
	)
}

// network is a chain lnstack can name: its --network name and genesis hash.
type network struct {
	name   string
	params *chaincfg.Params
}

// networks lists the chains --network accepts.
func networks() []network {
	return []network{
		{"mainnet", &chaincfg.MainNetParams},
		{"testnet", &chaincfg.TestNet3Params},
		{"testnet4", &chaincfg.TestNet4Params},
		{"signet", &chaincfg.SigNetParams},
		{"regtest", &chaincfg.RegressionNetParams},
		{"simnet", &chaincfg.SimNetParams},
	}
}

// chainHash returns the chain_hash of a network, its genesis block hash.
// BOLT #0: "Unlike bitcoin-cli, the hash is not reversed but is used
// directly": the bytes of chainhash.Hash, as Bitcoin serializes them.
func chainHash(name string) (wire.ChainHash, error) {
	for _, n := range networks() {
		if n.name == name {
			return wire.ChainHash(*n.params.GenesisHash), nil
		}
	}
	names := make([]string, 0, len(networks()))
	for _, n := range networks() {
		names = append(names, n.name)
	}
	return wire.ChainHash{}, fmt.Errorf("%w %q (one of %s)", errUnknownNetwork, name, strings.Join(names, ", "))
}

// chainName names a chain_hash, or returns its hex.
func chainName(h wire.ChainHash) string {
	for _, n := range networks() {
		if wire.ChainHash(*n.params.GenesisHash) == h {
			return n.name
		}
	}
	return h.String()
}

// runConnect implements `lnstack connect [--proxy host:port] [--timeout
// 30s] [--network mainnet] [--hold 0] [--ping 10s] [--key hex]
// <pubkey>@<host[:port]>`: the BOLT #8 handshake, then the BOLT #1 init
// exchange through a layer 2 Peer; it prints the remote's features by name
// and the negotiated ones, then stays connected for --hold, pinging and
// answering pings, and hangs up.
func runConnect(ctx context.Context, e *env, args []string) error {
	fs := flag.NewFlagSet("connect", flag.ContinueOnError)
	fs.SetOutput(e.stderr)
	var df dialFlags
	df.register(fs, 30*time.Second, "bound on connecting, the handshake and the init exchange")
	netName := fs.String("network", "mainnet", "chain sent in init's networks: mainnet, testnet, testnet4, signet, regtest or simnet")
	hold := fs.Duration("hold", 0, "stay connected this long after init, pinging and answering pings")
	pingEvery := fs.Duration("ping", 10*time.Second, "interval of our pings while holding")
	fs.Usage = func() {
		fmt.Fprintln(e.stderr, "usage: lnstack connect [--proxy host:port] [--timeout 30s] [--network mainnet] [--hold 30s] [--ping 10s] [--key hex] <pubkey>@<host[:port]>")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		return errUsage
	}
	if fs.NArg() != 1 || *pingEvery <= 0 || *hold < 0 {
		fs.Usage()
		return errUsage
	}
	node, err := netaddr.ParseNodeAddr(fs.Arg(0))
	if err != nil {
		return err
	}
	chain, err := chainHash(*netName)
	if err != nil {
		return err
	}
	codec, err := newCodec()
	if err != nil {
		return err
	}

	start := time.Now()
	dctx, cancel := context.WithTimeout(ctx, df.timeout)
	defer cancel()
	conn, err := df.dial(dctx, node)
	if err != nil {
		return err
	}
	p, err := peer.New(conn, peer.Config{
		Codec:        codec,
		Features:     connectFeatures(),
		Chains:       []wire.ChainHash{chain},
		InitTimeout:  df.timeout,
		PingInterval: *pingEvery,
		Logger:       slog.New(slog.NewTextHandler(e.stderr, &slog.HandlerOptions{Level: slog.LevelWarn})),
	})
	if err != nil {
		conn.Close()
		return err
	}
	defer p.Close()
	if err := p.Start(dctx); err != nil {
		if errors.Is(err, peer.ErrDisconnected) {
			return fmt.Errorf("%w (the remote hung up during init: it may refuse our features)", err)
		}
		return err
	}
	elapsed := time.Since(start)

	fmt.Fprintf(e.stdout, "connected   %s (%s)\n", node, df.via())
	fmt.Fprintf(e.stdout, "local       %x\n", conn.LocalPub().SerializeCompressed())
	fmt.Fprintf(e.stdout, "time        %s (connect, handshake, init)\n", elapsed.Round(time.Microsecond))
	printNetworks(e.stdout, p)
	fmt.Fprintln(e.stdout, "features    (remote)")
	printFeatures(e.stdout, p.RemoteFeatures())
	fmt.Fprintf(e.stdout, "negotiated  %s\n", strings.Join(p.Negotiated().Names(), " "))

	if *hold > 0 {
		return holdPeer(ctx, e, p, codec.Name, *hold)
	}
	// The remote may have sent init and hung up, or sent an error.
	return p.Err()
}

// printNetworks prints the remote's networks record.
func printNetworks(w io.Writer, p *peer.Peer) {
	chains, sent := p.RemoteNetworks()
	if !sent {
		fmt.Fprintln(w, "networks    (not sent)")
		return
	}
	names := make([]string, len(chains))
	for i, c := range chains {
		names[i] = chainName(c)
	}
	fmt.Fprintf(w, "networks    %s\n", strings.Join(names, " "))
}

// printFeatures prints one line per feature offered: the bit set, required
// or optional, and the BOLT #9 name ("unknown_bit_<n>" outside the table).
func printFeatures(w io.Writer, v feature.Vector) {
	bits := v.Bits() // in increasing order
	for i, b := range bits {
		// One line per pair: the even bit wins when both are set (BOLT
		// #9: "treated as mandatory").
		if !b.IsRequired() && i > 0 && bits[i-1] == b.Pair() {
			continue
		}
		kind := "optional"
		if b.IsRequired() {
			kind = "required"
		}
		fmt.Fprintf(w, "  %4d  %s  %s\n", b, kind, feature.Name(b))
	}
}

// holdPeer keeps the connection for d, printing what the remote sends, and
// then the ping counts. An interrupt ends the hold early without an error;
// the Peer stopping ends it with the reason.
func holdPeer(ctx context.Context, e *env, p *peer.Peer, name func(uint16) string, d time.Duration) error {
	fmt.Fprintf(e.stdout, "holding     %s\n", d)
	hctx, cancel := context.WithTimeout(ctx, d)
	defer cancel()
	for {
		m, err := p.Recv(hctx)
		if err != nil {
			if hctx.Err() == nil {
				return err // the Peer stopped
			}
			break
		}
		fmt.Fprintf(e.stdout, "received    %s (type %d)\n", name(m.Type()), m.Type())
	}
	s := p.Stats()
	fmt.Fprintf(e.stdout, "pings       %d sent, %d pongs back (last rtt %s); %d received, %d answered\n",
		s.PingsSent, s.PongsReceived, s.LastRTT.Round(time.Microsecond), s.PingsReceived, s.PongsSent)
	return p.Err()
}
