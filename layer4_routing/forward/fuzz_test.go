package forward

import (
	"testing"

	"github.com/lnstack/lnstack/layer3_p2p/amount"
	"github.com/lnstack/lnstack/layer4_routing/blinding"
)

// FuzzDecide drives Decide with arbitrary amounts, expiries, policies and
// fields present, and checks the invariants every forward must keep: the
// incoming HTLC pays the fee and leaves the delta, within the channel's
// limits, the expiry neither too soon nor too far; and every failure
// carries a defined code with a reason.
func FuzzDecide(f *testing.F) {
	f.Add(uint64(101_010), uint32(height+140), uint64(100_000), uint32(height+100), uint32(1000), uint32(100), uint16(40), uint64(0x54), uint8(0), false)
	f.Add(uint64(110_125), uint32(749_150), uint64(0), uint32(0), uint32(10_000), uint32(0), uint16(50), uint64(0x1400), uint8(0), true)
	f.Add(uint64(1<<64-1), uint32(1<<32-1), uint64(1<<63), uint32(1<<32-1), uint32(1<<32-1), uint32(1<<32-1), uint16(1<<16-1), uint64(1<<64-1), uint8(3), false)
	f.Fuzz(func(t *testing.T, inAmt uint64, inCLTV uint32, amt uint64, outCLTV uint32, base, ppm uint32, delta uint16, present uint64, state uint8, pathKey bool) {
		fx := newFixture()
		fx.in.AmountMsat, fx.in.CLTVExpiry, fx.in.PathKey = amount.MilliSatoshi(inAmt), inCLTV, pathKey
		fx.p.AmtToForward, fx.p.OutgoingCLTVValue, fx.p.Present = amount.MilliSatoshi(amt), outCLTV, Fields(present)
		if fx.p.Present.Has(TypeEncryptedRecipientData) {
			fx.p.Blinded = &blinding.Data{HasShortChannelID: true, HasPaymentRelay: true,
				PaymentRelay: blinding.PaymentRelay{CLTVExpiryDelta: delta, FeeBaseMsat: base, FeeProportionalMillionths: ppm}}
		}
		fx.ch.Policy.FeeBaseMsat, fx.ch.Policy.FeeProportionalMillionths, fx.ch.Policy.CLTVExpiryDelta = base, ppm, delta
		fx.ch.State = ChannelState(state % 4)
		d := fx.decide()
		if !d.Forward {
			if d.Failure == nil || d.Failure.Reason == nil || d.Failure.Code().Name() == "" {
				t.Fatalf("failure %+v without a defined code and reason", d.Failure)
			}
			if b, err := d.Failure.Encode(nil); err != nil || len(b) < 2 {
				t.Fatalf("failuremsg %x: %v", b, err)
			}
			return
		}
		out := d.Out
		if !paysFee(fx.ch.Policy, fx.in.AmountMsat, out.AmountMsat) {
			t.Fatalf("forwarded %s for %s without the fee", out.AmountMsat, fx.in.AmountMsat)
		}
		if !meetsDelta(fx.ch.Policy, inCLTV, out.CLTVExpiry) {
			t.Fatalf("forwarded expiry %d for %d without the delta", out.CLTVExpiry, inCLTV)
		}
		if out.AmountMsat == 0 || out.AmountMsat < fx.ch.Policy.HTLCMinimumMsat || out.AmountMsat > fx.ch.Policy.HTLCMaximumMsat || out.AmountMsat > fx.ch.AvailableMsat {
			t.Fatalf("forwarded %s outside the channel's limits", out.AmountMsat)
		}
		if uint64(out.CLTVExpiry) < height+DefaultExpiryTooSoon || uint64(inCLTV) > height+DefaultMaxHTLCCLTV {
			t.Fatalf("forwarded expiry %d for %d at height %d", out.CLTVExpiry, inCLTV, height)
		}
		if fx.ch.State != Usable {
			t.Fatalf("forwarded over a channel in state %d", fx.ch.State)
		}
		if out.Blinded != fx.p.blinded(&fx.in) {
			t.Fatal("Blinded does not follow the payload")
		}
	})
}

func BenchmarkDecide(b *testing.B) {
	f := newFixture()
	b.ReportAllocs()
	for b.Loop() {
		if d := Decide(&f.p, &f.in, f.ch, height, nil); !d.Forward {
			b.Fatal(d.Failure)
		}
	}
}

func BenchmarkDecideFailure(b *testing.B) {
	f := newFixture()
	f.in.AmountMsat--
	b.ReportAllocs()
	for b.Loop() {
		if d := Decide(&f.p, &f.in, f.ch, height, nil); d.Forward {
			b.Fatal("forwarded")
		}
	}
}
