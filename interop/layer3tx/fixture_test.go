package layer3tx

import (
	"crypto/sha256"
	"testing"

	"github.com/btcsuite/btcd/btcec/v2"
	"github.com/btcsuite/btcd/chaincfg/chainhash"
	"github.com/btcsuite/btcd/wire"
	"github.com/lightningnetwork/lnd/lnwallet"

	"github.com/lnstack/lnstack/layer3_p2p/amount"
	"github.com/lnstack/lnstack/layer3_p2p/commitment"
	"github.com/lnstack/lnstack/layer3_p2p/keys"
	"github.com/lnstack/lnstack/layer3_p2p/scripts"
)

// signFixture is the channel of TestLndAssembly and the commitment
// benchmarks: 1 BTC, n HTLCs none of which is trimmed, offered alternately
// by each side, seen as lnd's SignNextCommitment sees it: signer (who
// opened the channel) signs the next commitment of owner.
type signFixture struct {
	owner, signer randNode
	// ownerBase and signerBase are their basepoints, public keys computed
	// once as a node keeps them (lnd has them in its ChannelConfig).
	ownerBase, signerBase keys.Basepoints
	point                 *btcec.PublicKey // owner's per-commitment point
	c                     commitment.Commitment
	fundingScript         []byte
	obfuscator            [lnwallet.StateHintSize]byte
}

func newSignFixture(t testing.TB, typ commitment.ChannelType, n int) *signFixture {
	t.Helper()
	rng := newRand(50)
	f := &signFixture{owner: newRandNode(t, rng), signer: newRandNode(t, rng)}
	f.point = randPriv(t, rng).PubKey()
	f.ownerBase, f.signerBase = f.owner.basepoints(), f.signer.basepoints()
	var err error
	if f.fundingScript, err = scripts.Funding(f.owner.funding.PubKey(), f.signer.funding.PubKey()); err != nil {
		t.Fatal(err)
	}
	f.obfuscator = lnwallet.DeriveStateHintObfuscator(f.signer.payment.PubKey(), f.owner.payment.PubKey())
	factor, err := commitment.ObscuringFactor(f.signer.payment.PubKey(), f.owner.payment.PubKey())
	if err != nil {
		t.Fatal(err)
	}
	const capacity amount.Satoshi = 100_000_000
	toLocal, toRemote := amount.MilliSatoshi(40_000_000_000), amount.MilliSatoshi(60_000_000_000)
	htlcs := make([]commitment.HTLC, n)
	for i := range htlcs {
		h := &htlcs[i]
		h.Offered = i%2 == 0
		h.Amount = amount.MilliSatoshi(10_000_000 + 97_000*i + i%1000)
		h.PaymentHash = sha256.Sum256([]byte{byte(i), byte(i >> 8)})
		h.CLTVExpiry = 800_000 + uint32(i%7)
		if h.Offered {
			toLocal -= h.Amount
		} else {
			toRemote -= h.Amount
		}
	}
	f.c = commitment.Commitment{
		Type:             typ,
		FundingOutpoint:  wire.OutPoint{Hash: chainhash.Hash(randBytes32(rng)), Index: 1},
		FundingAmount:    capacity,
		LocalFundingKey:  f.owner.funding.PubKey(),
		RemoteFundingKey: f.signer.funding.PubKey(),
		ObscuringFactor:  factor,
		Number:           1000,
		LocalIsOpener:    false,
		ToSelfDelay:      144,
		DustLimit:        354,
		Feerate:          2500,
		ToLocal:          toLocal,
		ToRemote:         toRemote,
		HTLCs:            htlcs,
	}
	return f
}

// buildAndSign is lnstack's side of the benchmark: the key set, the
// signer's HTLC key, the transaction and the signer's signatures.
func (f *signFixture) buildAndSign(t testing.TB) (*commitment.Tx, commitment.Signatures) {
	c := f.c
	var err error
	if c.Keys, err = keys.DeriveCommitmentKeys(f.point, f.ownerBase, f.signerBase); err != nil {
		t.Fatal(err)
	}
	htlcKey, err := keys.DerivePrivkey(f.signer.htlc, f.point)
	if err != nil {
		t.Fatal(err)
	}
	tx, err := commitment.Build(c)
	if err != nil {
		t.Fatal(err)
	}
	if len(tx.Trimmed) != 0 {
		t.Fatalf("%d HTLCs trimmed", len(tx.Trimmed))
	}
	sigs, err := tx.Sign(commitment.Remote, f.signer.funding, htlcKey)
	if err != nil {
		t.Fatal(err)
	}
	return tx, sigs
}
