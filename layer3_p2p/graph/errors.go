package graph

import (
	"errors"
	"fmt"

	"github.com/lnstack/lnstack/layer2_messaging/wire"
)

// Errors of applying gossip to the graph. A validation failure keeps the
// gossip package's error (gossip.ErrBadSignature, gossip.ErrOutdated,
// gossip.ErrFunding, ...), wrapped in a *MessageError by the Ingester; the
// sentinels below are the graph's own reasons to ignore a message.
var (
	// ErrUnknownChannel: a channel_update for a short_channel_id no
	// channel_announcement has established. BOLT #7: "if the
	// short_channel_id does NOT match a previous channel_announcement: MUST
	// ignore channel_updates that do NOT correspond to one of its own
	// channels."
	ErrUnknownChannel = errors.New("graph: channel_update for an unknown channel")

	// ErrUnknownNode: a node_announcement from a node with no channel in
	// the graph. BOLT #7: "if node_id is NOT previously known from a
	// channel_announcement message ... SHOULD ignore the message."
	ErrUnknownNode = errors.New("graph: node_announcement from a node without channels")

	// ErrKnownChannel: a channel_announcement for a channel the graph
	// already has, with the same two nodes: nothing new, so it is not
	// verified again.
	ErrKnownChannel = errors.New("graph: channel already announced")

	// ErrConflictingChannel: a channel_announcement for a known
	// short_channel_id with other node ids. BOLT #7 asks a node to
	// blacklist both pairs ("SHOULD blacklist the previous message's
	// node_id_1 and node_id_2, as well as this node_id_1 and node_id_2 AND
	// forget any channels connected to them"); the graph keeps the first
	// announcement and reports the second with this error, and the caller
	// decides on the blacklist.
	ErrConflictingChannel = errors.New("graph: channel_announcement conflicts with a known channel")

	// ErrNotGossip: a message given to the Ingester that is not
	// channel_announcement, channel_update or node_announcement.
	ErrNotGossip = errors.New("graph: not a gossip message")

	// ErrGraphFull: the graph holds Config.MaxChannels channels or
	// Config.MaxNodes nodes already; the announcement is dropped so that
	// memory stays bounded whatever the peers send.
	ErrGraphFull = errors.New("graph: channel or node limit reached")

	// ErrNoMessages: the graph was built without Config.KeepMessages, so
	// it cannot give out the signed messages a query asks for.
	ErrNoMessages = errors.New("graph: signed messages not kept")
)

// MessageError is the failure of one message given to the Ingester: its
// type and short_channel_id or node_id, and the reason (a sentinel of this
// package or the gossip package's validation error).
type MessageError struct {
	// Type is the message type (gossip.TypeChannelUpdate, ...).
	Type uint16
	// SCID is the channel of a channel_announcement or channel_update.
	SCID wire.ShortChannelID
	// Node is the node_id of a node_announcement.
	Node wire.Point
	// Err is the reason.
	Err error
}

func (e *MessageError) Error() string {
	switch {
	case e.SCID != 0:
		return fmt.Sprintf("graph: message %d for channel %s: %v", e.Type, e.SCID, e.Err)
	case e.Node != wire.Point{}:
		return fmt.Sprintf("graph: message %d from node %s: %v", e.Type, e.Node, e.Err)
	}
	return fmt.Sprintf("graph: message %d: %v", e.Type, e.Err)
}

// Unwrap returns the reason.
func (e *MessageError) Unwrap() error { return e.Err }
