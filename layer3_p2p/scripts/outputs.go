package scripts

import (
	"crypto/sha256"

	"github.com/btcsuite/btcd/btcec/v2"
	"github.com/btcsuite/btcd/txscript"
	"golang.org/x/crypto/ripemd160" //nolint:staticcheck // Bitcoin Script's OP_HASH160 is RIPEMD-160.
)

// hash160 is RIPEMD160(SHA256(b)), what OP_HASH160 computes.
func hash160(b []byte) [20]byte {
	s := sha256.Sum256(b)
	return ripemd(s[:])
}

// ripemd is RIPEMD160(b).
func ripemd(b []byte) [20]byte {
	h := ripemd160.New()
	h.Write(b)
	var out [20]byte
	h.Sum(out[:0])
	return out
}

// appendInt appends the minimal push of a non-negative script number, as
// CSV and CLTV arguments must be (MINIMALDATA): OP_0 and OP_1..OP_16 for
// small values, otherwise the little-endian bytes, with a 0x00 byte added
// when the top bit is set so that the number does not read as negative.
func appendInt(s []byte, v uint32) []byte {
	switch {
	case v == 0:
		return append(s, txscript.OP_0)
	case v <= 16:
		return append(s, txscript.OP_1-1+byte(v))
	}
	var buf [5]byte
	n := 0
	for x := v; x > 0; x >>= 8 {
		buf[n] = byte(x)
		n++
	}
	if buf[n-1]&0x80 != 0 {
		buf[n] = 0
		n++
	}
	s = append(s, byte(n)) // OP_DATA_n for n <= 5
	return append(s, buf[:n]...)
}

// ToLocal returns the witness script of the to_local output, which is also
// the output of HTLC-timeout and HTLC-success transactions:
//
//	OP_IF <revocationpubkey> OP_ELSE to_self_delay OP_CHECKSEQUENCEVERIFY OP_DROP
//	<local_delayedpubkey> OP_ENDIF OP_CHECKSIG
func ToLocal(revocation, localDelayed *btcec.PublicKey, toSelfDelay uint16) ([]byte, error) {
	if revocation == nil || localDelayed == nil {
		return nil, ErrNilKey
	}
	s := make([]byte, 0, 79+4)
	s = append(s, txscript.OP_IF, txscript.OP_DATA_33)
	s = append(s, revocation.SerializeCompressed()...)
	s = append(s, txscript.OP_ELSE)
	s = appendInt(s, uint32(toSelfDelay))
	s = append(s, txscript.OP_CHECKSEQUENCEVERIFY, txscript.OP_DROP, txscript.OP_DATA_33)
	s = append(s, localDelayed.SerializeCompressed()...)
	return append(s, txscript.OP_ENDIF, txscript.OP_CHECKSIG), nil
}

// ToRemoteAnchors returns the witness script of the to_remote output with
// option_anchors: <remotepubkey> OP_CHECKSIGVERIFY 1 OP_CHECKSEQUENCEVERIFY.
// Without anchors to_remote is P2WPKH(remotepubkey) and has no witness script.
//
// BOLT #3: "If option_anchors applies to the commitment transaction, the
// to_remote output is encumbered by a one block csv lock."
func ToRemoteAnchors(remote *btcec.PublicKey) ([]byte, error) {
	if remote == nil {
		return nil, ErrNilKey
	}
	s := make([]byte, 0, 37)
	s = append(s, txscript.OP_DATA_33)
	s = append(s, remote.SerializeCompressed()...)
	return append(s, txscript.OP_CHECKSIGVERIFY, txscript.OP_1, txscript.OP_CHECKSEQUENCEVERIFY), nil
}

// Anchor returns the witness script of a to_local_anchor or
// to_remote_anchor output, locked to that side's funding key:
//
//	<funding_pubkey> OP_CHECKSIG OP_IFDUP OP_NOTIF OP_16 OP_CHECKSEQUENCEVERIFY OP_ENDIF
//
// BOLT #3: "After 16 blocks, anyone can sweep the anchor with witness: <>".
func Anchor(fundingPubkey *btcec.PublicKey) ([]byte, error) {
	if fundingPubkey == nil {
		return nil, ErrNilKey
	}
	s := make([]byte, 0, 40)
	s = append(s, txscript.OP_DATA_33)
	s = append(s, fundingPubkey.SerializeCompressed()...)
	return append(s, txscript.OP_CHECKSIG, txscript.OP_IFDUP, txscript.OP_NOTIF,
		txscript.OP_16, txscript.OP_CHECKSEQUENCEVERIFY, txscript.OP_ENDIF), nil
}
