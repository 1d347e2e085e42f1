// Package amount defines the two units a channel counts in: whole satoshis,
// which is what Bitcoin transactions carry, and millisatoshis, which is what
// BOLT #2 balances and HTLCs carry. BOLT #3 converts one to the other in a
// single way (rounding down), and this package is that one place.
//
// Feerates (feerate_per_kw) live here too, with the two roundings fees are
// computed with.
//
// Files: amount.go (the types, conversion and range checks, BOLT #3
// "Commitment Transaction Outputs": "The amounts for each output MUST be
// rounded down to whole satoshis"; FeeratePerKw and BOLT #3 "Fee
// Calculation"), errors.go.
package amount
