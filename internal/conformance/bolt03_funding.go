package conformance

import (
	"bytes"
	"encoding/hex"
	"fmt"

	"github.com/btcsuite/btcd/wire"

	"github.com/lnstack/lnstack/layer3_p2p/amount"
	"github.com/lnstack/lnstack/layer3_p2p/funding"
	"github.com/lnstack/lnstack/layer3_p2p/scripts"
	"github.com/lnstack/lnstack/testvectors"
)

// --- Appendix B ---

func runBolt03Funding(v testvectors.Vector) error {
	var in struct {
		Name                 string `json:"name"`
		InputTx              string `json:"input_tx"`
		InputTxid            string `json:"input_txid"`
		InputIndex           uint32 `json:"input_index"`
		InputSatoshis        int64  `json:"input_satoshis"`
		InputPrivkey         string `json:"input_privkey"`
		LocalFundingPubkey   string `json:"local_funding_pubkey"`
		RemoteFundingPubkey  string `json:"remote_funding_pubkey"`
		FundingWitnessScript string `json:"funding_witness_script"`
		FundingSatoshis      int64  `json:"funding_satoshis"`
		FeeratePerKw         uint32 `json:"feerate_per_kw"`
		ChangeScript         string `json:"change_script"`
		ChangeSatoshis       int64  `json:"change_satoshis"`
		FundingOutput        uint32 `json:"funding_output"`
		FundingTx            string `json:"funding_tx"`
		FundingTxid          string `json:"funding_txid"`
	}
	if err := v.Decode(&in); err != nil {
		return err
	}
	var k bolt03Keys
	key := k.secret("input_privkey", in.InputPrivkey)
	local := k.point("local_funding_pubkey", in.LocalFundingPubkey)
	remote := k.point("remote_funding_pubkey", in.RemoteFundingPubkey)
	if k.err != nil {
		return k.err
	}
	prevTx, err := bolt03Tx("input_tx", in.InputTx)
	if err != nil {
		return err
	}
	if got := prevTx.TxHash().String(); got != in.InputTxid {
		return fmt.Errorf("input txid = %s, want %s", got, in.InputTxid)
	}
	if int(in.InputIndex) >= len(prevTx.TxOut) || prevTx.TxOut[in.InputIndex].Value != in.InputSatoshis {
		return fmt.Errorf("input %d of the input tx is not %d sat", in.InputIndex, in.InputSatoshis)
	}
	prevOut := prevTx.TxOut[in.InputIndex]
	fs, err := scripts.Funding(local, remote)
	if err != nil {
		return err
	}
	if g := hex.EncodeToString(fs); g != in.FundingWitnessScript {
		return fmt.Errorf("funding witness script = %s, want %s", g, in.FundingWitnessScript)
	}
	change, err := unhex("change_script", in.ChangeScript)
	if err != nil {
		return err
	}
	res, err := funding.Build(funding.Request{
		Inputs: []funding.Input{{
			OutPoint: wire.OutPoint{Hash: prevTx.TxHash(), Index: in.InputIndex},
			PrevOut:  prevOut,
			Sequence: wire.MaxTxInSequenceNum,
			Signer:   funding.P2PKHSigner(key),
		}},
		FundingScript: fs,
		FundingAmount: amount.Satoshi(in.FundingSatoshis),
		ChangeScript:  change,
		Feerate:       amount.FeeratePerKw(in.FeeratePerKw),
	})
	if err != nil {
		return err
	}
	if res.FundingIndex != in.FundingOutput {
		return fmt.Errorf("funding output = %d, want %d", res.FundingIndex, in.FundingOutput)
	}
	if got := res.Tx.TxOut[1-res.FundingIndex].Value; got != in.ChangeSatoshis {
		return fmt.Errorf("change = %d, want %d", got, in.ChangeSatoshis)
	}
	if got, err := txHex(res.Tx); err != nil || got != in.FundingTx {
		return fmt.Errorf("funding tx = %s (%v), want %s", got, err, in.FundingTx)
	}
	if got := res.Tx.TxHash().String(); got != in.FundingTxid {
		return fmt.Errorf("funding txid = %s, want %s", got, in.FundingTxid)
	}
	return scripts.VerifyTx(res.Tx, []*wire.TxOut{prevOut})
}

func bolt03Tx(name, s string) (*wire.MsgTx, error) {
	b, err := unhex(name, s)
	if err != nil {
		return nil, err
	}
	tx := new(wire.MsgTx)
	if err := tx.Deserialize(bytes.NewReader(b)); err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	return tx, nil
}

// --- Appendix G ---

type bolt03DualInput struct {
	SerialID uint64   `json:"serial_id"`
	PrevVout uint32   `json:"prev_vout"`
	Sequence uint32   `json:"sequence"`
	Witness  []string `json:"witness"`
	Pubkey   string   `json:"pubkey"`
	Privkey  string   `json:"privkey"`
}

type bolt03DualOutput struct {
	SerialID uint64 `json:"serial_id"`
	Sats     int64  `json:"sats"`
	Script   string `json:"script"`
}

func runBolt03DualFunded(v testvectors.Vector) error {
	var in struct {
		Name                    string             `json:"name"`
		Derived                 []string           `json:"derived"`
		ParentTx                string             `json:"parent_tx"`
		ParentTxid              string             `json:"parent_txid"`
		LockTime                uint32             `json:"locktime"`
		FeeratePerKw            uint32             `json:"feerate_per_kw"`
		OpenerFundingSatoshis   int64              `json:"opener_funding_satoshis"`
		AccepterFundingSatoshis int64              `json:"accepter_funding_satoshis"`
		FundingPubkey1          string             `json:"funding_pubkey1"`
		FundingPubkey2          string             `json:"funding_pubkey2"`
		FundingWitnessScript    string             `json:"funding_witness_script"`
		OpenerInputs            []bolt03DualInput  `json:"opener_inputs"`
		AccepterInputs          []bolt03DualInput  `json:"accepter_inputs"`
		OpenerOutputs           []bolt03DualOutput `json:"opener_outputs"`
		AccepterOutputs         []bolt03DualOutput `json:"accepter_outputs"`
		OpenerWeight            int64              `json:"opener_weight"`
		OpenerFees              int64              `json:"opener_fees"`
		AccepterWeight          int64              `json:"accepter_weight"`
		AccepterFees            int64              `json:"accepter_fees"`
		UnsignedTx              string             `json:"unsigned_tx"`
		Txid                    string             `json:"txid"`
		OpenerWitness           string             `json:"opener_witness"`
		AccepterWitness         string             `json:"accepter_witness"`
		SignedTx                string             `json:"signed_tx"`
	}
	if err := v.Decode(&in); err != nil {
		return err
	}
	parent, err := bolt03Tx("parent_tx", in.ParentTx)
	if err != nil {
		return err
	}
	if got := parent.TxHash().String(); got != in.ParentTxid {
		return fmt.Errorf("parent txid = %s, want %s", got, in.ParentTxid)
	}
	var k bolt03Keys
	fs, err := scripts.Funding(k.point("funding_pubkey1", in.FundingPubkey1), k.point("funding_pubkey2", in.FundingPubkey2))
	if k.err != nil {
		return k.err
	}
	if err != nil {
		return err
	}
	if g := hex.EncodeToString(fs); g != in.FundingWitnessScript {
		return fmt.Errorf("funding witness script = %s, want %s", g, in.FundingWitnessScript)
	}
	fundingPk := scripts.P2WSH(fs)
	capacity := amount.Satoshi(in.OpenerFundingSatoshis + in.AccepterFundingSatoshis)
	feerate := amount.FeeratePerKw(in.FeeratePerKw)

	// Each side's inputs, with the witness that spends each: given for the
	// opener's hash-lock input, signed by the package for the accepter's.
	witnesses := make(map[wire.OutPoint]wire.TxWitness)
	signers := make(map[wire.OutPoint]funding.Signer)
	prevOuts := make(map[wire.OutPoint]*wire.TxOut)
	side := func(name string, ins []bolt03DualInput, outs []bolt03DualOutput, own amount.Satoshi, initiator bool,
		wantWeight, wantFee int64) (funding.Contribution, error) {
		var c funding.Contribution
		total := amount.Satoshi(0)
		for _, i := range ins {
			if int(i.PrevVout) >= len(parent.TxOut) {
				return c, fmt.Errorf("%s input %d: no such parent output", name, i.SerialID)
			}
			op := wire.OutPoint{Hash: parent.TxHash(), Index: i.PrevVout}
			prevOuts[op] = parent.TxOut[i.PrevVout]
			in := funding.TxInput{SerialID: i.SerialID, OutPoint: op, PrevOut: parent.TxOut[i.PrevVout], Sequence: i.Sequence}
			switch {
			case len(i.Witness) > 0:
				var w wire.TxWitness
				for _, item := range i.Witness {
					b, err := unhex("witness", item)
					if err != nil {
						return c, err
					}
					w = append(w, b)
				}
				witnesses[op] = w
				in.WitnessWeight = int64(w.SerializeSize())
			default:
				var k bolt03Keys
				key := k.secret("privkey", i.Privkey)
				if k.err != nil {
					return c, k.err
				}
				if err := samePoint(name+" input pubkey", key.PubKey(), i.Pubkey); err != nil {
					return c, err
				}
				signers[op] = funding.P2WPKHSigner(key)
				in.WitnessWeight = funding.MinInputWitnessWeight
			}
			c.Inputs = append(c.Inputs, in)
			total += amount.Satoshi(parent.TxOut[i.PrevVout].Value)
		}
		// The outputs are rebuilt: the funding output from the keys, the
		// change from the inputs, own funding and fee share.
		fee := amount.Satoshi(0)
		for _, o := range outs {
			script, err := unhex("script", o.Script)
			if err != nil {
				return c, err
			}
			c.Outputs = append(c.Outputs, funding.TxOutput{SerialID: o.SerialID, PkScript: script})
		}
		if w := c.Weight(initiator); w != wantWeight {
			return c, fmt.Errorf("%s weight = %d, want %d", name, w, wantWeight)
		}
		fee = c.Fee(feerate, initiator)
		if int64(fee) != wantFee {
			return c, fmt.Errorf("%s fees = %d, want %d", name, fee, wantFee)
		}
		for j, o := range c.Outputs {
			if bytes.Equal(o.PkScript, fundingPk) {
				c.Outputs[j].Value = capacity
			} else {
				c.Outputs[j].Value = total - own - fee
			}
			if int64(c.Outputs[j].Value) != outs[j].Sats {
				return c, fmt.Errorf("%s output %d = %d sat, want %d", name, o.SerialID, c.Outputs[j].Value, outs[j].Sats)
			}
		}
		return c, nil
	}
	opener, err := side("opener", in.OpenerInputs, in.OpenerOutputs, amount.Satoshi(in.OpenerFundingSatoshis), true, in.OpenerWeight, in.OpenerFees)
	if err != nil {
		return err
	}
	accepter, err := side("accepter", in.AccepterInputs, in.AccepterOutputs, amount.Satoshi(in.AccepterFundingSatoshis), false, in.AccepterWeight, in.AccepterFees)
	if err != nil {
		return err
	}
	tx, err := funding.BuildInteractive(in.LockTime, opener, accepter)
	if err != nil {
		return err
	}
	if got, err := txHex(tx); err != nil || got != in.UnsignedTx {
		return fmt.Errorf("unsigned tx = %s (%v), want %s", got, err, in.UnsignedTx)
	}
	if got := tx.TxHash().String(); got != in.Txid {
		return fmt.Errorf("txid = %s, want %s", got, in.Txid)
	}
	prev := make([]*wire.TxOut, len(tx.TxIn))
	for i, txIn := range tx.TxIn {
		op := txIn.PreviousOutPoint
		prev[i] = prevOuts[op]
		if sign, ok := signers[op]; ok {
			_, w, err := sign.Sign(tx, i, prev[i])
			if err != nil {
				return err
			}
			witnesses[op] = w
		}
	}
	for _, c := range []struct {
		name, want string
		op         wire.OutPoint
	}{
		{"opener witness", in.OpenerWitness, opener.Inputs[0].OutPoint},
		{"accepter witness", in.AccepterWitness, accepter.Inputs[0].OutPoint},
	} {
		var buf bytes.Buffer
		if err := wire.WriteVarInt(&buf, 0, uint64(len(witnesses[c.op]))); err != nil {
			return err
		}
		for _, item := range witnesses[c.op] {
			if err := wire.WriteVarBytes(&buf, 0, item); err != nil {
				return err
			}
		}
		if got := hex.EncodeToString(buf.Bytes()); got != c.want {
			return fmt.Errorf("%s = %s, want %s", c.name, got, c.want)
		}
	}
	for _, txIn := range tx.TxIn {
		txIn.Witness = witnesses[txIn.PreviousOutPoint]
	}
	if got, err := txHex(tx); err != nil || got != in.SignedTx {
		return fmt.Errorf("signed tx = %s (%v), want %s", got, err, in.SignedTx)
	}
	return scripts.VerifyTx(tx, prev)
}
