package bolt12

import (
	"time"

	"github.com/lnstack/lnstack/layer2_messaging/feature"
	"github.com/lnstack/lnstack/layer2_messaging/wire"
	"github.com/lnstack/lnstack/layer4_routing/blinding"
)

// Context is what a reader knows beyond the message: the time, the chains
// it accepts and how it converts currencies. The zero value means now,
// bitcoin only, and no currency conversion.
type Context struct {
	// Now is the current time; the zero Time means time.Now().
	Now time.Time
	// Chains are the chains the reader accepts invoices for; nil means
	// bitcoin only (BitcoinChain).
	Chains []wire.ChainHash
	// Convert converts amount, in the minor unit of the ISO 4217 currency,
	// to millisatoshi of chain. Nil: amounts in a currency cannot be
	// checked (ErrCurrency).
	Convert func(currency string, amount uint64, chain wire.ChainHash) (msat uint64, err error)
}

func (c Context) unix() uint64 {
	now := c.Now
	if now.IsZero() {
		now = time.Now()
	}
	if now.Unix() < 0 {
		return 0
	}
	return uint64(now.Unix())
}

func (c Context) accepts(ch wire.ChainHash) bool {
	if c.Chains == nil {
		return ch == BitcoinChain()
	}
	for _, a := range c.Chains {
		if a == ch {
			return true
		}
	}
	return false
}

// BitcoinChain returns the chain_hash of bitcoin, the chain of every offer
// without offer_chains and every request without invreq_chain: the genesis
// block hash, in wire order.
func BitcoinChain() wire.ChainHash {
	return wire.ChainHash{
		0x6f, 0xe2, 0x8c, 0x0a, 0xb6, 0xf1, 0xb3, 0x72, 0xc1, 0xa6, 0xa2, 0x46, 0xae, 0x63, 0xf7, 0x4f,
		0x93, 0x1e, 0x83, 0x65, 0xe1, 0x5a, 0x08, 0x9c, 0x68, 0xd6, 0x19, 0x00, 0x00, 0x00, 0x00, 0x00,
	}
}

// The TLV type ranges of BOLT #12. An offer's: "1 to 79 and 1000000000 to
// 1999999999"; an invoice_request's non-signature fields: "0 to 159 and
// 1000000000 to 2999999999".
func inOfferRange(t uint64) bool {
	return t >= 1 && t <= 79 || t >= 1000000000 && t <= 1999999999
}

func inRequestRange(t uint64) bool {
	return t <= 159 || t >= 1000000000 && t <= 2999999999
}

// unknownEven returns a *FeatureError for the lowest even bit of v that is
// set and not in known. Odd bits are ignored: "if ... contains unknown _odd_
// bits that are non-zero: MUST ignore the bit."
func unknownEven(field string, v feature.Vector, known []int) error {
	for i := len(v) - 1; i >= 0; i-- {
		// The even bits of a byte are 0x55.
		b := v[i] & 0x55
		for b != 0 {
			low := 0
			for b&(1<<low) == 0 {
				low++
			}
			b &^= 1 << low
			bit := (len(v)-1-i)*8 + low
			if !contains(known, bit) {
				return &FeatureError{Field: field, Bit: bit}
			}
		}
	}
	return nil
}

func contains(s []int, x int) bool {
	for _, v := range s {
		if v == x {
			return true
		}
	}
	return false
}

// checkPaths rejects a blinded path with no hops: "if num_hops is 0 in any
// blinded_path in ...".
func checkPaths(field string, paths []blinding.Path) error {
	for _, p := range paths {
		if len(p.Hops) == 0 {
			return fieldErr(field, ErrEmptyPath)
		}
	}
	return nil
}
