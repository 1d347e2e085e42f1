package main

import (
	"context"
	"encoding/hex"
	"flag"
	"fmt"
	"io"
	"strings"

	"github.com/lnstack/lnstack/layer3_p2p/amount"
	"github.com/lnstack/lnstack/node/sim"
)

// demoNames are the nodes of the demo, in route order.
var demoNames = []string{"alice", "bob", "carol", "dave", "erin"}

// runDemo implements `lnstack demo [--nodes 4] [--amount 100000]
// [--fail none|liquidity|offline]`: it starts an in-process network on
// 127.0.0.1 (package node/sim), has the first node pay an invoice of the
// last, and prints what each layer did, step by step, naming the BOLT.
func runDemo(ctx context.Context, e *env, args []string) error {
	fs := flag.NewFlagSet("demo", flag.ContinueOnError)
	fs.SetOutput(e.stderr)
	nodes := fs.Int("nodes", 4, "number of nodes, 3 to 5")
	amt := fs.Uint64("amount", 100_000, "amount to pay, in satoshis")
	fail := fs.String("fail", "none", "failure to inject before paying: none, liquidity (a hop without balance) or offline (a hop stopped); needs 4 nodes or more")
	fs.Usage = func() {
		fmt.Fprintln(e.stderr, "usage: lnstack demo [--nodes 4] [--amount 100000] [--fail none|liquidity|offline]")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		return errUsage
	}
	badFail := *fail != "none" && *fail != "liquidity" && *fail != "offline"
	if fs.NArg() != 0 || *nodes < 3 || *nodes > 5 || *amt == 0 || badFail || (*fail != "none" && *nodes < 4) {
		fs.Usage()
		return errUsage
	}
	cfg := demoConfig(*nodes)
	step := 0
	print := func(s string) {
		step++
		fmt.Fprintf(e.stdout, "%2d. %s\n", step, s)
	}
	cfg.Trace = func(ev sim.Event) { print(ev.String()) }
	describe(e.stdout, cfg)

	nw, err := sim.New(ctx, cfg)
	if err != nil {
		return err
	}
	defer nw.Close()
	first, last := cfg.Nodes[0], cfg.Nodes[len(cfg.Nodes)-1]
	switch *fail {
	case "liquidity":
		// The hop before the payee on the cheap route has nothing to send.
		hop := cfg.Nodes[len(cfg.Nodes)-2]
		fmt.Fprintf(e.stdout, "--- injecting: %s has no balance towards %s\n", hop, last)
		if err := nw.SetBalance(hop, last, 0); err != nil {
			return err
		}
	case "offline":
		hop := cfg.Nodes[len(cfg.Nodes)-2]
		fmt.Fprintf(e.stdout, "--- injecting: %s goes offline\n", hop)
		if err := nw.Stop(ctx, hop); err != nil {
			return err
		}
	}
	fmt.Fprintf(e.stdout, "--- %s pays %s %d sat\n", first, last, *amt)
	inv, err := nw.Invoice(last, amount.Satoshi(*amt).ToMilliSatoshi(), "lnstack demo")
	if err != nil {
		return err
	}
	o, err := nw.Pay(ctx, first, inv)
	if err != nil {
		return err
	}
	if o.Err != nil {
		return fmt.Errorf("payment failed after %d attempt(s): %w", len(o.Attempts), o.Err)
	}
	print(fmt.Sprintf("[layer 5, BOLT 11] invoice %s...: paid %d msat, fee %d msat, %d attempt(s); preimage %s proves it",
		inv[:20], o.AmountMsat, o.FeeMsat, len(o.Attempts), hex.EncodeToString(o.Preimage[:])))
	return nil
}

// demoConfig is a line of n nodes, each channel 1M sat, plus a dearer
// channel from the second node straight to the last one (when n > 3), the
// detour a retry takes.
func demoConfig(n int) sim.Config {
	cfg := sim.Config{Nodes: demoNames[:n]}
	for i := 0; i+1 < n; i++ {
		cfg.Channels = append(cfg.Channels, sim.ChannelSpec{A: demoNames[i], B: demoNames[i+1], CapacitySat: 1_000_000, FeeBaseMsat: 1000, FeePPM: 100})
	}
	if n > 3 {
		cfg.Channels = append(cfg.Channels, sim.ChannelSpec{A: demoNames[1], B: demoNames[n-1], CapacitySat: 1_000_000, FeeBaseMsat: 20_000, FeePPM: 1000})
	}
	return cfg
}

// describe prints the network before it starts.
func describe(w io.Writer, cfg sim.Config) {
	var chans []string
	for _, c := range cfg.Channels {
		chans = append(chans, fmt.Sprintf("%s-%s (%d sat, fee %d msat + %d ppm)", c.A, c.B, c.CapacitySat, c.FeeBaseMsat, c.FeePPM))
	}
	fmt.Fprintf(w, "lnstack demo: %d nodes on 127.0.0.1 (%s)\nchannels: %s\n", len(cfg.Nodes), strings.Join(cfg.Nodes, ", "), strings.Join(chans, ", "))
}
