package receive

import (
	"time"

	"github.com/lnstack/lnstack/layer2_messaging/wire"
	"github.com/lnstack/lnstack/layer3_p2p/amount"
	"github.com/lnstack/lnstack/layer4_routing/failure"
	"github.com/lnstack/lnstack/layer4_routing/forward"
	"github.com/lnstack/lnstack/layer4_routing/sphinx"
)

// HTLCKey names an incoming HTLC: its channel and its id there.
type HTLCKey struct {
	SCID wire.ShortChannelID
	ID   uint64
}

// HTLC is an incoming HTLC whose onion ends at this node.
type HTLC struct {
	Key         HTLCKey
	PaymentHash [32]byte
	AmountMsat  amount.MilliSatoshi
	CLTVExpiry  uint32
	// Payload is the final hop's decoded onion payload.
	Payload *sphinx.Payload
}

// Failed is an HTLC to fail, with the failure to return to the payer.
type Failed struct {
	Key     HTLCKey
	Failure *forward.Failure
}

// Resolution is what to do after an HTLC came in: fulfill the HTLCs of
// Settle with Preimage, fail those of Fail. Both empty means the HTLC is
// held until the rest of its multi-part payment arrives.
type Resolution struct {
	Settle   []HTLCKey
	Preimage [32]byte
	Fail     []Failed
}

// Held reports whether the resolution leaves the HTLC waiting.
func (r *Resolution) Held() bool { return len(r.Settle) == 0 && len(r.Fail) == 0 }

// Accept applies the final node's rules of BOLT #4 to h at block height
// and time now, and adds it to its payment's HTLC set. The checks, in
// order:
//
//  1. the payload against the HTLC (forward.CheckFinal): required fields,
//     the expiry against min_final_cltv_expiry_delta, outgoing_cltv_value
//     and amt_to_forward;
//  2. the payment_hash is known, its invoice open and not expired;
//  3. payment_secret is present and the invoice's;
//  4. total_msat is at least the invoice amount and at most twice it;
//  5. a part below total_msat needs basic_mpp;
//  6. total_msat is the same for every HTLC of the set.
//
// Every failure but mpp_timeout is incorrect_or_unknown_payment_details or
// one of CheckFinal's: BOLT #4 gives the payee's reasons one code, so that
// a prober learns nothing from which check failed.
func (r *Registry) Accept(h HTLC, height uint32, now time.Time) Resolution {
	r.mu.Lock()
	defer r.mu.Unlock()
	fail := func(reason error) Resolution {
		return Resolution{Fail: []Failed{{Key: h.Key, Failure: r.details(h, height, reason)}}}
	}
	e, known := r.invoices[h.PaymentHash]
	minFinal := uint16(DefaultMinFinalCLTVDelta)
	if known {
		minFinal = e.inv.MinFinalCLTVDelta
	}
	p := forward.NewPayload(h.Payload, nil)
	in := forward.Incoming{AmountMsat: h.AmountMsat, CLTVExpiry: h.CLTVExpiry}
	if f := forward.CheckFinal(p, &in, height, minFinal); f != nil {
		return Resolution{Fail: []Failed{{Key: h.Key, Failure: f}}}
	}
	// BOLT #4: "if the payment hash is unknown: MUST fail the HTLC."
	switch {
	case !known:
		return fail(ErrUnknownPayment)
	case e.inv.State != Open:
		return fail(ErrNotOpen)
	case len(e.set) == 0 && !now.Before(e.inv.CreatedAt.Add(e.inv.Expiry)):
		return fail(ErrExpired)
	}
	// "if the payment_secret doesn't match the expected value for that
	// payment_hash, or the payment_secret is required and is not present:
	// MUST fail the HTLC."
	if !h.Payload.HasPaymentData || h.Payload.PaymentSecret != e.inv.PaymentSecret {
		return fail(ErrSecretMismatch)
	}
	total := p.Total()
	// "if the amount paid is less than the amount expected: MUST fail the
	// HTLC"; "if the amount paid is more than twice the amount expected:
	// SHOULD fail the HTLC" (the payer gains no privacy from it).
	if total < e.inv.AmountMsat {
		return fail(ErrAmountTooLow)
	}
	if e.inv.AmountMsat != 0 && total > 2*e.inv.AmountMsat {
		return fail(ErrAmountTooHigh)
	}
	if h.AmountMsat < total && !e.inv.Features.Has(basicMPP) {
		return fail(ErrNoMPP)
	}
	for _, held := range e.set {
		if held.Key == h.Key {
			return fail(ErrDuplicateHTLC)
		}
	}
	// "SHOULD fail the entire HTLC set if total_msat is not the same for
	// all HTLCs in the set."
	if len(e.set) > 0 && e.tot != total {
		res := r.failSet(e, height, ErrTotalMismatch, nil)
		res.Fail = append(res.Fail, Failed{Key: h.Key, Failure: r.details(h, height, ErrTotalMismatch)})
		return res
	}
	if len(e.set) == 0 {
		e.from, e.tot = now, total
	}
	e.set = append(e.set, h)
	e.sum += h.AmountMsat
	// "if the total amount_msat of this HTLC set is equal to or greater
	// than total_msat: SHOULD fulfill all HTLCs in the HTLC set";
	// otherwise "MUST NOT fulfill any HTLCs".
	if e.sum < e.tot {
		return Resolution{}
	}
	res := Resolution{Preimage: e.inv.Preimage}
	for _, held := range e.set {
		res.Settle = append(res.Settle, held.Key)
	}
	e.inv.State = Settled
	e.set, e.sum = nil, 0
	return res
}

// Tick fails every HTLC set that has waited MPPTimeout without reaching
// its total. BOLT #4: "MUST fail all HTLCs in the HTLC set after some
// reasonable timeout ... SHOULD use mpp_timeout for the failure message."
func (r *Registry) Tick(now time.Time) []Failed {
	r.mu.Lock()
	defer r.mu.Unlock()
	var out []Failed
	for _, e := range r.invoices {
		if len(e.set) > 0 && now.Sub(e.from) >= r.cfg.MPPTimeout {
			out = append(out, r.failSet(e, 0, ErrMPPTimeout, &failure.MPPTimeout{}).Fail...)
		}
	}
	return out
}

// Cancel cancels an open invoice and fails the HTLCs held for it.
func (r *Registry) Cancel(hash [32]byte, height uint32) ([]Failed, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	e, ok := r.invoices[hash]
	if !ok {
		return nil, ErrUnknownPayment
	}
	if e.inv.State != Open {
		return nil, ErrNotOpen
	}
	e.inv.State = Canceled
	return r.failSet(e, height, ErrNotOpen, nil).Fail, nil
}

// failSet empties e's set, failing each HTLC with msg, or with
// incorrect_or_unknown_payment_details when msg is nil.
func (r *Registry) failSet(e *entry, height uint32, reason error, msg failure.Message) Resolution {
	var res Resolution
	for _, h := range e.set {
		f := &forward.Failure{Message: msg, Reason: reason}
		if msg == nil {
			f = r.details(h, height, reason)
		}
		res.Fail = append(res.Fail, Failed{Key: h.Key, Failure: f})
	}
	e.set, e.sum = nil, 0
	return res
}

// details is incorrect_or_unknown_payment_details for h: BOLT #4 "htlc_msat"
// and "height" are the HTLC's amount and the current block height.
func (r *Registry) details(h HTLC, height uint32, reason error) *forward.Failure {
	return &forward.Failure{
		Message: &failure.IncorrectOrUnknownPaymentDetails{HTLCMsat: uint64(h.AmountMsat), Height: height},
		Reason:  reason,
	}
}
