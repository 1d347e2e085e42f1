package forward

import (
	"bytes"
	"encoding/hex"
	"errors"
	"testing"

	"github.com/lnstack/lnstack/layer2_messaging/wire"
	"github.com/lnstack/lnstack/layer3_p2p/gossip"
	"github.com/lnstack/lnstack/layer4_routing/blinding"
	"github.com/lnstack/lnstack/layer4_routing/failure"
	"github.com/lnstack/lnstack/layer4_routing/sphinx"
)

const height = 800_000

// fixture is a forward that passes every rule: 100,000 msat to forward at
// height+100 over a channel charging 1000 msat + 100 ppm with a delta of
// 40, so the incoming HTLC pays exactly 1010 msat of fee and leaves exactly
// 40 blocks.
type fixture struct {
	p   Payload
	in  Incoming
	ch  *Channel
	cfg *Config
}

var testUpdate = []byte{0x01, 0x02, 0xaa, 0xbb}

func policy() gossip.Policy {
	return gossip.Policy{CLTVExpiryDelta: 40, FeeBaseMsat: 1000, FeeProportionalMillionths: 100,
		HTLCMinimumMsat: 1000, HTLCMaximumMsat: 1_000_000_000}
}

func newFixture() fixture {
	scid, _ := wire.NewShortChannelID(700_000, 12, 1)
	return fixture{
		p: Payload{
			Present:           Field(TypeAmtToForward) | Field(TypeOutgoingCLTVValue) | Field(TypeShortChannelID),
			AmtToForward:      100_000,
			OutgoingCLTVValue: height + 100,
			ShortChannelID:    scid,
		},
		in: Incoming{AmountMsat: 101_010, CLTVExpiry: height + 140},
		ch: &Channel{SCID: scid, Policy: policy(), PeerHTLCMinimumMsat: 1,
			AvailableMsat: 500_000_000, FreeSlots: 30, Update: testUpdate},
	}
}

func (f fixture) decide() Decision { return Decide(&f.p, &f.in, f.ch, height, f.cfg) }

// want is a failure's code, data and rule.
type want struct {
	code   failure.Code
	reason error
	// data is the hex of the encoded failuremsg after the code.
	data string
}

// updateData is the encoded length and channel_update of testUpdate.
const updateData = "000401 02aabb"

func hexData(s string) []byte {
	var out []byte
	for _, f := range bytes.Fields([]byte(s)) {
		b, err := hex.DecodeString(string(f))
		if err != nil {
			panic(err)
		}
		out = append(out, b...)
	}
	return out
}

func checkFailure(t *testing.T, d Decision, w want) {
	t.Helper()
	if d.Forward || d.Failure == nil {
		t.Fatalf("forwarded %+v, want %s", d.Out, w.code)
	}
	f := d.Failure
	if f.Code() != w.code {
		t.Fatalf("code %s (%#04x), want %s (%#04x); reason %v", f.Code(), uint16(f.Code()), w.code, uint16(w.code), f.Reason)
	}
	if !errors.Is(f, w.reason) {
		t.Errorf("reason %v, want %v", f.Reason, w.reason)
	}
	enc, err := f.Encode(nil)
	if err != nil {
		t.Fatal(err)
	}
	wantEnc := append([]byte{byte(w.code >> 8), byte(w.code)}, hexData(w.data)...)
	if !bytes.Equal(enc, wantEnc) {
		t.Errorf("failuremsg %x, want %x", enc, wantEnc)
	}
}

func TestDecideFailures(t *testing.T) {
	tests := []struct {
		name   string
		mutate func(f *fixture)
		want   want
	}{
		{"node unavailable", func(f *fixture) { f.cfg = &Config{Status: NodeUnavailable} },
			want{failure.CodeTemporaryNodeFailure, ErrNodeUnavailable, ""}},
		{"node retired", func(f *fixture) { f.cfg = &Config{Status: NodeRetired} },
			want{failure.CodePermanentNodeFailure, ErrNodeRetired, ""}},
		{"no amt_to_forward", func(f *fixture) { f.p.Present &^= Field(TypeAmtToForward) },
			want{failure.CodeInvalidOnionPayload, ErrMissingField, "02 0000"}},
		{"no outgoing_cltv_value", func(f *fixture) { f.p.Present &^= Field(TypeOutgoingCLTVValue) },
			want{failure.CodeInvalidOnionPayload, ErrMissingField, "04 0000"}},
		{"no short_channel_id", func(f *fixture) { f.p.Present &^= Field(TypeShortChannelID) },
			want{failure.CodeInvalidOnionPayload, ErrMissingField, "06 0000"}},
		{"payment_data at a forwarding node", func(f *fixture) { f.p.Present |= Field(TypePaymentData) },
			want{failure.CodeInvalidOnionPayload, ErrForbiddenField, "08 0000"}},
		{"unknown next peer", func(f *fixture) { f.ch = nil },
			want{failure.CodeUnknownNextPeer, ErrUnknownChannel, ""}},
		{"channel closing", func(f *fixture) { f.ch.State = Closing },
			want{failure.CodePermanentChannelFailure, ErrChannelClosing, ""}},
		{"peer offline", func(f *fixture) { f.ch.State = PeerOffline },
			want{failure.CodeTemporaryChannelFailure, ErrPeerOffline, updateData}},
		{"above htlc_maximum_msat", func(f *fixture) { f.ch.Policy.HTLCMaximumMsat = 99_999 },
			want{failure.CodeTemporaryChannelFailure, ErrAboveMaximum, updateData}},
		{"no bandwidth", func(f *fixture) { f.ch.AvailableMsat = 99_999 },
			want{failure.CodeTemporaryChannelFailure, ErrBandwidth, updateData}},
		{"no HTLC slot", func(f *fixture) { f.ch.FreeSlots = 0 },
			want{failure.CodeTemporaryChannelFailure, ErrNoSlot, updateData}},
		{"below our htlc_minimum_msat", func(f *fixture) { f.ch.Policy.HTLCMinimumMsat = 100_001 },
			want{failure.CodeAmountBelowMinimum, ErrBelowMinimum, "00000000000186a0 " + updateData}},
		{"below the peer's htlc_minimum_msat", func(f *fixture) { f.ch.PeerHTLCMinimumMsat = 100_001 },
			want{failure.CodeAmountBelowMinimum, ErrBelowMinimum, "00000000000186a0 " + updateData}},
		{"zero amount", func(f *fixture) {
			f.ch.Policy.HTLCMinimumMsat, f.ch.PeerHTLCMinimumMsat = 0, 0
			f.p.AmtToForward, f.in.AmountMsat = 0, 1000
		}, want{failure.CodeAmountBelowMinimum, ErrBelowMinimum, "0000000000000000 " + updateData}},
		{"fee one msat short", func(f *fixture) { f.in.AmountMsat-- },
			want{failure.CodeFeeInsufficient, ErrFee, "0000000000018a91 " + updateData}},
		{"previous policy does not help", func(f *fixture) {
			f.in.AmountMsat--
			prev := policy()
			prev.FeeBaseMsat = 1001
			f.ch.Previous = &prev
		}, want{failure.CodeFeeInsufficient, ErrFee, "0000000000018a91 " + updateData}},
		{"fee overflows", func(f *fixture) {
			f.ch.Policy.FeeProportionalMillionths = 1 << 31
			f.p.AmtToForward = 1 << 62
			f.ch.Policy.HTLCMaximumMsat, f.ch.AvailableMsat = 1<<63, 1<<63
			f.in.AmountMsat = 1<<64 - 1
		}, want{failure.CodeFeeInsufficient, ErrFee, "ffffffffffffffff " + updateData}},
		{"cltv_expiry_delta one block short", func(f *fixture) { f.in.CLTVExpiry-- },
			want{failure.CodeIncorrectCLTVExpiry, ErrCLTVDelta, "000c3564 " + updateData}},
		{"outgoing expiry too near", func(f *fixture) {
			f.p.OutgoingCLTVValue = height + DefaultExpiryTooSoon - 1
			f.in.CLTVExpiry = f.p.OutgoingCLTVValue + 40
		}, want{failure.CodeExpiryTooSoon, ErrExpiryTooSoon, updateData}},
		{"configured margin", func(f *fixture) { f.cfg = &Config{ExpiryTooSoon: 101} },
			want{failure.CodeExpiryTooSoon, ErrExpiryTooSoon, updateData}},
		{"incoming expiry reached", func(f *fixture) {
			f.cfg = &Config{ExpiryTooSoon: 1}
			f.ch.Policy.CLTVExpiryDelta = 0
			f.p.OutgoingCLTVValue, f.in.CLTVExpiry = height, height
		}, want{failure.CodeExpiryTooSoon, ErrExpiryTooSoon, updateData}},
		{"expiry too far", func(f *fixture) {
			f.in.CLTVExpiry = height + DefaultMaxHTLCCLTV + 1
			f.p.OutgoingCLTVValue = f.in.CLTVExpiry - 40
		}, want{failure.CodeExpiryTooFar, ErrExpiryTooFar, ""}},
		{"configured max_htlc_cltv", func(f *fixture) { f.cfg = &Config{MaxHTLCCLTV: 139} },
			want{failure.CodeExpiryTooFar, ErrExpiryTooFar, ""}},
		{"channel disabled", func(f *fixture) { f.ch.State = Disabled },
			want{failure.CodeChannelDisabled, ErrChannelDisabled, "0000 " + updateData}},
		{"no channel_update to include", func(f *fixture) { f.ch.State, f.ch.Update = Disabled, nil },
			want{failure.CodeChannelDisabled, ErrChannelDisabled, "0000 0000"}},

		// When several rules fail, the first of the BOLT's list wins.
		{"offline before fee", func(f *fixture) { f.ch.State = PeerOffline; f.in.AmountMsat = 1 },
			want{failure.CodeTemporaryChannelFailure, ErrPeerOffline, updateData}},
		{"minimum before fee", func(f *fixture) { f.ch.Policy.HTLCMinimumMsat = 200_000; f.in.AmountMsat = 1 },
			want{failure.CodeAmountBelowMinimum, ErrBelowMinimum, "00000000000186a0 " + updateData}},
		{"fee before cltv", func(f *fixture) { f.in.AmountMsat--; f.in.CLTVExpiry-- },
			want{failure.CodeFeeInsufficient, ErrFee, "0000000000018a91 " + updateData}},
		{"cltv before disabled", func(f *fixture) { f.in.CLTVExpiry--; f.ch.State = Disabled },
			want{failure.CodeIncorrectCLTVExpiry, ErrCLTVDelta, "000c3564 " + updateData}},
		{"closing before everything on the channel", func(f *fixture) { f.ch.State = Closing; f.in.AmountMsat = 1 },
			want{failure.CodePermanentChannelFailure, ErrChannelClosing, ""}},
		{"payload before channel", func(f *fixture) { f.p.Present = 0; f.ch = nil },
			want{failure.CodeInvalidOnionPayload, ErrMissingField, "02 0000"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFixture()
			tt.mutate(&f)
			d := f.decide()
			checkFailure(t, d, tt.want)
			if d.Failure.Malformed {
				t.Error("Malformed set outside a blinded route")
			}
		})
	}
}

func TestDecideForwards(t *testing.T) {
	tests := []struct {
		name   string
		mutate func(f *fixture)
		want   Outgoing
	}{
		{"exact fee and delta", func(*fixture) {}, Outgoing{AmountMsat: 100_000, CLTVExpiry: height + 100}},
		{"overpaying", func(f *fixture) { f.in.AmountMsat += 5000; f.in.CLTVExpiry += 10 },
			Outgoing{AmountMsat: 100_000, CLTVExpiry: height + 100}},
		{"previous fee within the grace period", func(f *fixture) {
			f.ch.Policy.FeeBaseMsat = 2000
			prev := policy()
			f.ch.Previous = &prev
		}, Outgoing{AmountMsat: 100_000, CLTVExpiry: height + 100}},
		{"previous delta within the grace period", func(f *fixture) {
			f.ch.Policy.CLTVExpiryDelta = 80
			prev := policy()
			f.ch.Previous = &prev
			f.cfg = &Config{ExpiryTooSoon: 1}
		}, Outgoing{AmountMsat: 100_000, CLTVExpiry: height + 100}},
		{"expiry exactly at the margin", func(f *fixture) {
			f.p.OutgoingCLTVValue = height + DefaultExpiryTooSoon
			f.in.CLTVExpiry = f.p.OutgoingCLTVValue + 40
		}, Outgoing{AmountMsat: 100_000, CLTVExpiry: height + DefaultExpiryTooSoon}},
		{"expiry exactly max_htlc_cltv away", func(f *fixture) {
			f.in.CLTVExpiry = height + DefaultMaxHTLCCLTV
			f.p.OutgoingCLTVValue = f.in.CLTVExpiry - 40
		}, Outgoing{AmountMsat: 100_000, CLTVExpiry: height + DefaultMaxHTLCCLTV - 40}},
		{"amount exactly at both limits", func(f *fixture) {
			f.ch.Policy.HTLCMinimumMsat, f.ch.Policy.HTLCMaximumMsat, f.ch.AvailableMsat = 100_000, 100_000, 100_000
		}, Outgoing{AmountMsat: 100_000, CLTVExpiry: height + 100}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFixture()
			tt.mutate(&f)
			d := f.decide()
			if !d.Forward {
				t.Fatalf("failed: %v", d.Failure)
			}
			tt.want.SCID = f.ch.SCID
			if d.Out != tt.want {
				t.Errorf("outgoing %+v, want %+v", d.Out, tt.want)
			}
		})
	}
}

// TestRoutingExampleForward checks B's decision in BOLT #7's "Routing
// Example" (A->B->C): B receives 5010198 msat at height+80 with the onion
// asking for 4999999 msat at height+60, and forwards over B->C (200 msat +
// 2000 ppm, delta 20). One msat less is fee_insufficient.
func TestRoutingExampleForward(t *testing.T) {
	f := newFixture()
	f.ch.Policy = gossip.Policy{CLTVExpiryDelta: 20, FeeBaseMsat: 200, FeeProportionalMillionths: 2000,
		HTLCMinimumMsat: 1, HTLCMaximumMsat: 10_000_000}
	f.p.AmtToForward, f.p.OutgoingCLTVValue = 4999999, height+18+42
	f.in = Incoming{AmountMsat: 5010198, CLTVExpiry: height + 20 + 18 + 42}
	d := f.decide()
	if !d.Forward || d.Out.AmountMsat != 4999999 || d.Out.CLTVExpiry != height+60 {
		t.Fatalf("decision %+v, failure %v", d.Out, d.Failure)
	}
	f.in.AmountMsat--
	checkFailure(t, f.decide(), want{failure.CodeFeeInsufficient, ErrFee, "00000000004c7315 " + updateData})
}

func TestDecideNonStrict(t *testing.T) {
	f := newFixture()
	named := *f.ch
	named.AvailableMsat = 10 // cannot carry it
	other := *f.ch
	other.SCID++
	d := DecideNonStrict(&f.p, &f.in, []Channel{named, other}, height, nil)
	if !d.Forward || d.Out.SCID != other.SCID {
		t.Fatalf("decision %+v, failure %v; want forward over the other channel", d.Out, d.Failure)
	}
	other.State = Disabled
	d = DecideNonStrict(&f.p, &f.in, []Channel{named, other}, height, nil)
	checkFailure(t, d, want{failure.CodeTemporaryChannelFailure, ErrBandwidth, updateData})
	checkFailure(t, DecideNonStrict(&f.p, &f.in, nil, height, nil), want{failure.CodeUnknownNextPeer, ErrUnknownChannel, ""})
}

func TestPayloadTotal(t *testing.T) {
	p := Payload{AmtToForward: 10, TotalMsat: 30}
	if p.Total() != 10 {
		t.Errorf("Total without total_msat = %d, want amt_to_forward", p.Total())
	}
	p.Present = Field(TypePaymentData)
	if p.Total() != 30 {
		t.Errorf("Total with payment_data = %d, want 30", p.Total())
	}
	if Field(64) != 0 || Fields(0).Has(64) {
		t.Error("type 64 has a bit")
	}
}

// TestNewPayload decides on a payload as package sphinx decodes it: the
// routing example's, then an encoded and decoded blinded one.
func TestNewPayload(t *testing.T) {
	scid, _ := wire.NewShortChannelID(700_000, 12, 1)
	sp := sphinx.Payload{HasAmtToForward: true, AmtToForward: 100_000, HasOutgoingCLTV: true,
		OutgoingCLTV: height + 100, HasShortChannelID: true, ShortChannelID: scid}
	b, err := sp.Encode(nil)
	if err != nil {
		t.Fatal(err)
	}
	var decoded sphinx.Payload
	if err := decoded.Decode(b); err != nil {
		t.Fatal(err)
	}
	p := NewPayload(&decoded, nil)
	want := newFixture().p
	if p.Present != want.Present || p.AmtToForward != want.AmtToForward ||
		p.OutgoingCLTVValue != want.OutgoingCLTVValue || p.ShortChannelID != want.ShortChannelID || p.Blinded != nil {
		t.Fatalf("payload %+v, want %+v", p, want)
	}
	f := newFixture()
	if d := Decide(p, &f.in, f.ch, height, nil); !d.Forward {
		t.Fatalf("failed: %v", d.Failure)
	}
	final := sphinx.Payload{HasAmtToForward: true, AmtToForward: 5, HasOutgoingCLTV: true,
		HasPaymentData: true, TotalMsat: 7}
	if p := NewPayload(&final, nil); p.Total() != 7 || !p.Present.Has(TypePaymentData) {
		t.Errorf("total %s", p.Total())
	}
	blinded := sphinx.Payload{HasEncryptedRecipientData: true, HasTotalAmount: true, TotalAmountMsat: 9}
	data := &blinding.Data{}
	if p := NewPayload(&blinded, data); p.Total() != 9 || p.Blinded != data || !p.Present.Has(TypeEncryptedRecipientData) {
		t.Errorf("blinded payload %+v", p)
	}
}
