package funding

import (
	"bytes"
	"fmt"
	"sort"

	"github.com/btcsuite/btcd/wire"

	"github.com/lnstack/lnstack/layer3_p2p/amount"
	"github.com/lnstack/lnstack/layer3_p2p/scripts"
)

// Input is a wallet output the funding transaction spends.
type Input struct {
	OutPoint wire.OutPoint
	PrevOut  *wire.TxOut
	Sequence uint32
	Signer   Signer
}

// Request is what the opener of a single-funded channel puts in its
// funding transaction.
type Request struct {
	Inputs []Input
	// FundingScript is the 2-of-2 witness script (scripts.Funding) and
	// FundingAmount the channel's capacity, funding_satoshis.
	FundingScript []byte
	FundingAmount amount.Satoshi
	// ChangeScript receives what is left after the fee; the change output
	// is left out when it would be dust, its value going to the fee.
	ChangeScript []byte
	Feerate      amount.FeeratePerKw
	LockTime     uint32
}

// Result is a signed funding transaction.
type Result struct {
	Tx *wire.MsgTx
	// FundingIndex is the funding output's index: funding_output_index of
	// funding_created.
	FundingIndex uint32
	Fee          amount.Satoshi
}

// check validates the request and returns the inputs' total.
func (r *Request) check() (amount.Satoshi, error) {
	if len(r.Inputs) == 0 {
		return 0, ErrNoInputs
	}
	if r.FundingAmount.Check() != nil || r.FundingAmount == 0 {
		return 0, fmt.Errorf("funding amount %v: %w", r.FundingAmount, ErrAmountOutOfRange)
	}
	total := amount.Satoshi(0)
	for i, in := range r.Inputs {
		if in.PrevOut == nil || in.Signer == nil {
			return 0, fmt.Errorf("input %d: no previous output or signer: %w", i, ErrNoInputs)
		}
		v := amount.Satoshi(in.PrevOut.Value)
		if v.Check() != nil {
			return 0, fmt.Errorf("input %d: %w", i, ErrAmountOutOfRange)
		}
		if total += v; total > amount.MaxSatoshi {
			return 0, fmt.Errorf("inputs total: %w", ErrAmountOutOfRange)
		}
	}
	return total, nil
}

// Build makes the funding transaction: the inputs and the funding and
// change outputs in BIP 69 order, signed, with a fee of feerate times the
// transaction's expected weight (each signer's SpendSize standing in for
// its signature). The change output is dropped when it would be dust, and
// its value goes to the fee.
func Build(r Request) (*Result, error) {
	total, err := r.check()
	if err != nil {
		return nil, err
	}
	ins := append([]Input(nil), r.Inputs...)
	// BIP 69: inputs by previous txid as displayed (byte-reversed), then
	// by output index.
	sort.SliceStable(ins, func(i, j int) bool {
		a, b := ins[i].OutPoint, ins[j].OutPoint
		if c := compareReversed(a.Hash[:], b.Hash[:]); c != 0 {
			return c < 0
		}
		return a.Index < b.Index
	})
	tx := wire.NewMsgTx(2)
	tx.LockTime = r.LockTime
	for _, in := range ins {
		tx.AddTxIn(&wire.TxIn{PreviousOutPoint: in.OutPoint, Sequence: in.Sequence})
	}
	funding := wire.NewTxOut(int64(r.FundingAmount), scripts.P2WSH(r.FundingScript))
	change := wire.NewTxOut(0, r.ChangeScript)
	tx.TxOut = []*wire.TxOut{funding, change}

	fee := r.Feerate.FeeForWeight(expectedWeight(tx, ins))
	left := total - r.FundingAmount - fee
	if left < scripts.DustThreshold(r.ChangeScript) {
		// Without change the transaction is lighter; what is left must
		// still cover the fee at that weight.
		tx.TxOut = tx.TxOut[:1]
		fee = r.Feerate.FeeForWeight(expectedWeight(tx, ins))
		if total-r.FundingAmount < fee {
			return nil, fmt.Errorf("%v in, %v funding + %v fee: %w", total, r.FundingAmount, fee, ErrInsufficientFunds)
		}
		fee = total - r.FundingAmount
	} else {
		change.Value = int64(left)
	}
	// BIP 69 outputs: BOLT #3 "Transaction Output Ordering" without HTLCs.
	sort.SliceStable(tx.TxOut, func(i, j int) bool {
		a, b := tx.TxOut[i], tx.TxOut[j]
		if a.Value != b.Value {
			return a.Value < b.Value
		}
		return bytes.Compare(a.PkScript, b.PkScript) < 0
	})
	res := &Result{Tx: tx, Fee: fee}
	for i, o := range tx.TxOut {
		if o == funding {
			res.FundingIndex = uint32(i)
		}
	}
	for i, in := range ins {
		ss, w, err := in.Signer.Sign(tx, i, in.PrevOut)
		if err != nil {
			return nil, err
		}
		tx.TxIn[i].SignatureScript, tx.TxIn[i].Witness = ss, w
	}
	return res, nil
}

// expectedWeight is the BIP 141 weight tx will have once its inputs carry
// scriptSigs and witnesses of their signers' SpendSize.
func expectedWeight(tx *wire.MsgTx, ins []Input) int64 {
	base := int64(tx.SerializeSizeStripped())
	witness := int64(0)
	for _, in := range ins {
		ss, w := in.Signer.SpendSize()
		// The empty scriptSig's length byte is already in the stripped size.
		base += int64(ss + wire.VarIntSerializeSize(uint64(ss)) - 1)
		if w == 0 {
			w = 1 // an input without witness still has its item count, 0
		}
		witness += int64(w)
	}
	if witness == int64(len(ins)) {
		return 4 * base // no witness at all: no marker, flag or witness fields
	}
	return 4*base + 2 + witness
}

// compareReversed compares two hashes as their displayed (byte-reversed) hex.
func compareReversed(a, b []byte) int {
	for i := len(a) - 1; i >= 0; i-- {
		if a[i] != b[i] {
			if a[i] < b[i] {
				return -1
			}
			return 1
		}
	}
	return 0
}
