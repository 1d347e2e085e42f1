package channelmsg

import "errors"

// Decoding a message fails with a *wire.DecodeError wrapping one of the
// sentinels of layer2_messaging/wire (wire.Malformed tells them): a BOLT #2
// message that does not parse is a malformed message, and BOLT #1 says the
// receiver "MUST close the connection". The sentinels below are the
// package's own: they come from the helpers that check what a well-formed
// message says (channel_type negotiation, shutdown scripts, witnesses),
// where BOLT #2 asks the receiver to fail the channel or send a warning
// rather than drop the connection.
var (
	// ErrNoChannelType: an open_channel, accept_channel, open_channel2 or
	// accept_channel2 without a channel_type record. BOLT #2: "if the
	// message doesn't include a channel_type: fail the channel".
	ErrNoChannelType = errors.New("channelmsg: no channel_type")

	// ErrUndefinedChannelType: a channel_type that is not one of the types
	// BOLT #2 "Defined Channel Types" lists (option_static_remotekey, or
	// option_anchors with option_static_remotekey, each optionally with
	// option_scid_alias and option_zeroconf).
	ErrUndefinedChannelType = errors.New("channelmsg: undefined channel_type")

	// ErrChannelTypeNotMinimal: a channel_type with leading zero bytes.
	// BOLT #2: the sender "MUST use the smallest bitmap possible to
	// represent the channel type".
	ErrChannelTypeNotMinimal = errors.New("channelmsg: channel_type not minimally encoded")

	// ErrChannelTypeNotNegotiated: a channel_type with a feature the init
	// exchange did not negotiate. BOLT #2: the sender "SHOULD NOT set it to
	// a type containing a feature which was not negotiated".
	ErrChannelTypeNotNegotiated = errors.New("channelmsg: channel_type feature not negotiated")

	// ErrSCIDAliasAnnounced: a channel_type with option_scid_alias for a
	// channel with announce_channel set. BOLT #2: "if announce_channel is
	// true (not 0): MUST NOT send channel_type with the option_scid_alias
	// bit set."
	ErrSCIDAliasAnnounced = errors.New("channelmsg: option_scid_alias on an announced channel")

	// ErrChannelTypeMismatch: accept_channel (or accept_channel2) names
	// another channel_type than the open message. BOLT #2: "if channel_type
	// does not match the channel_type from open_channel: MUST fail the
	// channel."
	ErrChannelTypeMismatch = errors.New("channelmsg: channel_type differs from the one proposed")

	// ErrZeroConfMinimumDepth: an accept_channel whose channel_type has
	// option_zeroconf and whose minimum_depth is not zero. BOLT #2: "if
	// channel_type includes option_zeroconf: MUST set minimum_depth to
	// zero."
	ErrZeroConfMinimumDepth = errors.New("channelmsg: option_zeroconf with a non-zero minimum_depth")

	// ErrShutdownScript: a shutdown scriptpubkey in none of the forms BOLT
	// #2 "Closing Initiation: shutdown" allows for the negotiated features.
	// The receiver "SHOULD send a warning".
	ErrShutdownScript = errors.New("channelmsg: shutdown scriptpubkey not in an allowed form")

	// ErrWitness: a tx_signatures witness whose witness_data is not a
	// Bitcoin witness stack ("a CompactSize number of elements, with each
	// element a CompactSize length and that many bytes following"), or is
	// empty (BOLT #2: the receiver fails the negotiation if "the message
	// contains an empty witness").
	ErrWitness = errors.New("channelmsg: malformed witness")
)
