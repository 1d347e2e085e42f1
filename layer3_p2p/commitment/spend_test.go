package commitment

import (
	"testing"

	"github.com/btcsuite/btcd/btcec/v2"
	"github.com/btcsuite/btcd/btcec/v2/ecdsa"
	"github.com/btcsuite/btcd/txscript"
	"github.com/btcsuite/btcd/wire"

	"github.com/lnstack/lnstack/layer3_p2p/scripts"
)

// spender builds a one-input, one-output transaction spending prevOut and
// signs it: the tests use it to take every output of a commitment down
// every branch of its script under btcd's script engine.
type spender struct {
	t        testing.TB
	op       wire.OutPoint
	prevOut  *wire.TxOut
	script   []byte // witness script, or nil for P2WPKH
	sequence uint32
	lockTime uint32
}

func (s spender) tx() *wire.MsgTx {
	tx := wire.NewMsgTx(2)
	tx.LockTime = s.lockTime
	tx.AddTxIn(&wire.TxIn{PreviousOutPoint: s.op, Sequence: s.sequence})
	tx.AddTxOut(wire.NewTxOut(s.prevOut.Value-200, scripts.P2WSH([]byte{txscript.OP_TRUE})))
	return tx
}

// sig signs the spending transaction with key, SIGHASH_ALL.
func (s spender) sig(tx *wire.MsgTx, key *btcec.PrivateKey) []byte {
	s.t.Helper()
	code := s.script
	if code == nil {
		code = s.prevOut.PkScript // P2WPKH: btcd derives the script code
	}
	hashes := txscript.NewTxSigHashes(tx, txscript.NewCannedPrevOutputFetcher(s.prevOut.PkScript, s.prevOut.Value))
	d, err := txscript.CalcWitnessSigHash(code, hashes, txscript.SigHashAll, tx, 0, s.prevOut.Value)
	if err != nil {
		s.t.Fatal(err)
	}
	return append(ecdsa.Sign(key, d).Serialize(), byte(txscript.SigHashAll))
}

// spend signs with key, puts the witness made by witness and runs the
// script engine; ok says whether the spend must pass.
func (s spender) spend(name string, key *btcec.PrivateKey, witness func(sig []byte) wire.TxWitness, ok bool) {
	s.t.Helper()
	tx := s.tx()
	var sig []byte
	if key != nil {
		sig = s.sig(tx, key)
	}
	tx.TxIn[0].Witness = witness(sig)
	err := scripts.VerifyTx(tx, []*wire.TxOut{s.prevOut})
	if ok && err != nil {
		s.t.Errorf("%s: %v", name, err)
	}
	if !ok && err == nil {
		s.t.Errorf("%s: spend accepted, want refused", name)
	}
}
