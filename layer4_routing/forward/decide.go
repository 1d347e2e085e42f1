package forward

import (
	"github.com/lnstack/lnstack/layer2_messaging/wire"
	"github.com/lnstack/lnstack/layer3_p2p/amount"
	"github.com/lnstack/lnstack/layer3_p2p/gossip"
	"github.com/lnstack/lnstack/layer4_routing/failure"
)

// Outgoing is the HTLC to offer when a decision is to forward.
type Outgoing struct {
	// SCID is the channel to offer it on.
	SCID       wire.ShortChannelID
	AmountMsat amount.MilliSatoshi
	CLTVExpiry uint32
	// Blinded is set inside a blinded route: the outgoing update_add_htlc
	// must carry the next path_key ("MUST forward the onion and include
	// the next path_key in the lightning message for the next node").
	Blinded bool
}

// Decision is the outcome of Decide: forward Out, or fail with Failure.
type Decision struct {
	Forward bool
	Out     Outgoing
	// Failure is set when Forward is not.
	Failure *Failure
}

// Decide applies the forwarding rules of BOLT #4 ("payload format"
// requirements of the reader, "Failure Messages" requirements of a
// forwarding node, "Route Blinding") and BOLT #2 ("Forwarding HTLCs") to
// an HTLC whose onion has a next hop: p is its decrypted payload, in the
// HTLC as received, out the channel to the next peer (nil when this node
// has none: unknown_next_peer), height the current block height. It is a
// pure function of its arguments; cfg may be nil for the defaults.
//
// When several rules fail, the failure is the first in the BOLT's list of
// a forwarding node's failures ("if there is more than one error: SHOULD
// select the first error it encounters from the list above"), after the
// node's own state and the payload's shape, which come first because no
// other check means anything without them:
//
//	temporary/permanent_node_failure, invalid_onion_payload,
//	unknown_next_peer, permanent_channel_failure,
//	temporary_channel_failure, amount_below_minimum, fee_insufficient,
//	incorrect_cltv_expiry, expiry_too_soon, expiry_too_far,
//	channel_disabled.
//
// Inside a blinded route every failure is invalid_onion_blinding, with
// the rule that failed in Failure.Reason.
func Decide(p *Payload, in *Incoming, out *Channel, height uint32, cfg *Config) Decision {
	if p.blinded(in) {
		return decideBlinded(p, in, out, height, cfg)
	}
	switch cfg.status() {
	case NodeUnavailable:
		return fail(&Failure{Message: &failure.TemporaryNodeFailure{}, Reason: ErrNodeUnavailable})
	case NodeRetired:
		return fail(&Failure{Message: &failure.PermanentNodeFailure{}, Reason: ErrNodeRetired})
	}
	// BOLT #4: "MUST return an error if amt_to_forward or
	// outgoing_cltv_value are not present", and "if it is not the final
	// node: MUST return an error if: short_channel_id is not present".
	for _, t := range [...]uint64{TypeAmtToForward, TypeOutgoingCLTVValue, TypeShortChannelID} {
		if !p.Present.Has(t) {
			return fail(&Failure{Message: &failure.InvalidOnionPayload{Type: t}, Reason: ErrMissingField})
		}
	}
	// BOLT #4, to the writer: "For every non-final node: ... MUST NOT
	// include payment_data". A payload that does is not one this node can
	// trust to be meant for it.
	if p.Present.Has(TypePaymentData) {
		return fail(&Failure{Message: &failure.InvalidOnionPayload{Type: TypePaymentData}, Reason: ErrForbiddenField})
	}
	// BOLT #4: "if the receiving peer specified by the onion is NOT known:
	// return an unknown_next_peer error."
	if out == nil {
		return fail(&Failure{Message: &failure.UnknownNextPeer{}, Reason: ErrUnknownChannel})
	}
	if f := checkChannel(out, in.AmountMsat, p.AmtToForward, in.CLTVExpiry, p.OutgoingCLTVValue, height, cfg); f != nil {
		return fail(f)
	}
	return Decision{Forward: true, Out: Outgoing{SCID: out.SCID, AmountMsat: p.AmtToForward, CLTVExpiry: p.OutgoingCLTVValue}}
}

// DecideNonStrict is Decide under BOLT #4 "Non-strict Forwarding": chans
// are the usable channels to the peer the onion names, the one its
// short_channel_id names first. The HTLC goes over the first channel that
// can take it; when none can, the failure is the first channel's, so that
// the sender hears about the channel it chose. No channels at all is
// unknown_next_peer.
func DecideNonStrict(p *Payload, in *Incoming, chans []Channel, height uint32, cfg *Config) Decision {
	if len(chans) == 0 {
		return Decide(p, in, nil, height, cfg)
	}
	first := Decide(p, in, &chans[0], height, cfg)
	if first.Forward {
		return first
	}
	for i := 1; i < len(chans); i++ {
		if d := Decide(p, in, &chans[i], height, cfg); d.Forward {
			return d
		}
	}
	return first
}

func fail(f *Failure) Decision { return Decision{Failure: f} }

// checkChannel applies the outgoing channel's rules to forwarding amt
// until outCLTV for an HTLC of inAmt until inCLTV, in the order Decide
// documents; nil when they all pass.
func checkChannel(ch *Channel, inAmt, amt amount.MilliSatoshi, inCLTV, outCLTV, height uint32, cfg *Config) *Failure {
	upd := ch.Update
	if ch.State == Closing {
		return &Failure{Message: &failure.PermanentChannelFailure{}, Reason: ErrChannelClosing}
	}
	// BOLT #4: "if during forwarding to its receiving peer, an otherwise
	// unspecified, transient error occurs in the outgoing channel (e.g.
	// channel capacity reached, too many in-flight HTLCs, etc.): return a
	// temporary_channel_failure error."
	var transient error
	switch {
	case ch.State == PeerOffline:
		transient = ErrPeerOffline
	case amt > ch.Policy.HTLCMaximumMsat:
		transient = ErrAboveMaximum
	case amt > ch.AvailableMsat:
		transient = ErrBandwidth
	case ch.FreeSlots <= 0:
		transient = ErrNoSlot
	}
	if transient != nil {
		return &Failure{Message: &failure.TemporaryChannelFailure{ChannelUpdate: upd}, Reason: transient}
	}
	// BOLT #4: "if the HTLC amount is less than the currently specified
	// minimum amount: report the amount of the outgoing HTLC and the
	// current channel setting for the outgoing channel." BOLT #2 forbids
	// an amount of 0 and one below the peer's htlc_minimum_msat.
	if amt == 0 || amt < ch.Policy.HTLCMinimumMsat || amt < ch.PeerHTLCMinimumMsat {
		return &Failure{Message: &failure.AmountBelowMinimum{HTLCMsat: uint64(amt), ChannelUpdate: upd}, Reason: ErrBelowMinimum}
	}
	// BOLT #4: "incoming amount_msat - fee < amt_to_forward" is an error;
	// "if the HTLC does NOT pay a sufficient fee: report the amount of the
	// incoming HTLC and the current channel setting".
	if !paysFee(ch.Policy, inAmt, amt) && (ch.Previous == nil || !paysFee(*ch.Previous, inAmt, amt)) {
		return &Failure{Message: &failure.FeeInsufficient{HTLCMsat: uint64(inAmt), ChannelUpdate: upd}, Reason: ErrFee}
	}
	// BOLT #4: "cltv_expiry - cltv_expiry_delta < outgoing_cltv_value" is
	// an error; "report the cltv_expiry of the outgoing HTLC and the
	// current channel setting".
	if !meetsDelta(ch.Policy, inCLTV, outCLTV) && (ch.Previous == nil || !meetsDelta(*ch.Previous, inCLTV, outCLTV)) {
		return &Failure{Message: &failure.IncorrectCLTVExpiry{CLTVExpiry: outCLTV, ChannelUpdate: upd}, Reason: ErrCLTVDelta}
	}
	// BOLT #2: "once the cltv_expiry of an incoming HTLC has been reached,
	// OR if cltv_expiry minus current_height is less than
	// cltv_expiry_delta for the corresponding outgoing HTLC: MUST fail
	// that incoming HTLC". BOLT #4: "if the cltv_expiry is unreasonably
	// near the present: ... return an expiry_too_soon error."
	if inCLTV <= height || uint64(inCLTV)-uint64(height) < uint64(ch.Policy.CLTVExpiryDelta) ||
		uint64(outCLTV) < uint64(height)+uint64(cfg.expiryTooSoon()) {
		return &Failure{Message: &failure.ExpiryTooSoon{ChannelUpdate: upd}, Reason: ErrExpiryTooSoon}
	}
	// BOLT #4: "if the cltv_expiry is more than max_htlc_cltv in the
	// future: return an expiry_too_far error."
	if uint64(inCLTV) > uint64(height)+uint64(cfg.maxHTLCCLTV()) {
		return &Failure{Message: &failure.ExpiryTooFar{}, Reason: ErrExpiryTooFar}
	}
	// BOLT #4: "if the channel is disabled: report the current channel
	// setting for the outgoing channel. return a channel_disabled error."
	// No disabled_flags are defined: "it is currently always two zero
	// bytes".
	if ch.State == Disabled {
		return &Failure{Message: &failure.ChannelDisabled{ChannelUpdate: upd}, Reason: ErrChannelDisabled}
	}
	return nil
}

// paysFee reports whether inAmt covers amt plus the fee of p: BOLT #7
// "HTLC Fees", fee_base_msat + amount_to_forward *
// fee_proportional_millionths / 1000000. A fee that overflows is not paid.
func paysFee(p gossip.Policy, inAmt, amt amount.MilliSatoshi) bool {
	fee, err := p.Fee(amt)
	if err != nil || uint64(fee) > ^uint64(0)-uint64(amt) {
		return false
	}
	return inAmt >= amt+fee
}

// meetsDelta reports whether inCLTV - cltv_expiry_delta >= outCLTV.
func meetsDelta(p gossip.Policy, inCLTV, outCLTV uint32) bool {
	return uint64(inCLTV) >= uint64(outCLTV)+uint64(p.CLTVExpiryDelta)
}
