// Package simnet runs a throw-away Lightning network on loopback for live
// interoperability tests: a btcd chain backend on simnet, a second btcd that
// mines and relays its blocks to the backend, and any number of lnd nodes
// that use the backend.
//
// Everything listens on 127.0.0.1 with ports picked from the kernel's free
// list, lives in one temporary directory and is stopped when the test that
// started it ends (t.Cleanup): only the processes the harness started are
// ever signalled, first gracefully, then with SIGKILL after a bounded wait.
//
// The binaries (btcd, btcctl, lnd, lncli) are the ones `make -C interop all`
// builds into interop/bin at the versions lnd v0.20.0-beta pins; tests find
// them through the LNSTACK_INTEROP_BIN environment variable (see BinDir).
//
// Why two btcd processes: blocks are mined with btcd's `generate`, which pays
// the coinbase to the address given at start-up (--miningaddr). Funding an lnd
// node therefore means restarting the miner with that node's address, which
// must not disturb the chain backend the lnd nodes are connected to; the
// miner is a separate process that only relays blocks to the backend.
package simnet
