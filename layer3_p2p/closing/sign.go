package closing

import (
	"fmt"

	"github.com/btcsuite/btcd/btcec/v2"
	"github.com/btcsuite/btcd/btcec/v2/ecdsa"
	"github.com/btcsuite/btcd/txscript"
	"github.com/btcsuite/btcd/wire"

	"github.com/lnstack/lnstack/layer3_p2p/amount"
	"github.com/lnstack/lnstack/layer3_p2p/scripts"
)

// sigHash is the SIGHASH_ALL digest of the funding input.
func sigHash(tx *wire.MsgTx, fundingScript []byte, fundingAmount amount.Satoshi) ([]byte, error) {
	if tx == nil || len(tx.TxIn) != 1 {
		return nil, ErrNotClosingTx
	}
	pk := scripts.P2WSH(fundingScript)
	hashes := txscript.NewTxSigHashes(tx, txscript.NewCannedPrevOutputFetcher(pk, int64(fundingAmount)))
	return txscript.CalcWitnessSigHash(fundingScript, hashes, txscript.SigHashAll, tx, 0, int64(fundingAmount))
}

// Sign signs the closing transaction's funding input with a funding key
// (RFC 6979, SIGHASH_ALL): the signature of closing_signed, or of one
// closing_complete / closing_sig TLV field.
func Sign(tx *wire.MsgTx, fundingScript []byte, fundingAmount amount.Satoshi, key *btcec.PrivateKey) (*ecdsa.Signature, error) {
	if key == nil {
		return nil, ErrMissingKey
	}
	d, err := sigHash(tx, fundingScript, fundingAmount)
	if err != nil {
		return nil, err
	}
	return ecdsa.Sign(key, d), nil
}

// Verify checks the other node's signature on the closing transaction.
func Verify(tx *wire.MsgTx, fundingScript []byte, fundingAmount amount.Satoshi, pub *btcec.PublicKey, sig *ecdsa.Signature) error {
	if pub == nil {
		return ErrMissingKey
	}
	d, err := sigHash(tx, fundingScript, fundingAmount)
	if err != nil {
		return err
	}
	if sig == nil || !sig.Verify(d, pub) {
		return ErrBadSignature
	}
	return nil
}

// Finalize puts both funding signatures on the input, in the order of
// their keys in the 2-of-2, and returns the transaction, ready to broadcast.
func Finalize(tx *wire.MsgTx, fundingScript []byte, keyA *btcec.PublicKey, sigA *ecdsa.Signature, keyB *btcec.PublicKey, sigB *ecdsa.Signature) (*wire.MsgTx, error) {
	if sigA == nil || sigB == nil {
		return nil, ErrBadSignature
	}
	all := byte(txscript.SigHashAll)
	w, err := scripts.FundingWitness(fundingScript, keyA, append(sigA.Serialize(), all), keyB, append(sigB.Serialize(), all))
	if err != nil {
		return nil, fmt.Errorf("%v: %w", err, ErrMissingKey)
	}
	tx.TxIn[0].Witness = w
	return tx, nil
}
