package layer3tx

import (
	"encoding/binary"
	"math/rand/v2"
	"testing"

	"github.com/btcsuite/btcd/btcec/v2"
	"github.com/btcsuite/btcd/wire"
	"github.com/lightningnetwork/lnd/channeldb"
	"github.com/lightningnetwork/lnd/input"
	"github.com/lightningnetwork/lnd/keychain"
	"github.com/lightningnetwork/lnd/lntypes"
	"github.com/lightningnetwork/lnd/lnwallet"

	"github.com/lnstack/lnstack/layer3_p2p/commitment"
	"github.com/lnstack/lnstack/layer3_p2p/keys"
)

// keyRounds is how many random parameter sets each key test draws; each
// costs a handful of scalar multiplications on both sides.
const keyRounds = 600

// TestKeyDerivation checks BOLT #3 "Key Derivation" against lnd's input
// package on random basepoints and per-commitment secrets:
// per_commitment_point (ComputeCommitmentPoint), the single-tweak public
// and private keys (TweakPubKey, TweakPrivKey with SingleTweakBytes) and the
// revocation public and private keys (DeriveRevocationPubkey,
// DeriveRevocationPrivKey).
func TestKeyDerivation(t *testing.T) {
	rng := newRand(1)
	for i := 0; i < keyRounds; i++ {
		base, revBase := randPriv(t, rng), randPriv(t, rng)
		secret := randSecret(t, rng)

		point, err := keys.PerCommitmentPoint(secret)
		if err != nil {
			t.Fatal(err)
		}
		sameKey(t, "per_commitment_point", point, input.ComputeCommitmentPoint(secret[:]))

		pub, err := keys.DerivePubkey(base.PubKey(), point)
		if err != nil {
			t.Fatal(err)
		}
		sameKey(t, "derived pubkey", pub, input.TweakPubKey(base.PubKey(), point))

		priv, err := keys.DerivePrivkey(base, point)
		if err != nil {
			t.Fatal(err)
		}
		lndPriv := input.TweakPrivKey(base, input.SingleTweakBytes(point, base.PubKey()))
		sameBytes(t, "derived privkey", priv.Serialize(), lndPriv.Serialize())
		sameKey(t, "derived privkey's point", priv.PubKey(), pub)

		rev, err := keys.DeriveRevocationPubkey(revBase.PubKey(), point)
		if err != nil {
			t.Fatal(err)
		}
		sameKey(t, "revocationpubkey", rev, input.DeriveRevocationPubkey(revBase.PubKey(), point))

		secretKey, _ := btcec.PrivKeyFromBytes(secret[:])
		revPriv, err := keys.DeriveRevocationPrivkey(revBase, secretKey)
		if err != nil {
			t.Fatal(err)
		}
		sameBytes(t, "revocation privkey", revPriv.Serialize(), input.DeriveRevocationPrivKey(revBase, secretKey).Serialize())
		sameKey(t, "revocation privkey's point", revPriv.PubKey(), rev)
	}
}

// randNode draws the four basepoints and the funding key of one node.
type randNode struct {
	funding, revocation, payment, delayed, htlc *btcec.PrivateKey
}

func newRandNode(t testing.TB, rng *rand.Rand) randNode {
	t.Helper()
	return randNode{
		funding: randPriv(t, rng), revocation: randPriv(t, rng), payment: randPriv(t, rng),
		delayed: randPriv(t, rng), htlc: randPriv(t, rng),
	}
}

func (n randNode) basepoints() keys.Basepoints {
	return keys.Basepoints{
		Revocation:     n.revocation.PubKey(),
		Payment:        n.payment.PubKey(),
		DelayedPayment: n.delayed.PubKey(),
		HTLC:           n.htlc.PubKey(),
	}
}

// chanConfig is lnd's record of the node's keys (the parameters that do
// not touch keys are left zero).
func (n randNode) chanConfig() channeldb.ChannelConfig {
	return channeldb.ChannelConfig{
		MultiSigKey:         keychain.KeyDescriptor{PubKey: n.funding.PubKey()},
		RevocationBasePoint: keychain.KeyDescriptor{PubKey: n.revocation.PubKey()},
		PaymentBasePoint:    keychain.KeyDescriptor{PubKey: n.payment.PubKey()},
		DelayBasePoint:      keychain.KeyDescriptor{PubKey: n.delayed.PubKey()},
		HtlcBasePoint:       keychain.KeyDescriptor{PubKey: n.htlc.PubKey()},
	}
}

// TestCommitmentKeys checks keys.DeriveCommitmentKeys against lnd's
// lnwallet.DeriveCommitmentKeys for both channel types, from both
// perspectives lnd derives a key ring in: "our" commitment (lntypes.Local),
// and "their" commitment seen from our side (lntypes.Remote), where lnd's
// LocalHtlcKey is always our key and so is the commitment's
// remote_htlcpubkey.
func TestCommitmentKeys(t *testing.T) {
	rng := newRand(2)
	for i := 0; i < keyRounds/6; i++ {
		us, them := newRandNode(t, rng), newRandNode(t, rng)
		usCfg, themCfg := us.chanConfig(), them.chanConfig()
		secret := randSecret(t, rng)
		point, err := keys.PerCommitmentPoint(secret)
		if err != nil {
			t.Fatal(err)
		}
		for _, typ := range []channeldb.ChannelType{staticRemoteKeyType, anchorsType} {
			// Our commitment: we own it.
			ours, err := keys.DeriveCommitmentKeys(point, us.basepoints(), them.basepoints())
			if err != nil {
				t.Fatal(err)
			}
			ring := lnwallet.DeriveCommitmentKeys(point, lntypes.Local, typ, &usCfg, &themCfg)
			sameCommitmentKeys(t, "our commitment", ours, ring.RevocationKey, ring.ToLocalKey, ring.LocalHtlcKey, ring.RemoteHtlcKey, ring.ToRemoteKey)

			// Their commitment: they own it, lnd derives it from our side.
			theirs, err := keys.DeriveCommitmentKeys(point, them.basepoints(), us.basepoints())
			if err != nil {
				t.Fatal(err)
			}
			ring = lnwallet.DeriveCommitmentKeys(point, lntypes.Remote, typ, &usCfg, &themCfg)
			sameCommitmentKeys(t, "their commitment", theirs, ring.RevocationKey, ring.ToLocalKey, ring.RemoteHtlcKey, ring.LocalHtlcKey, ring.ToRemoteKey)
		}
	}
}

func sameCommitmentKeys(t *testing.T, what string, k keys.CommitmentKeys, revocation, delayed, ownerHTLC, otherHTLC, toRemote *btcec.PublicKey) {
	t.Helper()
	sameKey(t, what+": revocationpubkey", k.Revocation, revocation)
	sameKey(t, what+": local_delayedpubkey", k.LocalDelayed, delayed)
	sameKey(t, what+": local_htlcpubkey", k.LocalHTLC, ownerHTLC)
	sameKey(t, what+": remote_htlcpubkey", k.RemoteHTLC, otherHTLC)
	sameKey(t, what+": remotepubkey", k.ToRemote, toRemote)
}

// TestObscuredCommitmentNumber checks the obscuring factor against lnd's
// DeriveStateHintObfuscator, and that a commitment number lnd hides in a
// transaction's locktime and sequence (SetStateNumHint) is the one
// commitment.CommitmentNumber reads back, over the whole 48-bit range.
// The other direction, lnstack's encoding read by lnd, is checked on real
// commitment transactions in TestCommitmentAgainstLnd.
func TestObscuredCommitmentNumber(t *testing.T) {
	rng := newRand(3)
	for i := 0; i < keyRounds; i++ {
		opener, accepter := randPriv(t, rng).PubKey(), randPriv(t, rng).PubKey()
		factor, err := commitment.ObscuringFactor(opener, accepter)
		if err != nil {
			t.Fatal(err)
		}
		obf := lnwallet.DeriveStateHintObfuscator(opener, accepter)
		var wide [8]byte
		copy(wide[2:], obf[:])
		if lnd := binary.BigEndian.Uint64(wide[:]); factor != lnd {
			t.Fatalf("obscuring factor %x, lnd %x", factor, lnd)
		}

		n := randCommitmentNumber(rng)
		tx := wire.NewMsgTx(2)
		tx.AddTxIn(&wire.TxIn{})
		if err := lnwallet.SetStateNumHint(tx, n, obf); err != nil {
			t.Fatal(err)
		}
		got, ok := commitment.CommitmentNumber(tx, factor)
		if !ok || got != n {
			t.Fatalf("lnd hid commitment number %d, lnstack reads %d (ok %v)", n, got, ok)
		}
	}
}

// randCommitmentNumber draws a commitment number, often near the ends of
// the 48-bit range and the 24-bit halves it is split into.
func randCommitmentNumber(rng *rand.Rand) uint64 {
	switch rng.Uint64() % 4 {
	case 0:
		return rng.Uint64() % 64
	case 1:
		return commitment.MaxCommitmentNumber - rng.Uint64()%64
	case 2:
		return 1<<24 + rng.Uint64()%64 - 32
	}
	return rng.Uint64() & commitment.MaxCommitmentNumber
}
