package amount

import (
	"errors"
	"testing"
)

func TestToSatoshiRoundsDown(t *testing.T) {
	for _, c := range []struct {
		m    MilliSatoshi
		want Satoshi
	}{{0, 0}, {999, 0}, {1000, 1}, {5000001, 5000}, {6987999999, 6987999}} {
		if got := c.m.ToSatoshi(); got != c.want {
			t.Errorf("%v.ToSatoshi() = %v, want %v", c.m, got, c.want)
		}
	}
}

func TestRoundTrip(t *testing.T) {
	for _, s := range []Satoshi{0, 1, 546, MaxSatoshi} {
		if got := s.ToMilliSatoshi().ToSatoshi(); got != s {
			t.Errorf("%v round trip = %v", s, got)
		}
	}
}

func TestCheck(t *testing.T) {
	if err := MaxSatoshi.Check(); err != nil {
		t.Errorf("MaxSatoshi: %v", err)
	}
	for _, s := range []Satoshi{-1, MaxSatoshi + 1} {
		if err := s.Check(); !errors.Is(err, ErrOutOfRange) {
			t.Errorf("%v.Check() = %v, want ErrOutOfRange", s, err)
		}
	}
	if err := MaxMilliSatoshi.Check(); err != nil {
		t.Errorf("MaxMilliSatoshi: %v", err)
	}
	if err := (MaxMilliSatoshi + 1).Check(); !errors.Is(err, ErrOutOfRange) {
		t.Errorf("MaxMilliSatoshi+1: %v, want ErrOutOfRange", err)
	}
}

// TestFeeForWeight checks the rounding of BOLT #3's fee examples and of
// Appendix G's fee shares.
func TestFeeForWeight(t *testing.T) {
	for _, c := range []struct {
		rate      FeeratePerKw
		weight    int64
		down, upw Satoshi
	}{
		{5000, 663, 3315, 3315},    // BOLT #3 "Fee Calculation" example: HTLC-timeout
		{5000, 1068, 5340, 5340},   // its base commitment fee
		{15000, 724, 10860, 10860}, // Appendix C "simple commitment tx": base fee 10860
		{253, 609, 154, 155},       // Appendix G opener: 155 sats
		{253, 395, 99, 100},        // Appendix G accepter: 100 sats
		{0, 1000, 0, 0},
	} {
		if got := c.rate.FeeForWeight(c.weight); got != c.down {
			t.Errorf("%d * %d / 1000 rounded down = %d, want %d", c.rate, c.weight, got, c.down)
		}
		if got := c.rate.FeeForWeightRoundUp(c.weight); got != c.upw {
			t.Errorf("%d * %d / 1000 rounded up = %d, want %d", c.rate, c.weight, got, c.upw)
		}
	}
}
