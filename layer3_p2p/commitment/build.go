package commitment

import (
	"fmt"

	"github.com/btcsuite/btcd/btcec/v2"
	"github.com/btcsuite/btcd/txscript"
	"github.com/btcsuite/btcd/wire"

	"github.com/lnstack/lnstack/layer3_p2p/amount"
	"github.com/lnstack/lnstack/layer3_p2p/keys"
	"github.com/lnstack/lnstack/layer3_p2p/scripts"
)

// Commitment describes one commitment transaction as its owner ("local")
// sees it: everything BOLT #3 "Commitment Transaction Construction" starts
// from. The other node builds the same transaction from the same values
// with local and remote swapped back.
type Commitment struct {
	Type ChannelType

	// FundingOutpoint and FundingAmount are the funding output spent.
	FundingOutpoint wire.OutPoint
	FundingAmount   amount.Satoshi
	// LocalFundingKey and RemoteFundingKey are the owner's and the other
	// node's funding_pubkey (the anchors are locked to them too).
	LocalFundingKey  *btcec.PublicKey
	RemoteFundingKey *btcec.PublicKey
	// ObscuringFactor is ObscuringFactor(opener's, accepter's payment_basepoint).
	ObscuringFactor uint64

	// Number is the 48-bit commitment number.
	Number uint64
	// LocalIsOpener is true when the owner opened (funded) the channel and
	// so pays the commitment fee and the anchors.
	LocalIsOpener bool
	// ToSelfDelay is the to_self_delay the owner must wait, which the
	// other node chose.
	ToSelfDelay uint16
	// DustLimit is the owner's dust_limit_satoshis.
	DustLimit amount.Satoshi
	// Feerate is feerate_per_kw.
	Feerate amount.FeeratePerKw

	// ToLocal and ToRemote are the two balances with the HTLCs already
	// taken out, before the fee and anchors; with the HTLCs they add up to
	// the funding amount.
	ToLocal  amount.MilliSatoshi
	ToRemote amount.MilliSatoshi
	HTLCs    []HTLC

	// Keys are the per-commitment keys at the owner's per_commitment_point.
	Keys keys.CommitmentKeys
}

// OutputKind says what a commitment output is.
type OutputKind uint8

// The outputs of a commitment transaction (BOLT #3 "Commitment Transaction Outputs").
const (
	ToLocalOutput OutputKind = iota + 1
	ToRemoteOutput
	LocalAnchorOutput
	RemoteAnchorOutput
	OfferedHTLCOutput
	ReceivedHTLCOutput
)

// String names the output as BOLT #3 does.
func (k OutputKind) String() string {
	switch k {
	case ToLocalOutput:
		return "to_local"
	case ToRemoteOutput:
		return "to_remote"
	case LocalAnchorOutput:
		return "to_local_anchor"
	case RemoteAnchorOutput:
		return "to_remote_anchor"
	case OfferedHTLCOutput:
		return "offered HTLC"
	case ReceivedHTLCOutput:
		return "received HTLC"
	}
	return "unknown"
}

// Output describes one output of a built commitment transaction; its value
// and scriptPubKey are in the MsgTx output of the same index.
type Output struct {
	Kind OutputKind
	// HTLC is the index in Commitment.HTLCs of an HTLC output, -1 otherwise.
	HTLC int
	// WitnessScript is the P2WSH script; nil for the P2WPKH to_remote of
	// static_remotekey.
	WitnessScript []byte
}

// Tx is a built commitment transaction with its HTLC transactions.
type Tx struct {
	// MsgTx is the transaction; its witness is empty until Finalize.
	MsgTx *wire.MsgTx
	// Outputs describes MsgTx.TxOut, index for index.
	Outputs []Output
	// HTLCTxs are the HTLC-timeout and HTLC-success transactions of the
	// HTLC outputs, in output order: the order of htlc_signatures.
	HTLCTxs []*HTLCTx
	// Trimmed lists the indices in Commitment.HTLCs without an output.
	Trimmed []int
	// BaseFee is the fee BOLT #3 computes from the expected weight; Fee is
	// what the transaction really pays, trimmed outputs included.
	BaseFee amount.Satoshi
	Fee     amount.Satoshi
	// FundingScript is the 2-of-2 witness script the input spends.
	FundingScript []byte

	c               Commitment
	fundingPkScript []byte
	sigHashes       *txscript.TxSigHashes
}

// Commitment returns the description the transaction was built from.
func (t *Tx) Commitment() Commitment { return t.c }

// check validates a Commitment before anything is built from it.
func (c *Commitment) check() error {
	if !c.Type.valid() {
		return fmt.Errorf("%d: %w", c.Type, ErrUnknownChannelType)
	}
	k := &c.Keys
	for _, key := range []struct {
		name string
		pub  *btcec.PublicKey
	}{
		{"local funding key", c.LocalFundingKey}, {"remote funding key", c.RemoteFundingKey},
		{"revocationpubkey", k.Revocation}, {"local_delayedpubkey", k.LocalDelayed},
		{"local_htlcpubkey", k.LocalHTLC}, {"remote_htlcpubkey", k.RemoteHTLC},
		{"remotepubkey", k.ToRemote},
	} {
		if key.pub == nil {
			return fmt.Errorf("%s: %w", key.name, ErrMissingKey)
		}
	}
	if c.Number > MaxCommitmentNumber {
		return fmt.Errorf("%d: %w", c.Number, ErrCommitmentNumber)
	}
	if err := c.FundingAmount.Check(); err != nil {
		return fmt.Errorf("funding amount: %w", ErrAmountOutOfRange)
	}
	if err := c.DustLimit.Check(); err != nil {
		return fmt.Errorf("dust limit: %w", ErrAmountOutOfRange)
	}
	// Each amount is at most MaxMilliSatoshi and the running sum is kept
	// at most the funding amount, so the additions cannot overflow.
	capacity := c.FundingAmount.ToMilliSatoshi()
	sum := amount.MilliSatoshi(0)
	// which is -2 for to_local, -1 for to_remote, else the HTLC index.
	add := func(which int, m amount.MilliSatoshi) error {
		if m.Check() == nil {
			if sum += m; sum <= capacity {
				return nil
			}
		}
		name := map[int]string{-2: "to_local", -1: "to_remote"}[which]
		if which >= 0 {
			name = fmt.Sprintf("HTLC %d", which)
		}
		if m.Check() != nil {
			return fmt.Errorf("%s %v: %w", name, m, ErrAmountOutOfRange)
		}
		return fmt.Errorf("%s brings the total above %v: %w", name, capacity, ErrBalanceMismatch)
	}
	if err := add(-2, c.ToLocal); err != nil {
		return err
	}
	if err := add(-1, c.ToRemote); err != nil {
		return err
	}
	for i, h := range c.HTLCs {
		if err := add(i, h.Amount); err != nil {
			return err
		}
	}
	if sum != capacity {
		return fmt.Errorf("total %v, funding %v: %w", sum, capacity, ErrBalanceMismatch)
	}
	return nil
}

// Build constructs the commitment transaction and its HTLC transactions,
// following BOLT #3 "Commitment Transaction Construction" step by step.
func Build(c Commitment) (*Tx, error) {
	if err := c.check(); err != nil {
		return nil, err
	}
	fundingScript, err := scripts.Funding(c.LocalFundingKey, c.RemoteFundingKey)
	if err != nil {
		return nil, err
	}
	// 1. Initialize the commitment transaction input and locktime.
	lockTime, sequence, err := lockTimeAndSequence(c.Number, c.ObscuringFactor)
	if err != nil {
		return nil, err
	}
	tx := wire.NewMsgTx(2)
	tx.LockTime = lockTime
	tx.AddTxIn(&wire.TxIn{PreviousOutPoint: c.FundingOutpoint, Sequence: sequence})

	// 2. Calculate which committed HTLCs need to be trimmed.
	t := &Tx{MsgTx: tx, FundingScript: fundingScript, c: c}
	outs := make([]sortable, 0, len(c.HTLCs)+4)
	anchors := c.Type.HasAnchors()
	var htlcScripts *scripts.HTLCScripts // made at the first untrimmed HTLC
	for i, h := range c.HTLCs {
		if c.Type.IsTrimmed(h, c.Feerate, c.DustLimit) {
			t.Trimmed = append(t.Trimmed, i)
			continue
		}
		// 4. and 5. An offered or received HTLC output for each untrimmed HTLC.
		if htlcScripts == nil {
			htlcScripts, err = scripts.NewHTLCScripts(scripts.HTLCKeys{Revocation: c.Keys.Revocation, Local: c.Keys.LocalHTLC, Remote: c.Keys.RemoteHTLC})
			if err != nil {
				return nil, err
			}
		}
		var ws []byte
		kind, cltv := OfferedHTLCOutput, h.CLTVExpiry
		if h.Offered {
			ws = htlcScripts.Offered(h.PaymentHash, anchors)
		} else {
			kind = ReceivedHTLCOutput
			ws = htlcScripts.Received(h.PaymentHash, h.CLTVExpiry, anchors)
		}
		outs = append(outs, sortable{
			out:  wire.NewTxOut(int64(h.Amount.ToSatoshi()), scripts.P2WSH(ws)),
			cltv: cltv,
			info: Output{Kind: kind, HTLC: i, WitnessScript: ws},
		})
	}
	untrimmed := len(outs)

	// 3. The base fee, and with anchors the two anchors, come out of the
	// opener's balance. A balance that goes negative just has no output.
	t.BaseFee = c.Feerate.FeeForWeight(c.Type.CommitWeight(untrimmed))
	charge := t.BaseFee
	if anchors {
		charge += 2 * AnchorAmount
	}
	toLocal, toRemote := c.ToLocal.ToSatoshi(), c.ToRemote.ToSatoshi()
	if c.LocalIsOpener {
		toLocal -= charge
	} else {
		toRemote -= charge
	}

	// 6. to_local if it is at least dust_limit_satoshis. Its script is
	// also the output script of every HTLC transaction.
	toLocalScript, err := scripts.ToLocal(c.Keys.Revocation, c.Keys.LocalDelayed, c.ToSelfDelay)
	if err != nil {
		return nil, err
	}
	toLocalPkScript := scripts.P2WSH(toLocalScript)
	hasLocal := toLocal >= c.DustLimit
	if hasLocal {
		outs = append(outs, sortable{out: wire.NewTxOut(int64(toLocal), toLocalPkScript),
			info: Output{Kind: ToLocalOutput, HTLC: -1, WitnessScript: toLocalScript}})
	}
	// 7. to_remote likewise.
	hasRemote := toRemote >= c.DustLimit
	if hasRemote {
		o := sortable{info: Output{Kind: ToRemoteOutput, HTLC: -1}}
		if anchors {
			ws, err := scripts.ToRemoteAnchors(c.Keys.ToRemote)
			if err != nil {
				return nil, err
			}
			o.out, o.info.WitnessScript = wire.NewTxOut(int64(toRemote), scripts.P2WSH(ws)), ws
		} else {
			pk, err := scripts.P2WPKH(c.Keys.ToRemote)
			if err != nil {
				return nil, err
			}
			o.out = wire.NewTxOut(int64(toRemote), pk)
		}
		outs = append(outs, o)
	}
	// 8. With anchors, each side's anchor if that side has an output or
	// there are untrimmed HTLCs.
	if anchors {
		for _, a := range []struct {
			want bool
			key  *btcec.PublicKey
			kind OutputKind
		}{
			{hasLocal || untrimmed > 0, c.LocalFundingKey, LocalAnchorOutput},
			{hasRemote || untrimmed > 0, c.RemoteFundingKey, RemoteAnchorOutput},
		} {
			if !a.want {
				continue
			}
			ws, err := scripts.Anchor(a.key)
			if err != nil {
				return nil, err
			}
			outs = append(outs, sortable{out: wire.NewTxOut(int64(AnchorAmount), scripts.P2WSH(ws)),
				info: Output{Kind: a.kind, HTLC: -1, WitnessScript: ws}})
		}
	}
	if len(outs) == 0 {
		return nil, ErrNoOutputs
	}

	// 9. Sort the outputs into BIP 69+CLTV order.
	sortOutputs(outs)
	t.Outputs = make([]Output, len(outs))
	paid := amount.Satoshi(0)
	for i, o := range outs {
		tx.AddTxOut(o.out)
		t.Outputs[i] = o.info
		paid += amount.Satoshi(o.out.Value)
	}
	t.Fee = c.FundingAmount - paid

	t.fundingPkScript = scripts.P2WSH(fundingScript)
	t.sigHashes = txscript.NewTxSigHashes(tx, txscript.NewCannedPrevOutputFetcher(t.fundingPkScript, int64(c.FundingAmount)))
	if untrimmed > 0 {
		t.buildHTLCTxs(toLocalScript, toLocalPkScript)
	}
	return t, nil
}

// FundingOutput returns the funding output the commitment spends, for
// script verification.
func (t *Tx) FundingOutput() *wire.TxOut {
	return wire.NewTxOut(int64(t.c.FundingAmount), t.fundingPkScript)
}
