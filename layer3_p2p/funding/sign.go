package funding

import (
	"bytes"
	"fmt"

	"github.com/btcsuite/btcd/btcec/v2"
	"github.com/btcsuite/btcd/btcutil"
	"github.com/btcsuite/btcd/txscript"
	"github.com/btcsuite/btcd/wire"
)

// Signer fills in one input of a funding transaction.
type Signer interface {
	// SpendSize is the size of the scriptSig and of the serialized witness
	// (0 for none) that Sign produces, as assumed for the fee: signatures
	// vary in size by a byte or two, so the fee uses a fixed estimate.
	SpendSize() (sigScript, witness int)
	// Sign returns the scriptSig and witness that spend prevOut in input i.
	Sign(tx *wire.MsgTx, i int, prevOut *wire.TxOut) (sigScript []byte, witness wire.TxWitness, err error)
}

// Expected spend sizes, with the 71-byte signature (sighash byte included)
// of BOLT #3 "Dust Limits": 1+71 signature push and 1+33 key push.
const (
	// P2PKHScriptSigSize is the scriptSig of a P2PKH spend.
	P2PKHScriptSigSize = 107
	// P2WPKHWitnessSize is the witness of a P2WPKH spend, item count included.
	P2WPKHWitnessSize = 107
)

// P2PKHSigner signs a pay-to-pubkey-hash output of key (compressed), with
// SIGHASH_ALL: <sig> <pubkey> in the scriptSig. Appendix B spends one.
func P2PKHSigner(key *btcec.PrivateKey) Signer { return p2pkh{key} }

type p2pkh struct{ key *btcec.PrivateKey }

// SpendSize is a 107-byte scriptSig and no witness.
func (p2pkh) SpendSize() (int, int) { return P2PKHScriptSigSize, 0 }

// Sign makes the legacy (pre-segwit) SIGHASH_ALL signature.
func (s p2pkh) Sign(tx *wire.MsgTx, i int, prevOut *wire.TxOut) ([]byte, wire.TxWitness, error) {
	pub := s.key.PubKey().SerializeCompressed()
	want, err := txscript.NewScriptBuilder().AddOp(txscript.OP_DUP).AddOp(txscript.OP_HASH160).
		AddData(btcutil.Hash160(pub)).AddOp(txscript.OP_EQUALVERIFY).AddOp(txscript.OP_CHECKSIG).Script()
	if err != nil {
		return nil, nil, err
	}
	if prevOut == nil || !bytes.Equal(prevOut.PkScript, want) {
		return nil, nil, fmt.Errorf("input %d: %w", i, ErrUnsupportedScript)
	}
	sig, err := txscript.RawTxInSignature(tx, i, prevOut.PkScript, txscript.SigHashAll, s.key)
	if err != nil {
		return nil, nil, err
	}
	ss, err := txscript.NewScriptBuilder().AddData(sig).AddData(pub).Script()
	return ss, nil, err
}

// P2WPKHSigner signs a pay-to-witness-pubkey-hash output of key with
// SIGHASH_ALL: <sig> <pubkey> in the witness. Appendix G spends one.
func P2WPKHSigner(key *btcec.PrivateKey) Signer { return p2wpkh{key} }

type p2wpkh struct{ key *btcec.PrivateKey }

// SpendSize is no scriptSig and a 107-byte witness.
func (p2wpkh) SpendSize() (int, int) { return 0, P2WPKHWitnessSize }

// Sign makes the BIP 143 SIGHASH_ALL signature.
func (s p2wpkh) Sign(tx *wire.MsgTx, i int, prevOut *wire.TxOut) ([]byte, wire.TxWitness, error) {
	pub := s.key.PubKey().SerializeCompressed()
	want := append([]byte{txscript.OP_0, txscript.OP_DATA_20}, btcutil.Hash160(pub)...)
	if prevOut == nil || !bytes.Equal(prevOut.PkScript, want) {
		return nil, nil, fmt.Errorf("input %d: %w", i, ErrUnsupportedScript)
	}
	// Only this input's previous output is known here; BIP 143 needs no
	// other (the midstates hash outpoints, sequences and outputs).
	fetcher := txscript.NewCannedPrevOutputFetcher(prevOut.PkScript, prevOut.Value)
	hashes := txscript.NewTxSigHashes(tx, fetcher)
	sig, err := txscript.RawTxInWitnessSignature(tx, hashes, i, prevOut.Value, prevOut.PkScript, txscript.SigHashAll, s.key)
	if err != nil {
		return nil, nil, err
	}
	return nil, wire.TxWitness{sig, pub}, nil
}
