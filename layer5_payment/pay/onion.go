package pay

import (
	"fmt"
	"io"

	"github.com/btcsuite/btcd/btcec/v2"

	"github.com/lnstack/lnstack/layer2_messaging/wire"
	"github.com/lnstack/lnstack/layer4_routing/pathfind"
	"github.com/lnstack/lnstack/layer4_routing/sphinx"
)

// HopPayloads returns the onion payload of every node of r, first hop
// first. BOLT #4 "payload format": a forwarding node reads
// short_channel_id, amt_to_forward and outgoing_cltv_value of the HTLC it
// is to offer next; the final node reads the amount and expiry it is to
// receive and payment_data, "total_msat" being the whole payment so that
// it can wait for every part.
func HopPayloads(r *pathfind.Route, cfg *Config) ([]sphinx.Payload, error) {
	n := len(r.Hops)
	if n == 0 {
		return nil, fmt.Errorf("%w: empty route", ErrConfig)
	}
	out := make([]sphinx.Payload, n)
	for i := 0; i < n-1; i++ {
		next := r.Hops[i+1]
		out[i] = sphinx.Payload{
			HasAmtToForward: true, AmtToForward: uint64(next.AmountMsat),
			HasOutgoingCLTV: true, OutgoingCLTV: next.CLTVExpiry,
			HasShortChannelID: true, ShortChannelID: next.SCID,
		}
	}
	last := r.Hops[n-1]
	final := sphinx.Payload{
		HasAmtToForward: true, AmtToForward: uint64(last.AmountMsat),
		HasOutgoingCLTV: true, OutgoingCLTV: last.CLTVExpiry,
	}
	if cfg.PaymentSecret != nil {
		final.HasPaymentData = true
		final.PaymentSecret = *cfg.PaymentSecret
		final.TotalMsat = uint64(cfg.AmountMsat)
	}
	if cfg.KeysendPreimage != nil {
		final.Unknown = wire.Records{{Type: keysendType, Value: cfg.KeysendPreimage[:]}}
	}
	out[n-1] = final
	return out, nil
}

// buildOnion wraps r's payloads into the 1366-byte onion of the payment,
// with a fresh session key from rnd. It returns the packet and the shared
// secret of each hop, which decrypt the failure that may come back.
func buildOnion(r *pathfind.Route, cfg *Config, rnd io.Reader) (sphinx.Packet, []sphinx.Secret, error) {
	payloads, err := HopPayloads(r, cfg)
	if err != nil {
		return sphinx.Packet{}, nil, err
	}
	hops := make([]sphinx.Hop, len(r.Hops))
	for i, h := range r.Hops {
		pub, err := h.NodeID.PubKey()
		if err != nil {
			return sphinx.Packet{}, nil, fmt.Errorf("pay: hop %d key: %w", i, err)
		}
		b, err := payloads[i].Encode(nil)
		if err != nil {
			return sphinx.Packet{}, nil, fmt.Errorf("pay: hop %d payload: %w", i, err)
		}
		hops[i] = sphinx.Hop{PubKey: pub, Payload: b}
	}
	// BOLT #4: the sender "generates a random 32-byte `sessionkey`", a
	// fresh one for each onion.
	var seed [32]byte
	if _, err := io.ReadFull(rnd, seed[:]); err != nil {
		return sphinx.Packet{}, nil, fmt.Errorf("pay: session key: %w", err)
	}
	session, _ := btcec.PrivKeyFromBytes(seed[:])
	// BOLT #4: "associated_data ... the payment_hash".
	return sphinx.BuildPayment(session, hops, cfg.PaymentHash[:])
}
