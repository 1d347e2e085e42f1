package forward

import (
	"errors"
	"testing"

	"github.com/lnstack/lnstack/layer2_messaging/feature"
	"github.com/lnstack/lnstack/layer2_messaging/wire"
	"github.com/lnstack/lnstack/layer3_p2p/amount"
	"github.com/lnstack/lnstack/layer4_routing/blinding"
	"github.com/lnstack/lnstack/layer4_routing/failure"
)

// blindedFixture is a node inside a blinded route (path_key in
// update_add_htlc) whose payment_relay matches its channel policy: the
// incoming 101,010 msat become 100,000 msat to forward, 40 blocks less.
func blindedFixture() fixture {
	f := newFixture()
	f.in.PathKey = true
	f.in.OnionHash = wire.SHA256{0xab, 0xcd}
	f.p = Payload{
		Present: Field(TypeEncryptedRecipientData),
		Blinded: &blinding.Data{
			HasShortChannelID:     true,
			ShortChannelID:        f.ch.SCID,
			HasPaymentRelay:       true,
			PaymentRelay:          blinding.PaymentRelay{CLTVExpiryDelta: 40, FeeProportionalMillionths: 100, FeeBaseMsat: 1000},
			HasPaymentConstraints: true,
			PaymentConstraints:    blinding.PaymentConstraints{MaxCLTVExpiry: height + 1000, HTLCMinimumMsat: 1000},
		},
	}
	return f
}

const blindingData = "abcd000000000000000000000000000000000000000000000000000000000000"

func TestDecideBlinded(t *testing.T) {
	tests := []struct {
		name   string
		mutate func(f *fixture)
		reason error
	}{
		{"node unavailable", func(f *fixture) { f.cfg = &Config{Status: NodeUnavailable} }, ErrNodeUnavailable},
		{"node retired", func(f *fixture) { f.cfg = &Config{Status: NodeRetired} }, ErrNodeRetired},
		{"path_key and current_path_key", func(f *fixture) { f.p.Present |= Field(TypeCurrentPathKey) }, ErrBlinding},
		{"path_key without encrypted_recipient_data", func(f *fixture) { f.p.Present = 0 }, ErrBlinding},
		{"does not decrypt", func(f *fixture) { f.p.Blinded = nil }, ErrBlinding},
		{"other payload field", func(f *fixture) { f.p.Present |= Field(TypeAmtToForward) }, ErrForbiddenField},
		{"allowed feature unknown here", func(f *fixture) {
			f.p.Blinded.HasAllowedFeatures = true
			f.p.Blinded.AllowedFeatures = feature.New(feature.VarOnionOptin + 1)
		}, ErrBlinding},
		{"short_channel_id and next_node_id", func(f *fixture) { f.p.Blinded.HasNextNodeID = true }, ErrBlinding},
		{"neither short_channel_id nor next_node_id", func(f *fixture) { f.p.Blinded.HasShortChannelID = false }, ErrBlinding},
		{"no payment_relay", func(f *fixture) { f.p.Blinded.HasPaymentRelay = false }, ErrBlinding},
		{"expiry past max_cltv_expiry", func(f *fixture) { f.p.Blinded.PaymentConstraints.MaxCLTVExpiry = height + 139 }, ErrConstraints},
		{"amount below htlc_minimum_msat", func(f *fixture) { f.p.Blinded.PaymentConstraints.HTLCMinimumMsat = 101_011 }, ErrConstraints},
		{"amount below fee_base_msat", func(f *fixture) { f.p.Blinded.PaymentRelay.FeeBaseMsat = 101_011 }, ErrFee},
		{"expiry below cltv_expiry_delta", func(f *fixture) {
			f.p.Blinded.PaymentRelay.CLTVExpiryDelta = 65535
			f.in.CLTVExpiry = 65534
			f.p.Blinded.HasPaymentConstraints = false
		}, ErrCLTVDelta},
		{"no channel", func(f *fixture) { f.ch = nil }, ErrUnknownChannel},
		{"relay fee below the channel's", func(f *fixture) { f.ch.Policy.FeeBaseMsat = 1001 }, ErrFee},
		{"relay delta below the channel's", func(f *fixture) { f.ch.Policy.CLTVExpiryDelta = 41 }, ErrCLTVDelta},
		{"channel disabled", func(f *fixture) { f.ch.State = Disabled }, ErrChannelDisabled},
		{"no bandwidth", func(f *fixture) { f.ch.AvailableMsat = 1 }, ErrBandwidth},
	}
	for _, tt := range tests {
		for _, intro := range []bool{false, true} {
			if intro && tt.name == "path_key and current_path_key" {
				continue // an introduction point has no path_key in update_add_htlc
			}
			name := tt.name
			if intro {
				name += " at the introduction point"
			}
			t.Run(name, func(t *testing.T) {
				f := blindedFixture()
				if intro {
					f.in.PathKey = false
					f.p.Present |= Field(TypeCurrentPathKey)
				}
				tt.mutate(&f)
				if intro && f.p.Present&Field(TypeEncryptedRecipientData) == 0 {
					f.p.Present = 0 // keep the case: a key without data
					f.in.PathKey = false
					f.p.Present = Field(TypeCurrentPathKey)
				}
				d := f.decide()
				checkFailure(t, d, want{failure.CodeInvalidOnionBlinding, tt.reason, blindingData})
				// Per BOLT #2, a node that got path_key in
				// update_add_htlc fails with update_fail_malformed_htlc;
				// the introduction point with update_fail_htlc.
				if d.Failure.Malformed != f.in.PathKey {
					t.Errorf("Malformed = %v with path_key %v", d.Failure.Malformed, f.in.PathKey)
				}
			})
		}
	}
}

func TestDecideBlindedForwards(t *testing.T) {
	for _, intro := range []bool{false, true} {
		f := blindedFixture()
		if intro {
			f.in.PathKey = false
			f.p.Present |= Field(TypeCurrentPathKey)
		}
		d := f.decide()
		want := Outgoing{SCID: f.ch.SCID, AmountMsat: 100_000, CLTVExpiry: height + 100, Blinded: true}
		if !d.Forward || d.Out != want {
			t.Errorf("intro %v: decision %+v, failure %v; want %+v", intro, d.Out, d.Failure, want)
		}
	}
	// next_node_id instead of short_channel_id: the caller resolved the
	// channel.
	f := blindedFixture()
	f.p.Blinded.HasShortChannelID, f.p.Blinded.HasNextNodeID, f.p.Blinded.NextNodeID = false, true, wire.Point{3}
	if d := f.decide(); !d.Forward {
		t.Errorf("next_node_id: failed %v", d.Failure)
	}
	// Without payment_constraints there is nothing to check there.
	f = blindedFixture()
	f.p.Blinded.HasPaymentConstraints = false
	if d := f.decide(); !d.Forward {
		t.Errorf("no payment_constraints: failed %v", d.Failure)
	}
}

// TestBlindedAmtToForwardVector follows the amounts of BOLT #4's
// blinded-payment-onion test vector (bolt04/blinded-payment-onion-test.json
// at the pinned commit): Bob, the introduction point, receives 110,125 msat
// at 749,150; Bob, Carol and Dave relay with the payment_relay values of
// their encrypted_data, and Eve receives 100,000 msat at 749,000.
func TestBlindedAmtToForwardVector(t *testing.T) {
	amt, cltv := amount.MilliSatoshi(110_125), uint32(749_150)
	hops := []struct {
		relay   blinding.PaymentRelay
		wantAmt amount.MilliSatoshi
	}{
		{blinding.PaymentRelay{CLTVExpiryDelta: 50, FeeBaseMsat: 10_000}, 100_125},
		{blinding.PaymentRelay{CLTVExpiryDelta: 75, FeeProportionalMillionths: 150, FeeBaseMsat: 100}, 100_010},
		{blinding.PaymentRelay{CLTVExpiryDelta: 25, FeeProportionalMillionths: 100}, 100_000},
	}
	for i, h := range hops {
		f := blindedFixture()
		f.in = Incoming{AmountMsat: amt, CLTVExpiry: cltv, PathKey: i > 0}
		if i == 0 {
			f.p.Present |= Field(TypeCurrentPathKey)
		}
		f.p.Blinded.PaymentRelay = h.relay
		f.p.Blinded.HasPaymentConstraints = false
		f.ch.Policy.FeeBaseMsat, f.ch.Policy.FeeProportionalMillionths = h.relay.FeeBaseMsat, h.relay.FeeProportionalMillionths
		f.ch.Policy.CLTVExpiryDelta = h.relay.CLTVExpiryDelta
		f.ch.Policy.HTLCMinimumMsat = 1
		d := Decide(&f.p, &f.in, f.ch, 748_000, nil)
		if !d.Forward {
			t.Fatalf("hop %d: %v", i, d.Failure)
		}
		if d.Out.AmountMsat != h.wantAmt {
			t.Errorf("hop %d forwards %s, want %s", i, d.Out.AmountMsat, h.wantAmt)
		}
		amt, cltv = d.Out.AmountMsat, d.Out.CLTVExpiry
	}
	if cltv != 749_000 {
		t.Errorf("Eve's expiry %d, want 749000", cltv)
	}
}

func TestCheckFinal(t *testing.T) {
	base := func() (Payload, Incoming) {
		return Payload{Present: Field(TypeAmtToForward) | Field(TypeOutgoingCLTVValue) | Field(TypePaymentData),
				AmtToForward: 5000, OutgoingCLTVValue: height + 40, TotalMsat: 5000},
			Incoming{AmountMsat: 5000, CLTVExpiry: height + 40, OnionHash: wire.SHA256{0xab, 0xcd}}
	}
	tests := []struct {
		name   string
		mutate func(p *Payload, in *Incoming)
		want   *want
	}{
		{"accepted", func(*Payload, *Incoming) {}, nil},
		{"overpaid and later", func(p *Payload, in *Incoming) { in.AmountMsat += 7; in.CLTVExpiry += 3 }, nil},
		{"no amt_to_forward", func(p *Payload, in *Incoming) { p.Present &^= Field(TypeAmtToForward) },
			&want{failure.CodeInvalidOnionPayload, ErrMissingField, "02 0000"}},
		{"no outgoing_cltv_value", func(p *Payload, in *Incoming) { p.Present &^= Field(TypeOutgoingCLTVValue) },
			&want{failure.CodeInvalidOnionPayload, ErrMissingField, "04 0000"}},
		{"expiry too near", func(p *Payload, in *Incoming) { in.CLTVExpiry = height + 17; p.OutgoingCLTVValue = in.CLTVExpiry },
			&want{failure.CodeIncorrectOrUnknownPaymentDetails, ErrFinalExpiryTooSoon, "0000000000001388 000c3500"}},
		{"expiry below the onion's", func(p *Payload, in *Incoming) { in.CLTVExpiry-- },
			&want{failure.CodeFinalIncorrectCLTVExpiry, ErrFinalCLTV, "000c3527"}},
		{"amount below the onion's", func(p *Payload, in *Incoming) { in.AmountMsat-- },
			&want{failure.CodeFinalIncorrectHTLCAmount, ErrFinalAmount, "0000000000001387"}},
		{"expiry before amount", func(p *Payload, in *Incoming) { in.AmountMsat--; in.CLTVExpiry-- },
			&want{failure.CodeFinalIncorrectCLTVExpiry, ErrFinalCLTV, "000c3527"}},
		// A blinded final node past the introduction point: every
		// failure is invalid_onion_blinding.
		{"blinded accepted", func(p *Payload, in *Incoming) { blindFinal(p, in) }, nil},
		{"blinded without total_amount_msat", func(p *Payload, in *Incoming) {
			blindFinal(p, in)
			p.Present &^= Field(TypeTotalAmountMsat)
		}, &want{failure.CodeInvalidOnionBlinding, ErrMissingField, blindingData}},
		{"blinded with payment_data", func(p *Payload, in *Incoming) {
			blindFinal(p, in)
			p.Present |= Field(TypePaymentData)
		}, &want{failure.CodeInvalidOnionBlinding, ErrForbiddenField, blindingData}},
		{"blinded undecryptable", func(p *Payload, in *Incoming) { blindFinal(p, in); p.Blinded = nil },
			&want{failure.CodeInvalidOnionBlinding, ErrBlinding, blindingData}},
		{"blinded without encrypted_recipient_data", func(p *Payload, in *Incoming) {
			blindFinal(p, in)
			p.Present &^= Field(TypeEncryptedRecipientData)
		}, &want{failure.CodeInvalidOnionBlinding, ErrBlinding, blindingData}},
		{"blinded amount low", func(p *Payload, in *Incoming) { blindFinal(p, in); in.AmountMsat-- },
			&want{failure.CodeInvalidOnionBlinding, ErrFinalAmount, blindingData}},
		// The introduction point as final node fails as usual.
		{"introduction point as final node", func(p *Payload, in *Incoming) {
			blindFinal(p, in)
			in.PathKey = false
			p.Present |= Field(TypeCurrentPathKey)
			in.AmountMsat--
		}, &want{failure.CodeFinalIncorrectHTLCAmount, ErrFinalAmount, "0000000000001387"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, in := base()
			tt.mutate(&p, &in)
			f := CheckFinal(&p, &in, height, 18)
			if tt.want == nil {
				if f != nil {
					t.Fatalf("failed: %v", f)
				}
				return
			}
			checkFailure(t, Decision{Failure: f}, *tt.want)
			if f.Code() == failure.CodeInvalidOnionBlinding && !f.Malformed {
				t.Error("blinded final failure not malformed")
			}
		})
	}
}

// blindFinal turns the final payload into a blinded one past the
// introduction point.
func blindFinal(p *Payload, in *Incoming) {
	in.PathKey = true
	p.Present = Field(TypeEncryptedRecipientData) | Field(TypeAmtToForward) | Field(TypeOutgoingCLTVValue) | Field(TypeTotalAmountMsat)
	p.Blinded = &blinding.Data{}
}

func TestFailureIsError(t *testing.T) {
	f := blindedFixture()
	f.ch.State = Disabled
	d := f.decide()
	var err error = d.Failure
	var ff *Failure
	if !errors.As(err, &ff) || !errors.Is(err, ErrChannelDisabled) || err.Error() == "" {
		t.Errorf("failure %v does not work as an error", err)
	}
}
