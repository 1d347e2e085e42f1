//go:build tools

// Package tools pins the binaries that `make interop` builds (lnd, lncli, btcd,
// btcctl) in this module's go.mod, so they build at the versions lnd v0.20.0-beta
// was released with.
package tools

import (
	_ "github.com/btcsuite/btcd"
	_ "github.com/btcsuite/btcd/cmd/btcctl"
	_ "github.com/lightningnetwork/lnd/cmd/lncli"
	_ "github.com/lightningnetwork/lnd/cmd/lnd"
)
