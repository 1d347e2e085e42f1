package bolt11

import (
	"encoding/binary"
	"fmt"

	"github.com/lnstack/lnstack/layer2_messaging/wire"
)

// HopHint is one entry of an r field: a channel from a public node towards
// the payee. BOLT #11: "for each entry, the `pubkey` is the node ID of the
// start of the channel; `short_channel_id` is the short channel ID field to
// identify the channel; and `fee_base_msat`, `fee_proportional_millionths`,
// and `cltv_expiry_delta` are as specified in" BOLT #7.
type HopHint struct {
	// NodeID is the compressed public key of the node the channel starts
	// from. Decode checks its first byte (02 or 03), not that it is a
	// point: the key is only used when a route is built through it.
	NodeID                    [33]byte
	ShortChannelID            wire.ShortChannelID
	FeeBaseMsat               uint32
	FeeProportionalMillionths uint32
	CLTVExpiryDelta           uint16
}

// RouteHint is one r field: "one or more ordered entries, indicating the
// forward route from a public node to the final destination" (BOLT #11), at
// most 12 (the 639 bytes a field holds).
type RouteHint []HopHint

// parseRouteHint reads an r field: a whole number (at least one) of 51-byte
// hops, each "`pubkey` (264 bits)", "`short_channel_id` (64 bits)",
// "`fee_base_msat` (32 bits, big-endian)", "`fee_proportional_millionths`
// (32 bits, big-endian)", "`cltv_expiry_delta` (16 bits, big-endian)".
func parseRouteHint(data []byte) (RouteHint, error) {
	n, canonical := bytesLen(len(data))
	if n == 0 || n%hopHintBytes != 0 {
		return nil, fmt.Errorf("%w: %d bytes is not a whole number of %d-byte hops", ErrInvalidRouteHint, n, hopHintBytes)
	}
	// At most 639 bytes on the stack: the field's data_length is 10 bits.
	var buf [maxFieldBytes + 1]byte
	b, ok := appendBytes(buf[:0], data, false)
	if !canonical || !ok {
		return nil, ErrFieldPadding
	}
	route := make(RouteHint, n/hopHintBytes)
	for i := range route {
		h := b[i*hopHintBytes : (i+1)*hopHintBytes]
		if h[0] != 2 && h[0] != 3 {
			return nil, fmt.Errorf("%w: hop %d pubkey starts with 0x%02x", ErrInvalidRouteHint, i, h[0])
		}
		hop := &route[i]
		copy(hop.NodeID[:], h[:33])
		hop.ShortChannelID = wire.ShortChannelID(binary.BigEndian.Uint64(h[33:41]))
		hop.FeeBaseMsat = binary.BigEndian.Uint32(h[41:45])
		hop.FeeProportionalMillionths = binary.BigEndian.Uint32(h[45:49])
		hop.CLTVExpiryDelta = binary.BigEndian.Uint16(h[49:51])
	}
	return route, nil
}

// appendRouteHint appends the r field's data.
func appendRouteHint(dst []byte, r RouteHint) ([]byte, error) {
	if len(r) == 0 {
		return nil, fmt.Errorf("%w: a route of no hops", ErrInvalidRouteHint)
	}
	if len(r) > maxRouteHops {
		return nil, fmt.Errorf("%w: a route of %d hops (1 to %d fit an r field)", ErrFieldTooLong, len(r), maxRouteHops)
	}
	var buf [maxRouteHops * hopHintBytes]byte
	b := buf[:0]
	for i, hop := range r {
		if hop.NodeID[0] != 2 && hop.NodeID[0] != 3 {
			return nil, fmt.Errorf("%w: hop %d pubkey starts with 0x%02x", ErrInvalidRouteHint, i, hop.NodeID[0])
		}
		b = append(b, hop.NodeID[:]...)
		b = binary.BigEndian.AppendUint64(b, uint64(hop.ShortChannelID))
		b = binary.BigEndian.AppendUint32(b, hop.FeeBaseMsat)
		b = binary.BigEndian.AppendUint32(b, hop.FeeProportionalMillionths)
		b = binary.BigEndian.AppendUint16(b, hop.CLTVExpiryDelta)
	}
	return appendGroups(dst, b), nil
}
