package commitment

import (
	"bytes"
	"cmp"
	"slices"

	"github.com/btcsuite/btcd/wire"
)

// sortable is an output with what BIP 69+CLTV orders it by.
type sortable struct {
	out  *wire.TxOut
	cltv uint32 // 0 for outputs that are not HTLCs
	info Output
}

// sortOutputs orders outputs as BOLT #3 "Transaction Output Ordering" says:
// by value (whole satoshis), then by scriptPubKey compared as memcmp on the
// common prefix with the shorter first (which is bytes.Compare), then, for
// HTLC outputs, by cltv_expiry. The sort is stable, so two outputs equal in
// all three (same amount, hash and expiry) keep the caller's HTLC order.
//
// BOLT #3 Rationale: "Two offered HTLCs which have the same amount (rounded
// from amount_msat) and payment_hash will have identical outputs, even if
// their cltv_expiry differs."
func sortOutputs(outs []sortable) {
	slices.SortStableFunc(outs, func(a, b sortable) int {
		if c := cmp.Compare(a.out.Value, b.out.Value); c != 0 {
			return c
		}
		if c := bytes.Compare(a.out.PkScript, b.out.PkScript); c != 0 {
			return c
		}
		return cmp.Compare(a.cltv, b.cltv)
	})
}
