package onionmsg

import "errors"

// Reasons a node ignores an onion message (BOLT #4: onion messages have no
// error return; the reader "MUST ignore the message"). Process returns
// them, or the sentinel of sphinx, blinding or layer2_messaging/wire that
// failed underneath.
var (
	// ErrNoEncryptedData: the payload has no encrypted_recipient_data, so
	// the node cannot learn what to do with the message.
	ErrNoEncryptedData = errors.New("onionmsg: no encrypted_recipient_data")

	// ErrUnexpectedField: an intermediate node's onionmsg_tlv holds more
	// than encrypted_recipient_data ("if the onionmsg_tlv contains other
	// tlv fields than encrypted_recipient_data: MUST ignore the message"),
	// or the final node's holds more than one payload field.
	ErrUnexpectedField = errors.New("onionmsg: unexpected onionmsg_tlv field")

	// ErrPathID: an intermediate node's encrypted data holds a path_id
	// ("if the encrypted_data_tlv contains path_id: MUST ignore the
	// message").
	ErrPathID = errors.New("onionmsg: path_id at an intermediate node")

	// ErrNoNextHop: an intermediate node's encrypted data names no next
	// node.
	ErrNoNextHop = errors.New("onionmsg: no next node")

	// ErrFeatures: allowed_features holds a bit this node does not know
	// ("contains an unknown feature bit (even if it is odd)").
	ErrFeatures = errors.New("onionmsg: unknown allowed feature")

	// ErrTooLarge: the final payload does not fit the largest onion
	// message.
	ErrTooLarge = errors.New("onionmsg: payloads exceed the largest onion message")

	// ErrBadPath: a path that cannot carry a message: no hops, or an
	// introduction node given as a channel where a node id is needed.
	ErrBadPath = errors.New("onionmsg: unusable blinded path")
)
