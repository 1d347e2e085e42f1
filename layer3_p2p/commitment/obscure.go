package commitment

import (
	"crypto/sha256"
	"encoding/binary"
	"fmt"

	"github.com/btcsuite/btcd/btcec/v2"
	"github.com/btcsuite/btcd/wire"
)

// MaxCommitmentNumber is the largest 48-bit commitment number.
const MaxCommitmentNumber = 1<<48 - 1

// ObscuringFactor is the lower 48 bits of
// SHA256(payment_basepoint from open_channel || payment_basepoint from accept_channel).
//
// BOLT #3: "This obscures the number of commitments made on the channel in
// the case of unilateral close, yet still provides a useful index for both
// nodes (who know the payment_basepoints) to quickly find a revoked
// commitment transaction."
func ObscuringFactor(openerPaymentBasepoint, accepterPaymentBasepoint *btcec.PublicKey) (uint64, error) {
	if openerPaymentBasepoint == nil || accepterPaymentBasepoint == nil {
		return 0, fmt.Errorf("payment basepoint: %w", ErrMissingKey)
	}
	h := sha256.New()
	h.Write(openerPaymentBasepoint.SerializeCompressed())
	h.Write(accepterPaymentBasepoint.SerializeCompressed())
	var sum [32]byte
	h.Sum(sum[:0])
	return binary.BigEndian.Uint64(sum[24:]) & MaxCommitmentNumber, nil
}

// lockTimeAndSequence encodes the obscured commitment number.
//
// BOLT #3: "locktime: upper 8 bits are 0x20, lower 24 bits are the lower 24
// bits of the obscured commitment number"; "sequence: upper 8 bits are 0x80,
// lower 24 bits are upper 24 bits of the obscured commitment number".
func lockTimeAndSequence(number, factor uint64) (lockTime, sequence uint32, err error) {
	if number > MaxCommitmentNumber {
		return 0, 0, fmt.Errorf("%d: %w", number, ErrCommitmentNumber)
	}
	obscured := (number ^ factor) & MaxCommitmentNumber
	return 0x20<<24 | uint32(obscured&0xffffff), 0x80<<24 | uint32(obscured>>24), nil
}

// CommitmentNumber recovers the commitment number of a commitment
// transaction from its locktime and sequence, given the channel's
// obscuring factor; ok is false when the transaction does not carry the
// 0x20/0x80 markers of a commitment transaction.
func CommitmentNumber(tx *wire.MsgTx, factor uint64) (number uint64, ok bool) {
	if tx == nil || len(tx.TxIn) != 1 || tx.LockTime>>24 != 0x20 || tx.TxIn[0].Sequence>>24 != 0x80 {
		return 0, false
	}
	obscured := uint64(tx.TxIn[0].Sequence&0xffffff)<<24 | uint64(tx.LockTime&0xffffff)
	return (obscured ^ factor) & MaxCommitmentNumber, true
}
