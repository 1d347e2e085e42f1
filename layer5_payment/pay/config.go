package pay

import (
	"crypto/rand"
	"fmt"
	"io"
	"time"

	"github.com/lnstack/lnstack/layer2_messaging/feature"
	"github.com/lnstack/lnstack/layer2_messaging/wire"
	"github.com/lnstack/lnstack/layer3_p2p/amount"
	"github.com/lnstack/lnstack/layer4_routing/pathfind"
	"github.com/lnstack/lnstack/layer5_payment/bolt11"
)

// Defaults for the zero values of Config.
const (
	DefaultMaxAttempts = 16
	DefaultTimeout     = time.Minute
)

// Config is one payment.
type Config struct {
	// Source is the paying node, Payee the recipient.
	Source, Payee wire.Point
	// AmountMsat is what the recipient is to receive.
	AmountMsat  amount.MilliSatoshi
	PaymentHash [32]byte
	// PaymentSecret is the invoice's s field, sent in payment_data; nil
	// for a keysend.
	PaymentSecret *[32]byte
	// KeysendPreimage, when set, makes this a spontaneous payment: the
	// preimage goes to the payee in the keysend record (type 5482373484,
	// a convention of implementations, not a BOLT).
	KeysendPreimage *[32]byte
	// FinalCLTVDelta is the invoice's min_final_cltv_expiry_delta.
	FinalCLTVDelta uint16
	// RouteHints are the invoice's r fields.
	RouteHints [][]pathfind.HintHop
	// MaxParts bounds the HTLCs of the payment; 1 when the payee lacks
	// basic_mpp.
	MaxParts int
	// MaxAttempts bounds the failed HTLCs (DefaultMaxAttempts).
	MaxAttempts int
	// MaxFeeMsat bounds the fees; 0 means no bound.
	MaxFeeMsat amount.MilliSatoshi
	// Timeout bounds the time from Start to the last new HTLC
	// (DefaultTimeout).
	Timeout time.Duration
	// Height is the current block height.
	Height uint32
	// Liquidity is the node's mission control; nil gives the payment
	// one of its own.
	Liquidity *pathfind.Liquidity
	// Rand is the source of onion session keys (crypto/rand.Reader).
	Rand io.Reader
}

// keysendType is the custom record carrying a keysend preimage.
const keysendType = 5482373484

// FromInvoice returns the Config paying a decoded, verified invoice from
// source at height; amountMsat is used when the invoice names no amount.
// BOLT #11: a payer "after the `timestamp` plus `expiry` has passed:
// SHOULD NOT attempt a payment"; a reader "MUST use the `s` field as
// [`payment_secret`]" and the min_final_cltv_expiry_delta; a payer "MAY
// use the sequence of channels, specified by the `r` field, to route to
// the payee".
func FromInvoice(inv *bolt11.Invoice, source wire.Point, amountMsat amount.MilliSatoshi, height uint32, now time.Time) (Config, error) {
	if !now.Before(inv.ExpiresAt()) {
		return Config{}, ErrInvoiceExpired
	}
	cfg := Config{
		Source:         source,
		Payee:          wire.Point(inv.Payee),
		AmountMsat:     amount.MilliSatoshi(inv.AmountMsat),
		PaymentHash:    inv.PaymentHash,
		FinalCLTVDelta: bolt11.DefaultMinFinalCLTVExpiry,
		Height:         height,
		MaxParts:       1,
	}
	if cfg.AmountMsat == 0 {
		cfg.AmountMsat = amountMsat
	}
	secret := inv.PaymentSecret
	cfg.PaymentSecret = &secret
	if inv.MinFinalCLTVExpiryDelta != nil {
		cfg.FinalCLTVDelta = uint16(*inv.MinFinalCLTVExpiryDelta)
	}
	if inv.Features.Has(feature.BasicMPP) {
		cfg.MaxParts = 0 // pathfind's default
	}
	for _, rh := range inv.RouteHints {
		var hops []pathfind.HintHop
		for _, h := range rh {
			hops = append(hops, pathfind.HintHop{
				NodeID: wire.Point(h.NodeID), SCID: h.ShortChannelID,
				FeeBaseMsat: h.FeeBaseMsat, FeeProportionalMillionths: h.FeeProportionalMillionths,
				CLTVExpiryDelta: h.CLTVExpiryDelta,
			})
		}
		cfg.RouteHints = append(cfg.RouteHints, hops)
	}
	return cfg, nil
}

// check fills the defaults and rejects what cannot be paid.
func (c *Config) check() error {
	if c.AmountMsat == 0 {
		return fmt.Errorf("%w: no amount", ErrConfig)
	}
	if c.PaymentSecret == nil && c.KeysendPreimage == nil {
		return fmt.Errorf("%w: neither payment_secret nor keysend preimage", ErrConfig)
	}
	if c.KeysendPreimage != nil {
		c.MaxParts = 1 // the payee has no total to wait for
	}
	if c.MaxAttempts == 0 {
		c.MaxAttempts = DefaultMaxAttempts
	}
	if c.Timeout == 0 {
		c.Timeout = DefaultTimeout
	}
	if c.Liquidity == nil {
		c.Liquidity = pathfind.NewLiquidity(0)
	}
	if c.Rand == nil {
		c.Rand = rand.Reader
	}
	return nil
}
