package commitment

import (
	"testing"

	"github.com/btcsuite/btcd/btcec/v2"

	"github.com/btcsuite/btcd/wire"

	"github.com/lnstack/lnstack/layer3_p2p/scripts"
)

// TestSpendEveryPath takes every output of a commitment, and of its HTLC
// transactions, down every branch its script has, with the keys BOLT #3
// gives each branch, and checks btcd's script engine accepts exactly the
// spends it should: right key and right timelock pass, the wrong key or a
// missing timelock fail.
func TestSpendEveryPath(t *testing.T) {
	for _, typ := range bothTypes {
		t.Run(typ.String(), func(t *testing.T) {
			htlcs, pre := testHTLCs(4)
			f := newFixture(t, typ, 10_000_000, 6_000_000_000, htlcs, pre)
			tx := signAll(t, f)
			txid := tx.MsgTx.TxHash()
			delayed, revocation := f.delayedKey(t), f.revocationKey(t)
			localHTLC, remoteHTLC := f.localHTLCKey(t), f.remoteHTLCKey(t)
			csv1 := uint32(0) // anchors lock every non-anchor output by one block
			if typ.HasAnchors() {
				csv1 = 1
			}
			seen := map[OutputKind]bool{}
			for i, o := range tx.Outputs {
				seen[o.Kind] = true
				s := spender{t: t, op: wire.OutPoint{Hash: txid, Index: uint32(i)}, prevOut: tx.MsgTx.TxOut[i], script: o.WitnessScript}
				ws := o.WitnessScript
				switch o.Kind {
				case ToLocalOutput:
					s.sequence = uint32(f.c.ToSelfDelay)
					s.spend("to_local after to_self_delay", delayed, func(sig []byte) wire.TxWitness { return scripts.ToLocalDelayedWitness(ws, sig) }, true)
					s.spend("to_local penalty", revocation, func(sig []byte) wire.TxWitness { return scripts.ToLocalPenaltyWitness(ws, sig) }, true)
					s.spend("to_local with the revocation key on the delayed branch", revocation, func(sig []byte) wire.TxWitness { return scripts.ToLocalDelayedWitness(ws, sig) }, false)
					s.sequence--
					s.spend("to_local before to_self_delay", delayed, func(sig []byte) wire.TxWitness { return scripts.ToLocalDelayedWitness(ws, sig) }, false)
				case ToRemoteOutput:
					if typ.HasAnchors() {
						s.sequence = 1
						s.spend("to_remote after 1 block", f.other.payment, func(sig []byte) wire.TxWitness { return scripts.ToRemoteAnchorsWitness(ws, sig) }, true)
						s.sequence = 0
						s.spend("to_remote without CSV 1", f.other.payment, func(sig []byte) wire.TxWitness { return scripts.ToRemoteAnchorsWitness(ws, sig) }, false)
						break
					}
					w := func(sig []byte) wire.TxWitness {
						w, err := scripts.P2WPKHWitness(f.other.payment.PubKey(), sig)
						if err != nil {
							t.Fatal(err)
						}
						return w
					}
					s.spend("to_remote P2WPKH", f.other.payment, w, true)
					s.spend("to_remote with the wrong key", f.owner.payment, w, false)
				case LocalAnchorOutput, RemoteAnchorOutput:
					key := f.owner.funding
					if o.Kind == RemoteAnchorOutput {
						key = f.other.funding
					}
					s.spend(o.Kind.String()+" with its funding key", key, func(sig []byte) wire.TxWitness { return scripts.AnchorWitness(ws, sig) }, true)
					s.spend(o.Kind.String()+" swept before 16 blocks", nil, func([]byte) wire.TxWitness { return scripts.AnchorSweepWitness(ws) }, false)
					s.sequence = 16
					s.spend(o.Kind.String()+" swept by anyone after 16 blocks", nil, func([]byte) wire.TxWitness { return scripts.AnchorSweepWitness(ws) }, true)
				case OfferedHTLCOutput:
					h := f.c.HTLCs[o.HTLC]
					s.sequence = csv1
					s.spend("offered HTLC claimed by the remote with the preimage", remoteHTLC, func(sig []byte) wire.TxWitness {
						return scripts.OfferedHTLCPreimageWitness(ws, sig, f.preimages[o.HTLC])
					}, true)
					s.spend("offered HTLC claimed with a wrong preimage", remoteHTLC, func(sig []byte) wire.TxWitness {
						return scripts.OfferedHTLCPreimageWitness(ws, sig, h.PaymentHash)
					}, false)
					penalty(t, s, ws, f.c.Keys.Revocation, revocation)
					if typ.HasAnchors() {
						s.sequence = 0
						s.spend("offered HTLC claimed without CSV 1", remoteHTLC, func(sig []byte) wire.TxWitness {
							return scripts.OfferedHTLCPreimageWitness(ws, sig, f.preimages[o.HTLC])
						}, false)
					}
				case ReceivedHTLCOutput:
					h := f.c.HTLCs[o.HTLC]
					s.sequence, s.lockTime = csv1, h.CLTVExpiry
					s.spend("received HTLC timed out by the remote", remoteHTLC, func(sig []byte) wire.TxWitness {
						return scripts.ReceivedHTLCTimeoutWitness(ws, sig)
					}, true)
					s.spend("received HTLC timed out with the local key", localHTLC, func(sig []byte) wire.TxWitness {
						return scripts.ReceivedHTLCTimeoutWitness(ws, sig)
					}, false)
					penalty(t, s, ws, f.c.Keys.Revocation, revocation)
					s.lockTime = h.CLTVExpiry - 1
					s.spend("received HTLC timed out before cltv_expiry", remoteHTLC, func(sig []byte) wire.TxWitness {
						return scripts.ReceivedHTLCTimeoutWitness(ws, sig)
					}, false)
				}
			}
			want := []OutputKind{ToLocalOutput, ToRemoteOutput, OfferedHTLCOutput, ReceivedHTLCOutput}
			if typ.HasAnchors() {
				want = append(want, LocalAnchorOutput, RemoteAnchorOutput)
			}
			for _, k := range want {
				if !seen[k] {
					t.Fatalf("no %v output to spend", k)
				}
			}
			// The HTLC transactions' outputs: delayed for the owner,
			// immediate for the penalty.
			for _, h := range tx.HTLCTxs {
				ws := h.OutputScript
				s := spender{t: t, op: wire.OutPoint{Hash: h.MsgTx.TxHash()}, prevOut: h.MsgTx.TxOut[0], script: ws, sequence: uint32(f.c.ToSelfDelay)}
				s.spend("HTLC tx output after to_self_delay", delayed, func(sig []byte) wire.TxWitness { return scripts.ToLocalDelayedWitness(ws, sig) }, true)
				s.spend("HTLC tx output penalty", revocation, func(sig []byte) wire.TxWitness { return scripts.ToLocalPenaltyWitness(ws, sig) }, true)
			}
		})
	}
}

// penalty spends a revoked HTLC output with the revocation key, and checks
// the local node's own HTLC key cannot take that branch.
func penalty(t *testing.T, s spender, ws []byte, revocationPub *btcec.PublicKey, revocation *btcec.PrivateKey) {
	t.Helper()
	w := func(sig []byte) wire.TxWitness {
		w, err := scripts.HTLCPenaltyWitness(ws, revocationPub, sig)
		if err != nil {
			t.Fatal(err)
		}
		return w
	}
	s.spend("HTLC penalty", revocation, w, true)
	s.spend("HTLC penalty signed with another key", secretOf("mallory"), w, false)
}
