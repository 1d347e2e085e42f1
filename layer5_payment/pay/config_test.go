package pay

import (
	"errors"
	"testing"
	"time"

	"github.com/btcsuite/btcd/btcec/v2"

	"github.com/lnstack/lnstack/layer2_messaging/feature"
	"github.com/lnstack/lnstack/layer2_messaging/wire"
	"github.com/lnstack/lnstack/layer5_payment/bolt11"
)

// TestFromInvoice pays a signed, decoded invoice: its fields become the
// payment's.
func TestFromInvoice(t *testing.T) {
	key, _ := btcec.PrivKeyFromBytes([]byte("payee key payee key payee key 32"))
	expiry, minFinal := uint64(600), uint64(40)
	in := &bolt11.Invoice{
		Network: bolt11.Regtest, AmountMsat: 5000, Timestamp: uint64(t0.Unix()),
		PaymentHash: [32]byte{1}, PaymentSecret: [32]byte{2}, Description: "test",
		Expiry: &expiry, MinFinalCLTVExpiryDelta: &minFinal,
		Features:   feature.New(feature.VarOnionOptin, feature.PaymentSecret, feature.BasicMPP.Optional()),
		RouteHints: []bolt11.RouteHint{{{NodeID: [33]byte(wire.PointFromPubKey(key.PubKey())), ShortChannelID: 77, FeeBaseMsat: 3, CLTVExpiryDelta: 9}}},
	}
	s, err := in.Encode(bolt11.NewKeySigner(key))
	if err != nil {
		t.Fatal(err)
	}
	inv, err := bolt11.Decode(s)
	if err != nil {
		t.Fatal(err)
	}
	cfg, err := FromInvoice(inv, wire.Point{2}, 0, height, t0)
	if err != nil {
		t.Fatal(err)
	}
	if cfg.Payee != wire.PointFromPubKey(key.PubKey()) || cfg.AmountMsat != 5000 || cfg.FinalCLTVDelta != 40 ||
		*cfg.PaymentSecret != [32]byte{2} || cfg.PaymentHash != [32]byte{1} || cfg.MaxParts != 0 {
		t.Errorf("config %+v", cfg)
	}
	if len(cfg.RouteHints) != 1 || cfg.RouteHints[0][0].SCID != 77 || cfg.RouteHints[0][0].CLTVExpiryDelta != 9 {
		t.Errorf("route hints %+v", cfg.RouteHints)
	}
	if _, err := FromInvoice(inv, wire.Point{2}, 0, height, t0.Add(601*time.Second)); !errors.Is(err, ErrInvoiceExpired) {
		t.Errorf("expired invoice: %v", err)
	}
	if _, err := New(Config{PaymentSecret: &[32]byte{}}); !errors.Is(err, ErrConfig) {
		t.Errorf("no amount: %v", err)
	}
}
