package scripts

import (
	"github.com/btcsuite/btcd/btcec/v2"
	"github.com/btcsuite/btcd/txscript"
)

// HTLCKeys are the three keys of an HTLC output, as seen by the owner of
// the commitment transaction that holds it.
type HTLCKeys struct {
	Revocation *btcec.PublicKey // revocationpubkey
	Local      *btcec.PublicKey // local_htlcpubkey
	Remote     *btcec.PublicKey // remote_htlcpubkey
}

// OfferedHTLCLen and ReceivedHTLCLen are the script sizes of BOLT #3
// Appendix A (133 and 140 bytes; 3 more each with option_anchors; a received
// script is one byte shorter per byte cltv_expiry saves below 4).
const (
	OfferedHTLCLen  = 133
	ReceivedHTLCLen = 140
	AnchorsExtraLen = 3
)

// HTLCScripts builds the HTLC scripts of one commitment transaction. All
// of them open with the same revocation branch and share local_htlcpubkey,
// so that much is encoded once instead of once per HTLC.
type HTLCScripts struct {
	prefix []byte // up to and including the OP_EQUAL after OP_SIZE 32
	local  []byte // 2 OP_SWAP <local_htlcpubkey> 2 OP_CHECKMULTISIG
}

// NewHTLCScripts prepares the scripts of the HTLCs under keys. The prefix
// both scripts share is:
//
//	OP_DUP OP_HASH160 <RIPEMD160(SHA256(revocationpubkey))> OP_EQUAL
//	OP_IF OP_CHECKSIG OP_ELSE <remote_htlcpubkey> OP_SWAP OP_SIZE 32 OP_EQUAL
func NewHTLCScripts(k HTLCKeys) (*HTLCScripts, error) {
	if k.Revocation == nil || k.Local == nil || k.Remote == nil {
		return nil, ErrNilKey
	}
	rh := hash160(k.Revocation.SerializeCompressed())
	p := make([]byte, 0, 64)
	p = append(p, txscript.OP_DUP, txscript.OP_HASH160, txscript.OP_DATA_20)
	p = append(p, rh[:]...)
	p = append(p, txscript.OP_EQUAL, txscript.OP_IF, txscript.OP_CHECKSIG, txscript.OP_ELSE, txscript.OP_DATA_33)
	p = append(p, k.Remote.SerializeCompressed()...)
	p = append(p, txscript.OP_SWAP, txscript.OP_SIZE, txscript.OP_DATA_1, 32, txscript.OP_EQUAL)
	l := make([]byte, 0, 38)
	l = append(l, txscript.OP_2, txscript.OP_SWAP, txscript.OP_DATA_33)
	l = append(l, k.Local.SerializeCompressed()...)
	l = append(l, txscript.OP_2, txscript.OP_CHECKMULTISIG)
	return &HTLCScripts{prefix: p, local: l}, nil
}

// appendClose writes the closing OP_ENDIF, preceded with option_anchors by
// 1 OP_CHECKSEQUENCEVERIFY OP_DROP so that the output cannot be spent in the
// commitment's own block (the CPFP carve-out relies on it).
func appendClose(s []byte, anchors bool) []byte {
	if anchors {
		s = append(s, txscript.OP_1, txscript.OP_CHECKSEQUENCEVERIFY, txscript.OP_DROP)
	}
	return append(s, txscript.OP_ENDIF)
}

// Offered returns the witness script of an HTLC the commitment's owner
// offered: the remote node takes it with the preimage (or the revocation
// key), the owner only through the HTLC-timeout transaction.
//
//	... OP_NOTIF OP_DROP 2 OP_SWAP <local_htlcpubkey> 2 OP_CHECKMULTISIG
//	OP_ELSE OP_HASH160 <RIPEMD160(payment_hash)> OP_EQUALVERIFY OP_CHECKSIG OP_ENDIF ...
func (h *HTLCScripts) Offered(paymentHash [32]byte, anchors bool) []byte {
	ph := ripemd(paymentHash[:])
	s := make([]byte, 0, OfferedHTLCLen+AnchorsExtraLen)
	s = append(s, h.prefix...)
	s = append(s, txscript.OP_NOTIF, txscript.OP_DROP)
	s = append(s, h.local...)
	s = append(s, txscript.OP_ELSE, txscript.OP_HASH160, txscript.OP_DATA_20)
	s = append(s, ph[:]...)
	s = append(s, txscript.OP_EQUALVERIFY, txscript.OP_CHECKSIG, txscript.OP_ENDIF)
	return appendClose(s, anchors)
}

// Received returns the witness script of an HTLC the commitment's owner
// received: the owner takes it with the preimage through the HTLC-success
// transaction, the remote node after cltv_expiry (or with the revocation key).
//
//	... OP_IF OP_HASH160 <RIPEMD160(payment_hash)> OP_EQUALVERIFY 2 OP_SWAP
//	<local_htlcpubkey> 2 OP_CHECKMULTISIG OP_ELSE OP_DROP <cltv_expiry>
//	OP_CHECKLOCKTIMEVERIFY OP_DROP OP_CHECKSIG OP_ENDIF ...
func (h *HTLCScripts) Received(paymentHash [32]byte, cltvExpiry uint32, anchors bool) []byte {
	ph := ripemd(paymentHash[:])
	s := make([]byte, 0, ReceivedHTLCLen+AnchorsExtraLen)
	s = append(s, h.prefix...)
	s = append(s, txscript.OP_IF, txscript.OP_HASH160, txscript.OP_DATA_20)
	s = append(s, ph[:]...)
	s = append(s, txscript.OP_EQUALVERIFY)
	s = append(s, h.local...)
	s = append(s, txscript.OP_ELSE, txscript.OP_DROP)
	s = appendInt(s, cltvExpiry)
	s = append(s, txscript.OP_CHECKLOCKTIMEVERIFY, txscript.OP_DROP, txscript.OP_CHECKSIG, txscript.OP_ENDIF)
	return appendClose(s, anchors)
}

// OfferedHTLC returns the witness script of one offered HTLC; see
// HTLCScripts.Offered.
func OfferedHTLC(k HTLCKeys, paymentHash [32]byte, anchors bool) ([]byte, error) {
	h, err := NewHTLCScripts(k)
	if err != nil {
		return nil, err
	}
	return h.Offered(paymentHash, anchors), nil
}

// ReceivedHTLC returns the witness script of one received HTLC; see
// HTLCScripts.Received.
func ReceivedHTLC(k HTLCKeys, paymentHash [32]byte, cltvExpiry uint32, anchors bool) ([]byte, error) {
	h, err := NewHTLCScripts(k)
	if err != nil {
		return nil, err
	}
	return h.Received(paymentHash, cltvExpiry, anchors), nil
}
