package gossip_test

import (
	"errors"
	"math"
	"testing"

	"github.com/lnstack/lnstack/layer3_p2p/amount"
	"github.com/lnstack/lnstack/layer3_p2p/gossip"
)

func TestPolicyFee(t *testing.T) {
	for _, c := range []struct {
		base, ppm uint32
		amt, want amount.MilliSatoshi
	}{
		// BOLT #7 "Routing Example": 200 + ( 4999999 * 2000 / 1000000 ) = 10199.
		{200, 2000, 4999999, 10199},
		{400, 4000, 4999999, 20399},
		{0, 0, 1 << 60, 0},
		{1000, 1, 999_999, 1000}, // rounds down
		{1000, 1, 1_000_000, 1001},
		// The product needs more than 64 bits: 2^63 * 1000 / 10^6.
		{0, 1000, 1 << 63, amount.MilliSatoshi(uint64(1<<63) / 1000)},
	} {
		p := gossip.Policy{FeeBaseMsat: c.base, FeeProportionalMillionths: c.ppm}
		got, err := p.Fee(c.amt)
		if err != nil || got != c.want {
			t.Errorf("fee %d+%dppm on %d: %d (%v), want %d", c.base, c.ppm, c.amt, got, err, c.want)
		}
	}
	p := gossip.Policy{FeeBaseMsat: math.MaxUint32, FeeProportionalMillionths: math.MaxUint32}
	if _, err := p.Fee(math.MaxUint64); !errors.Is(err, gossip.ErrAmountOverflow) {
		t.Errorf("overflowing fee: %v", err)
	}
	p = gossip.Policy{FeeBaseMsat: 1}
	if _, err := p.Fee(math.MaxUint64); err != nil {
		t.Errorf("fee of 1 on the largest amount: %v", err)
	}
}

func TestRouteHTLCs(t *testing.T) {
	// BOLT #7 "Routing Example", A->B->C, at height 1000.
	bc := gossip.Policy{CLTVExpiryDelta: 20, FeeBaseMsat: 200, FeeProportionalMillionths: 2000}
	htlcs, err := gossip.RouteHTLCs(4999999, 1000+18+42, []gossip.Policy{bc})
	if err != nil {
		t.Fatal(err)
	}
	want := []gossip.HTLC{
		{AmountMsat: 5010198, CLTVExpiry: 1080, AmtToForward: 4999999, OutgoingCLTVValue: 1060},
		{AmountMsat: 4999999, CLTVExpiry: 1060, AmtToForward: 4999999, OutgoingCLTVValue: 1060},
	}
	if len(htlcs) != 2 || htlcs[0] != want[0] || htlcs[1] != want[1] {
		t.Errorf("A->B->C: %+v", htlcs)
	}
	// A direct payment has one HTLC and no fee.
	if htlcs, err := gossip.RouteHTLCs(5, 7, nil); err != nil || len(htlcs) != 1 || htlcs[0].AmountMsat != 5 || htlcs[0].CLTVExpiry != 7 {
		t.Errorf("direct: %+v %v", htlcs, err)
	}
	if _, err := gossip.RouteHTLCs(1, math.MaxUint32-5, []gossip.Policy{{CLTVExpiryDelta: 6}}); !errors.Is(err, gossip.ErrCLTVOverflow) {
		t.Errorf("cltv overflow: %v", err)
	}
	if _, err := gossip.RouteHTLCs(math.MaxUint64-5, 0, []gossip.Policy{{FeeBaseMsat: 6}}); !errors.Is(err, gossip.ErrAmountOverflow) {
		t.Errorf("amount overflow: %v", err)
	}
	u := signedUpdate(t, privKey("policy"), regtest, 1)
	if p := u.Policy(); p.CLTVExpiryDelta != 144 || p.FeeBaseMsat != 1000 || p.FeeProportionalMillionths != 100 || p.HTLCMaximumMsat != 990_000_000 {
		t.Errorf("Policy %+v", p)
	}
}
