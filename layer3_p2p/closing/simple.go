package closing

import (
	"fmt"

	"github.com/btcsuite/btcd/txscript"
	"github.com/btcsuite/btcd/wire"

	"github.com/lnstack/lnstack/layer3_p2p/amount"
	"github.com/lnstack/lnstack/layer3_p2p/scripts"
)

// Variant is which outputs a closing_complete transaction holds; the
// values are the TLV types of the signature fields that sign each.
type Variant uint8

// The three variants of BOLT #2 closing_tlvs.
const (
	CloserOutputOnly Variant = 1
	CloseeOutputOnly Variant = 2
	CloserAndClosee  Variant = 3
)

// String names the variant as its TLV field.
func (v Variant) String() string {
	switch v {
	case CloserOutputOnly:
		return "closer_output_only"
	case CloseeOutputOnly:
		return "closee_output_only"
	case CloserAndClosee:
		return "closer_and_closee_outputs"
	}
	return "unknown"
}

// SequenceSimpleClose is the funding input's sequence: final but signalling
// replaceability, so the closer can bump the fee with a new closing_complete.
const SequenceSimpleClose = 0xFFFFFFFD

// Simple describes a closing_complete (and its closing_sig): the closer
// pays the fee.
type Simple struct {
	FundingOutpoint wire.OutPoint
	CloserScript    []byte
	CloseeScript    []byte
	CloserBalance   amount.MilliSatoshi
	CloseeBalance   amount.MilliSatoshi
	// Fee is fee_satoshis and LockTime locktime, both from closing_complete.
	Fee      amount.Satoshi
	LockTime uint32
}

// isOPReturn reports whether a scriptpubkey starts with OP_RETURN.
func isOPReturn(s []byte) bool { return len(s) > 0 && s[0] == txscript.OP_RETURN }

// Amounts returns the closer's and closee's output values: balances
// rounded down, the fee taken from the closer, and 0 for an OP_RETURN.
//
// BOLT #3: "`txout` amount: 0 if the `scriptpubkey` starts with
// `OP_RETURN` ... otherwise the final balance for the closer, minus
// `closing_complete.fee_satoshis`, rounded down to whole satoshis".
func (c Simple) Amounts() (closer, closee amount.Satoshi, err error) {
	if c.Fee.Check() != nil || c.CloserBalance.Check() != nil || c.CloseeBalance.Check() != nil {
		return 0, 0, ErrAmountOutOfRange
	}
	closer, closee = c.CloserBalance.ToSatoshi(), c.CloseeBalance.ToSatoshi()
	// BOLT #2: "MUST set fee_satoshis to a fee less than or equal to its
	// outstanding balance, rounded down to whole satoshis."
	if closer < c.Fee {
		return 0, 0, fmt.Errorf("fee %v, closer balance %v: %w", c.Fee, closer, ErrFeeTooHigh)
	}
	closer -= c.Fee
	if isOPReturn(c.CloserScript) {
		closer = 0
	}
	if isOPReturn(c.CloseeScript) {
		closee = 0
	}
	return closer, closee, nil
}

// Dust reports which of the two outputs would be dust (BOLT #2: "An output
// is *dust* if the amount is less than the [Bitcoin Core Dust
// Thresholds](03-transactions.md#dust-limits)"),
// which decides the variants the closer may sign.
func (c Simple) Dust() (closerDust, closeeDust bool, err error) {
	closer, closee, err := c.Amounts()
	if err != nil {
		return false, false, err
	}
	return scripts.IsDust(closer, c.CloserScript), scripts.IsDust(closee, c.CloseeScript), nil
}

// BuildSimple builds one variant of the closing_complete transaction:
// version 2, the message's locktime, sequence 0xFFFFFFFD, the variant's
// outputs in BIP 69 order. A variant that would carry a dust output is
// refused with ErrDustOutput.
func BuildSimple(c Simple, v Variant) (*wire.MsgTx, error) {
	if v != CloserOutputOnly && v != CloseeOutputOnly && v != CloserAndClosee {
		return nil, fmt.Errorf("%d: %w", v, ErrUnknownVariant)
	}
	closer, closee, err := c.Amounts()
	if err != nil {
		return nil, err
	}
	var outs []*wire.TxOut
	add := func(name string, value amount.Satoshi, script []byte) error {
		if len(script) == 0 {
			return fmt.Errorf("%s: %w", name, ErrMissingScript)
		}
		if scripts.IsDust(value, script) {
			return fmt.Errorf("%s output %v: %w", name, value, ErrDustOutput)
		}
		outs = append(outs, wire.NewTxOut(int64(value), script))
		return nil
	}
	if v != CloseeOutputOnly {
		if err := add("closer", closer, c.CloserScript); err != nil {
			return nil, err
		}
	}
	if v != CloserOutputOnly {
		if err := add("closee", closee, c.CloseeScript); err != nil {
			return nil, err
		}
	}
	sortBIP69(outs)
	tx := newClosingTx(c.FundingOutpoint, SequenceSimpleClose, c.LockTime)
	tx.TxOut = outs
	return tx, nil
}
