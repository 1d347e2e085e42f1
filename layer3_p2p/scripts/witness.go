package scripts

import (
	"bytes"

	"github.com/btcsuite/btcd/btcec/v2"
	"github.com/btcsuite/btcd/wire"
)

// Every signature below is a DER signature followed by its sighash byte, as
// it goes on the stack. The witness script is the last item, as BOLT #3
// "Use of Segwit" says and then leaves out of its listings.

// FundingWitness spends the funding output: 0 <signature_for_pubkey1>
// <signature_for_pubkey2>, the signatures in the order of their keys in the
// script (the extra 0 feeds OP_CHECKMULTISIG's off-by-one pop).
func FundingWitness(witnessScript []byte, keyA *btcec.PublicKey, sigA []byte, keyB *btcec.PublicKey, sigB []byte) (wire.TxWitness, error) {
	if keyA == nil || keyB == nil {
		return nil, ErrNilKey
	}
	if bytes.Compare(keyA.SerializeCompressed(), keyB.SerializeCompressed()) > 0 {
		sigA, sigB = sigB, sigA
	}
	return wire.TxWitness{nil, sigA, sigB, witnessScript}, nil
}

// ToLocalDelayedWitness spends to_local (or an HTLC transaction's output)
// after to_self_delay: <local_delayedsig> <>. The spending input's
// sequence must be to_self_delay.
func ToLocalDelayedWitness(witnessScript, sig []byte) wire.TxWitness {
	return wire.TxWitness{sig, nil, witnessScript}
}

// ToLocalPenaltyWitness spends a revoked to_local (or HTLC transaction
// output) at once: <revocation_sig> 1.
func ToLocalPenaltyWitness(witnessScript, sig []byte) wire.TxWitness {
	return wire.TxWitness{sig, {1}, witnessScript}
}

// ToRemoteAnchorsWitness spends the anchors to_remote output: <remote_sig>,
// from an input with sequence 1.
func ToRemoteAnchorsWitness(witnessScript, sig []byte) wire.TxWitness {
	return wire.TxWitness{sig, witnessScript}
}

// P2WPKHWitness spends a P2WPKH output such as the static_remotekey
// to_remote: <sig> <pubkey>.
func P2WPKHWitness(pub *btcec.PublicKey, sig []byte) (wire.TxWitness, error) {
	if pub == nil {
		return nil, ErrNilKey
	}
	return wire.TxWitness{sig, pub.SerializeCompressed()}, nil
}

// AnchorWitness spends an anchor with its funding key: <local_sig/remote_sig>.
func AnchorWitness(witnessScript, sig []byte) wire.TxWitness {
	return wire.TxWitness{sig, witnessScript}
}

// AnchorSweepWitness spends an anchor without a key, which anyone may do 16
// blocks after the commitment confirmed: <>.
func AnchorSweepWitness(witnessScript []byte) wire.TxWitness {
	return wire.TxWitness{nil, witnessScript}
}

// HTLCTimeoutWitness is the HTLC-timeout transaction's witness for an
// offered HTLC: 0 <remotehtlcsig> <localhtlcsig> <>.
func HTLCTimeoutWitness(witnessScript, remoteSig, localSig []byte) wire.TxWitness {
	return wire.TxWitness{nil, remoteSig, localSig, nil, witnessScript}
}

// HTLCSuccessWitness is the HTLC-success transaction's witness for a
// received HTLC: 0 <remotehtlcsig> <localhtlcsig> <payment_preimage>.
func HTLCSuccessWitness(witnessScript, remoteSig, localSig []byte, preimage [32]byte) wire.TxWitness {
	return wire.TxWitness{nil, remoteSig, localSig, preimage[:], witnessScript}
}

// OfferedHTLCPreimageWitness lets the remote node take an HTLC offered to
// it on the other's commitment: <remotehtlcsig> <payment_preimage>.
func OfferedHTLCPreimageWitness(witnessScript, remoteSig []byte, preimage [32]byte) wire.TxWitness {
	return wire.TxWitness{remoteSig, preimage[:], witnessScript}
}

// ReceivedHTLCTimeoutWitness lets the remote node take back, after
// cltv_expiry, an HTLC it offered: <remotehtlcsig> <>.
func ReceivedHTLCTimeoutWitness(witnessScript, remoteSig []byte) wire.TxWitness {
	return wire.TxWitness{remoteSig, nil, witnessScript}
}

// HTLCPenaltyWitness spends a revoked HTLC output, offered or received:
// <revocation_sig> <revocationpubkey>.
func HTLCPenaltyWitness(witnessScript []byte, revocation *btcec.PublicKey, sig []byte) (wire.TxWitness, error) {
	if revocation == nil {
		return nil, ErrNilKey
	}
	return wire.TxWitness{sig, revocation.SerializeCompressed(), witnessScript}, nil
}
