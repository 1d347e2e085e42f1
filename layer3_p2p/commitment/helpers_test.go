package commitment

import (
	"crypto/sha256"
	"encoding/binary"
	"testing"

	"github.com/btcsuite/btcd/btcec/v2"
	"github.com/btcsuite/btcd/chaincfg/chainhash"
	"github.com/btcsuite/btcd/wire"

	"github.com/lnstack/lnstack/layer3_p2p/amount"
	"github.com/lnstack/lnstack/layer3_p2p/keys"
)

// node is one side of a test channel: its basepoint secrets.
type node struct {
	funding, revocation, payment, delayed, htlc *btcec.PrivateKey
	perCommitmentSecret                         [32]byte
}

func secretOf(label string) *btcec.PrivateKey {
	h := sha256.Sum256([]byte(label))
	k, _ := btcec.PrivKeyFromBytes(h[:])
	return k
}

func newNode(name string) node {
	return node{
		funding:             secretOf(name + " funding"),
		revocation:          secretOf(name + " revocation"),
		payment:             secretOf(name + " payment"),
		delayed:             secretOf(name + " delayed"),
		htlc:                secretOf(name + " htlc"),
		perCommitmentSecret: sha256.Sum256([]byte(name + " per-commitment")),
	}
}

func (n node) basepoints() keys.Basepoints {
	return keys.Basepoints{
		Revocation:     n.revocation.PubKey(),
		Payment:        n.payment.PubKey(),
		DelayedPayment: n.delayed.PubKey(),
		HTLC:           n.htlc.PubKey(),
	}
}

// fixture is a channel between owner and other, seen from owner's
// commitment, with every private key needed to spend every output.
type fixture struct {
	owner, other node
	point        *btcec.PublicKey
	c            Commitment
	preimages    [][32]byte
}

// newFixture sets up a channel of capacity sat, owner opener, the owner
// holding local msat of it; htlcs take their amounts from the owner's
// balance (offered) or the other's (received).
func newFixture(t testing.TB, typ ChannelType, capacity amount.Satoshi, local amount.MilliSatoshi, htlcs []HTLC, preimages [][32]byte) *fixture {
	t.Helper()
	f := &fixture{owner: newNode("alice"), other: newNode("bob"), preimages: preimages}
	var err error
	if f.point, err = keys.PerCommitmentPoint(f.owner.perCommitmentSecret); err != nil {
		t.Fatal(err)
	}
	ck, err := keys.DeriveCommitmentKeys(f.point, f.owner.basepoints(), f.other.basepoints())
	if err != nil {
		t.Fatal(err)
	}
	factor, err := ObscuringFactor(f.owner.payment.PubKey(), f.other.payment.PubKey())
	if err != nil {
		t.Fatal(err)
	}
	remote := capacity.ToMilliSatoshi() - local
	for _, h := range htlcs {
		if h.Offered {
			local -= h.Amount
		} else {
			remote -= h.Amount
		}
	}
	f.c = Commitment{
		Type:             typ,
		FundingOutpoint:  wire.OutPoint{Hash: chainhash.Hash(sha256.Sum256([]byte("funding"))), Index: 1},
		FundingAmount:    capacity,
		LocalFundingKey:  f.owner.funding.PubKey(),
		RemoteFundingKey: f.other.funding.PubKey(),
		ObscuringFactor:  factor,
		Number:           7,
		LocalIsOpener:    true,
		ToSelfDelay:      144,
		DustLimit:        546,
		Feerate:          2500,
		ToLocal:          local,
		ToRemote:         remote,
		HTLCs:            htlcs,
		Keys:             ck,
	}
	return f
}

// testHTLCs returns n untrimmed HTLCs, alternately offered and received,
// with distinct preimages and expiries.
func testHTLCs(n int) ([]HTLC, [][32]byte) {
	htlcs := make([]HTLC, n)
	pre := make([][32]byte, n)
	for i := range htlcs {
		var seed [8]byte
		binary.BigEndian.PutUint64(seed[:], uint64(i))
		pre[i] = sha256.Sum256(seed[:])
		htlcs[i] = HTLC{
			Offered:     i%2 == 0,
			Amount:      amount.MilliSatoshi(20_000_000 + 1000*i),
			PaymentHash: sha256.Sum256(pre[i][:]),
			CLTVExpiry:  uint32(800_000 + i),
		}
	}
	return htlcs, pre
}

// privkeys of the commitment's keys, derived from the nodes' secrets.
func (f *fixture) localHTLCKey(t testing.TB) *btcec.PrivateKey {
	k, err := keys.DerivePrivkey(f.owner.htlc, f.point)
	if err != nil {
		t.Fatal(err)
	}
	return k
}

func (f *fixture) remoteHTLCKey(t testing.TB) *btcec.PrivateKey {
	k, err := keys.DerivePrivkey(f.other.htlc, f.point)
	if err != nil {
		t.Fatal(err)
	}
	return k
}

func (f *fixture) delayedKey(t testing.TB) *btcec.PrivateKey {
	k, err := keys.DerivePrivkey(f.owner.delayed, f.point)
	if err != nil {
		t.Fatal(err)
	}
	return k
}

func (f *fixture) revocationKey(t testing.TB) *btcec.PrivateKey {
	pcs, err := keys.ParseSecret(f.owner.perCommitmentSecret[:])
	if err != nil {
		t.Fatal(err)
	}
	k, err := keys.DeriveRevocationPrivkey(f.other.revocation, pcs)
	if err != nil {
		t.Fatal(err)
	}
	return k
}
