package layer1

import (
	"bytes"
	"context"
	"encoding/binary"
	"encoding/hex"
	"net"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/btcsuite/btcd/btcec/v2"
	"github.com/lnstack/lnstack/interop/simnet"
	"github.com/lnstack/lnstack/layer1_transport/noise"
)

// TestLive runs lnstack's transport against a live lnd v0.20.0-beta on a
// local simnet: `lnstack handshake` and noise.Initiate towards lnd, and lnd
// connecting to noise.Respond. A handshake is all layer 1 has: lnd then
// waits for init (layer 2) and gives up when the connection closes, which
// it logs as a warning; an error line about the connection is a failure.
func TestLive(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	network, lnstack := simnet.StartLive(ctx, t, 1)
	lnd := network.Nodes[0]
	lndKey := parsePubKey(t, lnd.PubKey)
	log := &simnet.NodeLog{Path: lnd.LogPath(), Wait: 30 * time.Second}

	t.Run("lnstack handshake", func(t *testing.T) {
		mark := log.Mark(t)
		cmd := exec.CommandContext(ctx, lnstack, "handshake", "--timeout=30s", lnd.URI())
		var stdout, stderr bytes.Buffer
		cmd.Stdout, cmd.Stderr = &stdout, &stderr
		if err := cmd.Run(); err != nil {
			t.Fatalf("lnstack handshake %s: %v\nstdout: %s\nstderr: %s", lnd.URI(), err, &stdout, &stderr)
		}
		printed := cliFields(stdout.String())
		if printed["remote"] != lnd.PubKey {
			t.Errorf("lnstack handshake printed %q, want lnd's key %s as remote", stdout.String(), lnd.PubKey)
		}
		// The command's key is a fresh one; it prints it as "local". lnd
		// must have seen the same key (any key if none was printed).
		conn := waitConnection(ctx, t, log, mark, printed["local"], true)
		log.WaitDisconnect(ctx, t, mark, conn.pubKey)
		log.CheckNoErrors(t, mark, conn.pubKey, conn.addr)
	})

	t.Run("noise.Initiate", func(t *testing.T) {
		mark := log.Mark(t)
		ourKey := testKey(t, "live initiator")
		raw, err := (&net.Dialer{}).DialContext(ctx, "tcp", lnd.P2PAddr)
		if err != nil {
			t.Fatal(err)
		}
		c, err := noise.Initiate(ctx, raw, ourKey, lndKey)
		if err != nil {
			t.Fatalf("noise.Initiate to lnd: %v", err)
		}
		defer c.Close()
		if !c.RemotePub().IsEqual(lndKey) {
			t.Errorf("RemotePub %x, want lnd's %s", c.RemotePub().SerializeCompressed(), lnd.PubKey)
		}
		ourHex := hex.EncodeToString(ourKey.PubKey().SerializeCompressed())
		conn := waitConnection(ctx, t, log, mark, ourHex, true)
		if conn.addr != c.LocalAddr().String() {
			t.Errorf("lnd logged the connection from %s, ours is from %s", conn.addr, c.LocalAddr())
		}
		checkInit(t, c)
		c.Close()
		log.WaitDisconnect(ctx, t, mark, conn.pubKey)
		log.CheckNoErrors(t, mark, conn.pubKey, conn.addr)
	})

	t.Run("lnd connects to noise.Respond", func(t *testing.T) {
		mark := log.Mark(t)
		ourKey := testKey(t, "live responder")
		ourHex := hex.EncodeToString(ourKey.PubKey().SerializeCompressed())
		l, results := lnstackListener(ctx, t, ourKey)

		// lncli connect waits for the peer to come up, which needs init;
		// it runs beside the test and its outcome is not what is tested.
		connectCtx, stopConnect := context.WithCancel(ctx)
		connectDone := make(chan struct{})
		go func() {
			defer close(connectDone)
			_, _ = lnd.Lncli(connectCtx, "connect", ourHex+"@"+l.Addr().String())
		}()
		defer func() {
			stopConnect()
			<-connectDone
		}()

		r := await(ctx, t, results)
		if r.err != nil {
			t.Fatalf("noise.Respond to lnd: %v", r.err)
		}
		defer r.ours.Close()
		if !r.ours.RemotePub().IsEqual(lndKey) {
			t.Errorf("RemotePub %x, want lnd's %s", r.ours.RemotePub().SerializeCompressed(), lnd.PubKey)
		}
		conn := waitConnection(ctx, t, log, mark, ourHex, false)
		checkInit(t, r.ours)
		r.ours.Close()
		log.WaitDisconnect(ctx, t, mark, conn.pubKey)
		log.CheckNoErrors(t, mark, conn.pubKey, conn.addr)
	})
}

// cliFields maps the first word of each line of `lnstack handshake`'s
// output ("remote <hex>", "local <hex>", ...) to the second.
func cliFields(out string) map[string]string {
	m := make(map[string]string)
	for _, line := range strings.Split(out, "\n") {
		if f := strings.Fields(line); len(f) >= 2 {
			m[f[0]] = f[1]
		}
	}
	return m
}

func parsePubKey(t *testing.T, s string) *btcec.PublicKey {
	t.Helper()
	b, err := hex.DecodeString(s)
	if err != nil {
		t.Fatal(err)
	}
	k, err := btcec.ParsePubKey(b)
	if err != nil {
		t.Fatal(err)
	}
	return k
}

// logConnection is a connection as lnd logged it once the handshake was
// done: "Finalizing connection to <pubkey>@<addr>, inbound=<bool>".
type logConnection struct {
	pubKey string
	addr   string
}

// waitConnection waits until lnd logs that it finished a handshake after
// offset, with the given peer key (any key if pubKey is empty) and
// direction as lnd sees it.
func waitConnection(ctx context.Context, t *testing.T, l *simnet.NodeLog, offset int64, pubKey string, inbound bool) logConnection {
	t.Helper()
	const prefix = "SRVR: Finalizing connection to "
	suffix := ", inbound=false"
	if inbound {
		suffix = ", inbound=true"
	}
	var c logConnection
	l.WaitLine(ctx, t, offset, "a finished handshake with "+pubKey+suffix, func(line string) bool {
		_, rest, ok := strings.Cut(line, prefix)
		if !ok || !strings.HasSuffix(rest, suffix) {
			return false
		}
		pk, addr, ok := strings.Cut(strings.TrimSuffix(rest, suffix), "@")
		if !ok || (pubKey != "" && pk != pubKey) {
			return false
		}
		c = logConnection{pubKey: pk, addr: addr}
		return true
	})
	return c
}

// checkInit checks that the first message lnd sent over the encrypted
// connection decrypts to a message of type init (16): lnd sends its init
// as soon as the handshake is done.
func checkInit(t *testing.T, c *noise.Conn) {
	t.Helper()
	if err := c.SetReadDeadline(time.Now().Add(30 * time.Second)); err != nil {
		t.Fatal(err)
	}
	msg, err := c.ReadMessage()
	if err != nil {
		t.Fatalf("reading lnd's first message: %v", err)
	}
	// BOLT #1: "type: 16 (init)", a big-endian 2-byte type first.
	if len(msg) < 2 || binary.BigEndian.Uint16(msg) != 16 {
		t.Errorf("lnd's first message is %x..., want type 16 (init)", msg[:min(len(msg), 8)])
	}
}
