package channelmsg

import (
	"bytes"
	"crypto/sha256"

	"github.com/lnstack/lnstack/layer2_messaging/wire"
)

// ChannelIDFromOutpoint returns the channel_id of a v1 channel. BOLT #2
// "Definition of channel_id": "derived from the funding transaction by
// combining the funding_txid and the funding_output_index, using big-endian
// exclusive-OR (i.e. funding_output_index alters the last 2 bytes)". txid is
// in wire (internal) byte order, as funding_created carries it.
func ChannelIDFromOutpoint(txid wire.SHA256, index uint16) wire.ChannelID {
	id := wire.ChannelID(txid)
	id[30] ^= byte(index >> 8)
	id[31] ^= byte(index)
	return id
}

// ChannelIDV2 returns the channel_id of a channel opened with
// open_channel2. BOLT #2 "channel_id, v2": "SHA256(lesser-revocation-basepoint
// || greater-revocation-basepoint), where the lesser and greater is based
// off the order of the basepoint" (the 33-byte encodings, compared as
// bytes).
func ChannelIDV2(a, b wire.Point) wire.ChannelID {
	if bytes.Compare(a[:], b[:]) > 0 {
		a, b = b, a
	}
	h := sha256.New()
	h.Write(a[:])
	h.Write(b[:])
	var id wire.ChannelID
	h.Sum(id[:0])
	return id
}

// TemporaryChannelIDV2 returns the temporary_channel_id of open_channel2
// from the opener's revocation basepoint. BOLT #2: "A temporary_channel_id
// must be computed by using a zeroed out basepoint for the non-initiator."
func TemporaryChannelIDV2(openerRevocationBasepoint wire.Point) wire.ChannelID {
	return ChannelIDV2(wire.Point{}, openerRevocationBasepoint)
}
