package layer3tx

import (
	"errors"
	"math/rand/v2"
	"testing"

	"github.com/btcsuite/btcd/chaincfg/chainhash"
	lndshachain "github.com/lightningnetwork/lnd/shachain"

	"github.com/lnstack/lnstack/layer3_p2p/shachain"
)

// lnd numbers secrets by commitment number (its AtIndex(n) and LookUp(n)
// take n and count the BOLT #3 index down from 2^48-1 themselves);
// lnstack's Generate and Store.Insert take the BOLT #3 index and
// ForCommitment and LookupCommitment the commitment number.

// TestShachainProducer checks lnstack's generate_from_seed against lnd's
// RevocationProducer on random seeds, at random commitment numbers over the
// whole 48-bit range and at the first and last ones.
func TestShachainProducer(t *testing.T) {
	rng := newRand(30)
	for i := 0; i < 300; i++ {
		seed := randBytes32(rng)
		ours := shachain.NewProducer(seed)
		lnd := lndshachain.NewRevocationProducer(chainhash.Hash(seed))
		for j := 0; j < 20; j++ {
			var n uint64
			switch j {
			case 0:
				n = 0
			case 1:
				n = shachain.MaxIndex
			default:
				n = rng.Uint64N(shachain.MaxIndex + 1)
			}
			got, err := ours.ForCommitment(n)
			if err != nil {
				t.Fatal(err)
			}
			want, err := lnd.AtIndex(n)
			if err != nil {
				t.Fatal(err)
			}
			sameBytes(t, "secret of commitment "+itoa(n), got[:], want[:])
			index, err := shachain.IndexOf(n)
			if err != nil {
				t.Fatal(err)
			}
			byIndex, err := shachain.Generate(seed, index)
			if err != nil {
				t.Fatal(err)
			}
			sameBytes(t, "secret at index of commitment "+itoa(n), byIndex[:], want[:])
		}
	}
}

// storePair is lnstack's and lnd's store fed the same secrets.
type storePair struct {
	ours shachain.Store
	lnd  *lndshachain.RevocationStore
	n    uint64 // secrets both accepted
}

// insert gives both stores the next secret and fails unless both accept
// it or both refuse it. It reports whether they accepted.
func (p *storePair) insert(t *testing.T, secret shachain.Secret) bool {
	t.Helper()
	index, err := shachain.IndexOf(p.n)
	if err != nil {
		t.Fatal(err)
	}
	ourErr := p.ours.Insert(index, secret)
	h := chainhash.Hash(secret)
	lndErr := p.lnd.AddNextEntry(&h)
	if (ourErr == nil) != (lndErr == nil) {
		t.Fatalf("secret %d: lnstack says %v, lnd says %v", p.n, ourErr, lndErr)
	}
	if ourErr != nil {
		if !errors.Is(ourErr, shachain.ErrSecretMismatch) {
			t.Fatalf("secret %d refused with %v, want ErrSecretMismatch", p.n, ourErr)
		}
		return false
	}
	p.n++
	return true
}

// lookupAll fails unless both stores give the same secret for every
// commitment received so far, and both refuse the next one.
func (p *storePair) lookupAll(t *testing.T, rng *rand.Rand) {
	t.Helper()
	check := func(n uint64) {
		got, err := p.ours.LookupCommitment(n)
		if err != nil {
			t.Fatalf("lnstack cannot derive secret %d of %d: %v", n, p.n, err)
		}
		want, err := p.lnd.LookUp(n)
		if err != nil {
			t.Fatalf("lnd cannot derive secret %d of %d: %v", n, p.n, err)
		}
		sameBytes(t, "stored secret "+itoa(n), got[:], want[:])
	}
	if p.n <= 64 {
		for n := uint64(0); n < p.n; n++ {
			check(n)
		}
	} else {
		for j := 0; j < 64; j++ {
			check(rng.Uint64N(p.n))
		}
	}
	_, ourErr := p.ours.LookupCommitment(p.n)
	_, lndErr := p.lnd.LookUp(p.n)
	if ourErr == nil || lndErr == nil {
		t.Fatalf("secret %d not received yet: lnstack says %v, lnd says %v", p.n, ourErr, lndErr)
	}
}

// TestShachainStore feeds lnstack's Store and lnd's RevocationStore the
// same sequences: the secrets of one seed in order, with, at random
// points, a bad secret (another seed's, a random one, or a correct one
// with a flipped bit). Both stores must accept and refuse the same
// secrets (a bad secret is refused as soon as it should derive a secret
// already held, which for an odd index only happens at a later insert), and
// derive the same secrets afterwards.
func TestShachainStore(t *testing.T) {
	rng := newRand(31)
	var refusedAtOnce, refusedLater int
	for round := 0; round < 40; round++ {
		seed := randBytes32(rng)
		producer := shachain.NewProducer(seed)
		p := &storePair{lnd: lndshachain.NewRevocationStore()}
		// One bad secret in badEvery, except in the first, long round,
		// where a refusal costs a replay of thousands of secrets.
		length, badEvery := 1+rng.IntN(600), 25
		if round == 0 {
			length, badEvery = 5000, 500
		}
		for p.n < uint64(length) {
			good, err := producer.ForCommitment(p.n)
			if err != nil {
				t.Fatal(err)
			}
			if rng.IntN(badEvery) != 0 {
				if !p.insert(t, good) {
					// A correct secret is refused only when a bad one
					// went into a slot earlier: start again from a store
					// holding the good secrets, as a node would refuse
					// the channel instead.
					refusedLater++
					p = replay(t, producer, p.n)
				}
				continue
			}
			bad := badSecret(rng, good)
			if !p.insert(t, bad) {
				refusedAtOnce++
			}
		}
		p.lookupAll(t, rng)
	}
	// Both kinds of refusal must have happened for the test to mean much.
	if refusedAtOnce == 0 || refusedLater == 0 {
		t.Fatalf("refusals: %d at once, %d at a later insert", refusedAtOnce, refusedLater)
	}
	t.Logf("bad secrets refused by both: %d at once, %d at a later insert", refusedAtOnce, refusedLater)
}

// badSecret returns a secret that is not the one expected.
func badSecret(rng *rand.Rand, good shachain.Secret) shachain.Secret {
	switch rng.IntN(3) {
	case 0:
		good[rng.IntN(32)] ^= 1 << rng.IntN(8)
		return good
	case 1:
		other, _ := shachain.NewProducer(randBytes32(rng)).ForCommitment(rng.Uint64N(1 << 20))
		return other
	}
	return randBytes32(rng)
}

// replay builds a fresh pair of stores holding the first n good secrets.
func replay(t *testing.T, producer *shachain.Producer, n uint64) *storePair {
	t.Helper()
	p := &storePair{lnd: lndshachain.NewRevocationStore()}
	for p.n < n {
		s, err := producer.ForCommitment(p.n)
		if err != nil {
			t.Fatal(err)
		}
		if !p.insert(t, s) {
			t.Fatalf("good secret %d refused by both", p.n)
		}
	}
	return p
}
