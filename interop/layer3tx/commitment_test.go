package layer3tx

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/btcsuite/btcd/btcec/v2/ecdsa"
	"github.com/btcsuite/btcd/btcutil"
	"github.com/btcsuite/btcd/txscript"
	"github.com/btcsuite/btcd/wire"
	"github.com/lightningnetwork/lnd/channeldb"
	"github.com/lightningnetwork/lnd/fn/v2"
	"github.com/lightningnetwork/lnd/input"
	"github.com/lightningnetwork/lnd/lnwallet"

	"github.com/lnstack/lnstack/layer3_p2p/amount"
	"github.com/lnstack/lnstack/layer3_p2p/commitment"
	"github.com/lnstack/lnstack/layer3_p2p/keys"
	"github.com/lnstack/lnstack/layer3_p2p/shachain"
)

// Shape of TestCommitmentAgainstLnd: channels per type, state changes per
// channel. Every state is compared from both sides.
const (
	channelsPerType = 6
	roundsPerChan   = 5
)

// TestCommitmentAgainstLnd runs random channels between two lnd state
// machines through random updates (HTLCs added both ways, some of them
// trimmed on one side or both, settled, failed; update_fee) and, at every
// commitment number from 0, checks that lnstack, given the same channel
// state, builds and signs exactly what lnd committed to. See compareSide.
func TestCommitmentAgainstLnd(t *testing.T) {
	rng := newRand(40)
	cov := new(coverage)
	for n := 0; n < 2*channelsPerType; n++ {
		typ := channelTypes()[n%2]
		t.Run(fmt.Sprintf("%v/%d", typ, n/2), func(t *testing.T) {
			c := newChannel(t, rng, channelParams{typ: typ, cov: cov})
			c.compareBoth(t, rng)
			for round := 0; round < roundsPerChan; round++ {
				c.randomUpdates(t, rng)
				c.commit(t, rng, rng.IntN(2))
			}
		})
	}
	t.Logf("%+v", *cov)
	for _, n := range []int{cov.trimmed, cov.cltvTies, cov.noToLocal, cov.noToRemote, cov.settled, cov.failed, cov.fees} {
		if n == 0 {
			t.Fatalf("the random channels missed a case: %+v", *cov)
		}
	}
}

// TestCommitmentManyHTLCs fills a 10 BTC channel to the BOLT #2 limit of
// 483 HTLCs offered by one side, with 100 more the other way, dust ones
// among them. (Settling and failing are TestCommitmentAgainstLnd's.)
func TestCommitmentManyHTLCs(t *testing.T) {
	rng := newRand(41)
	for _, typ := range channelTypes() {
		t.Run(typ.String(), func(t *testing.T) {
			cov := new(coverage)
			c := newChannel(t, rng, channelParams{typ: typ, capacity: 1_000_000_000, feerate: 253 + amount.FeeratePerKw(rng.IntN(2000)), push: 0.4, cov: cov})
			for from, count := range [2]int{input.MaxHTLCNumber / 2, 100} {
				for added, tries := 0, 0; added < count; tries++ {
					if tries == 2*count {
						t.Fatalf("lnd took %d of %d HTLCs from node %d; last refusal: %v", added, count, from, c.refusal)
					}
					amt := c.randHTLCAmount(rng, from)
					amt = min(amt, 200_000_000) // 200,000 sat: 483 of them fit in 40% of 10 BTC
					if c.addHTLC(t, from, amt, randBytes32(rng), randCLTV(rng)) {
						added++
					}
				}
			}
			c.commit(t, rng, c.opener)
			if len(c.htlcs) != input.MaxHTLCNumber/2+100 || cov.trimmed == 0 || cov.htlcOutputs == 0 {
				t.Fatalf("%d HTLCs: %+v", len(c.htlcs), *cov)
			}
		})
	}
}

// randomUpdates applies a random batch of updates to the channel.
func (c *channel) randomUpdates(t *testing.T, rng *rand.Rand) {
	t.Helper()
	for i := len(c.htlcs) - 1; i >= 0; i-- {
		if rng.IntN(3) == 0 {
			c.resolve(t, i, rng.IntN(3) != 0)
		}
	}
	for from := range c.p {
		for k := rng.IntN(12); k > 0; k-- {
			// Now and then a copy of a live HTLC (same payment hash and
			// amount: an MPP shard), with the same or another expiry, so
			// that outputs tie and BOLT #3's CLTV tie-break shows.
			if n := len(c.htlcs); n > 0 && rng.IntN(6) == 0 {
				h := c.htlcs[rng.IntN(n)]
				if h.from == from {
					cltv := h.cltv
					if rng.IntN(2) == 0 {
						cltv = randCLTV(rng)
					}
					c.addHTLC(t, from, h.amount, h.preimage, cltv)
					continue
				}
			}
			c.addHTLC(t, from, c.randHTLCAmount(rng, from), randBytes32(rng), randCLTV(rng))
		}
	}
	if rng.IntN(4) == 0 {
		c.updateFee(t, amount.FeeratePerKw(253+rng.IntN(2*int(c.feerate))))
	}
}

// randHTLCAmount draws an HTLC amount for party from to offer: often
// within a few satoshis of where one side's commitment trims it (its dust
// limit plus the HTLC transaction fee, which differs between the
// offerer's commitment, HTLC-timeout, and the receiver's, HTLC-success),
// otherwise small or a slice of the offerer's balance; with a random
// millisatoshi part.
func (c *channel) randHTLCAmount(rng *rand.Rand, from int) amount.MilliSatoshi {
	var sat amount.Satoshi
	switch rng.IntN(3) {
	case 0:
		side := rng.IntN(2)
		fee := c.typ.HTLCSuccessFee(c.feerate)
		if side == from {
			fee = c.typ.HTLCTimeoutFee(c.feerate)
		}
		sat = c.p[side].dust + fee + amount.Satoshi(rng.IntN(5)) - 2
	case 1:
		sat = amount.Satoshi(1 + rng.IntN(100_000))
	default:
		sat = amount.Satoshi(1 + rng.Int64N(int64(c.p[from].balance.ToSatoshi()/8)+1))
	}
	return amount.MilliSatoshi(sat)*1000 + amount.MilliSatoshi(rng.IntN(1000))
}

// compareBoth compares both sides' current commitments.
func (c *channel) compareBoth(t *testing.T, rng *rand.Rand) {
	t.Helper()
	for i := range c.p {
		c.compareSide(t, rng, i)
	}
}

// commitmentOf is side i's current commitment in lnstack's terms, built
// from the model alone: balances, live HTLCs, feerate and commitment
// number, with the keys derived by lnstack from the basepoints and the
// per-commitment secret lnstack's shachain gives for that number.
func (c *channel) commitmentOf(t *testing.T, i int) commitment.Commitment {
	t.Helper()
	me, other := c.p[i], c.p[1-i]
	secret, err := shachain.NewProducer(me.seed).ForCommitment(c.height)
	if err != nil {
		t.Fatal(err)
	}
	point, err := keys.PerCommitmentPoint(secret)
	if err != nil {
		t.Fatal(err)
	}
	ck, err := keys.DeriveCommitmentKeys(point, me.keys.basepoints(), other.keys.basepoints())
	if err != nil {
		t.Fatal(err)
	}
	factor, err := commitment.ObscuringFactor(c.p[c.opener].keys.payment.PubKey(), c.p[1-c.opener].keys.payment.PubKey())
	if err != nil {
		t.Fatal(err)
	}
	htlcs := make([]commitment.HTLC, len(c.htlcs))
	for j, h := range c.htlcs {
		htlcs[j] = commitment.HTLC{Offered: h.from == i, Amount: h.amount, PaymentHash: h.hash, CLTVExpiry: h.cltv}
	}
	return commitment.Commitment{
		Type:             c.typ,
		FundingOutpoint:  c.outpoint,
		FundingAmount:    c.capacity,
		LocalFundingKey:  me.keys.funding.PubKey(),
		RemoteFundingKey: other.keys.funding.PubKey(),
		ObscuringFactor:  factor,
		Number:           c.height,
		LocalIsOpener:    i == c.opener,
		ToSelfDelay:      me.delay,
		DustLimit:        me.dust,
		Feerate:          c.feerate,
		ToLocal:          me.balance,
		ToRemote:         other.balance,
		HTLCs:            htlcs,
		Keys:             ck,
	}
}

// compareSide checks side i's current commitment, lnstack against lnd:
//
//  1. lnstack's Build from the model gives lnd's unsigned commitment
//     transaction byte for byte (LocalCommitment.CommitTx), with lnd's
//     fee, and its HTLC outputs are lnd's HTLCs (direction, amount, hash,
//     expiry), the trimmed ones included;
//  2. the other node's signatures, made by lnd (LocalCommitment.CommitSig
//     and each HTLC's Signature), pass lnstack's Verify, and lnstack's
//     Sign with the other node's keys makes them byte for byte (RFC 6979);
//  3. lnstack's Finalize with the owner's signature gives the signed
//     commitment lnd broadcasts on force close (GetSignedCommitTx), and
//     the script engine accepts it;
//  4. every HTLC-timeout and HTLC-success transaction lnstack finalizes is
//     the one in lnd's force-close resolutions (NewLocalForceCloseSummary),
//     and the script engine accepts it spending lnd's commitment output;
//     lnd's to_local and anchor resolutions point at lnstack's outputs;
//  5. the same commitment at a random commitment number is lnd's with
//     that number hidden by SetStateNumHint, and lnd reads the real number
//     back from lnstack's transaction.
func (c *channel) compareSide(t *testing.T, rng *rand.Rand, i int) {
	t.Helper()
	me, other := c.p[i], c.p[1-i]
	what := fmt.Sprintf("node %d's commitment %d", i, c.height)
	st := me.ch.State()
	lc := st.LocalCommitment
	if lc.CommitHeight != c.height {
		t.Fatalf("%s: lnd is at commitment %d", what, lc.CommitHeight)
	}
	cm := c.commitmentOf(t, i)
	tx, err := commitment.Build(cm)
	if err != nil {
		t.Fatalf("%s: lnstack: %v", what, err)
	}

	// 1. The unsigned transaction and its HTLC outputs.
	sameTx(t, what+", unsigned", tx.MsgTx, lc.CommitTx)
	if int64(tx.BaseFee) != int64(lc.CommitFee) {
		t.Fatalf("%s: fee %v, lnd %v", what, tx.BaseFee, lc.CommitFee)
	}
	var lndHTLCs []channeldb.HTLC
	trimmed := 0
	for _, h := range lc.Htlcs {
		if h.OutputIndex < 0 {
			trimmed++
			continue
		}
		lndHTLCs = append(lndHTLCs, h)
	}
	slices.SortFunc(lndHTLCs, func(a, b channeldb.HTLC) int { return int(a.OutputIndex - b.OutputIndex) })
	if len(lndHTLCs) != len(tx.HTLCTxs) || trimmed != len(tx.Trimmed) {
		t.Fatalf("%s: %d HTLC outputs and %d trimmed, lnd %d and %d", what, len(tx.HTLCTxs), len(tx.Trimmed), len(lndHTLCs), trimmed)
	}
	for j, h := range tx.HTLCTxs {
		l, m := lndHTLCs[j], cm.HTLCs[h.HTLC]
		if uint32(l.OutputIndex) != h.CommitmentOutput || l.Incoming == m.Offered || l.RHash != m.PaymentHash ||
			l.Amt.ToSatoshis() != btcutil.Amount(m.Amount.ToSatoshi()) || l.RefundTimeout != m.CLTVExpiry {
			t.Fatalf("%s: HTLC output %d is %+v, lnd's %+v", what, h.CommitmentOutput, m, l)
		}
	}

	c.count(tx)

	// 2. The other node's signatures.
	remoteSigs := commitment.Signatures{Commitment: parseSig(t, lc.CommitSig)}
	for _, h := range lndHTLCs {
		remoteSigs.HTLCs = append(remoteSigs.HTLCs, parseSig(t, h.Signature))
	}
	if err := tx.Verify(commitment.Remote, remoteSigs); err != nil {
		t.Fatalf("%s: lnstack refuses lnd's signatures: %v", what, err)
	}
	otherHTLCKey, err := keys.DerivePrivkey(other.keys.htlc, cm.Keys.PerCommitmentPoint)
	if err != nil {
		t.Fatal(err)
	}
	oursAsRemote, err := tx.Sign(commitment.Remote, other.keys.funding, otherHTLCKey)
	if err != nil {
		t.Fatal(err)
	}
	sameBytes(t, what+", commitment signature", oursAsRemote.Commitment.Serialize(), lc.CommitSig)
	for j, h := range lndHTLCs {
		sameBytes(t, what+", HTLC signature "+itoa(j), oursAsRemote.HTLCs[j].Serialize(), h.Signature)
	}

	// 3. The signed commitment.
	localHTLCKey, err := keys.DerivePrivkey(me.keys.htlc, cm.Keys.PerCommitmentPoint)
	if err != nil {
		t.Fatal(err)
	}
	local, err := tx.Sign(commitment.Local, me.keys.funding, localHTLCKey)
	if err != nil {
		t.Fatal(err)
	}
	lndTx, err := lnwallet.GetSignedCommitTx(lnwallet.SignedCommitTxInputs{
		CommitTx:  lc.CommitTx,
		CommitSig: lc.CommitSig,
		OurKey:    st.LocalChanCfg.MultiSigKey,
		TheirKey:  st.RemoteChanCfg.MultiSigKey,
		SignDesc: &input.SignDescriptor{
			KeyDesc:       st.LocalChanCfg.MultiSigKey,
			WitnessScript: c.fundingScript,
			Output:        c.fundingOut,
			HashType:      txscript.SigHashAll,
		},
	}, me.signer)
	if err != nil {
		t.Fatal(err)
	}
	signed, err := tx.Finalize(local.Commitment, remoteSigs.Commitment)
	if err != nil {
		t.Fatal(err)
	}
	sameTx(t, what+", signed", signed, lndTx)
	execute(t, what, signed, c.fundingOut)

	// 4. The HTLC transactions and the other resolutions.
	summary, err := lnwallet.NewLocalForceCloseSummary(st, me.signer, lndTx, c.height,
		fn.None[lnwallet.AuxLeafStore](), fn.None[lnwallet.AuxContractResolver]())
	if err != nil {
		t.Fatal(err)
	}
	res := summary.ContractResolutions.UnwrapOrFail(t)
	timeouts, successes := map[uint32]*wire.MsgTx{}, map[uint32]*wire.MsgTx{}
	for _, r := range res.HtlcResolutions.OutgoingHTLCs {
		timeouts[r.SignedTimeoutTx.TxIn[0].PreviousOutPoint.Index] = r.SignedTimeoutTx
	}
	for _, r := range res.HtlcResolutions.IncomingHTLCs {
		successes[r.SignedSuccessTx.TxIn[0].PreviousOutPoint.Index] = r.SignedSuccessTx
	}
	if len(timeouts)+len(successes) != len(tx.HTLCTxs) {
		t.Fatalf("%s: %d HTLC transactions, lnd resolves %d", what, len(tx.HTLCTxs), len(timeouts)+len(successes))
	}
	for j, h := range tx.HTLCTxs {
		name := fmt.Sprintf("%s, HTLC transaction of output %d", what, h.CommitmentOutput)
		var ours, lnds *wire.MsgTx
		if h.Timeout {
			ours, err = h.FinalizeTimeout(local.HTLCs[j], remoteSigs.HTLCs[j])
			lnds = timeouts[h.CommitmentOutput]
		} else {
			preimage := c.htlcs[h.HTLC].preimage
			ours, err = h.FinalizeSuccess(local.HTLCs[j], remoteSigs.HTLCs[j], preimage)
			// lnd leaves the preimage out until its contract resolver
			// learns it, then puts it in this slot.
			if lnds = successes[h.CommitmentOutput]; lnds != nil {
				lnds.TxIn[0].Witness[3] = preimage[:]
			}
		}
		if err != nil {
			t.Fatal(err)
		}
		if lnds == nil {
			t.Fatalf("%s: lnd has no resolution for it", name)
		}
		sameTx(t, name, ours, lnds)
		execute(t, name, ours, lc.CommitTx.TxOut[h.CommitmentOutput])
	}
	for j, o := range tx.Outputs {
		switch o.Kind {
		case commitment.ToLocalOutput:
			if res.CommitResolution == nil || res.CommitResolution.SelfOutPoint.Index != uint32(j) {
				t.Fatalf("%s: lnd's to_local resolution %+v, lnstack's output %d", what, res.CommitResolution, j)
			}
			sameBytes(t, what+", to_local script", o.WitnessScript, res.CommitResolution.SelfOutputSignDesc.WitnessScript)
		case commitment.LocalAnchorOutput:
			if res.AnchorResolution == nil || res.AnchorResolution.CommitAnchor.Index != uint32(j) {
				t.Fatalf("%s: lnd's anchor resolution %+v, lnstack's output %d", what, res.AnchorResolution, j)
			}
			sameBytes(t, what+", anchor script", o.WitnessScript, res.AnchorResolution.AnchorSignDescriptor.WitnessScript)
		}
	}

	// 5. Another commitment number, hidden by lnd and by lnstack.
	obfuscator := lnwallet.DeriveStateHintObfuscator(c.p[c.opener].keys.payment.PubKey(), c.p[1-c.opener].keys.payment.PubKey())
	if n := lnwallet.GetStateNumHint(tx.MsgTx, obfuscator); n != c.height {
		t.Fatalf("%s: lnd reads commitment number %d from lnstack's transaction", what, n)
	}
	cm.Number = randCommitmentNumber(rng)
	renumbered, err := commitment.Build(cm)
	if err != nil {
		t.Fatal(err)
	}
	lndRenumbered := lc.CommitTx.Copy()
	if err := lnwallet.SetStateNumHint(lndRenumbered, cm.Number, obfuscator); err != nil {
		t.Fatal(err)
	}
	sameTx(t, what+" as number "+itoa(cm.Number), renumbered.MsgTx, lndRenumbered)
}

// count records what the commitment holds in the channel's coverage.
func (c *channel) count(tx *commitment.Tx) {
	c.cov.states++
	c.cov.htlcOutputs += len(tx.HTLCTxs)
	c.cov.trimmed += len(tx.Trimmed)
	hasLocal, hasRemote := false, false
	for j, o := range tx.Outputs {
		hasLocal = hasLocal || o.Kind == commitment.ToLocalOutput
		hasRemote = hasRemote || o.Kind == commitment.ToRemoteOutput
		if j > 0 && o.HTLC >= 0 && tx.Outputs[j-1].HTLC >= 0 {
			a, b := tx.MsgTx.TxOut[j-1], tx.MsgTx.TxOut[j]
			ha, hb := tx.Commitment().HTLCs[tx.Outputs[j-1].HTLC], tx.Commitment().HTLCs[o.HTLC]
			if a.Value == b.Value && string(a.PkScript) == string(b.PkScript) && ha.CLTVExpiry != hb.CLTVExpiry {
				c.cov.cltvTies++
			}
		}
	}
	if !hasLocal {
		c.cov.noToLocal++
	}
	if !hasRemote {
		c.cov.noToRemote++
	}
}

// parseSig reads a DER signature lnd stored.
func parseSig(t *testing.T, der []byte) *ecdsa.Signature {
	t.Helper()
	sig, err := ecdsa.ParseDERSignature(der)
	if err != nil {
		t.Fatalf("lnd stored signature %x: %v", der, err)
	}
	return sig
}
