package amount

import (
	"fmt"
	"strconv"
)

// Satoshi is an amount in whole satoshis, signed like wire.TxOut.Value so a
// balance minus a fee can be seen going negative instead of wrapping.
type Satoshi int64

// MilliSatoshi is an amount in thousandths of a satoshi, the unit of BOLT #2
// balances and HTLCs (amount_msat).
type MilliSatoshi uint64

// MaxSatoshi is the 21 million bitcoin that can ever exist, in satoshis.
const MaxSatoshi Satoshi = 21_000_000 * 100_000_000

// MaxMilliSatoshi is MaxSatoshi in millisatoshis (2.1e18, below 2^63).
const MaxMilliSatoshi = MilliSatoshi(MaxSatoshi) * 1000

// ToSatoshi rounds down to whole satoshis.
//
// BOLT #3: "The amounts for each output MUST be rounded down to whole satoshis."
func (m MilliSatoshi) ToSatoshi() Satoshi { return Satoshi(m / 1000) }

// String prints the amount with its unit ("1000 msat").
func (m MilliSatoshi) String() string { return strconv.FormatUint(uint64(m), 10) + " msat" }

// Check returns ErrOutOfRange above MaxMilliSatoshi.
func (m MilliSatoshi) Check() error {
	if m > MaxMilliSatoshi {
		return fmt.Errorf("%s: %w", m, ErrOutOfRange)
	}
	return nil
}

// ToMilliSatoshi converts whole satoshis; it does not check the range (a
// negative amount wraps), so call Check first on untrusted values.
func (s Satoshi) ToMilliSatoshi() MilliSatoshi { return MilliSatoshi(s) * 1000 }

// String prints the amount with its unit ("546 sat").
func (s Satoshi) String() string { return strconv.FormatInt(int64(s), 10) + " sat" }

// Check returns ErrOutOfRange for a negative amount or one above MaxSatoshi.
func (s Satoshi) Check() error {
	if s < 0 || s > MaxSatoshi {
		return fmt.Errorf("%s: %w", s, ErrOutOfRange)
	}
	return nil
}

// FeeratePerKw is a feerate in satoshis per 1000 weight units, the unit of
// BOLT #2's feerate_per_kw.
type FeeratePerKw uint32

// FeeForWeight is feerate * weight / 1000, rounded down, as BOLT #3 "Fee
// Calculation" computes commitment and HTLC transaction fees.
func (f FeeratePerKw) FeeForWeight(weight int64) Satoshi {
	return Satoshi(int64(f) * weight / 1000)
}

// FeeForWeightRoundUp is feerate * weight / 1000 rounded up, so that the
// fee paid never falls below the feerate (the rounding BOLT #3 Appendix G
// uses for each side's contribution to a dual-funded transaction).
func (f FeeratePerKw) FeeForWeightRoundUp(weight int64) Satoshi {
	return Satoshi((int64(f)*weight + 999) / 1000)
}
