package layer2

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"os/exec"
	"regexp"
	"strconv"
	"testing"
	"time"

	"github.com/btcsuite/btcd/btcec/v2"
	"github.com/btcsuite/btcd/chaincfg"

	"github.com/lnstack/lnstack/interop/simnet"
	transport "github.com/lnstack/lnstack/layer1_transport"
	"github.com/lnstack/lnstack/layer1_transport/netaddr"
	messaging "github.com/lnstack/lnstack/layer2_messaging"
	"github.com/lnstack/lnstack/layer2_messaging/feature"
	"github.com/lnstack/lnstack/layer2_messaging/peer"
	"github.com/lnstack/lnstack/layer2_messaging/wire"
)

// holdTime is how long `lnstack connect` stays connected to lnd.
const holdTime = 30 * time.Second

// TestLive runs lnstack's layer 2 against a live lnd v0.20.0-beta on a
// local simnet:
//
//   - an in-process peer.Peer dials lnd: init is accepted both ways, the
//     features match what each side sent, pings get pongs;
//   - lnd dials an in-process peer.Peer (`lncli connect`);
//   - `lnstack connect --hold 30s` completes init, prints lnd's features by
//     name, stays listed by `lncli listpeers` through the hold while
//     pinging, and exits 0.
//
// After each, lnd's log must hold no error line about our connection.
func TestLive(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 8*time.Minute)
	defer cancel()
	network, lnstack := simnet.StartLive(ctx, t, 1)
	lnd := network.Nodes[0]
	lndKey, err := netaddr.ParsePubKey(lnd.PubKey)
	if err != nil {
		t.Fatal(err)
	}
	// `lncli listpeers` makes lnd warn "Gossip syncer for peer=... not
	// found" for a peer that did not offer gossip_queries, as ours does
	// not: CheckNoErrors logs such warnings and fails on errors.
	log := &simnet.NodeLog{Path: lnd.LogPath(), Wait: 60 * time.Second}

	// The features lnd sent in init, as the in-process peer saw them; the
	// command's output is checked against them.
	var lndFeatures feature.Vector

	// endPeer checks that lnd lists the in-process peer p (key ourHex, in
	// the direction we connected) with the features it sent and answers
	// pongs of its pings, then closes p and checks what lnd logged about
	// it since mark.
	endPeer := func(t *testing.T, p *peer.Peer, ourHex string, mark int64, weDialed bool, pongs uint64) {
		t.Helper()
		checkListed(ctx, t, lnd, ourHex, !weDialed, peerConfig(t, 0).Features)
		waitPongs(ctx, t, p, pongs)
		p.Close()
		log.WaitDisconnect(ctx, t, mark, ourHex)
		log.CheckNoErrors(t, mark, ourHex)
	}

	t.Run("peer dials lnd", func(t *testing.T) {
		key := testKey(t, "dialer")
		ourHex := pubHex(key)
		mark := log.Mark(t)
		addr, err := netaddr.ParseAddress(lnd.P2PAddr)
		if err != nil {
			t.Fatal(err)
		}
		conn, err := transport.Dial(ctx, nil, addr, lndKey, key)
		if err != nil {
			t.Fatal(err)
		}
		p := startPeer(ctx, t, conn, peerConfig(t, 2*time.Second))
		lndFeatures = p.RemoteFeatures()
		t.Logf("lnd's init features: %v", lndFeatures)
		for _, f := range []feature.Bit{feature.DataLossProtect, feature.VarOnionOptin, feature.StaticRemoteKey, feature.PaymentSecret} {
			if !lndFeatures.Has(f) {
				t.Errorf("lnd does not offer %s", feature.Name(f))
			}
		}
		endPeer(t, p, ourHex, mark, true, 2)
	})

	t.Run("lnd dials peer", func(t *testing.T) {
		key := testKey(t, "listener")
		ourHex := pubHex(key)
		mark := log.Mark(t)
		l, err := transport.Listen(ctx, "127.0.0.1:0", key)
		if err != nil {
			t.Fatal(err)
		}
		defer l.Close()
		connected := make(chan error, 1)
		go func() {
			_, err := lnd.Lncli(ctx, "connect", ourHex+"@"+l.Addr().String())
			connected <- err
		}()
		conn, err := l.Accept()
		if err != nil {
			t.Fatal(err)
		}
		if !conn.RemotePub().IsEqual(lndKey) {
			t.Fatalf("accepted %x, want lnd", conn.RemotePub().SerializeCompressed())
		}
		p := startPeer(ctx, t, conn, peerConfig(t, 2*time.Second))
		if err := <-connected; err != nil {
			t.Fatalf("lncli connect: %v", err)
		}
		endPeer(t, p, ourHex, mark, false, 1)
	})

	t.Run("lnstack connect", func(t *testing.T) {
		key := testKey(t, "command")
		ourHex := pubHex(key)
		mark := log.Mark(t)
		cmd := exec.CommandContext(ctx, lnstack, "connect", "--network", "simnet", "--timeout", "60s",
			"--hold", holdTime.String(), "--ping", "5s", "--key", hex.EncodeToString(key.Serialize()), lnd.URI())
		var stdout, stderr bytes.Buffer
		cmd.Stdout, cmd.Stderr = &stdout, &stderr
		start := time.Now()
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		exited := make(chan error, 1)
		go func() { exited <- cmd.Wait() }()

		// lnd lists us once init is done, and still near the end of the
		// hold.
		checkListed(ctx, t, lnd, ourHex, false, nil)
		select {
		case err := <-exited:
			t.Fatalf("lnstack connect exited early: %v\nstdout: %s\nstderr: %s", err, &stdout, &stderr)
		case <-time.After(time.Until(start.Add(holdTime - 5*time.Second))):
		}
		checkListed(ctx, t, lnd, ourHex, false, nil)

		if err := <-exited; err != nil {
			t.Fatalf("lnstack connect: %v\nstdout: %s\nstderr: %s", err, &stdout, &stderr)
		}
		out := stdout.String()
		t.Logf("lnstack connect printed:\n%s", out)
		if stderr.Len() > 0 {
			t.Errorf("lnstack connect wrote to stderr: %s", &stderr)
		}
		// Every feature lnd offered in init, by name and parity.
		printed := printedFeatures(out)
		if len(lndFeatures) == 0 {
			t.Fatal("no features from the in-process peer to compare with")
		}
		for _, b := range lndFeatures.Bits() {
			if b.IsRequired() || !lndFeatures.IsSet(b.Pair()) {
				want := featureLine(b)
				if printed[b] != want {
					t.Errorf("bit %d printed as %q, want %q", b, printed[b], want)
				}
			}
		}
		if len(printed) != len(lndFeatures.Names()) {
			t.Errorf("printed %d features, lnd offered %d", len(printed), len(lndFeatures.Names()))
		}
		// Pings every 5 s through the hold, each answered.
		m := regexp.MustCompile(`pings +(\d+) sent, (\d+) pongs back`).FindStringSubmatch(out)
		if m == nil {
			t.Fatalf("no pings line in the output")
		}
		sent, _ := strconv.Atoi(m[1])
		back, _ := strconv.Atoi(m[2])
		if sent < int(holdTime/(5*time.Second))-1 || back < sent-1 {
			t.Errorf("%d pings sent, %d pongs back during a %v hold", sent, back, holdTime)
		}
		log.WaitDisconnect(ctx, t, mark, ourHex)
		log.CheckNoErrors(t, mark, ourHex)
	})
}

// testKey derives a fixed node key from label.
func testKey(t *testing.T, label string) *btcec.PrivateKey {
	t.Helper()
	sum := sha256.Sum256([]byte("lnstack interop layer2 " + label))
	k, _ := btcec.PrivKeyFromBytes(sum[:])
	return k
}

func pubHex(k *btcec.PrivateKey) string { return hex.EncodeToString(k.PubKey().SerializeCompressed()) }

// peerConfig is the in-process peer's config: the features `lnstack
// connect` offers (data_loss_protect and the other ASSUMED features of BOLT
// #9, which lnd requires), simnet as its network.
func peerConfig(t *testing.T, ping time.Duration) peer.Config {
	codec, err := messaging.NewCodec(messaging.Messages())
	if err != nil {
		t.Fatal(err)
	}
	if ping == 0 {
		ping = -1
	}
	return peer.Config{
		Codec: codec,
		Features: feature.New(feature.DataLossProtect.Optional(), feature.VarOnionOptin,
			feature.StaticRemoteKey.Optional(), feature.PaymentSecret.Optional(), feature.ChannelType.Optional()),
		Chains:       []wire.ChainHash{wire.ChainHash(*chaincfg.SimNetParams.GenesisHash)},
		InitTimeout:  60 * time.Second,
		PingInterval: ping,
		PongTimeout:  30 * time.Second,
	}
}

// startPeer runs a Peer over conn, fails the test unless init succeeds, and
// drains what lnd sends until the Peer closes.
func startPeer(ctx context.Context, t *testing.T, conn peer.MessageConn, cfg peer.Config) *peer.Peer {
	t.Helper()
	p, err := peer.New(conn, cfg)
	if err != nil {
		t.Fatal(err)
	}
	drained := make(chan struct{})
	t.Cleanup(func() {
		p.Close()
		<-drained
	})
	if err := p.Start(ctx); err != nil {
		close(drained)
		t.Fatalf("init with lnd: %v", err)
	}
	go func() {
		defer close(drained)
		for {
			m, err := p.Recv(context.Background())
			if err != nil {
				if !errors.Is(err, peer.ErrClosed) {
					t.Errorf("the Peer stopped: %v", err)
				}
				return
			}
			t.Logf("lnd sent %T", m)
		}
	}()
	return p
}

// waitPongs waits until p has had n of its pings answered.
func waitPongs(ctx context.Context, t *testing.T, p *peer.Peer, n uint64) {
	t.Helper()
	ctx, cancel := context.WithTimeout(ctx, 90*time.Second)
	defer cancel()
	for p.Stats().PongsReceived < n {
		select {
		case <-ctx.Done():
			t.Fatalf("lnd answered %d of %d pings (want %d): %v", p.Stats().PongsReceived, p.Stats().PingsSent, n, p.Err())
		case <-p.Done():
			t.Fatalf("the Peer stopped: %v", p.Err())
		case <-time.After(100 * time.Millisecond):
		}
	}
}

// checkListed waits until `lncli listpeers` lists pubKey with the given
// direction (as lnd sees it) and, when want is set, exactly the features
// we sent.
func checkListed(ctx context.Context, t *testing.T, lnd *simnet.Node, pubKey string, inbound bool, want feature.Vector) {
	t.Helper()
	ctx, cancel := context.WithTimeout(ctx, 60*time.Second)
	defer cancel()
	for {
		var out struct {
			Peers []struct {
				PubKey   string                 `json:"pub_key"`
				Inbound  bool                   `json:"inbound"`
				Features map[string]interface{} `json:"features"`
			} `json:"peers"`
		}
		if err := lnd.LncliJSON(ctx, &out, "listpeers"); err != nil {
			t.Fatal(err)
		}
		for _, p := range out.Peers {
			if p.PubKey != pubKey {
				continue
			}
			// lnd reports inbound from its side: we dialed it, so it is
			// inbound there.
			if p.Inbound == inbound {
				t.Errorf("lnd lists us with inbound=%v", p.Inbound)
			}
			if want != nil {
				var got feature.Vector
				for bit := range p.Features {
					n, err := strconv.Atoi(bit)
					if err != nil {
						t.Fatal(err)
					}
					got.Set(feature.Bit(n))
				}
				if !got.Equal(want) {
					t.Errorf("lnd sees our features as %v, we sent %v", got, want)
				}
			}
			return
		}
		select {
		case <-ctx.Done():
			t.Fatalf("lncli listpeers does not list %s", pubKey)
		case <-time.After(200 * time.Millisecond):
		}
	}
}

// featureLine is how `lnstack connect` prints a feature: its bit, parity
// and name.
func featureLine(b feature.Bit) string {
	kind := "optional"
	if b.IsRequired() {
		kind = "required"
	}
	return fmt.Sprintf("%s %s", kind, feature.Name(b))
}

// printedFeatures parses the feature lines of `lnstack connect`'s output:
// "  <bit>  <required|optional>  <name>".
func printedFeatures(out string) map[feature.Bit]string {
	re := regexp.MustCompile(`(?m)^ +(\d+) +(required|optional) +(\S+)$`)
	m := make(map[feature.Bit]string)
	for _, g := range re.FindAllStringSubmatch(out, -1) {
		n, _ := strconv.Atoi(g[1])
		m[feature.Bit(n)] = g[2] + " " + g[3]
	}
	return m
}
