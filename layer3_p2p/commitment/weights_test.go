package commitment

import (
	"testing"

	"github.com/btcsuite/btcd/btcec/v2"
	"github.com/btcsuite/btcd/wire"

	"github.com/lnstack/lnstack/layer3_p2p/scripts"
)

// maxSig is a 73-byte stand-in for a signature: the longest DER encoding
// (72 bytes) and its sighash byte, what BOLT #3 Appendix A assumes.
var maxSig = make([]byte, 73)

// weight is the BIP 141 weight of a transaction.
func weight(tx *wire.MsgTx) int64 {
	return int64(tx.SerializeSizeStripped())*3 + int64(tx.SerializeSize())
}

// TestExpectedCommitmentWeight rebuilds Appendix A's commitment weight from
// real transactions: both to_local and to_remote (and, with anchors, both
// anchors) present and the funding witness with two 73-byte signatures
// weighs exactly 724 + 172 per HTLC output. With anchors the real weight is
// 8 below 1124 + 172 per HTLC: Appendix A counts "count_tx_out: 3 byte"
// where a transaction with fewer than 253 outputs has a 1-byte count, and
// the fee formula keeps the larger figure.
func TestExpectedCommitmentWeight(t *testing.T) {
	for _, typ := range bothTypes {
		for _, n := range []int{0, 1, 7, 30} {
			htlcs, pre := testHTLCs(n)
			f := newFixture(t, typ, 10_000_000, 6_000_000_000, htlcs, pre)
			tx, err := Build(f.c)
			if err != nil {
				t.Fatal(err)
			}
			want := 2 + 2
			if typ.HasAnchors() {
				want += 2
			}
			if len(tx.MsgTx.TxOut) != want+n-2 {
				t.Fatalf("%v: %d outputs", typ, len(tx.MsgTx.TxOut))
			}
			w, err := scripts.FundingWitness(tx.FundingScript, f.c.LocalFundingKey, maxSig, f.c.RemoteFundingKey, maxSig)
			if err != nil {
				t.Fatal(err)
			}
			tx.MsgTx.TxIn[0].Witness = w
			expected := typ.CommitWeight(n)
			if typ.HasAnchors() {
				expected -= 4 * 2 // the two extra bytes of count_tx_out
			}
			if got := weight(tx.MsgTx); got != expected {
				t.Errorf("%v with %d HTLCs: weight %d, expected %d", typ, n, got, expected)
			}
		}
	}
}

// TestExpectedHTLCTxWeights checks Appendix A's HTLC transaction weights
// against real transactions with 73-byte signatures: HTLC-timeout is
// exactly 663 (666 with anchors); HTLC-success is 702 (705), one less than
// the 703 (706) used for fees, as BOLT #3 notes ("really 702 and 705, but
// we use these numbers for historical reasons"). The received script is
// the 140 bytes of Appendix A when cltv_expiry takes 4 bytes.
func TestExpectedHTLCTxWeights(t *testing.T) {
	for _, typ := range bothTypes {
		htlcs, pre := testHTLCs(2)
		htlcs[1].CLTVExpiry = 1 << 24 // a 4-byte push
		f := newFixture(t, typ, 10_000_000, 6_000_000_000, htlcs, pre)
		tx, err := Build(f.c)
		if err != nil {
			t.Fatal(err)
		}
		for _, h := range tx.HTLCTxs {
			extra := 0
			if typ.HasAnchors() {
				extra = scripts.AnchorsExtraLen
			}
			if h.Timeout {
				if len(h.InputScript) != scripts.OfferedHTLCLen+extra {
					t.Fatalf("offered script %d bytes", len(h.InputScript))
				}
				h.MsgTx.TxIn[0].Witness = scripts.HTLCTimeoutWitness(h.InputScript, maxSig, maxSig)
				if got := weight(h.MsgTx); got != typ.HTLCTimeoutWeight() {
					t.Errorf("%v HTLC-timeout weight %d, expected %d", typ, got, typ.HTLCTimeoutWeight())
				}
				continue
			}
			if len(h.InputScript) != scripts.ReceivedHTLCLen+extra {
				t.Fatalf("received script %d bytes", len(h.InputScript))
			}
			h.MsgTx.TxIn[0].Witness = scripts.HTLCSuccessWitness(h.InputScript, maxSig, maxSig, [32]byte{})
			if got := weight(h.MsgTx); got != typ.HTLCSuccessWeight()-1 {
				t.Errorf("%v HTLC-success weight %d, expected %d - 1", typ, got, typ.HTLCSuccessWeight())
			}
		}
	}
}

// TestPenaltyWitnessWeights checks BOLT #5 "Penalty Transactions Weight
// Calculation" against the witnesses the scripts package builds, with
// 73-byte signatures: offered_htlc_penalty_witness 243 and
// accepted_htlc_penalty_witness 249 (a 3-byte cltv_expiry, as any block
// height from 32768 to 8388607 needs); to_local_penalty_witness 160 is an
// upper bound (BOLT #5 counts 8 bytes for to_self_delay, which takes at
// most 3), so the real witness must not exceed it. Then the input weights
// (+164 for the 41-byte txinput) and the 966-HTLC sweep bound follow.
func TestPenaltyWitnessWeights(t *testing.T) {
	const (
		toLocalPenaltyWitness  = 160
		offeredPenaltyWitness  = 243
		acceptedPenaltyWitness = 249
		txInputWeight          = 4 * 41
	)
	if toLocalPenaltyWitness+txInputWeight != 324 || offeredPenaltyWitness+txInputWeight != 407 ||
		acceptedPenaltyWitness+txInputWeight != 413 {
		t.Fatal("BOLT #5 input weights do not add up")
	}
	// BOLT #5: "max_num_htlcs = (400000 - 324 - 272 - (4 * 53) - 2) / 413 = 966"
	if n := (400000 - 324 - 272 - 4*53 - 2) / 413; n != 966 || n/2 != 483 {
		t.Fatalf("max_num_htlcs = %d", n)
	}
	k := func(label string) *btcec.PublicKey { return secretOf(label).PubKey() }
	keys := scripts.HTLCKeys{Revocation: k("r"), Local: k("l"), Remote: k("m")}
	offered, err := scripts.OfferedHTLC(keys, [32]byte{1}, false)
	if err != nil {
		t.Fatal(err)
	}
	received, err := scripts.ReceivedHTLC(keys, [32]byte{1}, 800_000, false)
	if err != nil {
		t.Fatal(err)
	}
	toLocal, err := scripts.ToLocal(keys.Revocation, keys.Local, 0xffff)
	if err != nil {
		t.Fatal(err)
	}
	op, err := scripts.HTLCPenaltyWitness(offered, keys.Revocation, maxSig)
	if err != nil {
		t.Fatal(err)
	}
	ac, err := scripts.HTLCPenaltyWitness(received, keys.Revocation, maxSig)
	if err != nil {
		t.Fatal(err)
	}
	if got := op.SerializeSize(); got != offeredPenaltyWitness {
		t.Errorf("offered_htlc_penalty_witness %d, expected %d", got, offeredPenaltyWitness)
	}
	if got := ac.SerializeSize(); got != acceptedPenaltyWitness {
		t.Errorf("accepted_htlc_penalty_witness %d, expected %d", got, acceptedPenaltyWitness)
	}
	if got := scripts.ToLocalPenaltyWitness(toLocal, maxSig).SerializeSize(); got > toLocalPenaltyWitness {
		t.Errorf("to_local_penalty_witness %d, above %d", got, toLocalPenaltyWitness)
	}
}
