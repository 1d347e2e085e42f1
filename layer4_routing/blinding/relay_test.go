package blinding_test

import (
	"math/big"
	"math/rand/v2"
	"testing"

	"github.com/lnstack/lnstack/layer4_routing/blinding"
)

// TestAmountToForward checks the 128-bit arithmetic against big.Int.
func TestAmountToForward(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	for range 10000 {
		r := blinding.PaymentRelay{FeeBaseMsat: rng.Uint32() >> rng.IntN(32), FeeProportionalMillionths: rng.Uint32() >> rng.IntN(32)}
		amount := rng.Uint64() >> rng.IntN(64)
		got, ok := r.AmountToForward(amount)
		if amount < uint64(r.FeeBaseMsat) {
			if ok {
				t.Fatalf("%d below the base fee %d forwards", amount, r.FeeBaseMsat)
			}
			continue
		}
		num := new(big.Int).SetUint64(amount - uint64(r.FeeBaseMsat))
		num.Mul(num, big.NewInt(1_000_000))
		num.Add(num, new(big.Int).SetUint64(1_000_000+uint64(r.FeeProportionalMillionths)-1))
		want := num.Div(num, new(big.Int).SetUint64(1_000_000+uint64(r.FeeProportionalMillionths)))
		if !ok || !want.IsUint64() || got != want.Uint64() {
			t.Fatalf("%+v of %d: got %d %v, want %v", r, amount, got, ok, want)
		}
	}
	if _, ok := (blinding.PaymentRelay{CLTVExpiryDelta: 10}).OutgoingCLTV(9); ok {
		t.Fatal("expiry below the delta")
	}
	if v, ok := (blinding.PaymentRelay{CLTVExpiryDelta: 10}).OutgoingCLTV(100); !ok || v != 90 {
		t.Fatal("OutgoingCLTV")
	}
}

// TestAggregateRelay uses the path of blinded-payment-onion-test.json:
// relays (10000, 0, 50), (100, 150, 75) and (0, 100, 25) cost a base of
// 10100, 251 millionths and 150 blocks in all.
func TestAggregateRelay(t *testing.T) {
	p := blinding.AggregateRelay([]blinding.PaymentRelay{
		{CLTVExpiryDelta: 50, FeeBaseMsat: 10000},
		{CLTVExpiryDelta: 75, FeeProportionalMillionths: 150, FeeBaseMsat: 100},
		{CLTVExpiryDelta: 25, FeeProportionalMillionths: 100},
	}, 0)
	if p.FeeBaseMsat != 10100 || p.FeeProportionalMillionths != 251 || p.CLTVExpiryDelta != 150 {
		t.Fatalf("%+v", p)
	}
	if f := p.Fee(100000); f != 10125 {
		t.Fatalf("fee %d", f)
	}
	// A payment through the path reaches the recipient with at least the
	// amount the sender meant, hop by hop.
	relays := []blinding.PaymentRelay{{FeeBaseMsat: 10000}, {FeeProportionalMillionths: 150, FeeBaseMsat: 100}, {FeeProportionalMillionths: 100}}
	rng := rand.New(rand.NewPCG(5, 6))
	for range 1000 {
		final := 1 + rng.Uint64N(1e12)
		amt := final + p.Fee(final)
		for _, r := range relays {
			var ok bool
			if amt, ok = r.AmountToForward(amt); !ok {
				t.Fatal("does not forward")
			}
		}
		if amt < final {
			t.Fatalf("sent for %d, arrives %d", final, amt)
		}
	}
	if (blinding.PayInfo{FeeProportionalMillionths: 1 << 40}).Fee(1<<62) != ^uint64(0) {
		t.Fatal("Fee saturates")
	}
}
