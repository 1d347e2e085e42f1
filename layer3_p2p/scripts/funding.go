package scripts

import (
	"bytes"
	"crypto/sha256"

	"github.com/btcsuite/btcd/btcec/v2"
	"github.com/btcsuite/btcd/txscript"
)

// FundingScriptLen is the size of the 2-of-2 script: OP_2, two 34-byte
// pushes, OP_2, OP_CHECKMULTISIG (BOLT #3 Appendix A "multi_sig: 71 bytes").
const FundingScriptLen = 1 + 34 + 34 + 1 + 1

// P2WSHLen is the size of a P2WSH scriptPubKey: OP_0 and a 32-byte push.
const P2WSHLen = 34

// P2WPKHLen is the size of a P2WPKH scriptPubKey: OP_0 and a 20-byte push.
const P2WPKHLen = 22

// SortKeys returns the two keys' compressed encodings, lesser first.
func SortKeys(a, b *btcec.PublicKey) (first, second []byte, err error) {
	if a == nil || b == nil {
		return nil, nil, ErrNilKey
	}
	ka, kb := a.SerializeCompressed(), b.SerializeCompressed()
	switch bytes.Compare(ka, kb) {
	case 0:
		return nil, nil, ErrSameKeys
	case 1:
		ka, kb = kb, ka
	}
	return ka, kb, nil
}

// Funding returns the witness script of the funding output,
// 2 <pubkey1> <pubkey2> 2 OP_CHECKMULTISIG.
//
// BOLT #3: "Where pubkey1 is the lexicographically lesser of the two
// funding_pubkey in compressed format, and where pubkey2 is the
// lexicographically greater of the two."
func Funding(a, b *btcec.PublicKey) ([]byte, error) {
	k1, k2, err := SortKeys(a, b)
	if err != nil {
		return nil, err
	}
	s := make([]byte, 0, FundingScriptLen)
	s = append(s, txscript.OP_2, txscript.OP_DATA_33)
	s = append(s, k1...)
	s = append(s, txscript.OP_DATA_33)
	s = append(s, k2...)
	return append(s, txscript.OP_2, txscript.OP_CHECKMULTISIG), nil
}

// P2WSH returns the version-0 pay-to-witness-script-hash scriptPubKey of a
// witness script: OP_0 <SHA256(script)>.
func P2WSH(witnessScript []byte) []byte {
	h := sha256.Sum256(witnessScript)
	s := make([]byte, 0, P2WSHLen)
	s = append(s, txscript.OP_0, txscript.OP_DATA_32)
	return append(s, h[:]...)
}

// P2WPKH returns the version-0 pay-to-witness-pubkey-hash scriptPubKey of a
// key: OP_0 <HASH160(compressed key)>.
func P2WPKH(pub *btcec.PublicKey) ([]byte, error) {
	if pub == nil {
		return nil, ErrNilKey
	}
	h := hash160(pub.SerializeCompressed())
	s := make([]byte, 0, P2WPKHLen)
	s = append(s, txscript.OP_0, txscript.OP_DATA_20)
	return append(s, h[:]...), nil
}
