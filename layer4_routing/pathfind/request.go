package pathfind

import (
	"time"

	"github.com/lnstack/lnstack/layer2_messaging/wire"
	"github.com/lnstack/lnstack/layer3_p2p/amount"
	"github.com/lnstack/lnstack/layer3_p2p/graph"
)

// Defaults of a Request.
const (
	// DefaultFinalCLTVDelta is BOLT #11's default
	// min_final_cltv_expiry_delta: "Default is 18 if not specified."
	DefaultFinalCLTVDelta = 18
	// DefaultMaxCLTV is BOLT #4's max_htlc_cltv (2016 blocks): the first
	// hop fails an HTLC expiring further away with expiry_too_far.
	DefaultMaxCLTV = 2016
	// DefaultMinPartMsat is the smallest part a multi-part split makes.
	DefaultMinPartMsat = 10_000_000
	// DefaultMaxParts bounds the parts of a multi-part payment.
	DefaultMaxParts = 16
	// UnknownCapacityMsat is the capacity assumed for a channel the graph
	// does not know (route hints, blinded paths): 2^24-1 satoshis, the
	// largest channel before option_support_large_channel.
	UnknownCapacityMsat = (1<<24 - 1) * 1000
)

// Request asks for a route (or a multi-part split) from Source to Payee
// or to one of BlindedPaths.
type Request struct {
	// Source is the paying node; it must be in the graph unless FirstHops
	// says how it reaches its peers.
	Source wire.Point
	// Payee is the recipient of an unblinded payment; it need not be in
	// the graph when RouteHints reach it. Ignored when BlindedPaths is
	// set.
	Payee wire.Point
	// AmountMsat is what the recipient gets (for a split, in total).
	AmountMsat amount.MilliSatoshi
	// Height is the current block height: the route's expiries are
	// absolute.
	Height uint32
	// FinalCLTVDelta is the invoice's min_final_cltv_expiry_delta; 0 means
	// DefaultFinalCLTVDelta. Unused with blinded paths, whose
	// CLTVExpiryDelta includes it.
	FinalCLTVDelta uint16
	// CLTVOffset is added to the final expiry (BOLT #7 "Recommendations
	// for Routing": a shadow route's offset).
	CLTVOffset uint32
	// MaxCLTV bounds the first HTLC's expiry past Height; 0 means
	// DefaultMaxCLTV.
	MaxCLTV uint32
	// MaxHops bounds the channels of a route below what the onion allows
	// (MaxChannels); 0 means the onion's limit.
	MaxHops int
	// FinalPayloadExtra is payload the final hop carries beyond its
	// standard fields (payment_metadata, custom records), in bytes: it
	// shortens the longest route the onion carries.
	FinalPayloadExtra int
	// RouteHints are BOLT #11 r fields: each a private route ending at
	// Payee.
	RouteHints [][]HintHop
	// BlindedPaths are the recipient's blinded paths (BOLT #12
	// invoice_paths with their invoice_blindedpay). When set, the route
	// ends at one of them instead of at Payee.
	BlindedPaths []BlindedPath
	// FirstHops, when set, are the source's usable channels with what
	// each can send now: the search uses them instead of the source's
	// channels in the graph, and with certainty.
	FirstHops []FirstHop
	// ExcludeChannels and ExcludeNodes are kept out of the route.
	ExcludeChannels []ChannelDirection
	ExcludeNodes    []wire.Point
	// PolicyOverrides replace the graph's policy of a direction, e.g.
	// with the channel_update of a failure (BOLT #4: "MAY consider the
	// channel_update when calculating routes to retry the payment which
	// failed").
	PolicyOverrides []PolicyOverride
	// Liquidity is what earlier payments taught about channels; nil
	// knows nothing.
	Liquidity *Liquidity
	// Now is the time Liquidity's knowledge is decayed to.
	Now time.Time
	// Weights trade fees, expiry and success probability; nil means
	// DefaultWeights.
	Weights *Weights
	// MaxParts bounds the parts Routes may split into; 0 means
	// DefaultMaxParts, 1 forbids splitting (the recipient lacks
	// basic_mpp).
	MaxParts int
	// MinPartMsat is the smallest part Routes makes; 0 means
	// DefaultMinPartMsat.
	MinPartMsat amount.MilliSatoshi
	// MinPartProbability makes Routes split further while a part's
	// success probability is below it; 0 splits only parts no route can
	// carry.
	MinPartProbability float64
}

// HintHop is one entry of a BOLT #11 r field: NodeID forwards over SCID
// to the next entry's node (the payee after the last), for the fee and
// delta given.
type HintHop struct {
	NodeID                    wire.Point
	SCID                      wire.ShortChannelID
	FeeBaseMsat               uint32
	FeeProportionalMillionths uint32
	CLTVExpiryDelta           uint16
}

// BlindedPath is a recipient's blinded path as a sender routes to it: its
// introduction point and the aggregated relay parameters of its hops (BOLT
// #12 blinded_payinfo).
type BlindedPath struct {
	// Introduction is first_node_id: a node_id, or a short_channel_id and
	// direction the graph resolves.
	Introduction wire.SciddirOrPubkey
	// FeeBaseMsat, FeeProportionalMillionths and CLTVExpiryDelta are the
	// totals the recipient computed for the whole path (BOLT #4
	// total_fee_base_msat, total_fee_proportional_millionths,
	// total_cltv_delta); the sender pays the fee on the amount it
	// delivers, as for a channel.
	FeeBaseMsat               uint32
	FeeProportionalMillionths uint32
	CLTVExpiryDelta           uint16
	// HTLCMinimumMsat and HTLCMaximumMsat bound the amount delivered
	// through the path (the fee on top is not counted); a maximum of 0
	// means none.
	HTLCMinimumMsat amount.MilliSatoshi
	HTLCMaximumMsat amount.MilliSatoshi
	// EncryptedDataLens are the lengths of each hop's
	// encrypted_recipient_data, to size the onion (BlindedTailLen).
	EncryptedDataLens []int
}

// FirstHop is one of the source's channels and what it can send now.
type FirstHop struct {
	SCID wire.ShortChannelID
	// Peer is the node at the other end.
	Peer          wire.Point
	BandwidthMsat amount.MilliSatoshi
}

// ChannelDirection names one direction of a channel: Direction 0 is
// from node_id_1 to node_id_2, as channel_update's direction bit.
type ChannelDirection struct {
	SCID      wire.ShortChannelID
	Direction uint8
}

// PolicyOverride replaces the policy of one direction.
type PolicyOverride struct {
	ChannelDirection
	Policy graph.Policy
}

// Weights are the prices a search puts on what a route costs besides its
// fees, all in millisatoshis, so that one number ranks routes.
type Weights struct {
	// RiskFactorPPB prices locking amount for a block: a hop adds
	// amount × cltv_expiry_delta × RiskFactorPPB / 10^9 msat.
	RiskFactorPPB float64
	// AttemptCostMsat and AttemptCostPPM price a failed attempt: a hop
	// with success probability p adds -ln(p) × (AttemptCostMsat + amount ×
	// AttemptCostPPM / 10^6) msat, so a route adds -ln(P) times that for
	// its probability P.
	AttemptCostMsat float64
	AttemptCostPPM  float64
	// HopCostMsat is added per channel, favouring shorter routes.
	HopCostMsat float64
	// HintProbability is the success probability given to route hint
	// and blinded path edges before anything is learned about them.
	HintProbability float64
}

// DefaultWeights are the weights of a Request without its own: 15 ppb
// per block, an attempt worth 100 sat plus 0.1% of the amount, 500 msat
// per hop.
func DefaultWeights() Weights {
	return Weights{RiskFactorPPB: 15, AttemptCostMsat: 100_000, AttemptCostPPM: 1000, HopCostMsat: 500, HintProbability: 0.9}
}
