package scripts

import (
	"errors"
	"fmt"

	"github.com/btcsuite/btcd/txscript"
	"github.com/btcsuite/btcd/wire"
)

// ErrScriptFailed is returned by VerifyTx when btcd's script engine
// refuses an input.
var ErrScriptFailed = errors.New("scripts: script verification failed")

// VerifyTx runs btcd's script engine, with Bitcoin Core's standardness
// flags, on every input of tx: prevOuts[i] is the output input i spends.
// It is real script execution (signatures, timelocks, hashes), the check a
// node's mempool would make, apart from the locktime and sequence
// maturity that only a chain can tell.
func VerifyTx(tx *wire.MsgTx, prevOuts []*wire.TxOut) error {
	if tx == nil || len(prevOuts) != len(tx.TxIn) {
		return fmt.Errorf("%d previous outputs for the inputs: %w", len(prevOuts), ErrScriptFailed)
	}
	fetcher := txscript.NewMultiPrevOutFetcher(nil)
	for i, in := range tx.TxIn {
		if prevOuts[i] == nil {
			return fmt.Errorf("input %d: no previous output: %w", i, ErrScriptFailed)
		}
		fetcher.AddPrevOut(in.PreviousOutPoint, prevOuts[i])
	}
	hashes := txscript.NewTxSigHashes(tx, fetcher)
	for i := range tx.TxIn {
		vm, err := txscript.NewEngine(prevOuts[i].PkScript, tx, i, txscript.StandardVerifyFlags,
			nil, hashes, prevOuts[i].Value, fetcher)
		if err != nil {
			return fmt.Errorf("input %d: %v: %w", i, err, ErrScriptFailed)
		}
		if err := vm.Execute(); err != nil {
			return fmt.Errorf("input %d: %v: %w", i, err, ErrScriptFailed)
		}
	}
	return nil
}
