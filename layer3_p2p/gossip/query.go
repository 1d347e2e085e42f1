package gossip

import (
	"fmt"

	"github.com/lnstack/lnstack/layer2_messaging/wire"
)

// The query messages keep their encoded arrays (encoded_short_ids,
// encoded_query_flags, encoded_timestamps) as the bytes received, so every
// message re-encodes byte for byte whatever its encoding, zlib included.
// Decoding a message checks only the framing; Contents reads the arrays and
// applies the BOLT #7 rules on them, for which BOLT #7 leaves the receiver
// the choice ("MAY send a warning. MAY close the connection.") rather than
// calling the message malformed. The New... builders check the same rules
// and write encoding type 0.

// QueryShortChannelIDs is the query_short_channel_ids message (type 261),
// BOLT #7 "The query_short_channel_ids/reply_short_channel_ids_end
// Messages": a request for the announcements and updates of channels.
type QueryShortChannelIDs struct {
	ChainHash wire.ChainHash
	// EncodedShortIDs is encoded_short_ids as received: the encoding type,
	// then the array. DecodeShortChannelIDs (or Contents) reads it.
	EncodedShortIDs []byte
	TLVs            QueryShortChannelIDsTLVs
}

// QueryShortChannelIDsTLVs is the query_short_channel_ids_tlvs stream.
type QueryShortChannelIDsTLVs struct {
	// HasQueryFlags tells whether the query_flags record (type 1) is
	// present.
	HasQueryFlags bool
	// QueryFlagsEncoding is its encoding_type.
	QueryFlagsEncoding Encoding
	// EncodedQueryFlags is encoded_query_flags as received.
	EncodedQueryFlags []byte
	// Unknown holds the unknown odd records.
	Unknown wire.Records
}

// Type returns TypeQueryShortChannelIDs.
func (m *QueryShortChannelIDs) Type() uint16 { return TypeQueryShortChannelIDs }

// Fields walks [chain_hash:chain_hash][u16:len][len*byte:encoded_short_ids]
// [query_short_channel_ids_tlvs:tlvs].
func (m *QueryShortChannelIDs) Fields(f *wire.Fields) {
	f.ChainHash("chain_hash", &m.ChainHash)
	f.Bytes16("len", "encoded_short_ids", &m.EncodedShortIDs)
	m.TLVs.Walk(f, "tlvs")
}

// Walk walks the stream as the message field name ("" on its own).
func (s *QueryShortChannelIDsTLVs) Walk(f *wire.Fields, name string) {
	tlv := f.BeginStream(name, &s.Unknown)
	if tlv.Record(1, "query_flags", &s.HasQueryFlags) {
		f.Byte("encoding_type", (*byte)(&s.QueryFlagsEncoding))
		f.RestBytes("encoded_query_flags", &s.EncodedQueryFlags)
	}
	tlv.End()
}

// Fields implements wire.Walker for the stream on its own.
func (s *QueryShortChannelIDsTLVs) Fields(f *wire.Fields) { s.Walk(f, "") }

// Encode appends the payload to dst.
func (m *QueryShortChannelIDs) Encode(dst []byte) ([]byte, error) {
	e := wire.NewEncoder(dst)
	m.Fields(&e)
	return e.Output()
}

// Decode decodes a payload; on failure m is unchanged.
func (m *QueryShortChannelIDs) Decode(payload []byte) error {
	var v QueryShortChannelIDs
	d := wire.NewDecoder(payload)
	v.Fields(&d)
	if err := d.Done(); err != nil {
		return err
	}
	*m = v
	return nil
}

// QueryContents is what a query_short_channel_ids asks for.
type QueryContents struct {
	// IDs are the short_channel_ids, ascending.
	IDs []wire.ShortChannelID
	// Flags holds one query flag per id; nil when the message has no
	// query_flags (BOLT #7: then the receiver replies "with a
	// channel_announcement and the latest channel_update for each end").
	Flags []QueryFlags
}

// Contents decodes the arrays and checks them: the errors of
// DecodeShortChannelIDs and DecodeQueryFlags, and ErrCountMismatch unless
// there is exactly one flag per id.
func (m *QueryShortChannelIDs) Contents() (QueryContents, error) {
	var c QueryContents
	_, ids, err := DecodeShortChannelIDs(m.EncodedShortIDs)
	if err != nil {
		return c, err
	}
	c.IDs = ids
	if m.TLVs.HasQueryFlags {
		flags, err := DecodeQueryFlags(m.TLVs.QueryFlagsEncoding, m.TLVs.EncodedQueryFlags)
		if err != nil {
			return QueryContents{}, fmt.Errorf("query_flags: %w", err)
		}
		if len(flags) != len(ids) {
			return QueryContents{}, fmt.Errorf("%w: %d query flags for %d ids", ErrCountMismatch, len(flags), len(ids))
		}
		c.Flags = flags
	}
	return c, nil
}

// NewQueryShortChannelIDs builds the query for c in encoding type 0, with
// query_flags when c.Flags is not nil. The ids must be strictly ascending
// and the flags, when given, one per id.
func NewQueryShortChannelIDs(chain wire.ChainHash, c QueryContents) (*QueryShortChannelIDs, error) {
	m := &QueryShortChannelIDs{ChainHash: chain}
	var err error
	if m.EncodedShortIDs, err = AppendShortChannelIDs(nil, c.IDs); err != nil {
		return nil, err
	}
	if c.Flags != nil {
		if len(c.Flags) != len(c.IDs) {
			return nil, fmt.Errorf("%w: %d query flags for %d ids", ErrCountMismatch, len(c.Flags), len(c.IDs))
		}
		m.TLVs.HasQueryFlags = true
		m.TLVs.EncodedQueryFlags = AppendQueryFlags(nil, c.Flags)
	}
	return m, nil
}

// ReplyShortChannelIDsEnd is the reply_short_channel_ids_end message (type
// 262): the end of the replies to a query_short_channel_ids.
type ReplyShortChannelIDsEnd struct {
	ChainHash wire.ChainHash
	// FullInformation is 0 when the sender "does not maintain up-to-date
	// channel information for chain_hash", and should be 1 otherwise.
	FullInformation byte
	// Extension holds unknown odd TLV records after the payload.
	Extension wire.Records
}

// Type returns TypeReplyShortChannelIDsEnd.
func (m *ReplyShortChannelIDsEnd) Type() uint16 { return TypeReplyShortChannelIDsEnd }

// Fields walks [chain_hash:chain_hash][byte:full_information].
func (m *ReplyShortChannelIDsEnd) Fields(f *wire.Fields) {
	f.ChainHash("chain_hash", &m.ChainHash)
	f.Byte("full_information", &m.FullInformation)
	f.Extension(&m.Extension)
}

// Encode appends the payload to dst.
func (m *ReplyShortChannelIDsEnd) Encode(dst []byte) ([]byte, error) {
	e := wire.NewEncoder(dst)
	m.Fields(&e)
	return e.Output()
}

// Decode decodes a payload; on failure m is unchanged.
func (m *ReplyShortChannelIDsEnd) Decode(payload []byte) error {
	var v ReplyShortChannelIDsEnd
	d := wire.NewDecoder(payload)
	v.Fields(&d)
	if err := d.Done(); err != nil {
		return err
	}
	*m = v
	return nil
}

// QueryOptions is the query_option_flags bitfield of query_channel_range.
type QueryOptions uint64

// The bits of QueryOptions.
const (
	WantTimestamps QueryOptions = 1 << 0 // "Sender wants timestamps"
	WantChecksums  QueryOptions = 1 << 1 // "Sender wants checksums"
)

// QueryChannelRange is the query_channel_range message (type 263), BOLT #7
// "The query_channel_range and reply_channel_range Messages": a request for
// the channels whose funding outputs are in a range of blocks.
type QueryChannelRange struct {
	ChainHash      wire.ChainHash
	FirstBlocknum  uint32
	NumberOfBlocks uint32
	TLVs           QueryChannelRangeTLVs
}

// QueryChannelRangeTLVs is the query_channel_range_tlvs stream.
type QueryChannelRangeTLVs struct {
	// HasQueryOption tells whether the query_option record (type 1) is
	// present.
	HasQueryOption bool
	// QueryOptionFlags is its query_option_flags.
	QueryOptionFlags QueryOptions
	// Unknown holds the unknown odd records.
	Unknown wire.Records
}

// Type returns TypeQueryChannelRange.
func (m *QueryChannelRange) Type() uint16 { return TypeQueryChannelRange }

// Fields walks [chain_hash:chain_hash][u32:first_blocknum]
// [u32:number_of_blocks][query_channel_range_tlvs:tlvs].
func (m *QueryChannelRange) Fields(f *wire.Fields) {
	f.ChainHash("chain_hash", &m.ChainHash)
	f.U32("first_blocknum", &m.FirstBlocknum)
	f.U32("number_of_blocks", &m.NumberOfBlocks)
	m.TLVs.Walk(f, "tlvs")
}

// Walk walks the stream as the message field name ("" on its own).
func (s *QueryChannelRangeTLVs) Walk(f *wire.Fields, name string) {
	tlv := f.BeginStream(name, &s.Unknown)
	if tlv.Record(1, "query_option", &s.HasQueryOption) {
		f.BigSize("query_option_flags", (*uint64)(&s.QueryOptionFlags))
	}
	tlv.End()
}

// Fields implements wire.Walker for the stream on its own.
func (s *QueryChannelRangeTLVs) Fields(f *wire.Fields) { s.Walk(f, "") }

// Encode appends the payload to dst.
func (m *QueryChannelRange) Encode(dst []byte) ([]byte, error) {
	e := wire.NewEncoder(dst)
	m.Fields(&e)
	return e.Output()
}

// Decode decodes a payload; on failure m is unchanged.
func (m *QueryChannelRange) Decode(payload []byte) error {
	var v QueryChannelRange
	d := wire.NewDecoder(payload)
	v.Fields(&d)
	if err := d.Done(); err != nil {
		return err
	}
	*m = v
	return nil
}

// End returns first_blocknum plus number_of_blocks, the first block after
// the range, without overflowing.
func (m *QueryChannelRange) End() uint64 {
	return uint64(m.FirstBlocknum) + uint64(m.NumberOfBlocks)
}

// Wants reports whether the query_option record asks for o.
func (m *QueryChannelRange) Wants(o QueryOptions) bool {
	return m.TLVs.HasQueryOption && m.TLVs.QueryOptionFlags&o == o
}

// ReplyChannelRange is the reply_channel_range message (type 264): the
// short_channel_ids of a range of blocks, with optional timestamps and
// checksums of their channel_updates.
type ReplyChannelRange struct {
	ChainHash      wire.ChainHash
	FirstBlocknum  uint32
	NumberOfBlocks uint32
	// SyncComplete is 1 on the final reply; a sender "MUST set
	// sync_complete to false if this is not the final reply_channel_range".
	SyncComplete byte
	// EncodedShortIDs is encoded_short_ids as received.
	EncodedShortIDs []byte
	TLVs            ReplyChannelRangeTLVs
}

// UpdateChecksums is the channel_update_checksums subtype: the checksums
// (ChannelUpdate.Checksum) of the latest channel_update from each end, 0
// for none.
type UpdateChecksums struct {
	NodeID1 uint32
	NodeID2 uint32
}

// ReplyChannelRangeTLVs is the reply_channel_range_tlvs stream.
type ReplyChannelRangeTLVs struct {
	// HasTimestamps tells whether timestamps_tlv (type 1) is present.
	HasTimestamps bool
	// TimestampsEncoding is its encoding_type.
	TimestampsEncoding Encoding
	// EncodedTimestamps is encoded_timestamps as received.
	EncodedTimestamps []byte

	// HasChecksums tells whether checksums_tlv (type 3) is present.
	HasChecksums bool
	// Checksums is its array of channel_update_checksums.
	Checksums []UpdateChecksums

	// Unknown holds the unknown odd records.
	Unknown wire.Records
}

// Type returns TypeReplyChannelRange.
func (m *ReplyChannelRange) Type() uint16 { return TypeReplyChannelRange }

// Fields walks [chain_hash:chain_hash][u32:first_blocknum]
// [u32:number_of_blocks][byte:sync_complete][u16:len]
// [len*byte:encoded_short_ids][reply_channel_range_tlvs:tlvs].
func (m *ReplyChannelRange) Fields(f *wire.Fields) {
	f.ChainHash("chain_hash", &m.ChainHash)
	f.U32("first_blocknum", &m.FirstBlocknum)
	f.U32("number_of_blocks", &m.NumberOfBlocks)
	f.Byte("sync_complete", &m.SyncComplete)
	f.Bytes16("len", "encoded_short_ids", &m.EncodedShortIDs)
	m.TLVs.Walk(f, "tlvs")
}

// Walk walks the stream as the message field name ("" on its own).
func (s *ReplyChannelRangeTLVs) Walk(f *wire.Fields, name string) {
	tlv := f.BeginStream(name, &s.Unknown)
	if tlv.Record(1, "timestamps_tlv", &s.HasTimestamps) {
		f.Byte("encoding_type", (*byte)(&s.TimestampsEncoding))
		f.RestBytes("encoded_timestamps", &s.EncodedTimestamps)
	}
	if tlv.Record(3, "checksums_tlv", &s.HasChecksums) {
		s.Checksums = wire.Rest(f, "checksums", s.Checksums, ChecksumsLen)
		f.BeginArray("checksums")
		for i := range s.Checksums {
			c := &s.Checksums[i]
			f.BeginObject("checksums")
			f.U32("checksum_node_id_1", &c.NodeID1)
			f.U32("checksum_node_id_2", &c.NodeID2)
			f.EndObject()
		}
		f.EndArray()
	}
	tlv.End()
}

// Fields implements wire.Walker for the stream on its own.
func (s *ReplyChannelRangeTLVs) Fields(f *wire.Fields) { s.Walk(f, "") }

// Encode appends the payload to dst.
func (m *ReplyChannelRange) Encode(dst []byte) ([]byte, error) {
	e := wire.NewEncoder(dst)
	m.Fields(&e)
	return e.Output()
}

// Decode decodes a payload; on failure m is unchanged.
func (m *ReplyChannelRange) Decode(payload []byte) error {
	var v ReplyChannelRange
	d := wire.NewDecoder(payload)
	v.Fields(&d)
	if err := d.Done(); err != nil {
		return err
	}
	*m = v
	return nil
}

// End returns first_blocknum plus number_of_blocks without overflowing.
func (m *ReplyChannelRange) End() uint64 {
	return uint64(m.FirstBlocknum) + uint64(m.NumberOfBlocks)
}

// ReplyContents is what a reply_channel_range carries.
type ReplyContents struct {
	// IDs are the short_channel_ids, ascending.
	IDs []wire.ShortChannelID
	// Timestamps holds one pair per id; nil when timestamps_tlv is absent.
	Timestamps []UpdateTimestamps
	// Checksums holds one pair per id; nil when checksums_tlv is absent.
	Checksums []UpdateChecksums
}

// Contents decodes the arrays and checks them: the errors of
// DecodeShortChannelIDs and DecodeTimestamps, and ErrCountMismatch unless
// timestamps and checksums, when present, have one entry per id (BOLT #7:
// "contains channel_update timestamps for all short_channel_ids in
// encoded_short_ids").
func (m *ReplyChannelRange) Contents() (ReplyContents, error) {
	var c ReplyContents
	_, ids, err := DecodeShortChannelIDs(m.EncodedShortIDs)
	if err != nil {
		return c, err
	}
	c.IDs = ids
	if m.TLVs.HasTimestamps {
		ts, err := DecodeTimestamps(m.TLVs.TimestampsEncoding, m.TLVs.EncodedTimestamps)
		if err != nil {
			return ReplyContents{}, fmt.Errorf("timestamps_tlv: %w", err)
		}
		if len(ts) != len(ids) {
			return ReplyContents{}, fmt.Errorf("%w: %d timestamps for %d ids", ErrCountMismatch, len(ts), len(ids))
		}
		c.Timestamps = ts
	}
	if m.TLVs.HasChecksums {
		if len(m.TLVs.Checksums) != len(ids) {
			return ReplyContents{}, fmt.Errorf("%w: %d checksums for %d ids", ErrCountMismatch, len(m.TLVs.Checksums), len(ids))
		}
		c.Checksums = append(make([]UpdateChecksums, 0, len(ids)), m.TLVs.Checksums...)
	}
	return c, nil
}

// NewReplyChannelRange builds a reply in encoding type 0, with
// timestamps_tlv and checksums_tlv when c has them (not nil). The ids must be
// strictly ascending, and timestamps and checksums one per id.
func NewReplyChannelRange(chain wire.ChainHash, first, blocks uint32, complete bool, c ReplyContents) (*ReplyChannelRange, error) {
	m := &ReplyChannelRange{ChainHash: chain, FirstBlocknum: first, NumberOfBlocks: blocks}
	if complete {
		m.SyncComplete = 1
	}
	var err error
	if m.EncodedShortIDs, err = AppendShortChannelIDs(nil, c.IDs); err != nil {
		return nil, err
	}
	if c.Timestamps != nil {
		if len(c.Timestamps) != len(c.IDs) {
			return nil, fmt.Errorf("%w: %d timestamps for %d ids", ErrCountMismatch, len(c.Timestamps), len(c.IDs))
		}
		m.TLVs.HasTimestamps = true
		m.TLVs.EncodedTimestamps = AppendTimestamps(nil, c.Timestamps)
	}
	if c.Checksums != nil {
		if len(c.Checksums) != len(c.IDs) {
			return nil, fmt.Errorf("%w: %d checksums for %d ids", ErrCountMismatch, len(c.Checksums), len(c.IDs))
		}
		m.TLVs.HasChecksums = true
		m.TLVs.Checksums = append([]UpdateChecksums(nil), c.Checksums...)
	}
	return m, nil
}

// GossipTimestampFilter is the gossip_timestamp_filter message (type 265),
// BOLT #7 "The gossip_timestamp_filter Message": the sender's filter on the
// gossip it wants relayed, replacing any previous one.
type GossipTimestampFilter struct {
	ChainHash      wire.ChainHash
	FirstTimestamp uint32
	TimestampRange uint32
	// Extension holds unknown odd TLV records after the payload.
	Extension wire.Records
}

// Type returns TypeGossipTimestampFilter.
func (m *GossipTimestampFilter) Type() uint16 { return TypeGossipTimestampFilter }

// Fields walks [chain_hash:chain_hash][u32:first_timestamp]
// [u32:timestamp_range].
func (m *GossipTimestampFilter) Fields(f *wire.Fields) {
	f.ChainHash("chain_hash", &m.ChainHash)
	f.U32("first_timestamp", &m.FirstTimestamp)
	f.U32("timestamp_range", &m.TimestampRange)
	f.Extension(&m.Extension)
}

// Encode appends the payload to dst.
func (m *GossipTimestampFilter) Encode(dst []byte) ([]byte, error) {
	e := wire.NewEncoder(dst)
	m.Fields(&e)
	return e.Output()
}

// Decode decodes a payload; on failure m is unchanged.
func (m *GossipTimestampFilter) Decode(payload []byte) error {
	var v GossipTimestampFilter
	d := wire.NewDecoder(payload)
	v.Fields(&d)
	if err := d.Done(); err != nil {
		return err
	}
	*m = v
	return nil
}

// Passes reports whether gossip with timestamp ts passes the filter. BOLT
// #7: the receiver "SHOULD send all gossip messages whose timestamp is
// greater or equal to first_timestamp, and less than first_timestamp plus
// timestamp_range" (computed here without overflowing 32 bits).
func (m *GossipTimestampFilter) Passes(ts uint32) bool {
	return ts >= m.FirstTimestamp && uint64(ts) < uint64(m.FirstTimestamp)+uint64(m.TimestampRange)
}
