package receive

import (
	"bytes"
	"errors"
	"testing"
	"time"

	"github.com/lnstack/lnstack/layer3_p2p/amount"
	"github.com/lnstack/lnstack/layer4_routing/failure"
	"github.com/lnstack/lnstack/layer4_routing/forward"
	"github.com/lnstack/lnstack/layer4_routing/sphinx"
)

const height = 800_000

var t0 = time.Unix(1_700_000_000, 0)

// newInvoice registers an invoice of amt with a registry whose randomness
// is fixed, so the tests are deterministic.
func newInvoice(t *testing.T, amt amount.MilliSatoshi, noMPP bool) (*Registry, Invoice) {
	t.Helper()
	r := NewRegistry(Config{Rand: bytes.NewReader(bytes.Repeat([]byte{7, 1, 9}, 64))})
	inv, err := r.Create(InvoiceRequest{AmountMsat: amt, NoMPP: noMPP}, t0)
	if err != nil {
		t.Fatal(err)
	}
	return r, inv
}

// htlc is an HTLC paying part of total to inv, as a correct payer builds it.
func htlc(inv Invoice, id uint64, part, total amount.MilliSatoshi) HTLC {
	cltv := uint32(height + DefaultMinFinalCLTVDelta + 2)
	return HTLC{
		Key:         HTLCKey{SCID: 1, ID: id},
		PaymentHash: inv.PaymentHash,
		AmountMsat:  part,
		CLTVExpiry:  cltv,
		Payload: &sphinx.Payload{
			HasAmtToForward: true, AmtToForward: uint64(part),
			HasOutgoingCLTV: true, OutgoingCLTV: cltv,
			HasPaymentData: true, PaymentSecret: inv.PaymentSecret, TotalMsat: uint64(total),
		},
	}
}

func TestAcceptFinalNodeRules(t *testing.T) {
	tests := []struct {
		name   string
		noMPP  bool
		change func(h *HTLC)
		reason error // nil: settled
		code   failure.Code
	}{
		{name: "exact amount settles"},
		{name: "overpay below twice settles", change: func(h *HTLC) {
			h.AmountMsat, h.Payload.AmtToForward, h.Payload.TotalMsat = 15_000, 15_000, 15_000
		}},
		{name: "unknown payment hash", change: func(h *HTLC) { h.PaymentHash[0] ^= 1 },
			reason: ErrUnknownPayment, code: failure.CodeIncorrectOrUnknownPaymentDetails},
		{name: "wrong payment secret", change: func(h *HTLC) { h.Payload.PaymentSecret[3] ^= 1 },
			reason: ErrSecretMismatch, code: failure.CodeIncorrectOrUnknownPaymentDetails},
		{name: "missing payment_data", change: func(h *HTLC) { h.Payload.HasPaymentData = false; h.Payload.TotalMsat = 0 },
			reason: ErrSecretMismatch, code: failure.CodeIncorrectOrUnknownPaymentDetails},
		{name: "amount too low", change: func(h *HTLC) {
			h.AmountMsat, h.Payload.AmtToForward, h.Payload.TotalMsat = 9_999, 9_999, 9_999
		}, reason: ErrAmountTooLow, code: failure.CodeIncorrectOrUnknownPaymentDetails},
		{name: "amount above twice", change: func(h *HTLC) {
			h.AmountMsat, h.Payload.AmtToForward, h.Payload.TotalMsat = 20_001, 20_001, 20_001
		}, reason: ErrAmountTooHigh, code: failure.CodeIncorrectOrUnknownPaymentDetails},
		{name: "expiry too near", change: func(h *HTLC) { h.CLTVExpiry = height + 3; h.Payload.OutgoingCLTV = h.CLTVExpiry },
			reason: forward.ErrFinalExpiryTooSoon, code: failure.CodeIncorrectOrUnknownPaymentDetails},
		{name: "htlc expiry below onion's", change: func(h *HTLC) { h.Payload.OutgoingCLTV = h.CLTVExpiry + 1 },
			reason: forward.ErrFinalCLTV, code: failure.CodeFinalIncorrectCLTVExpiry},
		{name: "htlc amount below onion's", change: func(h *HTLC) { h.Payload.AmtToForward = uint64(h.AmountMsat) + 1 },
			reason: forward.ErrFinalAmount, code: failure.CodeFinalIncorrectHTLCAmount},
		{name: "missing amt_to_forward", change: func(h *HTLC) { h.Payload.HasAmtToForward = false },
			reason: forward.ErrMissingField, code: failure.CodeInvalidOnionPayload},
		{name: "partial without basic_mpp", noMPP: true, change: func(h *HTLC) {
			h.AmountMsat, h.Payload.AmtToForward = 5_000, 5_000
		}, reason: ErrNoMPP, code: failure.CodeIncorrectOrUnknownPaymentDetails},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r, inv := newInvoice(t, 10_000, tt.noMPP)
			h := htlc(inv, 0, 10_000, 10_000)
			if tt.change != nil {
				tt.change(&h)
			}
			res := r.Accept(h, height, t0.Add(time.Minute))
			if tt.reason == nil {
				if len(res.Settle) != 1 || res.Preimage != inv.Preimage || len(res.Fail) != 0 {
					t.Fatalf("want settled with the preimage, got %+v", res)
				}
				if got, _ := r.Lookup(inv.PaymentHash); got.State != Settled {
					t.Errorf("state %v, want Settled", got.State)
				}
				return
			}
			if len(res.Fail) != 1 || len(res.Settle) != 0 {
				t.Fatalf("want one failure, got %+v", res)
			}
			f := res.Fail[0].Failure
			if !errors.Is(f, tt.reason) || f.Code() != tt.code {
				t.Errorf("failure %v (code %v), want reason %v code %v", f, f.Code(), tt.reason, tt.code)
			}
		})
	}
}

func TestAcceptExpiredAndSettled(t *testing.T) {
	r, inv := newInvoice(t, 10_000, false)
	res := r.Accept(htlc(inv, 0, 10_000, 10_000), height, t0.Add(DefaultExpiry))
	if len(res.Fail) != 1 || !errors.Is(res.Fail[0].Failure, ErrExpired) {
		t.Fatalf("expired invoice: got %+v", res)
	}
	if res := r.Accept(htlc(inv, 1, 10_000, 10_000), height, t0); len(res.Settle) != 1 {
		t.Fatalf("open invoice: got %+v", res)
	}
	res = r.Accept(htlc(inv, 2, 10_000, 10_000), height, t0)
	if len(res.Fail) != 1 || !errors.Is(res.Fail[0].Failure, ErrNotOpen) {
		t.Fatalf("paid twice: got %+v", res)
	}
}

func TestAcceptMultiPart(t *testing.T) {
	r, inv := newInvoice(t, 10_000, false)
	if res := r.Accept(htlc(inv, 0, 4_000, 10_000), height, t0); !res.Held() {
		t.Fatalf("first part: want held, got %+v", res)
	}
	if res := r.Accept(htlc(inv, 0, 4_000, 10_000), height, t0); len(res.Fail) != 1 || !errors.Is(res.Fail[0].Failure, ErrDuplicateHTLC) {
		t.Fatalf("same HTLC again: got %+v", res)
	}
	if res := r.Accept(htlc(inv, 1, 3_000, 10_000), height, t0); !res.Held() {
		t.Fatalf("second part: want held, got %+v", res)
	}
	res := r.Accept(htlc(inv, 2, 3_000, 10_000), height, t0)
	if len(res.Settle) != 3 || res.Preimage != inv.Preimage {
		t.Fatalf("last part: want the set of 3 settled, got %+v", res)
	}
}

func TestAcceptTotalMismatch(t *testing.T) {
	r, inv := newInvoice(t, 10_000, false)
	r.Accept(htlc(inv, 0, 4_000, 10_000), height, t0)
	res := r.Accept(htlc(inv, 1, 4_000, 12_000), height, t0)
	if len(res.Fail) != 2 {
		t.Fatalf("want the whole set failed, got %+v", res)
	}
	for _, f := range res.Fail {
		if !errors.Is(f.Failure, ErrTotalMismatch) {
			t.Errorf("HTLC %v: %v, want ErrTotalMismatch", f.Key, f.Failure)
		}
	}
}

func TestTickMPPTimeout(t *testing.T) {
	r, inv := newInvoice(t, 10_000, false)
	r.Accept(htlc(inv, 0, 4_000, 10_000), height, t0)
	r.Accept(htlc(inv, 1, 4_000, 10_000), height, t0.Add(time.Second))
	if got := r.Tick(t0.Add(DefaultMPPTimeout - time.Second)); len(got) != 0 {
		t.Fatalf("before the timeout: %+v", got)
	}
	got := r.Tick(t0.Add(DefaultMPPTimeout))
	if len(got) != 2 {
		t.Fatalf("at the timeout: want 2 failed, got %+v", got)
	}
	for _, f := range got {
		if f.Failure.Code() != failure.CodeMPPTimeout || !errors.Is(f.Failure, ErrMPPTimeout) {
			t.Errorf("HTLC %v: %v", f.Key, f.Failure)
		}
	}
	// The invoice stays open: a new attempt may still pay it.
	if res := r.Accept(htlc(inv, 5, 10_000, 10_000), height, t0.Add(2*DefaultMPPTimeout)); len(res.Settle) != 1 {
		t.Fatalf("after the timeout: %+v", res)
	}
}

func TestCreateAndCancel(t *testing.T) {
	r, inv := newInvoice(t, 10_000, false)
	if !inv.Features.Has(basicMPP) || inv.Expiry != DefaultExpiry || inv.MinFinalCLTVDelta != DefaultMinFinalCLTVDelta {
		t.Errorf("defaults: %+v", inv)
	}
	pre := inv.Preimage
	if _, err := r.Create(InvoiceRequest{Preimage: &pre}, t0); !errors.Is(err, ErrDuplicateHash) {
		t.Errorf("same preimage again: %v", err)
	}
	r.Accept(htlc(inv, 0, 4_000, 10_000), height, t0)
	failed, err := r.Cancel(inv.PaymentHash, height)
	if err != nil || len(failed) != 1 {
		t.Fatalf("cancel: %v %+v", err, failed)
	}
	if _, err := r.Cancel(inv.PaymentHash, height); !errors.Is(err, ErrNotOpen) {
		t.Errorf("cancel twice: %v", err)
	}
}
