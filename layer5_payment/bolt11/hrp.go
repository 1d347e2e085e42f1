package bolt11

import (
	"fmt"
	"math/bits"
	"strconv"

	"github.com/btcsuite/btcd/chaincfg"
)

// Network is the BIP-0173 currency prefix after "ln" in the human-readable
// part. BOLT #11: "`prefix`: `ln` + BIP-0173 currency prefix (e.g. `lnbc`
// for Bitcoin mainnet, `lntb` for Bitcoin testnet, `lntbs` for Bitcoin
// signet, and `lnbcrt` for Bitcoin regtest)"; sb is btcd's simnet.
type Network string

// The networks an invoice can name.
const (
	Mainnet Network = "bc"
	Testnet Network = "tb"
	Signet  Network = "tbs"
	Regtest Network = "bcrt"
	Simnet  Network = "sb"
)

// networks lists the prefixes longest first, so "lnbcrt" is regtest and
// "lntbs" signet, never mainnet or testnet followed by an amount (an amount
// starts with a digit, so the longest match is the only one).
var networks = [...]Network{Regtest, Signet, Mainnet, Testnet, Simnet}

// Params returns the chain parameters of the network, which fallback
// addresses are written for, or nil for an unknown network.
func (n Network) Params() *chaincfg.Params {
	switch n {
	case Mainnet:
		return &chaincfg.MainNetParams
	case Testnet:
		return &chaincfg.TestNet3Params
	case Signet:
		return &chaincfg.SigNetParams
	case Regtest:
		return &chaincfg.RegressionNetParams
	case Simnet:
		return &chaincfg.SimNetParams
	}
	return nil
}

// Known reports whether n is one of the five networks.
func (n Network) Known() bool { return n.Params() != nil }

// Millisatoshi per unit of each multiplier. BOLT #11: "`m` (milli): multiply
// by 0.001", "`u` (micro): multiply by 0.000001", "`n` (nano): multiply by
// 0.000000001", "`p` (pico): multiply by 0.000000000001"; one bitcoin is
// 10^11 millisatoshi, so p is a tenth of a millisatoshi.
const (
	msatPerBTC   = 100_000_000_000
	msatPerMilli = 100_000_000
	msatPerMicro = 100_000
	msatPerNano  = 100
)

// parseHRP reads "ln" + network + optional amount. The HRP may be upper
// case; the amount returned is in millisatoshi, 0 when absent.
func parseHRP(hrp string) (Network, uint64, error) {
	if len(hrp) < 2 || lower(hrp[0]) != 'l' || lower(hrp[1]) != 'n' {
		return "", 0, fmt.Errorf("%w: %q does not start with ln", ErrUnknownPrefix, hrp)
	}
	rest := hrp[2:]
	for _, n := range networks {
		if !hasPrefixFold(rest, string(n)) {
			continue
		}
		amount := rest[len(n):]
		if amount == "" {
			return n, 0, nil
		}
		if amount[0] < '0' || amount[0] > '9' {
			// Not an amount: the currency prefix is longer than n.
			break
		}
		msat, err := parseAmount(amount)
		return n, msat, err
	}
	return "", 0, fmt.Errorf("%w: %q", ErrUnknownPrefix, hrp)
}

// hasPrefixFold reports whether s starts with the lower-case prefix, in
// either case.
func hasPrefixFold(s, prefix string) bool {
	if len(s) < len(prefix) {
		return false
	}
	for i := 0; i < len(prefix); i++ {
		if lower(s[i]) != prefix[i] {
			return false
		}
	}
	return true
}

// parseAmount reads a decimal amount and optional multiplier, starting with a
// digit, and returns millisatoshi.
func parseAmount(s string) (uint64, error) {
	digits := s
	var mult byte
	if last := lower(s[len(s)-1]); last < '0' || last > '9' {
		digits, mult = s[:len(s)-1], last
	}
	var v uint64
	for i := 0; i < len(digits); i++ {
		c := digits[i]
		if c < '0' || c > '9' {
			return 0, fmt.Errorf("%w: %q", ErrInvalidAmount, s)
		}
		hi, lo := bits.Mul64(v, 10)
		lo, carry := bits.Add64(lo, uint64(c-'0'), 0)
		if hi != 0 || carry != 0 {
			return 0, fmt.Errorf("%w: %q overflows", ErrInvalidAmount, s)
		}
		v = lo
	}
	if v == 0 || digits[0] == '0' {
		// The writer "MUST encode amount as a positive decimal integer with
		// no leading 0s"; see docs/layer5_payment.md (BOLT 11 section) for why the
		// reader holds it to that.
		return 0, fmt.Errorf("%w: %q is not a positive integer without leading zeros", ErrInvalidAmount, s)
	}
	var per uint64
	switch mult {
	case 0:
		per = msatPerBTC
	case 'm':
		per = msatPerMilli
	case 'u':
		per = msatPerMicro
	case 'n':
		per = msatPerNano
	case 'p':
		// BOLT #11: "if multiplier is `p` and the last decimal of `amount`
		// is not 0: MUST fail the payment."
		if v%10 != 0 {
			return 0, fmt.Errorf("%w: %q", ErrSubMillisatoshi, s)
		}
		return v / 10, nil
	default:
		return 0, fmt.Errorf("%w: %q", ErrInvalidMultiplier, s)
	}
	hi, msat := bits.Mul64(v, per)
	if hi != 0 {
		return 0, fmt.Errorf("%w: %q overflows", ErrInvalidAmount, s)
	}
	return msat, nil
}

// appendAmount writes msat in the shortest form. BOLT #11: the writer
// "SHOULD use the shortest representation possible, by using the largest
// multiplier or omitting the multiplier." Each smaller multiplier adds three
// digits, so the largest one that divides the amount is the shortest.
func appendAmount(dst []byte, msat uint64) ([]byte, error) {
	for _, u := range [...]struct {
		per  uint64
		mult byte
	}{{msatPerBTC, 0}, {msatPerMilli, 'm'}, {msatPerMicro, 'u'}, {msatPerNano, 'n'}} {
		if msat%u.per == 0 {
			dst = strconv.AppendUint(dst, msat/u.per, 10)
			if u.mult != 0 {
				dst = append(dst, u.mult)
			}
			return dst, nil
		}
	}
	hi, pico := bits.Mul64(msat, 10)
	if hi != 0 {
		return nil, fmt.Errorf("%w: %d msat does not fit in pico-bitcoin", ErrInvalidAmount, msat)
	}
	// The last decimal is 0, as BOLT #11 asks: "If the `p` multiplier is
	// used the last decimal of `amount` MUST be `0`."
	return append(strconv.AppendUint(dst, pico, 10), 'p'), nil
}
