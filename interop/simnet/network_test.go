package simnet

import (
	"context"
	"encoding/hex"
	"strconv"
	"testing"
	"time"
)

// TestNetwork starts one lnd node, checks what the harness reports about it
// against lnd's own answers, funds it through a miner restart and checks
// that the wallet sees the coins.
func TestNetwork(t *testing.T) {
	bin := BinDir(t)
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()

	n, err := Start(ctx, t, Options{Bin: bin, Nodes: 1})
	if err != nil {
		t.Fatal(err)
	}
	alice := n.Nodes[0]
	if _, err := hex.DecodeString(alice.PubKey); err != nil || len(alice.PubKey) != 66 {
		t.Fatalf("PubKey %q is not a compressed key in hex", alice.PubKey)
	}
	info, err := alice.GetInfo(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if info.Alias != "alice" || info.IdentityPubkey != alice.PubKey {
		t.Errorf("getinfo alias %q key %s, harness says alice %s", info.Alias, info.IdentityPubkey, alice.PubKey)
	}
	height, err := n.Backend.Height(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if height != DefaultInitialBlocks {
		t.Errorf("backend height %d after start, want %d", height, DefaultInitialBlocks)
	}
	for _, pid := range []int{n.Backend.PID(), n.Miner.PID(), alice.PID()} {
		if pid == 0 {
			t.Errorf("a process of the network is not running")
		}
	}

	if err := n.Fund(ctx, alice, 2); err != nil {
		t.Fatal(err)
	}
	var bal struct {
		Confirmed string `json:"confirmed_balance"`
	}
	if err := alice.LncliJSON(ctx, &bal, "walletbalance"); err != nil {
		t.Fatal(err)
	}
	sat, err := strconv.ParseInt(bal.Confirmed, 10, 64)
	if err != nil {
		t.Fatalf("walletbalance confirmed_balance %q: %v", bal.Confirmed, err)
	}
	// Two simnet coinbases at heights 401-402 pay 50 BTC each.
	if want := int64(2 * 50 * 100_000_000); sat != want {
		t.Errorf("confirmed balance %d sat, want %d", sat, want)
	}
}
