package gossip

import (
	messaging "github.com/lnstack/lnstack/layer2_messaging"
	"github.com/lnstack/lnstack/layer2_messaging/wire"
)

// The BOLT #7 message types.
const (
	TypeChannelAnnouncement     uint16 = 256
	TypeNodeAnnouncement        uint16 = 257
	TypeChannelUpdate           uint16 = 258
	TypeAnnouncementSignatures  uint16 = 259
	TypeQueryShortChannelIDs    uint16 = 261
	TypeReplyShortChannelIDsEnd uint16 = 262
	TypeQueryChannelRange       uint16 = 263
	TypeReplyChannelRange       uint16 = 264
	TypeGossipTimestampFilter   uint16 = 265
)

// Messages returns the table of the BOLT #7 messages and their TLV streams,
// for messaging.NewCodec (beside layer 2's own table).
func Messages() messaging.Table {
	return messaging.Table{
		Messages: []messaging.Entry{
			{Type: TypeChannelAnnouncement, Name: "channel_announcement", New: func() messaging.Message { return new(ChannelAnnouncement) }},
			{Type: TypeNodeAnnouncement, Name: "node_announcement", New: func() messaging.Message { return new(NodeAnnouncement) }},
			{Type: TypeChannelUpdate, Name: "channel_update", New: func() messaging.Message { return new(ChannelUpdate) }},
			{Type: TypeAnnouncementSignatures, Name: "announcement_signatures", New: func() messaging.Message { return new(AnnouncementSignatures) }},
			{Type: TypeQueryShortChannelIDs, Name: "query_short_channel_ids", New: func() messaging.Message { return new(QueryShortChannelIDs) }},
			{Type: TypeReplyShortChannelIDsEnd, Name: "reply_short_channel_ids_end", New: func() messaging.Message { return new(ReplyShortChannelIDsEnd) }},
			{Type: TypeQueryChannelRange, Name: "query_channel_range", New: func() messaging.Message { return new(QueryChannelRange) }},
			{Type: TypeReplyChannelRange, Name: "reply_channel_range", New: func() messaging.Message { return new(ReplyChannelRange) }},
			{Type: TypeGossipTimestampFilter, Name: "gossip_timestamp_filter", New: func() messaging.Message { return new(GossipTimestampFilter) }},
		},
		Streams: []messaging.StreamEntry{
			{Name: "query_short_channel_ids_tlvs", New: func() wire.Walker { return new(QueryShortChannelIDsTLVs) }},
			{Name: "query_channel_range_tlvs", New: func() wire.Walker { return new(QueryChannelRangeTLVs) }},
			{Name: "reply_channel_range_tlvs", New: func() wire.Walker { return new(ReplyChannelRangeTLVs) }},
		},
	}
}

// MainnetChainHash returns the chain_hash of the Bitcoin blockchain. BOLT
// #7: "for the Bitcoin blockchain: MUST set chain_hash value (encoded in
// hex) equal to
// 6fe28c0ab6f1b372c1a6a246ae63f74f931e8365e15a089c68d6190000000000."
func MainnetChainHash() wire.ChainHash {
	return wire.ChainHash{
		0x6f, 0xe2, 0x8c, 0x0a, 0xb6, 0xf1, 0xb3, 0x72, 0xc1, 0xa6, 0xa2, 0x46, 0xae, 0x63, 0xf7, 0x4f,
		0x93, 0x1e, 0x83, 0x65, 0xe1, 0x5a, 0x08, 0x9c, 0x68, 0xd6, 0x19, 0x00, 0x00, 0x00, 0x00, 0x00,
	}
}
