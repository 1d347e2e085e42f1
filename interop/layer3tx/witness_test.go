package layer3tx

import (
	"testing"

	"github.com/btcsuite/btcd/btcec/v2"
	"github.com/btcsuite/btcd/btcec/v2/ecdsa"
	"github.com/btcsuite/btcd/chaincfg/chainhash"
	"github.com/btcsuite/btcd/txscript"
	"github.com/btcsuite/btcd/wire"
	"github.com/lightningnetwork/lnd/input"
	"github.com/lightningnetwork/lnd/keychain"

	"github.com/lnstack/lnstack/layer3_p2p/commitment"
	"github.com/lnstack/lnstack/layer3_p2p/scripts"
)

// witnessRounds is how many random key sets TestWitnesses spends every
// output kind with; each round makes and checks some forty signatures.
const witnessRounds = 40

// spendCase is one output spent one way: a one-input transaction spending
// prevOut, which lnstack's witness builder and lnd's input package both
// complete.
type spendCase struct {
	tx      *wire.MsgTx
	prevOut *wire.TxOut
	script  []byte // witness script; the pkScript for P2WPKH
}

func newSpend(prevOut *wire.TxOut, script []byte, sequence, lockTime uint32) *spendCase {
	tx := wire.NewMsgTx(2)
	tx.LockTime = lockTime
	tx.AddTxIn(&wire.TxIn{PreviousOutPoint: wire.OutPoint{Hash: chainhash.Hash{1}, Index: 0}, Sequence: sequence})
	tx.AddTxOut(wire.NewTxOut(prevOut.Value/2, []byte{txscript.OP_0, txscript.OP_DATA_20, 20: 0}))
	return &spendCase{tx: tx, prevOut: prevOut, script: script}
}

func (s *spendCase) fetcher() txscript.PrevOutputFetcher {
	return txscript.NewCannedPrevOutputFetcher(s.prevOut.PkScript, s.prevOut.Value)
}

// sign is lnstack's side: the BIP 143 digest signed with RFC 6979 ECDSA,
// the sighash type appended.
func (s *spendCase) sign(t testing.TB, key *btcec.PrivateKey, ht txscript.SigHashType) []byte {
	t.Helper()
	d, err := txscript.CalcWitnessSigHash(s.script, txscript.NewTxSigHashes(s.tx, s.fetcher()), ht, s.tx, 0, s.prevOut.Value)
	if err != nil {
		t.Fatal(err)
	}
	return append(ecdsa.Sign(key, d).Serialize(), byte(ht))
}

// signDesc is lnd's side: lnd's MockSigner holding key, and the sign
// descriptor lnd fills for a key it holds untweaked.
func (s *spendCase) signDesc(key *btcec.PrivateKey, ht txscript.SigHashType) (*input.MockSigner, *input.SignDescriptor) {
	return input.NewMockSigner([]*btcec.PrivateKey{key}, nil), &input.SignDescriptor{
		KeyDesc:           keychain.KeyDescriptor{PubKey: key.PubKey()},
		WitnessScript:     s.script,
		Output:            s.prevOut,
		HashType:          ht,
		SigHashes:         txscript.NewTxSigHashes(s.tx, s.fetcher()),
		PrevOutputFetcher: s.fetcher(),
		InputIndex:        0,
	}
}

// check compares the two witnesses item by item, then puts lnstack's on
// the transaction and runs the script engine on it.
func (s *spendCase) check(t testing.TB, what string, ours, lnds wire.TxWitness, lndErr error) {
	t.Helper()
	if lndErr != nil {
		t.Fatalf("%s: lnd: %v", what, lndErr)
	}
	if len(ours) != len(lnds) {
		t.Fatalf("%s: lnstack's witness has %d items, lnd's %d", what, len(ours), len(lnds))
	}
	for i := range ours {
		sameBytes(t, what+": witness item "+itoa(i), ours[i], lnds[i])
	}
	s.tx.TxIn[0].Witness = ours
	execute(t, what, s.tx, s.prevOut)
}

// TestWitnesses spends every output of BOLT #3 on every path with
// lnstack's witness builders and with lnd's input package, on random keys
// and parameters: the witnesses must be equal item for item (signatures
// included, both being RFC 6979 over the same BIP 143 digest) and must
// satisfy the script engine.
func TestWitnesses(t *testing.T) {
	rng := newRand(20)
	for i := 0; i < witnessRounds; i++ {
		typ := channelTypes()[i%2]
		anchors := typ.HasAnchors()
		keysA, keysB := randPriv(t, rng), randPriv(t, rng)
		rev, delayed, local, remote := randPriv(t, rng), randPriv(t, rng), randPriv(t, rng), randPriv(t, rng)
		value := int64(10_000 + rng.Uint64N(1e9))
		delay := randDelay(rng)
		cltv := rng.Uint32N(500_000_000) // a block height, as the engine's CLTV check needs
		preimage := randBytes32(rng)
		hash := chainhash.HashH(preimage[:])
		all := txscript.SigHashAll

		// The funding output: 0 <sig1> <sig2>, in key order.
		ws, err := scripts.Funding(keysA.PubKey(), keysB.PubKey())
		if err != nil {
			t.Fatal(err)
		}
		s := newSpend(wire.NewTxOut(value, scripts.P2WSH(ws)), ws, 0xfffffffd, 0)
		sigA, sigB := s.sign(t, keysA, all), s.sign(t, keysB, all)
		ours, err := scripts.FundingWitness(ws, keysA.PubKey(), sigA, keysB.PubKey(), sigB)
		if err != nil {
			t.Fatal(err)
		}
		parsedA, _ := ecdsa.ParseDERSignature(sigA[:len(sigA)-1])
		parsedB, _ := ecdsa.ParseDERSignature(sigB[:len(sigB)-1])
		s.check(t, "funding", ours, input.SpendMultiSig(ws, keysA.PubKey().SerializeCompressed(), parsedA, keysB.PubKey().SerializeCompressed(), parsedB), nil)

		// to_local and the HTLC transactions' output: delayed, revoked.
		ws, err = scripts.ToLocal(rev.PubKey(), delayed.PubKey(), delay)
		if err != nil {
			t.Fatal(err)
		}
		out := wire.NewTxOut(value, scripts.P2WSH(ws))
		s = newSpend(out, ws, uint32(delay), 0)
		signer, desc := s.signDesc(delayed, all)
		lnd, err := input.CommitSpendTimeout(signer, desc, s.tx)
		s.check(t, "to_local after to_self_delay", scripts.ToLocalDelayedWitness(ws, s.sign(t, delayed, all)), lnd, err)
		s = newSpend(out, ws, uint32(delay), 0)
		signer, desc = s.signDesc(delayed, all)
		lnd, err = input.HtlcSpendSuccess(signer, desc, s.tx, uint32(delay))
		s.check(t, "HTLC transaction output after to_self_delay", scripts.ToLocalDelayedWitness(ws, s.sign(t, delayed, all)), lnd, err)
		s = newSpend(out, ws, 0xffffffff, 0)
		signer, desc = s.signDesc(rev, all)
		lnd, err = input.CommitSpendRevoke(signer, desc, s.tx)
		s.check(t, "revoked to_local", scripts.ToLocalPenaltyWitness(ws, s.sign(t, rev, all)), lnd, err)
		s = newSpend(out, ws, 0xffffffff, 0)
		signer, desc = s.signDesc(rev, all)
		lnd, err = input.HtlcSpendRevoke(signer, desc, s.tx)
		s.check(t, "revoked HTLC transaction output", scripts.ToLocalPenaltyWitness(ws, s.sign(t, rev, all)), lnd, err)

		// to_remote: P2WPKH, or CSV 1 with anchors.
		if anchors {
			ws, err = scripts.ToRemoteAnchors(remote.PubKey())
			if err != nil {
				t.Fatal(err)
			}
			s = newSpend(wire.NewTxOut(value, scripts.P2WSH(ws)), ws, 1, 0)
			signer, desc = s.signDesc(remote, all)
			lnd, err = input.CommitSpendToRemoteConfirmed(signer, desc, s.tx)
			s.check(t, "to_remote with anchors", scripts.ToRemoteAnchorsWitness(ws, s.sign(t, remote, all)), lnd, err)
		} else {
			pk, err := scripts.P2WPKH(remote.PubKey())
			if err != nil {
				t.Fatal(err)
			}
			s = newSpend(wire.NewTxOut(value, pk), pk, 0xffffffff, 0)
			ours, err := scripts.P2WPKHWitness(remote.PubKey(), s.sign(t, remote, all))
			if err != nil {
				t.Fatal(err)
			}
			signer, desc = s.signDesc(remote, all)
			lnd, err = input.CommitSpendNoDelay(signer, desc, s.tx, true)
			s.check(t, "to_remote with static_remotekey", ours, lnd, err)
		}

		// The anchors: with the funding key, or by anyone after 16 blocks.
		if anchors {
			ws, err = scripts.Anchor(keysA.PubKey())
			if err != nil {
				t.Fatal(err)
			}
			out = wire.NewTxOut(int64(commitment.AnchorAmount), scripts.P2WSH(ws))
			s = newSpend(out, ws, 0xfffffffd, 0)
			signer, desc = s.signDesc(keysA, all)
			lnd, err = input.CommitSpendAnchor(signer, desc, s.tx)
			s.check(t, "anchor with its key", scripts.AnchorWitness(ws, s.sign(t, keysA, all)), lnd, err)
			s = newSpend(out, ws, 16, 0)
			lnd, err = input.CommitSpendAnchorAnyone(ws)
			s.check(t, "anchor by anyone", scripts.AnchorSweepWitness(ws), lnd, err)
		}

		// HTLC outputs. The remote signature on an HTLC transaction is
		// SIGHASH_SINGLE|ANYONECANPAY with anchors.
		k := scripts.HTLCKeys{Revocation: rev.PubKey(), Local: local.PubKey(), Remote: remote.PubKey()}
		htlcSeq := typ.HTLCSequence()
		remoteHT := typ.RemoteHTLCSigHash()
		claimSeq := uint32(0xfffffffd)
		if anchors {
			claimSeq = 1 // the 1 OP_CHECKSEQUENCEVERIFY of option_anchors
		}

		ws, err = scripts.OfferedHTLC(k, hash, anchors)
		if err != nil {
			t.Fatal(err)
		}
		out = wire.NewTxOut(value, scripts.P2WSH(ws))
		s = newSpend(out, ws, htlcSeq, cltv)
		remoteSig := s.sign(t, remote, remoteHT)
		parsed, _ := ecdsa.ParseDERSignature(remoteSig[:len(remoteSig)-1])
		signer, desc = s.signDesc(local, all)
		lnd, err = input.SenderHtlcSpendTimeout(parsed, remoteHT, signer, desc, s.tx)
		s.check(t, "HTLC-timeout", scripts.HTLCTimeoutWitness(ws, remoteSig, s.sign(t, local, all)), lnd, err)
		s = newSpend(out, ws, claimSeq, 0)
		signer, desc = s.signDesc(remote, all)
		lnd, err = input.SenderHtlcSpendRedeem(signer, desc, s.tx, preimage[:])
		s.check(t, "offered HTLC claimed with the preimage", scripts.OfferedHTLCPreimageWitness(ws, s.sign(t, remote, all), preimage), lnd, err)
		s = newSpend(out, ws, 0xffffffff, 0)
		ours, err = scripts.HTLCPenaltyWitness(ws, rev.PubKey(), s.sign(t, rev, all))
		if err != nil {
			t.Fatal(err)
		}
		signer, desc = s.signDesc(rev, all)
		lnd, err = input.SenderHtlcSpendRevokeWithKey(signer, desc, rev.PubKey(), s.tx)
		s.check(t, "revoked offered HTLC", ours, lnd, err)

		ws, err = scripts.ReceivedHTLC(k, hash, cltv, anchors)
		if err != nil {
			t.Fatal(err)
		}
		out = wire.NewTxOut(value, scripts.P2WSH(ws))
		s = newSpend(out, ws, htlcSeq, 0)
		remoteSig = s.sign(t, remote, remoteHT)
		parsed, _ = ecdsa.ParseDERSignature(remoteSig[:len(remoteSig)-1])
		signer, desc = s.signDesc(local, all)
		lnd, err = input.ReceiverHtlcSpendRedeem(parsed, remoteHT, preimage[:], signer, desc, s.tx)
		s.check(t, "HTLC-success", scripts.HTLCSuccessWitness(ws, remoteSig, s.sign(t, local, all), preimage), lnd, err)
		s = newSpend(out, ws, claimSeq, cltv)
		signer, desc = s.signDesc(remote, all)
		lnd, err = input.ReceiverHtlcSpendTimeout(signer, desc, s.tx, int32(cltv))
		s.check(t, "received HTLC timed out", scripts.ReceivedHTLCTimeoutWitness(ws, s.sign(t, remote, all)), lnd, err)
		s = newSpend(out, ws, 0xffffffff, 0)
		ours, err = scripts.HTLCPenaltyWitness(ws, rev.PubKey(), s.sign(t, rev, all))
		if err != nil {
			t.Fatal(err)
		}
		signer, desc = s.signDesc(rev, all)
		lnd, err = input.ReceiverHtlcSpendRevokeWithKey(signer, desc, rev.PubKey(), s.tx)
		s.check(t, "revoked received HTLC", ours, lnd, err)
	}
}
