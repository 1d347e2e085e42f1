package sphinx_test

import (
	"errors"
	"math/rand/v2"
	"testing"

	"github.com/lnstack/lnstack/layer2_messaging/msgtest"
	"github.com/lnstack/lnstack/layer2_messaging/wire"
	"github.com/lnstack/lnstack/layer4_routing/sphinx"
	"github.com/lnstack/lnstack/layer4_routing/sphinx/sphinxtest"
)

// randomPayload fills a random subset of the records.
func randomPayload(rng *rand.Rand) *sphinx.Payload {
	p := new(sphinx.Payload)
	coin := func() bool { return rng.IntN(2) == 0 }
	if coin() {
		p.HasAmtToForward, p.AmtToForward = true, rng.Uint64()>>rng.IntN(64)
	}
	if coin() {
		p.HasOutgoingCLTV, p.OutgoingCLTV = true, rng.Uint32()>>rng.IntN(32)
	}
	if coin() {
		p.HasShortChannelID, p.ShortChannelID = true, wire.ShortChannelID(rng.Uint64())
	}
	if coin() {
		p.HasPaymentData, p.TotalMsat = true, rng.Uint64()>>rng.IntN(64)
		p.PaymentSecret[rng.IntN(32)] = byte(rng.Uint32())
	}
	if coin() {
		p.HasEncryptedRecipientData, p.EncryptedRecipientData = true, make([]byte, 1+rng.IntN(80))
	}
	if coin() {
		p.HasCurrentPathKey, p.CurrentPathKey = true, wire.PointFromPubKey(sphinxtest.Key("path").PubKey())
	}
	if coin() {
		p.HasPaymentMetadata, p.PaymentMetadata = true, []byte{1, 2, 3}
	}
	if coin() {
		p.HasTotalAmount, p.TotalAmountMsat = true, rng.Uint64()>>rng.IntN(64)
	}
	if coin() {
		p.Unknown = wire.Records{{Type: 65537, Value: []byte("custom")}}
	}
	return p
}

// TestPayloadRoundTrip encodes random payloads and runs them through the
// round-trip harness, and cuts them at every byte.
func TestPayloadRoundTrip(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	c := msgtest.Walker[sphinx.Payload]()
	for range 200 {
		b, err := randomPayload(rng).Encode(nil)
		if err != nil {
			t.Fatal(err)
		}
		msgtest.Valid(t, c, b)
	}
	full := &sphinx.Payload{HasAmtToForward: true, AmtToForward: 1000, HasOutgoingCLTV: true, OutgoingCLTV: 500000,
		HasShortChannelID: true, ShortChannelID: 1 << 40}
	b, err := full.Encode(nil)
	if err != nil {
		t.Fatal(err)
	}
	// A cut at a record boundary is a shorter valid stream.
	msgtest.Truncations(t, c, b, func(n int) bool { return n == 0 || n == 4 || n == 9 })
}

func TestPayloadUnknownEven(t *testing.T) {
	var p sphinx.Payload
	err := p.Decode([]byte{2, 1, 5, 20, 1, 0})
	if !errors.Is(err, wire.ErrUnknownEvenType) {
		t.Fatalf("got %v", err)
	}
	var de *wire.DecodeError
	if !errors.As(err, &de) {
		t.Fatal("not a DecodeError")
	}
	if typ, start, ok := sphinx.RecordAt([]byte{2, 1, 5, 20, 1, 0}, de.Offset); !ok || typ != 20 || start != 3 {
		t.Fatalf("RecordAt: %d %d %v", typ, start, ok)
	}
}

// TestPayloadCheck runs the reader requirements of "payload format" over
// the roles a payload can be read in.
func TestPayloadCheck(t *testing.T) {
	fwd := sphinx.Payload{HasAmtToForward: true, HasOutgoingCLTV: true, HasShortChannelID: true}
	final := sphinx.Payload{HasAmtToForward: true, HasOutgoingCLTV: true, HasPaymentData: true}
	intro := sphinx.Payload{HasEncryptedRecipientData: true, HasCurrentPathKey: true}
	inner := sphinx.Payload{HasEncryptedRecipientData: true}
	blindFinal := sphinx.Payload{HasEncryptedRecipientData: true, HasAmtToForward: true, HasOutgoingCLTV: true, HasTotalAmount: true}
	with := func(p sphinx.Payload, f func(*sphinx.Payload)) sphinx.Payload { f(&p); return p }
	cases := []struct {
		name string
		p    sphinx.Payload
		role sphinx.Role
		want error
		typ  uint64
	}{
		{"forward", fwd, sphinx.Role{}, nil, 0},
		{"final", final, sphinx.Role{Final: true}, nil, 0},
		{"forward without scid", with(fwd, func(p *sphinx.Payload) { p.HasShortChannelID = false }), sphinx.Role{}, sphinx.ErrMissingRecord, 6},
		{"forward with payment_data", with(fwd, func(p *sphinx.Payload) { p.HasPaymentData = true }), sphinx.Role{}, sphinx.ErrUnexpectedRecord, 8},
		{"no amount", with(final, func(p *sphinx.Payload) { p.HasAmtToForward = false }), sphinx.Role{Final: true}, sphinx.ErrMissingRecord, 2},
		{"no expiry", with(final, func(p *sphinx.Payload) { p.HasOutgoingCLTV = false }), sphinx.Role{Final: true}, sphinx.ErrMissingRecord, 4},
		{"path key outside a path", with(fwd, func(p *sphinx.Payload) { p.HasCurrentPathKey = true }), sphinx.Role{}, sphinx.ErrUnexpectedRecord, 12},
		{"htlc path key outside a path", fwd, sphinx.Role{PathKeyInHTLC: true}, sphinx.ErrMissingRecord, 10},
		{"introduction", intro, sphinx.Role{}, nil, 0},
		{"intermediate", inner, sphinx.Role{PathKeyInHTLC: true}, nil, 0},
		{"intermediate without path key", inner, sphinx.Role{}, sphinx.ErrMissingRecord, 12},
		{"two path keys", intro, sphinx.Role{PathKeyInHTLC: true}, sphinx.ErrUnexpectedRecord, 12},
		{"blinded with amount", with(inner, func(p *sphinx.Payload) { p.HasAmtToForward = true }), sphinx.Role{PathKeyInHTLC: true}, sphinx.ErrUnexpectedRecord, 2},
		{"blinded with custom record", with(inner, func(p *sphinx.Payload) { p.Unknown = wire.Records{{Type: 65537}} }), sphinx.Role{PathKeyInHTLC: true}, sphinx.ErrUnexpectedRecord, 65537},
		{"blinded final", blindFinal, sphinx.Role{Final: true, PathKeyInHTLC: true}, nil, 0},
		{"blinded final without total", with(blindFinal, func(p *sphinx.Payload) { p.HasTotalAmount = false }), sphinx.Role{Final: true, PathKeyInHTLC: true}, sphinx.ErrMissingRecord, 18},
		{"blinded final with metadata", with(blindFinal, func(p *sphinx.Payload) { p.HasPaymentMetadata = true }), sphinx.Role{Final: true, PathKeyInHTLC: true}, sphinx.ErrUnexpectedRecord, 16},
	}
	for _, c := range cases {
		err := c.p.Check(c.role)
		if !errors.Is(err, c.want) || (c.want == nil) != (err == nil) {
			t.Errorf("%s: got %v, want %v", c.name, err, c.want)
			continue
		}
		var re *sphinx.RecordError
		if c.want != nil && (!errors.As(err, &re) || re.Type != c.typ) {
			t.Errorf("%s: got %v, want record %d", c.name, err, c.typ)
		}
	}
}

func TestRecordOffset(t *testing.T) {
	b := []byte{2, 1, 5, 4, 2, 1, 1, 6, 8, 0, 0, 0, 0, 0, 0, 0, 1}
	for _, c := range []struct {
		typ   uint64
		start int
		ok    bool
	}{{2, 0, true}, {4, 3, true}, {6, 7, true}, {8, 0, false}} {
		start, ok := sphinx.RecordOffset(b, c.typ)
		if start != c.start || ok != c.ok {
			t.Errorf("type %d: %d %v", c.typ, start, ok)
		}
	}
	if _, _, ok := sphinx.RecordAt(b, len(b)); ok {
		t.Error("offset past the end found a record")
	}
	if typ, _, ok := sphinx.RecordAt([]byte{6, 200, 1}, 2); !ok || typ != 6 {
		t.Error("a record running past the end holds the rest")
	}
}
