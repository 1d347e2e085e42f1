package layer3tx

import (
	"math/rand/v2"
	"net"
	"testing"

	"github.com/btcsuite/btcd/btcec/v2"
	"github.com/btcsuite/btcd/btcutil"
	"github.com/btcsuite/btcd/btcutil/txsort"
	"github.com/btcsuite/btcd/chaincfg/chainhash"
	"github.com/btcsuite/btcd/txscript"
	"github.com/btcsuite/btcd/wire"
	"github.com/lightningnetwork/lnd/channeldb"
	"github.com/lightningnetwork/lnd/input"
	"github.com/lightningnetwork/lnd/keychain"
	"github.com/lightningnetwork/lnd/lnwallet"
	"github.com/lightningnetwork/lnd/lnwallet/chainfee"
	"github.com/lightningnetwork/lnd/lnwire"
	lndshachain "github.com/lightningnetwork/lnd/shachain"

	"github.com/lnstack/lnstack/layer3_p2p/amount"
	"github.com/lnstack/lnstack/layer3_p2p/commitment"
	"github.com/lnstack/lnstack/layer3_p2p/scripts"
)

// This file runs a channel between two lnd state machines
// (lnwallet.LightningChannel, each on its own channeldb in a temporary
// directory, signing with input.MockSigner) and keeps beside it a model of
// the same channel in lnstack's terms: balances, live HTLCs, feerate and
// commitment number. After every state change the tests build each side's
// commitment from the model with lnstack and compare it with what lnd
// committed to (commitment_test.go).
//
// The channel is opened the way lnd's own lnwallet.CreateTestChannels
// does, with every parameter drawn at random instead of fixed: keys,
// shachain seeds, capacity, who opens, push amount, dust limits,
// to_self_delays, feerate and channel type. The height-0 commitments are
// made as lnd's wallet makes them when a channel is funded
// (CreateCommitmentTxns, the obscured commitment number, BIP 69 sort;
// lnwallet/wallet.go), and signed by the other node's lnd signer.

// party is one node of a test channel.
type party struct {
	keys   randNode
	seed   [32]byte // shachain seed of its per-commitment secrets
	dust   amount.Satoshi
	delay  uint16 // to_self_delay of its own commitment (the other node chose it)
	signer *input.MockSigner
	ch     *lnwallet.LightningChannel

	// balance is the model's: what the node holds outside HTLCs, before
	// the commitment fee and anchors.
	balance amount.MilliSatoshi
}

// liveHTLC is an HTLC of the model.
type liveHTLC struct {
	from     int    // the party that offered it
	id       uint64 // its index in the offerer's update log, as lnd numbers it
	amount   amount.MilliSatoshi
	preimage [32]byte
	hash     [32]byte
	cltv     uint32
}

// channel is the lnd channel pair and its model.
type channel struct {
	typ           commitment.ChannelType
	capacity      amount.Satoshi
	opener        int
	feerate       amount.FeeratePerKw
	pendingFee    amount.FeeratePerKw // an update_fee not yet committed, or 0
	outpoint      wire.OutPoint
	fundingScript []byte
	fundingOut    *wire.TxOut
	p             [2]*party
	htlcs         []*liveHTLC
	height        uint64 // the commitment number both sides are at
	refusal       error  // why lnd last refused an update, for messages
	cov           *coverage
}

// channelParams are what a test may fix; zero values are drawn at random.
type channelParams struct {
	typ      commitment.ChannelType
	capacity amount.Satoshi
	feerate  amount.FeeratePerKw
	push     float64   // the share of the capacity the opener pushes
	cov      *coverage // where to count what the channel went through
}

// coverage counts what a test's channels went through, so that the test
// can fail when its random draws missed a case it exists to check.
type coverage struct {
	states      int // commitments compared
	htlcOutputs int // HTLC outputs in them
	trimmed     int // HTLCs without an output
	cltvTies    int // adjacent HTLC outputs equal but for cltv_expiry
	noToLocal   int // commitments without to_local
	noToRemote  int // commitments without to_remote
	settled     int
	failed      int
	fees        int // update_fee committed
	refused     int // updates lnd refused (reserve, fee buffer)
}

// randDust draws a dust_limit_satoshis.
func randDust(rng *rand.Rand) amount.Satoshi {
	choices := []amount.Satoshi{200, 330, 354, 546, 573, 1000, 1300}
	if rng.IntN(2) == 0 {
		return choices[rng.IntN(len(choices))]
	}
	return amount.Satoshi(354 + rng.IntN(4000))
}

// newChannel opens a channel between two lnd state machines.
func newChannel(t *testing.T, rng *rand.Rand, params channelParams) *channel {
	t.Helper()
	c := &channel{typ: params.typ, capacity: params.capacity, feerate: params.feerate, opener: rng.IntN(2), cov: params.cov}
	if c.cov == nil {
		c.cov = new(coverage)
	}
	if c.capacity == 0 {
		c.capacity = amount.Satoshi(200_000 + rng.Int64N(16_577_215))
		if rng.IntN(4) == 0 {
			c.capacity = amount.Satoshi(16_777_216 + rng.Int64N(1_000_000_000))
		}
	}
	if c.feerate == 0 {
		c.feerate = amount.FeeratePerKw(253 + rng.IntN(10_000))
	}
	lt := lndType(c.typ)
	for i := range c.p {
		c.p[i] = &party{keys: newRandNode(t, rng), seed: randBytes32(rng), dust: randDust(rng), delay: randDelay(rng)}
	}

	// Balances: the opener keeps at least a quarter; a quarter of the
	// time it pushes nothing, so the other side starts without an output.
	opener, other := c.p[c.opener], c.p[1-c.opener]
	total := c.capacity.ToMilliSatoshi()
	switch {
	case params.push > 0:
		other.balance = amount.MilliSatoshi(params.push * float64(total))
	case rng.IntN(4) != 0:
		other.balance = amount.MilliSatoshi(rng.Uint64N(uint64(total) * 3 / 4))
	}
	opener.balance = total - other.balance

	// The funding transaction.
	var err error
	c.fundingScript, err = scripts.Funding(c.p[0].keys.funding.PubKey(), c.p[1].keys.funding.PubKey())
	if err != nil {
		t.Fatal(err)
	}
	c.fundingOut = wire.NewTxOut(int64(c.capacity), scripts.P2WSH(c.fundingScript))
	fundingTx := wire.NewMsgTx(2)
	fundingTx.AddTxIn(&wire.TxIn{PreviousOutPoint: wire.OutPoint{Hash: chainhash.Hash(randBytes32(rng))}, Sequence: 0xfffffffd})
	fundingTx.AddTxOut(c.fundingOut)
	c.outpoint = wire.OutPoint{Hash: fundingTx.TxHash(), Index: 0}

	// lnd's channel configurations.
	var cfgs [2]channeldb.ChannelConfig
	var points [2]*btcec.PublicKey
	var producers [2]*lndshachain.RevocationProducer
	for i, p := range c.p {
		cfgs[i] = p.keys.chanConfig()
		cfgs[i].ChannelStateBounds = channeldb.ChannelStateBounds{
			MaxPendingAmount: lnwire.MilliSatoshi(total),
			ChanReserve:      btcutil.Amount(c.capacity / 100),
			MinHTLC:          1,
			MaxAcceptedHtlcs: input.MaxHTLCNumber / 2,
		}
		cfgs[i].CommitmentParams = channeldb.CommitmentParams{DustLimit: btcutil.Amount(p.dust), CsvDelay: p.delay}
		producers[i] = lndshachain.NewRevocationProducer(chainhash.Hash(p.seed))
		secret, err := producers[i].AtIndex(0)
		if err != nil {
			t.Fatal(err)
		}
		points[i] = input.ComputeCommitmentPoint(secret[:])
		// The HTLC basepoint first: lnd's MockSigner tries its keys in
		// order, and HTLC signatures are the ones made by the hundred.
		p.signer = input.NewMockSigner([]*btcec.PrivateKey{
			p.keys.htlc, p.keys.funding, p.keys.delayed, p.keys.payment, p.keys.revocation,
		}, nil)
	}

	// The height-0 commitments, as lnd's wallet makes them at funding.
	fee := chainfee.SatPerKWeight(c.feerate).FeeForWeight(lnwallet.CommitWeight(lt))
	charge := fee
	if c.typ.HasAnchors() {
		charge += 2 * lnwallet.AnchorSize
	}
	var after [2]lnwire.MilliSatoshi // balances after the fee and anchors
	for i, p := range c.p {
		after[i] = lnwire.MilliSatoshi(p.balance)
		if i == c.opener {
			after[i] -= lnwire.NewMSatFromSatoshis(charge)
		}
	}
	commit0, commit1, err := lnwallet.CreateCommitmentTxns(after[0].ToSatoshis(), after[1].ToSatoshis(),
		&cfgs[0], &cfgs[1], points[0], points[1], *wire.NewTxIn(&c.outpoint, nil, nil), lt, c.opener == 0, 0)
	if err != nil {
		t.Fatal(err)
	}
	commits := [2]*wire.MsgTx{commit0, commit1}
	obfuscator := lnwallet.DeriveStateHintObfuscator(opener.keys.payment.PubKey(), other.keys.payment.PubKey())
	var sigs [2][]byte // sigs[i] is the other node's signature on i's commitment
	for i, tx := range commits {
		if err := lnwallet.SetStateNumHint(tx, 0, obfuscator); err != nil {
			t.Fatal(err)
		}
		txsort.InPlaceSort(tx)
		sigs[i] = c.lndFundingSig(t, c.p[1-i], tx)
	}

	addr := &net.TCPAddr{IP: net.IPv4(127, 0, 0, 1), Port: 9735}
	scid := lnwire.NewShortChanIDFromInt(rng.Uint64())
	for i, p := range c.p {
		local := channeldb.ChannelCommitment{
			LocalBalance: after[i], RemoteBalance: after[1-i], CommitFee: fee,
			FeePerKw: btcutil.Amount(c.feerate), CommitTx: commits[i], CommitSig: sigs[i],
		}
		remote := local
		remote.CommitTx, remote.CommitSig = commits[1-i], sigs[1-i]
		db := channeldb.OpenForTesting(t, t.TempDir())
		state := &channeldb.OpenChannel{
			LocalChanCfg:            cfgs[i],
			RemoteChanCfg:           cfgs[1-i],
			IdentityPub:             p.keys.funding.PubKey(),
			FundingOutpoint:         c.outpoint,
			ShortChannelID:          scid,
			ChanType:                lt,
			IsInitiator:             i == c.opener,
			Capacity:                btcutil.Amount(c.capacity),
			RemoteCurrentRevocation: points[1-i],
			RevocationProducer:      producers[i],
			RevocationStore:         lndshachain.NewRevocationStore(),
			LocalCommitment:         local,
			RemoteCommitment:        remote,
			Db:                      db.ChannelStateDB(),
			Packager:                channeldb.NewChannelPackager(scid),
			FundingTxn:              fundingTx,
		}
		pool := lnwallet.NewSigPool(1, p.signer)
		if err := pool.Start(); err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { _ = pool.Stop() })
		if p.ch, err = lnwallet.NewLightningChannel(p.signer, state, pool); err != nil {
			t.Fatal(err)
		}
		if err := state.SyncPending(addr, 101); err != nil {
			t.Fatal(err)
		}
	}
	// Each side learns the other's next per-commitment point, as
	// channel_ready carries it.
	for i, p := range c.p {
		next, err := p.ch.NextRevocationKey()
		if err != nil {
			t.Fatal(err)
		}
		if err := c.p[1-i].ch.InitNextRevocation(next); err != nil {
			t.Fatal(err)
		}
	}
	return c
}

// lndFundingSig is signer's signature, made by lnd, on a commitment
// transaction spending the funding output.
func (c *channel) lndFundingSig(t *testing.T, signer *party, tx *wire.MsgTx) []byte {
	t.Helper()
	fetcher := txscript.NewCannedPrevOutputFetcher(c.fundingOut.PkScript, c.fundingOut.Value)
	sig, err := signer.signer.SignOutputRaw(tx, &input.SignDescriptor{
		KeyDesc:           keychain.KeyDescriptor{PubKey: signer.keys.funding.PubKey()},
		WitnessScript:     c.fundingScript,
		Output:            c.fundingOut,
		HashType:          txscript.SigHashAll,
		SigHashes:         txscript.NewTxSigHashes(tx, fetcher),
		PrevOutputFetcher: fetcher,
		InputIndex:        0,
	})
	if err != nil {
		t.Fatal(err)
	}
	return sig.Serialize()
}

// addHTLC has party from offer an HTLC; it returns false, with both lnd
// channels and the model unchanged, when lnd refuses it (reserve, fee
// buffer, in-flight limits).
func (c *channel) addHTLC(t *testing.T, from int, amt amount.MilliSatoshi, preimage [32]byte, cltv uint32) bool {
	t.Helper()
	h := &liveHTLC{from: from, amount: amt, preimage: preimage, hash: chainhash.HashH(preimage[:]), cltv: cltv}
	msg := &lnwire.UpdateAddHTLC{
		ChanID:      lnwire.NewChanIDFromOutPoint(c.outpoint),
		Amount:      lnwire.MilliSatoshi(amt),
		PaymentHash: h.hash,
		Expiry:      cltv,
	}
	id, err := c.p[from].ch.AddHTLC(msg, nil)
	if err != nil {
		c.refusal = err
		c.cov.refused++
		return false
	}
	msg.ID, h.id = id, id
	if _, err := c.p[1-from].ch.ReceiveHTLC(msg); err != nil {
		t.Fatalf("lnd added HTLC %d but its peer refuses it: %v", id, err)
	}
	c.p[from].balance -= amt
	c.htlcs = append(c.htlcs, h)
	return true
}

// resolve settles (with the preimage) or fails the live HTLC at index i.
func (c *channel) resolve(t *testing.T, i int, settle bool) {
	t.Helper()
	h := c.htlcs[i]
	receiver, sender := c.p[1-h.from], c.p[h.from]
	if settle {
		if err := receiver.ch.SettleHTLC(h.preimage, h.id, nil, nil, nil); err != nil {
			t.Fatal(err)
		}
		if err := sender.ch.ReceiveHTLCSettle(h.preimage, h.id); err != nil {
			t.Fatal(err)
		}
		receiver.balance += h.amount
		c.cov.settled++
	} else {
		reason := []byte("no route")
		if err := receiver.ch.FailHTLC(h.id, reason, nil, nil, nil); err != nil {
			t.Fatal(err)
		}
		if err := sender.ch.ReceiveFailHTLC(h.id, reason); err != nil {
			t.Fatal(err)
		}
		sender.balance += h.amount
		c.cov.failed++
	}
	c.htlcs = append(c.htlcs[:i], c.htlcs[i+1:]...)
}

// updateFee has the opener propose a new feerate; false when lnd refuses
// it (the opener could not pay it).
func (c *channel) updateFee(t *testing.T, f amount.FeeratePerKw) bool {
	t.Helper()
	if err := c.p[c.opener].ch.UpdateFee(chainfee.SatPerKWeight(f)); err != nil {
		c.refusal = err
		c.cov.refused++
		return false
	}
	if err := c.p[1-c.opener].ch.ReceiveUpdateFee(chainfee.SatPerKWeight(f)); err != nil {
		t.Fatalf("lnd's opener proposed feerate %d, its peer refuses it: %v", f, err)
	}
	c.pendingFee = f
	return true
}

// transition runs lnd's commitment_signed / revoke_and_ack dance both
// ways, first signing first. Per BOLT #2 an update goes into the
// receiver's commitment before the sender's, so afterwards first's
// commitment holds every update and the other's only first's: sync then
// runs a second dance, which brings the other's up to date as well.
func (c *channel) transition(t *testing.T, first int) {
	t.Helper()
	if err := lnwallet.ForceStateTransition(c.p[first].ch, c.p[1-first].ch); err != nil {
		t.Fatalf("lnd state transition to commitment %d: %v", c.height+1, err)
	}
	c.height++
	if c.pendingFee != 0 {
		c.feerate, c.pendingFee = c.pendingFee, 0
		c.cov.fees++
	}
}

// commit locks every pending update into both commitments, comparing
// first's commitment after the first dance and both after the second.
func (c *channel) commit(t *testing.T, rng *rand.Rand, first int) {
	t.Helper()
	c.transition(t, first)
	c.compareSide(t, rng, first)
	c.transition(t, first)
	c.compareBoth(t, rng)
}
