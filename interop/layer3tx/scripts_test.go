package layer3tx

import (
	"math/rand/v2"
	"testing"

	"github.com/btcsuite/btcd/btcec/v2"
	"github.com/btcsuite/btcd/btcutil"
	"github.com/btcsuite/btcd/txscript"
	"github.com/lightningnetwork/lnd/fn/v2"
	"github.com/lightningnetwork/lnd/input"
	"github.com/lightningnetwork/lnd/lntypes"
	"github.com/lightningnetwork/lnd/lnwallet"
	"github.com/lightningnetwork/lnd/lnwallet/chainfee"

	"github.com/lnstack/lnstack/layer3_p2p/amount"
	"github.com/lnstack/lnstack/layer3_p2p/commitment"
	"github.com/lnstack/lnstack/layer3_p2p/scripts"
)

// scriptRounds is how many random parameter sets each script test draws.
// Keys come from a pool drawn once, so a round costs no curve arithmetic
// and the rounds can be many.
const scriptRounds = 5000

// keyPool is a set of random keys the script tests pick from.
type keyPool []*btcec.PublicKey

func newKeyPool(t testing.TB, rng *rand.Rand, n int) keyPool {
	t.Helper()
	p := make(keyPool, n)
	for i := range p {
		p[i] = randPriv(t, rng).PubKey()
	}
	return p
}

func (p keyPool) pick(rng *rand.Rand) *btcec.PublicKey { return p[rng.IntN(len(p))] }

// two returns two distinct keys of the pool.
func (p keyPool) two(rng *rand.Rand) (*btcec.PublicKey, *btcec.PublicKey) {
	i := rng.IntN(len(p))
	j := (i + 1 + rng.IntN(len(p)-1)) % len(p)
	return p[i], p[j]
}

// randDelay draws a to_self_delay, often one whose script number takes
// the edge encodings: OP_1..OP_16, one byte, a 0x00 byte added for the sign
// bit (128, 255, 32768...).
func randDelay(rng *rand.Rand) uint16 {
	edges := []uint16{1, 2, 15, 16, 17, 127, 128, 144, 255, 256, 2016, 32767, 32768, 65535}
	if rng.IntN(2) == 0 {
		return edges[rng.IntN(len(edges))]
	}
	return uint16(1 + rng.IntN(65535))
}

// randCLTV draws a cltv_expiry over every script-number length (0 to 5
// bytes), with the sign-bit edges.
func randCLTV(rng *rand.Rand) uint32 {
	edges := []uint32{0, 1, 16, 17, 127, 128, 255, 256, 32767, 32768, 65535, 65536,
		1<<23 - 1, 1 << 23, 1<<24 - 1, 1 << 24, 499_999_999, 1<<31 - 1, 1 << 31, 1<<32 - 1}
	switch rng.IntN(3) {
	case 0:
		return edges[rng.IntN(len(edges))]
	case 1:
		return 500_000 + rng.Uint32N(1_000_000)
	}
	return rng.Uint32()
}

// TestFundingScript checks the 2-of-2 funding script and its P2WSH output
// against input.GenMultiSigScript and input.GenFundingPkScript, with the
// keys given in both orders.
func TestFundingScript(t *testing.T) {
	rng := newRand(10)
	pool := newKeyPool(t, rng, 64)
	for i := 0; i < scriptRounds; i++ {
		a, b := pool.two(rng)
		ours, err := scripts.Funding(a, b)
		if err != nil {
			t.Fatal(err)
		}
		lnds, err := input.GenMultiSigScript(a.SerializeCompressed(), b.SerializeCompressed())
		if err != nil {
			t.Fatal(err)
		}
		sameBytes(t, "funding script", ours, lnds)
		swapped, err := scripts.Funding(b, a)
		if err != nil {
			t.Fatal(err)
		}
		sameBytes(t, "funding script, keys swapped", swapped, lnds)

		value := int64(1 + rng.Uint64N(21e14))
		_, out, err := input.GenFundingPkScript(a.SerializeCompressed(), b.SerializeCompressed(), value)
		if err != nil {
			t.Fatal(err)
		}
		sameBytes(t, "funding output", scripts.P2WSH(ours), out.PkScript)
	}
}

// TestOutputScripts checks to_local (also the HTLC transactions' output),
// both to_remote forms and the anchor against lnd's input package and
// against the lnwallet functions that choose among them by channel type.
func TestOutputScripts(t *testing.T) {
	rng := newRand(11)
	pool := newKeyPool(t, rng, 64)
	none := fn.None[txscript.TapLeaf]()
	for i := 0; i < scriptRounds; i++ {
		rev, delayed := pool.two(rng)
		delay := randDelay(rng)
		toLocal, err := scripts.ToLocal(rev, delayed, delay)
		if err != nil {
			t.Fatal(err)
		}
		lnd, err := input.CommitScriptToSelf(uint32(delay), delayed, rev)
		if err != nil {
			t.Fatal(err)
		}
		sameBytes(t, "to_local", toLocal, lnd)
		lnd, err = input.SecondLevelHtlcScript(rev, delayed, uint32(delay))
		if err != nil {
			t.Fatal(err)
		}
		sameBytes(t, "HTLC transaction output", toLocal, lnd)

		remote := pool.pick(rng)
		toRemoteAnchors, err := scripts.ToRemoteAnchors(remote)
		if err != nil {
			t.Fatal(err)
		}
		lnd, err = input.CommitScriptToRemoteConfirmed(remote)
		if err != nil {
			t.Fatal(err)
		}
		sameBytes(t, "to_remote with anchors", toRemoteAnchors, lnd)
		toRemoteStatic, err := scripts.P2WPKH(remote)
		if err != nil {
			t.Fatal(err)
		}
		lnd, err = input.CommitScriptUnencumbered(remote)
		if err != nil {
			t.Fatal(err)
		}
		sameBytes(t, "to_remote with static_remotekey", toRemoteStatic, lnd)
		lnd, err = input.WitnessPubKeyHash(remote.SerializeCompressed())
		if err != nil {
			t.Fatal(err)
		}
		sameBytes(t, "P2WPKH", toRemoteStatic, lnd)

		fundingKey := pool.pick(rng)
		anchor, err := scripts.Anchor(fundingKey)
		if err != nil {
			t.Fatal(err)
		}
		lnd, err = input.CommitScriptAnchor(fundingKey)
		if err != nil {
			t.Fatal(err)
		}
		sameBytes(t, "anchor", anchor, lnd)

		// The same through lnwallet's per-type selection.
		for _, typ := range channelTypes() {
			initiator := rng.IntN(2) == 0
			desc, err := lnwallet.CommitScriptToSelf(lndType(typ), initiator, delayed, rev, uint32(delay), 0, none)
			if err != nil {
				t.Fatal(err)
			}
			sameBytes(t, "lnwallet to_local", toLocal, desc.WitnessScriptToSign())
			sameBytes(t, "lnwallet to_local output", scripts.P2WSH(toLocal), desc.PkScript())
			desc, err = lnwallet.SecondLevelHtlcScript(lndType(typ), initiator, rev, delayed, uint32(delay), 0, none)
			if err != nil {
				t.Fatal(err)
			}
			sameBytes(t, "lnwallet HTLC transaction output", scripts.P2WSH(toLocal), desc.PkScript())
			desc, csv, err := lnwallet.CommitScriptToRemote(lndType(typ), initiator, remote, 0, none)
			if err != nil {
				t.Fatal(err)
			}
			want, wantCSV := toRemoteStatic, uint32(0)
			if typ.HasAnchors() {
				want, wantCSV = scripts.P2WSH(toRemoteAnchors), 1
			}
			sameBytes(t, "lnwallet to_remote output ("+typ.String()+")", want, desc.PkScript())
			if csv != wantCSV {
				t.Fatalf("lnwallet to_remote CSV %d, want %d", csv, wantCSV)
			}
		}
	}
}

// TestAnchorOutputs checks both anchors of a commitment against
// lnwallet.CommitScriptAnchors: each is locked to its side's funding key.
func TestAnchorOutputs(t *testing.T) {
	rng := newRand(12)
	for i := 0; i < 50; i++ {
		local, remote := newRandNode(t, rng), newRandNode(t, rng)
		localCfg, remoteCfg := local.chanConfig(), remote.chanConfig()
		point := randPriv(t, rng).PubKey()
		ring := lnwallet.DeriveCommitmentKeys(point, lntypes.Local, anchorsType, &localCfg, &remoteCfg)
		lndLocal, lndRemote, err := lnwallet.CommitScriptAnchors(anchorsType, &localCfg, &remoteCfg, ring)
		if err != nil {
			t.Fatal(err)
		}
		ourLocal, err := scripts.Anchor(local.funding.PubKey())
		if err != nil {
			t.Fatal(err)
		}
		ourRemote, err := scripts.Anchor(remote.funding.PubKey())
		if err != nil {
			t.Fatal(err)
		}
		sameBytes(t, "to_local_anchor", scripts.P2WSH(ourLocal), lndLocal.PkScript())
		sameBytes(t, "to_remote_anchor", scripts.P2WSH(ourRemote), lndRemote.PkScript())
	}
}

// TestHTLCScripts checks offered and received HTLC scripts, with and
// without the anchors' 1 OP_CHECKSEQUENCEVERIFY, against
// input.SenderHTLCScript and input.ReceiverHTLCScript. The owner of the
// commitment is the sender of an offered HTLC and the receiver of a
// received one.
func TestHTLCScripts(t *testing.T) {
	rng := newRand(13)
	pool := newKeyPool(t, rng, 64)
	for i := 0; i < scriptRounds; i++ {
		local, remote := pool.two(rng)
		k := scripts.HTLCKeys{Revocation: pool.pick(rng), Local: local, Remote: remote}
		hash := randBytes32(rng)
		cltv := randCLTV(rng)
		for _, anchors := range []bool{false, true} {
			offered, err := scripts.OfferedHTLC(k, hash, anchors)
			if err != nil {
				t.Fatal(err)
			}
			lnd, err := input.SenderHTLCScript(k.Local, k.Remote, k.Revocation, hash[:], anchors)
			if err != nil {
				t.Fatal(err)
			}
			sameBytes(t, "offered HTLC", offered, lnd)

			received, err := scripts.ReceivedHTLC(k, hash, cltv, anchors)
			if err != nil {
				t.Fatal(err)
			}
			lnd, err = input.ReceiverHTLCScript(cltv, k.Remote, k.Local, k.Revocation, hash[:], anchors)
			if err != nil {
				t.Fatal(err)
			}
			sameBytes(t, "received HTLC", received, lnd)
		}
	}
}

// TestDustThresholds checks scripts.DustThreshold against lnwallet's
// DustLimitForSize for every output kind lnd knows (BOLT #3 "Dust Limits").
func TestDustThresholds(t *testing.T) {
	for _, size := range []int{input.P2PKHSize, input.P2SHSize, input.P2WPKHSize, input.P2WSHSize, input.UnknownWitnessSize} {
		var pk []byte
		var err error
		switch size {
		case input.P2PKHSize:
			pk, err = input.GenerateP2PKH(make([]byte, 33))
		case input.P2SHSize:
			pk, err = input.GenerateP2SH(nil)
		case input.P2WPKHSize:
			pk, err = input.WitnessPubKeyHash(make([]byte, 33))
		case input.P2WSHSize:
			pk, err = input.WitnessScriptHash(nil)
		case input.UnknownWitnessSize:
			pk, err = input.GenerateUnknownWitness()
		}
		if err != nil {
			t.Fatal(err)
		}
		if len(pk) != size {
			t.Fatalf("lnd's %d-byte script is %d bytes", size, len(pk))
		}
		if ours, lnd := scripts.DustThreshold(pk), lnwallet.DustLimitForSize(size); int64(ours) != int64(lnd) {
			t.Fatalf("dust threshold of a %d-byte script: lnstack %v, lnd %v", size, ours, lnd)
		}
	}
}

// TestTrimmingAndFees checks, on random amounts, feerates and dust limits,
// which HTLCs get no output (commitment.ChannelType.IsTrimmed against
// lnwallet.HtlcIsDust from the commitment owner's side), the HTLC
// transaction fees and the commitment weight against lnwallet's.
func TestTrimmingAndFees(t *testing.T) {
	rng := newRand(14)
	for i := 0; i < 20*scriptRounds; i++ {
		typ := channelTypes()[rng.IntN(2)]
		lt := lndType(typ)
		feerate := amount.FeeratePerKw(253 + rng.Uint32N(100_000))
		dust := amount.Satoshi(rng.Uint64N(5000))
		offered := rng.IntN(2) == 0
		// Amounts around the trimming threshold, where a mistake shows.
		fee := typ.HTLCSuccessFee(feerate)
		if offered {
			fee = typ.HTLCTimeoutFee(feerate)
		}
		sat := int64(dust+fee) + rng.Int64N(21) - 10
		if sat < 0 {
			sat = 0
		}
		h := commitment.HTLC{Offered: offered, Amount: amount.MilliSatoshi(sat)*1000 + amount.MilliSatoshi(rng.Uint64N(1000))}
		lnd := lnwallet.HtlcIsDust(lt, !offered, lntypes.Local, chainfee.SatPerKWeight(feerate), btcutil.Amount(h.Amount/1000), btcutil.Amount(dust))
		if ours := typ.IsTrimmed(h, feerate, dust); ours != lnd {
			t.Fatalf("%v, %v at %d sat/kw, dust %v: lnstack trims %v, lnd %v", typ, h, feerate, dust, ours, lnd)
		}

		if ours, lnd := typ.HTLCTimeoutFee(feerate), lnwallet.HtlcTimeoutFee(lt, chainfee.SatPerKWeight(feerate)); int64(ours) != int64(lnd) {
			t.Fatalf("%v HTLC-timeout fee at %d: lnstack %v, lnd %v", typ, feerate, ours, lnd)
		}
		if ours, lnd := typ.HTLCSuccessFee(feerate), lnwallet.HtlcSuccessFee(lt, chainfee.SatPerKWeight(feerate)); int64(ours) != int64(lnd) {
			t.Fatalf("%v HTLC-success fee at %d: lnstack %v, lnd %v", typ, feerate, ours, lnd)
		}
		n := rng.IntN(967)
		if ours, lnd := typ.CommitWeight(n), int64(lnwallet.CommitWeight(lt))+int64(n)*input.HTLCWeight; ours != lnd {
			t.Fatalf("%v commitment weight with %d HTLCs: lnstack %d, lnd %d", typ, n, ours, lnd)
		}
		if ours, lnd := typ.HTLCSequence(), lnwallet.HtlcSecondLevelInputSequence(lt); ours != lnd {
			t.Fatalf("%v HTLC transaction sequence: lnstack %d, lnd %d", typ, ours, lnd)
		}
		if ours, lnd := typ.RemoteHTLCSigHash(), lnwallet.HtlcSigHashType(lt); ours != lnd {
			t.Fatalf("%v remote HTLC sighash: lnstack %v, lnd %v", typ, ours, lnd)
		}
	}
	if commitment.AnchorAmount != amount.Satoshi(lnwallet.AnchorSize) {
		t.Fatalf("anchor amount %v, lnd %v", commitment.AnchorAmount, lnwallet.AnchorSize)
	}
}
