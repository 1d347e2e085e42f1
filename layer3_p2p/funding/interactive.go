package funding

import (
	"fmt"
	"sort"

	"github.com/btcsuite/btcd/wire"

	"github.com/lnstack/lnstack/layer3_p2p/amount"
)

// MaxInputsOutputs is the most inputs, and the most outputs, an interactive
// transaction may have: BOLT #2 caps both at 252 so each count is one byte.
const MaxInputsOutputs = 252

// MinInputWitnessWeight is the witness weight each contributed input is
// charged at least: a P2WPKH spend (1 item count, a 1+71-byte signature,
// a 1+33-byte key), as in BOLT #3 Appendix G's "max(1 * 107, ...)".
const MinInputWitnessWeight = 107

// Weights of the fields in BOLT #3 Appendix A "Expected Weight of the
// Funding Transaction (v2 Channel Establishment)".
const (
	// transactionFields is version (4), input count (1), output count (1)
	// and locktime (4) bytes, paid by the initiator.
	transactionFields = 4 + 1 + 1 + 4
	// segwitFields is the marker and flag, counted at weight 1 each.
	segwitFields = 2
	// inputBytes is previous_out_point (36), an empty script_sig's length
	// (1) and sequence (4).
	inputBytes = 36 + 1 + 4
)

// TxInput is an input added with tx_add_input.
type TxInput struct {
	SerialID uint64
	OutPoint wire.OutPoint
	PrevOut  *wire.TxOut
	Sequence uint32
	// WitnessWeight is the size of the witness that will spend the input
	// (its actual size once known, or its expected size).
	WitnessWeight int64
}

// TxOutput is an output added with tx_add_output.
type TxOutput struct {
	SerialID uint64
	Value    amount.Satoshi
	PkScript []byte
}

// Contribution is what one side added to an interactive transaction.
type Contribution struct {
	Inputs  []TxInput
	Outputs []TxOutput
}

// Weight is the weight the side is charged for: its inputs and outputs
// (4 per byte) and its inputs' witnesses, at least MinInputWitnessWeight
// each, plus, for the initiator, the transaction's common fields.
//
// BOLT #3 "Calculating Fees for Collaborative Transactions": "fees are paid
// by each party to the transaction [...] with the initiator covering the
// fees for the common transaction fields."
func (c Contribution) Weight(initiator bool) int64 {
	bytes := int64(len(c.Inputs)) * inputBytes
	for _, o := range c.Outputs {
		bytes += int64(8 + wire.VarIntSerializeSize(uint64(len(o.PkScript))) + len(o.PkScript))
	}
	w := 4 * bytes
	if initiator {
		w += 4*transactionFields + segwitFields
	}
	witness := int64(0)
	for _, in := range c.Inputs {
		witness += in.WitnessWeight
	}
	if min := int64(len(c.Inputs)) * MinInputWitnessWeight; witness < min {
		witness = min
	}
	return w + witness
}

// Fee is the side's share of the fee at feerate, rounded up so that the
// share never pays less than the feerate (which is how Appendix G's shares,
// 155 and 100 sat, come out).
func (c Contribution) Fee(f amount.FeeratePerKw, initiator bool) amount.Satoshi {
	return f.FeeForWeightRoundUp(c.Weight(initiator))
}

// BuildInteractive assembles the transaction two sides constructed with
// tx_add_input and tx_add_output: version 2, the given locktime, inputs and
// outputs from both sides sorted by serial_id, without witnesses.
//
// BOLT #2: "Inputs in the constructed transaction MUST be sorted by
// serial_id." and "Outputs in the constructed transaction MUST be sorted by
// serial_id."
func BuildInteractive(lockTime uint32, sides ...Contribution) (*wire.MsgTx, error) {
	var ins []TxInput
	var outs []TxOutput
	for _, s := range sides {
		ins = append(ins, s.Inputs...)
		outs = append(outs, s.Outputs...)
	}
	if len(ins) == 0 {
		return nil, ErrNoInputs
	}
	if len(ins) > MaxInputsOutputs || len(outs) > MaxInputsOutputs {
		return nil, fmt.Errorf("%d inputs, %d outputs: %w", len(ins), len(outs), ErrTooMany)
	}
	sort.Slice(ins, func(i, j int) bool { return ins[i].SerialID < ins[j].SerialID })
	sort.Slice(outs, func(i, j int) bool { return outs[i].SerialID < outs[j].SerialID })
	tx := wire.NewMsgTx(2)
	tx.LockTime = lockTime
	for i, in := range ins {
		if i > 0 && ins[i-1].SerialID == in.SerialID {
			return nil, fmt.Errorf("input serial_id %d: %w", in.SerialID, ErrDuplicateSerialID)
		}
		tx.AddTxIn(&wire.TxIn{PreviousOutPoint: in.OutPoint, Sequence: in.Sequence})
	}
	for i, o := range outs {
		if i > 0 && outs[i-1].SerialID == o.SerialID {
			return nil, fmt.Errorf("output serial_id %d: %w", o.SerialID, ErrDuplicateSerialID)
		}
		if o.Value.Check() != nil {
			return nil, fmt.Errorf("output serial_id %d: %w", o.SerialID, ErrAmountOutOfRange)
		}
		tx.AddTxOut(wire.NewTxOut(int64(o.Value), o.PkScript))
	}
	return tx, nil
}
