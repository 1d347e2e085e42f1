// Command lnstack runs the lnstack toolkit: conformance against the BOLT test
// vectors, a Noise handshake with a remote node, BOLT 10 seed queries, and
// (as the layers land) decoding, connecting and a minimal node.
//
// Usage:
//
//	lnstack <command> [flags] [args]
//
// Run `lnstack help` for the list of commands.
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"sort"
)

// command is one subcommand: a one-line summary and the function that runs it
// with the arguments after its name.
type command struct {
	summary string
	run     func(ctx context.Context, env *env, args []string) error
}

// env is what a command reads and writes, passed in so tests can run commands
// without a process.
type env struct {
	stdout io.Writer
	stderr io.Writer
}

// errUsage marks a usage error: the command printed its usage, exit code 2.
var errUsage = errors.New("usage")

// commands is the single table of subcommands.
func commands() map[string]command {
	return map[string]command{
		"conformance": {"run every BOLT test vector and report per BOLT", runConformance},
		"connect":     {"connect to <pubkey>@host:port: handshake, init, features by name; --hold to stay", runConnect},
		"demo":        {"run 3 to 5 nodes on 127.0.0.1 and show one payment through every layer", runDemo},
		"decode":      {"decode to JSON: a message (msg), a TLV stream (tlv), a BOLT 11/12 invoice, offer or invoice request", runDecode},
		"handshake":   {"connect to <pubkey>@host:port and run the BOLT 8 handshake", runHandshake},
		"seed":        {"BOLT 10 DNS seeds: query a seed, or serve one from a node list", runSeed},
	}
}

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	code := run(ctx, &env{stdout: os.Stdout, stderr: os.Stderr}, os.Args[1:])
	stop()
	os.Exit(code)
}

// run dispatches to a subcommand and returns the process exit code.
func run(ctx context.Context, e *env, args []string) int {
	cmds := commands()
	if len(args) == 0 || args[0] == "help" || args[0] == "-h" || args[0] == "--help" {
		usage(e.stderr, cmds)
		if len(args) == 0 {
			return 2
		}
		return 0
	}
	c, ok := cmds[args[0]]
	if !ok {
		fmt.Fprintf(e.stderr, "lnstack: unknown command %q\n\n", args[0])
		usage(e.stderr, cmds)
		return 2
	}
	if err := c.run(ctx, e, args[1:]); err != nil {
		if errors.Is(err, errUsage) {
			return 2
		}
		fmt.Fprintf(e.stderr, "lnstack %s: %v\n", args[0], err)
		return 1
	}
	return 0
}

func usage(w io.Writer, cmds map[string]command) {
	fmt.Fprintln(w, "usage: lnstack <command> [flags] [args]")
	fmt.Fprintln(w, "\ncommands:")
	names := make([]string, 0, len(cmds))
	for n := range cmds {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		fmt.Fprintf(w, "  %-12s %s\n", n, cmds[n].summary)
	}
}
