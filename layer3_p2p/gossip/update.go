package gossip

import (
	"hash/crc32"

	"github.com/lnstack/lnstack/layer2_messaging/wire"
	"github.com/lnstack/lnstack/layer3_p2p/amount"
)

// The bits of channel_update's message_flags.
const (
	// MessageFlagMustBeOne is bit 0: "MUST set must_be_one in
	// message_flags to 1". It once told that htlc_maximum_msat was present;
	// the field now always is, and receivers ignore the bit.
	MessageFlagMustBeOne byte = 1 << 0
	// MessageFlagDontForward is bit 1: set on a channel_update meant for
	// the channel peer only, which "MUST NOT forward such a channel_update
	// to other peers".
	MessageFlagDontForward byte = 1 << 1
)

// The bits of channel_update's channel_flags.
const (
	// ChannelFlagDirection is bit 0: 0 when the update comes from
	// node_id_1, 1 when from node_id_2.
	ChannelFlagDirection byte = 1 << 0
	// ChannelFlagDisable is bit 1: the channel is disabled.
	ChannelFlagDisable byte = 1 << 1
)

// ChannelUpdate is the channel_update message (type 258), BOLT #7 "The
// channel_update Message": one end's relay policy for a channel, signed by
// its node key.
type ChannelUpdate struct {
	Signature      wire.Signature
	ChainHash      wire.ChainHash
	ShortChannelID wire.ShortChannelID
	Timestamp      uint32
	// MessageFlags holds MessageFlagMustBeOne and MessageFlagDontForward.
	MessageFlags byte
	// ChannelFlags holds ChannelFlagDirection and ChannelFlagDisable.
	ChannelFlags byte
	// CLTVExpiryDelta is "the number of blocks it will subtract from an
	// incoming HTLC's cltv_expiry".
	CLTVExpiryDelta uint16
	HTLCMinimumMsat amount.MilliSatoshi
	FeeBaseMsat     uint32
	// FeeProportionalMillionths is "the amount (in millionths of a
	// satoshi) it will charge per transferred satoshi".
	FeeProportionalMillionths uint32
	HTLCMaximumMsat           amount.MilliSatoshi
	// Extension holds unknown odd TLV records after the payload; the
	// signature covers them ("including unknown fields following
	// fee_proportional_millionths").
	Extension wire.Records
}

// Type returns TypeChannelUpdate.
func (m *ChannelUpdate) Type() uint16 { return TypeChannelUpdate }

// Fields walks the signature, then the signed part.
func (m *ChannelUpdate) Fields(f *wire.Fields) {
	f.Signature("signature", &m.Signature)
	m.walkSigned(f)
}

// walkSigned walks [chain_hash:chain_hash][short_channel_id:short_channel_id]
// [u32:timestamp], then the fields after the timestamp.
func (m *ChannelUpdate) walkSigned(f *wire.Fields) {
	f.ChainHash("chain_hash", &m.ChainHash)
	f.ShortChannelID("short_channel_id", &m.ShortChannelID)
	f.U32("timestamp", &m.Timestamp)
	m.walkPolicy(f)
	f.Extension(&m.Extension)
}

// walkPolicy walks [byte:message_flags][byte:channel_flags]
// [u16:cltv_expiry_delta][u64:htlc_minimum_msat][u32:fee_base_msat]
// [u32:fee_proportional_millionths][u64:htlc_maximum_msat]: with the
// extension, the "fields below timestamp". These fixed fields cannot fail
// to encode.
func (m *ChannelUpdate) walkPolicy(f *wire.Fields) {
	f.Byte("message_flags", &m.MessageFlags)
	f.Byte("channel_flags", &m.ChannelFlags)
	f.U16("cltv_expiry_delta", &m.CLTVExpiryDelta)
	f.U64("htlc_minimum_msat", (*uint64)(&m.HTLCMinimumMsat))
	f.U32("fee_base_msat", &m.FeeBaseMsat)
	f.U32("fee_proportional_millionths", &m.FeeProportionalMillionths)
	f.U64("htlc_maximum_msat", (*uint64)(&m.HTLCMaximumMsat))
}

// appendBelowTimestamp appends the fields after the timestamp, extension
// included. Unknown records out of order (never the case in a decoded
// message) are left out.
func (m *ChannelUpdate) appendBelowTimestamp(dst []byte) []byte {
	e := wire.NewEncoder(dst)
	m.walkPolicy(&e)
	dst, _ = e.Output()
	if ext, err := m.Extension.Append(dst); err == nil {
		dst = ext
	}
	return dst
}

// Encode appends the payload to dst.
func (m *ChannelUpdate) Encode(dst []byte) ([]byte, error) {
	e := wire.NewEncoder(dst)
	m.Fields(&e)
	return e.Output()
}

// Decode decodes a payload; on failure m is unchanged. It allocates only
// for unknown TLV records.
func (m *ChannelUpdate) Decode(payload []byte) error {
	var v ChannelUpdate
	d := wire.NewDecoder(payload)
	v.Fields(&d)
	if err := d.Done(); err != nil {
		return err
	}
	*m = v
	return nil
}

// SignedData appends to dst the bytes the signature signs: BOLT #7 "the
// entire remaining packet after signature".
func (m *ChannelUpdate) SignedData(dst []byte) ([]byte, error) {
	e := wire.NewEncoder(dst)
	m.walkSigned(&e)
	return e.Output()
}

// Digest returns the double-SHA256 of the signed part.
func (m *ChannelUpdate) Digest() ([32]byte, error) {
	var buf [signedBufLen]byte
	data, err := m.SignedData(buf[:0])
	if err != nil {
		return [32]byte{}, err
	}
	return doubleSHA256(data), nil
}

// Direction returns the direction bit: Node1 for an update from node_id_1.
func (m *ChannelUpdate) Direction() Side {
	if m.ChannelFlags&ChannelFlagDirection != 0 {
		return Node2
	}
	return Node1
}

// Disabled reports whether the disable bit is set.
func (m *ChannelUpdate) Disabled() bool { return m.ChannelFlags&ChannelFlagDisable != 0 }

// DontForward reports whether the dont_forward bit is set: a node "MUST
// NOT forward such a channel_update to other peers, for privacy reasons."
func (m *ChannelUpdate) DontForward() bool { return m.MessageFlags&MessageFlagDontForward != 0 }

// Checksum returns the channel_update checksum of reply_channel_range's
// checksums_tlv. BOLT #7: "The checksum of a channel_update is the CRC32C
// checksum as specified in" RFC 3720 "of this channel_update without its
// signature and timestamp fields." That is chain_hash and short_channel_id,
// then every field after the timestamp, unknown TLV records included.
func (m *ChannelUpdate) Checksum() uint32 {
	// hash/crc32 calls its accelerated code through a function value, so
	// the buffer escapes to the heap whatever its declaration: size it.
	b := make([]byte, 0, checksumFixedLen+m.Extension.Len())
	b = append(b, m.ChainHash[:]...)
	b = wire.AppendU64(b, uint64(m.ShortChannelID))
	b = m.appendBelowTimestamp(b)
	return crc32.Checksum(b, crc32.MakeTable(crc32.Castagnoli))
}

// checksumFixedLen is the size of the fixed fields the checksum covers:
// chain_hash, short_channel_id, then message_flags to htlc_maximum_msat.
const checksumFixedLen = 32 + 8 + 1 + 1 + 2 + 8 + 4 + 4 + 8

// SamePolicy reports whether two updates carry the same "fields below
// timestamp" (flags, delta, fees, HTLC limits and unknown records), the
// comparison BOLT #7 makes between two updates of one timestamp.
func (m *ChannelUpdate) SamePolicy(o *ChannelUpdate) bool {
	var b1, b2 [signedBufLen]byte
	return string(m.appendBelowTimestamp(b1[:0])) == string(o.appendBelowTimestamp(b2[:0]))
}
