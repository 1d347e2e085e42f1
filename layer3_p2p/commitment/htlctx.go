package commitment

import (
	"fmt"
	"sync"

	"github.com/btcsuite/btcd/btcec/v2/ecdsa"
	"github.com/btcsuite/btcd/txscript"
	"github.com/btcsuite/btcd/wire"

	"github.com/lnstack/lnstack/layer3_p2p/amount"
	"github.com/lnstack/lnstack/layer3_p2p/scripts"
)

// HTLCTx is an HTLC-timeout or HTLC-success transaction: the second stage
// that moves an HTLC output of the owner's commitment into a to_local-like
// output delayed by to_self_delay (BOLT #3 "HTLC-Timeout and HTLC-Success
// Transactions").
type HTLCTx struct {
	// MsgTx is the transaction; its witness is empty until finalized.
	MsgTx *wire.MsgTx
	// Type is the channel type, which decides fee, sequence and sighash.
	Type ChannelType
	// Timeout is true for an HTLC-timeout transaction (an offered HTLC),
	// false for HTLC-success (a received HTLC).
	Timeout bool
	// HTLC is the index in Commitment.HTLCs.
	HTLC int
	// CommitmentOutput is the index of the commitment output spent.
	CommitmentOutput uint32
	// InputAmount and InputScript are the value and witness script of
	// that output, which the signatures commit to.
	InputAmount amount.Satoshi
	InputScript []byte
	// OutputScript is the witness script of the transaction's output.
	OutputScript []byte

	// sigHashes are the BIP 143 midstates, computed once and only when a
	// SIGHASH_ALL signature needs them: a SIGHASH_SINGLE|ANYONECANPAY
	// signature (the other node's, with anchors) hashes none of them.
	sigHashesOnce sync.Once
	sigHashes     *txscript.TxSigHashes
}

// midstates returns the transaction's BIP 143 midstates.
func (h *HTLCTx) midstates() *txscript.TxSigHashes {
	h.sigHashesOnce.Do(func() {
		pk := scripts.P2WSH(h.InputScript)
		h.sigHashes = txscript.NewTxSigHashes(h.MsgTx, txscript.NewCannedPrevOutputFetcher(pk, int64(h.InputAmount)))
	})
	return h.sigHashes
}

// buildHTLCTxs makes the second-stage transaction of every HTLC output.
// They all pay outScript, the to_local script of the commitment (BOLT #3
// gives the HTLC transactions' output the same witness script).
func (t *Tx) buildHTLCTxs(outScript, outPkScript []byte) {
	c := &t.c
	txid := t.MsgTx.TxHash()
	for i, o := range t.Outputs {
		if o.Kind != OfferedHTLCOutput && o.Kind != ReceivedHTLCOutput {
			continue
		}
		h := c.HTLCs[o.HTLC]
		in := t.MsgTx.TxOut[i]
		htx := wire.NewMsgTx(2)
		// BOLT #3: "locktime: 0 for HTLC-success, cltv_expiry for HTLC-timeout".
		if h.Offered {
			htx.LockTime = h.CLTVExpiry
		}
		htx.AddTxIn(&wire.TxIn{
			PreviousOutPoint: wire.OutPoint{Hash: txid, Index: uint32(i)},
			Sequence:         c.Type.HTLCSequence(),
		})
		// BOLT #3: "txout[0] amount: the HTLC amount_msat divided by 1000
		// (rounding down) minus fees in satoshis". Untrimmed HTLCs cover
		// that fee, so the value is never negative.
		fee := c.Type.secondStageFee(h, c.Feerate)
		htx.AddTxOut(wire.NewTxOut(in.Value-int64(fee), outPkScript))
		t.HTLCTxs = append(t.HTLCTxs, &HTLCTx{
			MsgTx:            htx,
			Type:             c.Type,
			Timeout:          h.Offered,
			HTLC:             o.HTLC,
			CommitmentOutput: uint32(i),
			InputAmount:      amount.Satoshi(in.Value),
			InputScript:      o.WitnessScript,
			OutputScript:     outScript,
		})
	}
}

// sigHashType is the sighash of the signature made by by: SIGHASH_ALL for
// the owner, the channel type's RemoteHTLCSigHash for the other node.
func (h *HTLCTx) sigHashType(by Signer) txscript.SigHashType {
	if by == Remote {
		return h.Type.RemoteHTLCSigHash()
	}
	return txscript.SigHashAll
}

// SigHash returns the digest that by signs, and its sighash type.
func (h *HTLCTx) SigHash(by Signer) ([]byte, txscript.SigHashType, error) {
	ht := h.sigHashType(by)
	// BIP 143 with ANYONECANPAY and SINGLE hashes zeros for the prevouts
	// and sequences and only this input's output: no midstate is read.
	mid := &txscript.TxSigHashes{}
	if ht&txscript.SigHashAnyOneCanPay == 0 {
		mid = h.midstates()
	}
	d, err := txscript.CalcWitnessSigHash(h.InputScript, mid, ht, h.MsgTx, 0, int64(h.InputAmount))
	return d, ht, err
}

// PrevOut is the commitment output the transaction spends.
func (h *HTLCTx) PrevOut() *wire.TxOut {
	return wire.NewTxOut(int64(h.InputAmount), scripts.P2WSH(h.InputScript))
}

// withType appends the sighash byte to a DER signature.
func withType(sig *ecdsa.Signature, ht txscript.SigHashType) []byte {
	return append(sig.Serialize(), byte(ht))
}

// FinalizeTimeout puts the witness 0 <remotehtlcsig> <localhtlcsig> <> into
// an HTLC-timeout transaction and returns it.
func (h *HTLCTx) FinalizeTimeout(local, remote *ecdsa.Signature) (*wire.MsgTx, error) {
	if !h.Timeout {
		return nil, fmt.Errorf("HTLC-success finalized as HTLC-timeout: %w", ErrWrongHTLCTx)
	}
	if local == nil || remote == nil {
		return nil, fmt.Errorf("missing HTLC signature: %w", ErrBadSignature)
	}
	h.MsgTx.TxIn[0].Witness = scripts.HTLCTimeoutWitness(h.InputScript,
		withType(remote, h.sigHashType(Remote)), withType(local, txscript.SigHashAll))
	return h.MsgTx, nil
}

// FinalizeSuccess puts the witness 0 <remotehtlcsig> <localhtlcsig>
// <payment_preimage> into an HTLC-success transaction and returns it.
func (h *HTLCTx) FinalizeSuccess(local, remote *ecdsa.Signature, preimage [32]byte) (*wire.MsgTx, error) {
	if h.Timeout {
		return nil, fmt.Errorf("HTLC-timeout finalized as HTLC-success: %w", ErrWrongHTLCTx)
	}
	if local == nil || remote == nil {
		return nil, fmt.Errorf("missing HTLC signature: %w", ErrBadSignature)
	}
	h.MsgTx.TxIn[0].Witness = scripts.HTLCSuccessWitness(h.InputScript,
		withType(remote, h.sigHashType(Remote)), withType(local, txscript.SigHashAll), preimage)
	return h.MsgTx, nil
}
