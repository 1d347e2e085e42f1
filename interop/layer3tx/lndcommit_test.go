package layer3tx

import (
	"bytes"
	"cmp"
	"fmt"
	"slices"
	"testing"

	"github.com/btcsuite/btcd/blockchain"
	"github.com/btcsuite/btcd/btcec/v2"
	"github.com/btcsuite/btcd/btcec/v2/ecdsa"
	"github.com/btcsuite/btcd/btcutil"
	"github.com/btcsuite/btcd/txscript"
	"github.com/btcsuite/btcd/wire"
	"github.com/lightningnetwork/lnd/channeldb"
	"github.com/lightningnetwork/lnd/fn/v2"
	"github.com/lightningnetwork/lnd/input"
	"github.com/lightningnetwork/lnd/lntypes"
	"github.com/lightningnetwork/lnd/lnwallet"
	"github.com/lightningnetwork/lnd/lnwallet/chainfee"
	"github.com/lightningnetwork/lnd/lnwire"

	"github.com/lnstack/lnstack/layer3_p2p/scripts"
)

// lnd's LightningChannel.SignNextCommitment cannot be timed alone: it
// reads the update logs, persists the new remote commitment to its
// channeldb before returning, and a channel signs a given state once. The
// benchmarks therefore time lnd's commitment construction and signing as
// lnwallet performs it, step by step, through the functions it exports:
//
//   - the key ring: lnwallet.DeriveCommitmentKeys;
//   - createUnsignedCommitmentTx: trimming with HtlcIsDust, the fee from
//     CommitWeight and input.HTLCWeight, CreateCommitTx for to_local,
//     to_remote and the anchors, each HTLC script from input's
//     SenderHTLCScript/ReceiverHTLCScript (what genSegwitV0HtlcScript
//     calls) and WitnessScriptHash, SetStateNumHint, InPlaceCommitSort,
//     blockchain.CheckTransactionSanity;
//   - populateHtlcIndexes: each HTLC's output found by scanning the sorted
//     outputs for its script, value and expiry;
//   - genRemoteHtlcSigJobs and SignNextCommitment: CreateHtlcTimeoutTx or
//     CreateHtlcSuccessTx, BIP 143 midstates and a sign descriptor per
//     HTLC, the jobs sorted by output index and run by lnd's SigPool with
//     lnd's default of 8 workers, the commitment signed meanwhile, the
//     signatures turned into lnwire.Sig.
//
// The signer is leanSigner: the private key looked up in a map, tweaked
// with input.TweakPrivKey and passed to txscript.RawTxInWitnessSignature.
// That is the least any lnd signer does (lnd's wallet signer also derives
// the basepoint's private key from its HD keychain for each signature), so
// lnd's figures are a lower bound of its real cost.
//
// TestLndAssembly checks that this assembly makes the transaction and the
// signatures lnstack makes, so that both sides of the benchmark do the
// same work.

// lndSigWorkers is lnd's default number of signing workers
// (lncfg.DefaultSigWorkers).
const lndSigWorkers = 8

// leanSigner is an input.Signer reduced to the signing itself; the other
// methods of the interface come from input.MockSigner and are not used.
type leanSigner struct {
	*input.MockSigner
	keys map[[33]byte]*btcec.PrivateKey
}

func newLeanSigner(privs ...*btcec.PrivateKey) *leanSigner {
	s := &leanSigner{MockSigner: input.NewMockSigner(privs, nil), keys: map[[33]byte]*btcec.PrivateKey{}}
	for _, k := range privs {
		s.keys[[33]byte(k.PubKey().SerializeCompressed())] = k
	}
	return s
}

// SignOutputRaw signs as lnd's signers do: tweak, then BIP 143 and RFC 6979.
func (s *leanSigner) SignOutputRaw(tx *wire.MsgTx, d *input.SignDescriptor) (input.Signature, error) {
	priv, ok := s.keys[[33]byte(d.KeyDesc.PubKey.SerializeCompressed())]
	if !ok {
		return nil, fmt.Errorf("no key for %x", d.KeyDesc.PubKey.SerializeCompressed())
	}
	if d.SingleTweak != nil {
		priv = input.TweakPrivKey(priv, d.SingleTweak)
	}
	sig, err := txscript.RawTxInWitnessSignature(tx, d.SigHashes, d.InputIndex, d.Output.Value, d.WitnessScript, d.HashType, priv)
	if err != nil {
		return nil, err
	}
	return ecdsa.ParseDERSignature(sig[:len(sig)-1])
}

// lndHTLC is an HTLC as lnd's signer sees it.
type lndHTLC struct {
	incoming bool // offered by the other node, the commitment's owner
	amount   lnwire.MilliSatoshi
	hash     [32]byte
	expiry   uint32
}

// lndNextCommitment is what lnd needs to sign the other node's next
// commitment: "our" side is the signer, "their" side owns the commitment.
type lndNextCommitment struct {
	typ                  channeldb.ChannelType
	ourCfg, theirCfg     channeldb.ChannelConfig
	weOpened             bool
	theirPoint           *btcec.PublicKey
	fundingIn            wire.TxIn
	fundingScript        []byte
	fundingOut           *wire.TxOut
	ourBalance, theirBal lnwire.MilliSatoshi // after the anchors, before the fee
	htlcs                []lndHTLC
	feerate              chainfee.SatPerKWeight
	height               uint64
	obfuscator           [lnwallet.StateHintSize]byte
	signer               input.Signer
	pool                 *lnwallet.SigPool
}

// lndSigned is what SignNextCommitment returns for commitment_signed.
type lndSigned struct {
	tx        *wire.MsgTx
	commitSig lnwire.Sig
	htlcSigs  []lnwire.Sig
}

// signNext builds their commitment and signs it, as lnwallet does.
func (s *lndNextCommitment) signNext() (*lndSigned, error) {
	ring := lnwallet.DeriveCommitmentKeys(s.theirPoint, lntypes.Remote, s.typ, &s.ourCfg, &s.theirCfg)
	dust := s.theirCfg.DustLimit
	anchors := s.typ.HasAnchors()

	untrimmed := int64(0)
	for _, h := range s.htlcs {
		if !lnwallet.HtlcIsDust(s.typ, h.incoming, lntypes.Remote, s.feerate, h.amount.ToSatoshis(), dust) {
			untrimmed++
		}
	}
	fee := s.feerate.FeeForWeight(lnwallet.CommitWeight(s.typ) + lntypes.WeightUnit(input.HTLCWeight*untrimmed))
	our, their := s.ourBalance, s.theirBal
	if s.weOpened {
		our -= lnwire.NewMSatFromSatoshis(fee)
	} else {
		their -= lnwire.NewMSatFromSatoshis(fee)
	}
	tx, err := lnwallet.CreateCommitTx(s.typ, s.fundingIn, ring, &s.theirCfg, &s.ourCfg,
		their.ToSatoshis(), our.ToSatoshis(), untrimmed, !s.weOpened, 0, fn.None[lnwallet.CommitAuxLeaves]())
	if err != nil {
		return nil, err
	}

	// The HTLC outputs. On their commitment an HTLC they offered (incoming
	// to us) has the sender's script with their key as the local one.
	type placed struct {
		h             lndHTLC
		witnessScript []byte
		pkScript      []byte
		index         int32
	}
	cltvs := make([]uint32, len(tx.TxOut), len(tx.TxOut)+len(s.htlcs))
	outs := make([]placed, 0, len(s.htlcs))
	for _, h := range s.htlcs {
		if lnwallet.HtlcIsDust(s.typ, h.incoming, lntypes.Remote, s.feerate, h.amount.ToSatoshis(), dust) {
			continue
		}
		var ws []byte
		if h.incoming {
			ws, err = input.SenderHTLCScript(ring.RemoteHtlcKey, ring.LocalHtlcKey, ring.RevocationKey, h.hash[:], anchors)
		} else {
			ws, err = input.ReceiverHTLCScript(h.expiry, ring.LocalHtlcKey, ring.RemoteHtlcKey, ring.RevocationKey, h.hash[:], anchors)
		}
		if err != nil {
			return nil, err
		}
		pk, err := input.WitnessScriptHash(ws)
		if err != nil {
			return nil, err
		}
		tx.AddTxOut(wire.NewTxOut(int64(h.amount.ToSatoshis()), pk))
		cltvs = append(cltvs, h.expiry)
		outs = append(outs, placed{h: h, witnessScript: ws, pkScript: pk})
	}
	if err := lnwallet.SetStateNumHint(tx, s.height, s.obfuscator); err != nil {
		return nil, err
	}
	lnwallet.InPlaceCommitSort(tx, cltvs)
	if err := blockchain.CheckTransactionSanity(btcutil.NewTx(tx)); err != nil {
		return nil, err
	}

	// Where each HTLC went.
	dups := map[[32]byte][]int32{}
	for i := range outs {
		p := &outs[i]
		p.index = -1
		for j, o := range tx.TxOut {
			if bytes.Equal(o.PkScript, p.pkScript) && o.Value == int64(p.h.amount.ToSatoshis()) &&
				cltvs[j] == p.h.expiry && !slices.Contains(dups[p.h.hash], int32(j)) {
				p.index = int32(j)
				dups[p.h.hash] = append(dups[p.h.hash], int32(j))
				break
			}
		}
		if p.index < 0 {
			return nil, fmt.Errorf("HTLC output not found")
		}
	}

	// The HTLC signature jobs.
	txid := tx.TxHash()
	cancel := make(chan struct{})
	defer close(cancel)
	jobs := make([]lnwallet.SignJob, 0, len(outs))
	for _, p := range outs {
		op := wire.OutPoint{Hash: txid, Index: uint32(p.index)}
		var htx *wire.MsgTx
		if p.h.incoming {
			amt := p.h.amount.ToSatoshis() - lnwallet.HtlcTimeoutFee(s.typ, s.feerate)
			htx, err = lnwallet.CreateHtlcTimeoutTx(s.typ, !s.weOpened, op, amt, p.h.expiry,
				uint32(s.theirCfg.CsvDelay), 0, ring.RevocationKey, ring.ToLocalKey, fn.None[txscript.TapLeaf]())
		} else {
			amt := p.h.amount.ToSatoshis() - lnwallet.HtlcSuccessFee(s.typ, s.feerate)
			htx, err = lnwallet.CreateHtlcSuccessTx(s.typ, !s.weOpened, op, amt,
				uint32(s.theirCfg.CsvDelay), 0, ring.RevocationKey, ring.ToLocalKey, fn.None[txscript.TapLeaf]())
		}
		if err != nil {
			return nil, err
		}
		out := tx.TxOut[p.index]
		fetcher := txscript.NewCannedPrevOutputFetcher(out.PkScript, int64(p.h.amount.ToSatoshis()))
		jobs = append(jobs, lnwallet.SignJob{
			SignDesc: input.SignDescriptor{
				KeyDesc:           s.ourCfg.HtlcBasePoint,
				SingleTweak:       ring.LocalHtlcKeyTweak,
				WitnessScript:     p.witnessScript,
				Output:            out,
				PrevOutputFetcher: fetcher,
				HashType:          lnwallet.HtlcSigHashType(s.typ),
				SigHashes:         txscript.NewTxSigHashes(htx, fetcher),
				InputIndex:        0,
			},
			Tx:          htx,
			OutputIndex: p.index,
			Cancel:      cancel,
			Resp:        make(chan lnwallet.SignJobResp, 1),
		})
	}
	slices.SortFunc(jobs, func(a, b lnwallet.SignJob) int { return cmp.Compare(a.OutputIndex, b.OutputIndex) })
	s.pool.SubmitSignBatch(jobs)

	// The commitment signature, while the pool works.
	raw, err := s.signer.SignOutputRaw(tx, &input.SignDescriptor{
		KeyDesc:       s.ourCfg.MultiSigKey,
		WitnessScript: s.fundingScript,
		Output:        s.fundingOut,
		HashType:      txscript.SigHashAll,
		SigHashes:     input.NewTxSigHashesV0Only(tx),
		InputIndex:    0,
	})
	if err != nil {
		return nil, err
	}
	out := &lndSigned{tx: tx, htlcSigs: make([]lnwire.Sig, 0, len(jobs))}
	if out.commitSig, err = lnwire.NewSigFromSignature(raw); err != nil {
		return nil, err
	}
	for _, j := range jobs {
		r := <-j.Resp
		if r.Err != nil {
			return nil, r.Err
		}
		out.htlcSigs = append(out.htlcSigs, r.Sig)
	}
	return out, nil
}

// newLndNextCommitment is lnd's view of the commitment lnstack's fixture
// f builds: f's commitment owner is "their" side, f's other node signs.
func newLndNextCommitment(t testing.TB, f *signFixture) *lndNextCommitment {
	t.Helper()
	ourCfg, theirCfg := f.signer.chanConfig(), f.owner.chanConfig()
	theirCfg.DustLimit = btcutil.Amount(f.c.DustLimit)
	theirCfg.CsvDelay = f.c.ToSelfDelay
	s := &lndNextCommitment{
		typ:           lndType(f.c.Type),
		ourCfg:        ourCfg,
		theirCfg:      theirCfg,
		weOpened:      !f.c.LocalIsOpener,
		theirPoint:    f.point,
		fundingIn:     *wire.NewTxIn(&f.c.FundingOutpoint, nil, nil),
		fundingScript: f.fundingScript,
		fundingOut:    wire.NewTxOut(int64(f.c.FundingAmount), scripts.P2WSH(f.fundingScript)),
		ourBalance:    lnwire.MilliSatoshi(f.c.ToRemote),
		theirBal:      lnwire.MilliSatoshi(f.c.ToLocal),
		feerate:       chainfee.SatPerKWeight(f.c.Feerate),
		height:        f.c.Number,
		obfuscator:    f.obfuscator,
		signer:        newLeanSigner(f.signer.funding, f.signer.htlc),
	}
	// lnd keeps the anchors out of the opener's balance for good.
	if f.c.Type.HasAnchors() {
		anchors := lnwire.NewMSatFromSatoshis(2 * lnwallet.AnchorSize)
		if s.weOpened {
			s.ourBalance -= anchors
		} else {
			s.theirBal -= anchors
		}
	}
	for _, h := range f.c.HTLCs {
		s.htlcs = append(s.htlcs, lndHTLC{incoming: h.Offered, amount: lnwire.MilliSatoshi(h.Amount), hash: h.PaymentHash, expiry: h.CLTVExpiry})
	}
	s.pool = lnwallet.NewSigPool(lndSigWorkers, s.signer)
	if err := s.pool.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = s.pool.Stop() })
	return s
}

// TestLndAssembly checks that the lnd assembly the benchmarks time makes
// the same commitment transaction and the same signatures as lnstack,
// for both channel types and the benchmarks' HTLC counts.
func TestLndAssembly(t *testing.T) {
	for _, typ := range channelTypes() {
		for _, n := range []int{0, 30, 483} {
			f := newSignFixture(t, typ, n)
			lnd := newLndNextCommitment(t, f)
			got, err := lnd.signNext()
			if err != nil {
				t.Fatal(err)
			}
			tx, sigs := f.buildAndSign(t)
			what := fmt.Sprintf("%v with %d HTLCs", typ, n)
			sameTx(t, what, tx.MsgTx, got.tx)
			ours, err := lnwire.NewSigFromSignature(sigs.Commitment)
			if err != nil {
				t.Fatal(err)
			}
			sameBytes(t, what+": commitment signature", ours.RawBytes(), got.commitSig.RawBytes())
			if len(sigs.HTLCs) != len(got.htlcSigs) {
				t.Fatalf("%s: %d HTLC signatures, lnd %d", what, len(sigs.HTLCs), len(got.htlcSigs))
			}
			for i, s := range sigs.HTLCs {
				ours, err := lnwire.NewSigFromSignature(s)
				if err != nil {
					t.Fatal(err)
				}
				sameBytes(t, what+": HTLC signature "+itoa(i), ours.RawBytes(), got.htlcSigs[i].RawBytes())
			}
		}
	}
}
