package forward

import (
	"github.com/lnstack/lnstack/layer2_messaging/wire"
	"github.com/lnstack/lnstack/layer3_p2p/amount"
	"github.com/lnstack/lnstack/layer3_p2p/gossip"
)

// ChannelState is what the outgoing channel can do right now.
type ChannelState uint8

// The states of an outgoing channel, as the forwarding rules see them.
const (
	// Usable: open, the peer connected, not disabled.
	Usable ChannelState = iota
	// PeerOffline: the peer is not connected: "an otherwise unspecified,
	// transient error occurs in the outgoing channel"
	// (temporary_channel_failure).
	PeerOffline
	// Disabled: this node has announced the channel disabled
	// (channel_disabled).
	Disabled
	// Closing: shutdown has begun or the channel is closed: "an otherwise
	// unspecified, permanent error occurs during forwarding to its
	// receiving peer (e.g. channel recently closed)"
	// (permanent_channel_failure).
	Closing
)

// Channel is the outgoing channel a decision is made for, as this node
// knows it: its own policy for the direction towards the peer and the
// channel's current room.
type Channel struct {
	// SCID is the short_channel_id the onion named (the real one or an
	// alias): the Outgoing HTLC goes over it.
	SCID  wire.ShortChannelID
	State ChannelState
	// Policy is this node's current channel_update for the channel: fees,
	// cltv_expiry_delta and HTLC limits.
	Policy gossip.Policy
	// Previous is the policy Policy replaced, while it is still honoured
	// (nil otherwise). BOLT #7: "If it creates a new channel_update with
	// updated channel parameters: SHOULD keep accepting the previous
	// channel parameters for 10 minutes"; the caller decides the window.
	Previous *gossip.Policy
	// PeerHTLCMinimumMsat is the htlc_minimum_msat the peer asked for when
	// the channel opened: BOLT #2, a sender "MUST NOT offer amount_msat
	// below the receiving node's htlc_minimum_msat".
	PeerHTLCMinimumMsat amount.MilliSatoshi
	// AvailableMsat is the largest HTLC the channel can offer now, after
	// the reserve, the commitment fee, the peer's
	// max_htlc_value_in_flight_msat and dust exposure.
	AvailableMsat amount.MilliSatoshi
	// FreeSlots is how many more HTLCs the peer's max_accepted_htlcs
	// allows.
	FreeSlots int
	// Update is the encoded channel_update (type and payload) to include
	// in failures with the UPDATE flag; nil includes none (len 0), as
	// BOLT #4 now expects nodes to do.
	Update []byte
}

// NodeStatus is this node's own state at decision time.
type NodeStatus uint8

// The node states that fail every HTLC.
const (
	// NodeOK forwards.
	NodeOK NodeStatus = iota
	// NodeUnavailable fails every HTLC for now (e.g. shutting down,
	// overloaded): temporary_node_failure.
	NodeUnavailable
	// NodeRetired fails every HTLC for good: permanent_node_failure.
	NodeRetired
)

// Defaults of Config.
const (
	// DefaultMaxHTLCCLTV is BOLT #4's max_htlc_cltv: "This max_htlc_cltv
	// value is defined as 2016 blocks, based on historical value deployed
	// by Lightning implementations."
	DefaultMaxHTLCCLTV = 2016
	// DefaultExpiryTooSoon is how many blocks the outgoing HTLC must have
	// left before it expires: G+S of BOLT #2 "cltv_expiry_delta
	// Selection" (a grace period G=2 after the timeout, then S=12 blocks
	// for the timeout transaction to confirm). An HTLC that expires
	// sooner could not be timed out on chain in time.
	DefaultExpiryTooSoon = 14
)

// Config is the node's forwarding configuration.
type Config struct {
	// Status is the node's own state; NodeOK to forward.
	Status NodeStatus
	// MaxHTLCCLTV bounds how far in the future an incoming HTLC may
	// expire; 0 means DefaultMaxHTLCCLTV.
	MaxHTLCCLTV uint32
	// ExpiryTooSoon is the minimum number of blocks between the current
	// height and the outgoing HTLC's expiry; 0 means DefaultExpiryTooSoon.
	ExpiryTooSoon uint32
}

func (c *Config) maxHTLCCLTV() uint32 {
	if c == nil || c.MaxHTLCCLTV == 0 {
		return DefaultMaxHTLCCLTV
	}
	return c.MaxHTLCCLTV
}

func (c *Config) expiryTooSoon() uint32 {
	if c == nil || c.ExpiryTooSoon == 0 {
		return DefaultExpiryTooSoon
	}
	return c.ExpiryTooSoon
}

func (c *Config) status() NodeStatus {
	if c == nil {
		return NodeOK
	}
	return c.Status
}
