package funding

import (
	"crypto/sha256"
	"errors"
	"testing"

	"github.com/btcsuite/btcd/btcec/v2"
	"github.com/btcsuite/btcd/btcutil"
	"github.com/btcsuite/btcd/chaincfg/chainhash"
	"github.com/btcsuite/btcd/txscript"
	"github.com/btcsuite/btcd/wire"

	"github.com/lnstack/lnstack/layer3_p2p/amount"
	"github.com/lnstack/lnstack/layer3_p2p/scripts"
)

func priv(label string) *btcec.PrivateKey {
	h := sha256.Sum256([]byte(label))
	k, _ := btcec.PrivKeyFromBytes(h[:])
	return k
}

func p2pkhScript(k *btcec.PrivateKey) []byte {
	s, _ := txscript.NewScriptBuilder().AddOp(txscript.OP_DUP).AddOp(txscript.OP_HASH160).
		AddData(btcutil.Hash160(k.PubKey().SerializeCompressed())).AddOp(txscript.OP_EQUALVERIFY).AddOp(txscript.OP_CHECKSIG).Script()
	return s
}

// wallet returns inputs of both kinds, listed out of BIP 69 order.
func wallet() []Input {
	a, b, c := priv("a"), priv("b"), priv("c")
	wpkh := func(k *btcec.PrivateKey) []byte { s, _ := scripts.P2WPKH(k.PubKey()); return s }
	return []Input{
		{OutPoint: wire.OutPoint{Hash: chainhash.Hash{31: 2}, Index: 1}, PrevOut: wire.NewTxOut(3_000_000, wpkh(a)), Sequence: 0xffffffff, Signer: P2WPKHSigner(a)},
		{OutPoint: wire.OutPoint{Hash: chainhash.Hash{31: 1}, Index: 7}, PrevOut: wire.NewTxOut(2_000_000, p2pkhScript(b)), Sequence: 0xffffffff, Signer: P2PKHSigner(b)},
		{OutPoint: wire.OutPoint{Hash: chainhash.Hash{31: 1}, Index: 2}, PrevOut: wire.NewTxOut(1_000_000, wpkh(c)), Sequence: 0xffffffff, Signer: P2WPKHSigner(c)},
	}
}

func fundingScript(t *testing.T) []byte {
	fs, err := scripts.Funding(priv("x").PubKey(), priv("y").PubKey())
	if err != nil {
		t.Fatal(err)
	}
	return fs
}

func TestBuild(t *testing.T) {
	ins := wallet()
	change, _ := scripts.P2WPKH(priv("change").PubKey())
	r := Request{Inputs: ins, FundingScript: fundingScript(t), FundingAmount: 4_000_000, ChangeScript: change, Feerate: 2500}
	res, err := Build(r)
	if err != nil {
		t.Fatal(err)
	}
	tx := res.Tx
	// BIP 69 inputs: txid ...01 before ...02, index 2 before 7.
	if tx.TxIn[0].PreviousOutPoint.Index != 2 || tx.TxIn[1].PreviousOutPoint.Index != 7 || tx.TxIn[2].PreviousOutPoint.Index != 1 {
		t.Fatalf("inputs out of BIP 69 order: %v", tx.TxIn)
	}
	if len(tx.TxOut) != 2 || tx.TxOut[res.FundingIndex].Value != 4_000_000 ||
		tx.TxOut[0].Value > tx.TxOut[1].Value {
		t.Fatalf("outputs: %v (funding at %d)", tx.TxOut, res.FundingIndex)
	}
	if paid := 6_000_000 - tx.TxOut[0].Value - tx.TxOut[1].Value; paid != int64(res.Fee) {
		t.Fatalf("fee %d, outputs leave %d", res.Fee, paid)
	}
	// The fee uses the expected weight; real signatures are at most a
	// byte or two off per input, and never make the transaction heavier
	// than 2 weight units per input beyond it.
	real := int64(tx.SerializeSizeStripped())*3 + int64(tx.SerializeSize())
	if want := r.Feerate.FeeForWeight(real + 12); res.Fee > want || res.Fee < r.Feerate.FeeForWeight(real-12) {
		t.Fatalf("fee %d for a real weight of %d", res.Fee, real)
	}
	prev := make([]*wire.TxOut, len(tx.TxIn))
	for i, in := range tx.TxIn {
		for _, w := range ins {
			if w.OutPoint == in.PreviousOutPoint {
				prev[i] = w.PrevOut
			}
		}
	}
	if err := scripts.VerifyTx(tx, prev); err != nil {
		t.Fatal(err)
	}

	// Change that would be dust (100 sat) goes to the fee.
	withChange := res.Fee
	r.FundingAmount = 6_000_000 - withChange - 100
	res, err = Build(r)
	if err != nil || len(res.Tx.TxOut) != 1 || res.Fee != withChange+100 {
		t.Fatalf("dust change: %v, %v", res, err)
	}
	r.FundingAmount = 6_000_000 - 100
	if _, err := Build(r); !errors.Is(err, ErrInsufficientFunds) {
		t.Fatalf("fee not covered: %v", err)
	}
	r.FundingAmount = 0
	if _, err := Build(r); !errors.Is(err, ErrAmountOutOfRange) {
		t.Fatalf("zero funding: %v", err)
	}
	r.FundingAmount, r.Inputs = 1000, nil
	if _, err := Build(r); !errors.Is(err, ErrNoInputs) {
		t.Fatalf("no inputs: %v", err)
	}
}

func TestSignerRefusesOtherScripts(t *testing.T) {
	tx := wire.NewMsgTx(2)
	tx.AddTxIn(&wire.TxIn{})
	other := wire.NewTxOut(1000, p2pkhScript(priv("someone else")))
	if _, _, err := P2PKHSigner(priv("me")).Sign(tx, 0, other); !errors.Is(err, ErrUnsupportedScript) {
		t.Fatalf("P2PKH signer on another key: %v", err)
	}
	if _, _, err := P2WPKHSigner(priv("me")).Sign(tx, 0, other); !errors.Is(err, ErrUnsupportedScript) {
		t.Fatalf("P2WPKH signer on a P2PKH output: %v", err)
	}
}

// TestContributionWeight checks Contribution.Weight against BOLT #3
// Appendix A's formula for the initiator, funding_transaction_weight =
// 4 * (43 + num_inputs * 41 + num_outputs * 9 + sum(scriptlen) + 10) + 2,
// plus the witness, over a range of shapes.
func TestContributionWeight(t *testing.T) {
	for inputs := 0; inputs < 4; inputs++ {
		for _, lens := range [][]int{nil, {22}, {22, 34}, {25, 23, 22}} {
			c := Contribution{Outputs: []TxOutput{{PkScript: make([]byte, 34)}}} // the funding output
			sum := 0
			for _, l := range lens {
				c.Outputs = append(c.Outputs, TxOutput{PkScript: make([]byte, l)})
				sum += l
			}
			witness := int64(0)
			for i := 0; i < inputs; i++ {
				c.Inputs = append(c.Inputs, TxInput{WitnessWeight: int64(100 + 10*i)})
				witness += int64(100 + 10*i)
			}
			if min := int64(inputs * MinInputWitnessWeight); witness < min {
				witness = min
			}
			want := int64(4*(43+inputs*41+len(lens)*9+sum+10)+2) + witness
			if got := c.Weight(true); got != want {
				t.Errorf("%d inputs, outputs %v: weight %d, want %d", inputs, lens, got, want)
			}
			if got := c.Weight(false); got != want-4*10-2 {
				t.Errorf("%d inputs, outputs %v: contributor weight %d, want %d", inputs, lens, got, want-42)
			}
		}
	}
}

func TestBuildInteractive(t *testing.T) {
	op := func(i uint32) wire.OutPoint { return wire.OutPoint{Hash: chainhash.Hash{9}, Index: i} }
	a := Contribution{
		Inputs:  []TxInput{{SerialID: 20, OutPoint: op(0)}, {SerialID: 2, OutPoint: op(1)}},
		Outputs: []TxOutput{{SerialID: 44, Value: 10, PkScript: []byte{1}}},
	}
	b := Contribution{
		Inputs:  []TxInput{{SerialID: 11, OutPoint: op(2)}},
		Outputs: []TxOutput{{SerialID: 33, Value: 20, PkScript: []byte{2}}},
	}
	tx, err := BuildInteractive(120, a, b)
	if err != nil {
		t.Fatal(err)
	}
	if tx.LockTime != 120 || tx.TxIn[0].PreviousOutPoint.Index != 1 || tx.TxIn[1].PreviousOutPoint.Index != 2 ||
		tx.TxIn[2].PreviousOutPoint.Index != 0 || tx.TxOut[0].Value != 20 || tx.TxOut[1].Value != 10 {
		t.Fatalf("not in serial_id order: %v %v", tx.TxIn, tx.TxOut)
	}
	b.Inputs[0].SerialID = 20
	if _, err := BuildInteractive(0, a, b); !errors.Is(err, ErrDuplicateSerialID) {
		t.Fatalf("duplicate input serial_id: %v", err)
	}
	b.Inputs[0].SerialID, b.Outputs[0].SerialID = 11, 44
	if _, err := BuildInteractive(0, a, b); !errors.Is(err, ErrDuplicateSerialID) {
		t.Fatalf("duplicate output serial_id: %v", err)
	}
	b.Outputs[0].SerialID, b.Outputs[0].Value = 33, -1
	if _, err := BuildInteractive(0, a, b); !errors.Is(err, ErrAmountOutOfRange) {
		t.Fatalf("negative output: %v", err)
	}
	many := Contribution{Inputs: make([]TxInput, MaxInputsOutputs+1)}
	for i := range many.Inputs {
		many.Inputs[i].SerialID = uint64(i)
	}
	if _, err := BuildInteractive(0, many); !errors.Is(err, ErrTooMany) {
		t.Fatalf("253 inputs: %v", err)
	}
	if _, err := BuildInteractive(0); !errors.Is(err, ErrNoInputs) {
		t.Fatalf("no inputs: %v", err)
	}
	if fee := (Contribution{Inputs: []TxInput{{}}}).Fee(amount.FeeratePerKw(1000), false); fee != 4*41+MinInputWitnessWeight {
		t.Fatalf("one bare input at 1 sat/wu: %d", fee)
	}
}
