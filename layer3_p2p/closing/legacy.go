package closing

import (
	"bytes"
	"fmt"
	"sort"

	"github.com/btcsuite/btcd/wire"

	"github.com/lnstack/lnstack/layer3_p2p/amount"
)

// Legacy describes the closing transaction one node signs in
// closing_signed, from that node's side ("local").
type Legacy struct {
	FundingOutpoint wire.OutPoint
	// LocalScript and RemoteScript are the scriptpubkeys of the two
	// shutdown messages.
	LocalScript  []byte
	RemoteScript []byte
	// LocalBalance and RemoteBalance are the final balances.
	LocalBalance  amount.MilliSatoshi
	RemoteBalance amount.MilliSatoshi
	// LocalIsOpener is true when the local node funded the channel and so
	// pays the fee.
	LocalIsOpener bool
	// Fee is fee_satoshis.
	Fee amount.Satoshi
	// DustLimit is the signer's own dust_limit_satoshis.
	DustLimit amount.Satoshi
	// OmitLocal drops the local output whatever its value.
	//
	// BOLT #3: "Each node offering a signature: [...] MAY eliminate its own output."
	OmitLocal bool
}

// sortBIP69 orders outputs by value, then scriptPubKey (BOLT #3
// "Transaction Output Ordering"; closing transactions have no HTLC).
func sortBIP69(outs []*wire.TxOut) {
	sort.SliceStable(outs, func(i, j int) bool {
		if outs[i].Value != outs[j].Value {
			return outs[i].Value < outs[j].Value
		}
		return bytes.Compare(outs[i].PkScript, outs[j].PkScript) < 0
	})
}

// newClosingTx makes the version-2 transaction spending the funding output.
func newClosingTx(op wire.OutPoint, sequence, lockTime uint32) *wire.MsgTx {
	tx := wire.NewMsgTx(2)
	tx.LockTime = lockTime
	tx.AddTxIn(&wire.TxIn{PreviousOutPoint: op, Sequence: sequence})
	return tx
}

// BuildLegacy builds the closing_signed transaction: version 2, locktime 0,
// sequence 0xFFFFFFFF, one or two outputs in BIP 69 order.
//
// BOLT #3: "MUST round each output down to whole satoshis. MUST subtract
// the fee given by fee_satoshis from the output to the funder. MUST remove
// any output below its own dust_limit_satoshis."
func BuildLegacy(c Legacy) (*wire.MsgTx, error) {
	if len(c.LocalScript) == 0 || len(c.RemoteScript) == 0 {
		return nil, ErrMissingScript
	}
	for _, a := range []amount.Satoshi{c.Fee, c.DustLimit} {
		if a.Check() != nil {
			return nil, fmt.Errorf("%v: %w", a, ErrAmountOutOfRange)
		}
	}
	for _, m := range []amount.MilliSatoshi{c.LocalBalance, c.RemoteBalance} {
		if m.Check() != nil {
			return nil, fmt.Errorf("%v: %w", m, ErrAmountOutOfRange)
		}
	}
	local, remote := c.LocalBalance.ToSatoshi(), c.RemoteBalance.ToSatoshi()
	payer := &remote
	if c.LocalIsOpener {
		payer = &local
	}
	if *payer < c.Fee {
		return nil, fmt.Errorf("fee %v, balance %v: %w", c.Fee, *payer, ErrFeeTooHigh)
	}
	*payer -= c.Fee
	var outs []*wire.TxOut
	if !c.OmitLocal && local >= c.DustLimit {
		outs = append(outs, wire.NewTxOut(int64(local), c.LocalScript))
	}
	if remote >= c.DustLimit {
		outs = append(outs, wire.NewTxOut(int64(remote), c.RemoteScript))
	}
	if len(outs) == 0 {
		return nil, ErrNoOutputs
	}
	sortBIP69(outs)
	tx := newClosingTx(c.FundingOutpoint, wire.MaxTxInSequenceNum, 0)
	tx.TxOut = outs
	return tx, nil
}
