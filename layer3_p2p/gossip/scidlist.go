package gossip

import (
	"bytes"
	"compress/zlib"
	"encoding/binary"
	"fmt"
	"io"

	"github.com/lnstack/lnstack/layer2_messaging/wire"
)

// Encoding is the encoding type of an "encoded_" array of the query
// messages (BOLT #7 "Query Messages").
type Encoding byte

// The encoding types.
const (
	// EncodingUncompressed: BOLT #7 "0: uncompressed array of
	// short_channel_id types, in ascending order". The builders of this
	// package only ever write it.
	EncodingUncompressed Encoding = 0
	// EncodingZlib: BOLT #7 "1: Previously used for zlib compression, this
	// encoding MUST NOT be used." It is still decoded (older nodes send it,
	// and the bolt07/extended-queries vectors use it), within
	// MaxInflatedLen; nothing here produces it.
	EncodingZlib Encoding = 1
)

// MaxInflatedLen bounds the bytes a zlib-encoded array may inflate to: 1
// MiB, 131072 short_channel_ids (more than twice the public channels of
// today's network, and 16 times what a 65535-byte message holds
// uncompressed). Inflating past it fails with ErrListTooLarge after
// reading at most this much, so a small message cannot make a peer
// allocate or work without bound.
const MaxInflatedLen = 1 << 20

// maxArrayIDs is the most short_channel_ids an array can hold.
const maxArrayIDs = MaxInflatedLen / wire.ShortChannelIDLen

// Element sizes of the arrays.
const (
	// TimestampsLen is the size of one channel_update_timestamps.
	TimestampsLen = 4 + 4
	// ChecksumsLen is the size of one channel_update_checksums.
	ChecksumsLen = 4 + 4
)

// arrayData returns the uncompressed bytes of an encoded array's data.
func arrayData(enc Encoding, data []byte) ([]byte, error) {
	switch enc {
	case EncodingUncompressed:
		return data, nil
	case EncodingZlib:
		if len(data) == 0 {
			// An empty array: there is nothing to compress, and the
			// senders of type 1 send no zlib header for it either.
			return nil, nil
		}
		return inflate(data)
	}
	return nil, fmt.Errorf("%w: %d", ErrUnknownEncoding, enc)
}

// inflate decompresses a zlib stream, reading at most MaxInflatedLen+1
// bytes of output. Bytes after the stream are an error.
func inflate(data []byte) ([]byte, error) {
	in := bytes.NewReader(data)
	zr, err := zlib.NewReader(in)
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrZlib, err)
	}
	out, err := io.ReadAll(io.LimitReader(zr, MaxInflatedLen+1))
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrZlib, err)
	}
	if len(out) > MaxInflatedLen {
		return nil, fmt.Errorf("%w: more than %d bytes", ErrListTooLarge, MaxInflatedLen)
	}
	// flate reads a bytes.Reader byte by byte, so what is left is after
	// the stream (and its Adler-32, which zlib checked).
	if in.Len() != 0 {
		return nil, fmt.Errorf("%w: %d bytes after the stream", ErrZlib, in.Len())
	}
	return out, nil
}

// DecodeShortChannelIDs decodes an encoded_short_ids field (its encoding
// type byte included) and checks its BOLT #7 rules: a known encoding
// (ErrMissingEncoding, ErrUnknownEncoding, ErrZlib, ErrListTooLarge), "a
// whole number of short_channel_id" (ErrPartialElement), "in ascending
// order" (an *UnsortedError, ErrUnsortedIDs). No ids is a nil slice.
func DecodeShortChannelIDs(field []byte) (Encoding, []wire.ShortChannelID, error) {
	if len(field) == 0 {
		return 0, nil, ErrMissingEncoding
	}
	enc := Encoding(field[0])
	data, err := arrayData(enc, field[1:])
	if err != nil {
		return enc, nil, err
	}
	if len(data)%wire.ShortChannelIDLen != 0 {
		return enc, nil, fmt.Errorf("%w: %d bytes of short_channel_ids", ErrPartialElement, len(data))
	}
	n := len(data) / wire.ShortChannelIDLen
	if n == 0 {
		return enc, nil, nil
	}
	ids := make([]wire.ShortChannelID, n)
	for i := range ids {
		ids[i] = wire.ShortChannelID(binary.BigEndian.Uint64(data[i*wire.ShortChannelIDLen:]))
		if i > 0 && ids[i] <= ids[i-1] {
			return enc, nil, &UnsortedError{Index: i, Prev: ids[i-1], Next: ids[i]}
		}
	}
	return enc, ids, nil
}

// AppendShortChannelIDs appends the encoded_short_ids field of ids in
// encoding type 0. The ids must be strictly ascending (an *UnsortedError
// otherwise): BOLT #7 defines the array "in ascending order", and the
// caller's order also gives the order of its query flags or timestamps.
func AppendShortChannelIDs(dst []byte, ids []wire.ShortChannelID) ([]byte, error) {
	for i := 1; i < len(ids); i++ {
		if ids[i] <= ids[i-1] {
			return dst, &UnsortedError{Index: i, Prev: ids[i-1], Next: ids[i]}
		}
	}
	dst = append(dst, byte(EncodingUncompressed))
	for _, id := range ids {
		dst = wire.AppendU64(dst, uint64(id))
	}
	return dst, nil
}

// UpdateTimestamps is the channel_update_timestamps subtype: the timestamps
// of the latest channel_update from each end, 0 for none.
type UpdateTimestamps struct {
	NodeID1 uint32
	NodeID2 uint32
}

// DecodeTimestamps decodes encoded_timestamps in encoding enc.
func DecodeTimestamps(enc Encoding, data []byte) ([]UpdateTimestamps, error) {
	raw, err := arrayData(enc, data)
	if err != nil {
		return nil, err
	}
	if len(raw)%TimestampsLen != 0 {
		return nil, fmt.Errorf("%w: %d bytes of timestamps", ErrPartialElement, len(raw))
	}
	ts := make([]UpdateTimestamps, len(raw)/TimestampsLen)
	for i := range ts {
		ts[i].NodeID1 = binary.BigEndian.Uint32(raw[i*TimestampsLen:])
		ts[i].NodeID2 = binary.BigEndian.Uint32(raw[i*TimestampsLen+4:])
	}
	return ts, nil
}

// AppendTimestamps appends the encoded_timestamps data of ts in encoding
// type 0 (the encoding type byte is a field of its own).
func AppendTimestamps(dst []byte, ts []UpdateTimestamps) []byte {
	for _, t := range ts {
		dst = wire.AppendU32(dst, t.NodeID1)
		dst = wire.AppendU32(dst, t.NodeID2)
	}
	return dst
}

// QueryFlags is the bitfield query_short_channel_ids asks per
// short_channel_id.
type QueryFlags uint64

// The bits of QueryFlags (BOLT #7 "query_flags").
const (
	WantChannelAnnouncement QueryFlags = 1 << 0 // "Sender wants channel_announcement"
	WantUpdate1             QueryFlags = 1 << 1 // "Sender wants channel_update for node 1"
	WantUpdate2             QueryFlags = 1 << 2 // "Sender wants channel_update for node 2"
	WantNodeAnnouncement1   QueryFlags = 1 << 3 // "Sender wants node_announcement for node 1"
	WantNodeAnnouncement2   QueryFlags = 1 << 4 // "Sender wants node_announcement for node 2"
)

// DecodeQueryFlags decodes encoded_query_flags in encoding enc: one bigsize
// per flag, each minimally encoded (BOLT #7: "Each query flag is a
// minimally-encoded bigsize"); a non-minimal or cut-short one fails with
// ErrPartialElement wrapping wire.ErrNonMinimal or wire.ErrTruncated.
func DecodeQueryFlags(enc Encoding, data []byte) ([]QueryFlags, error) {
	raw, err := arrayData(enc, data)
	if err != nil {
		return nil, err
	}
	var flags []QueryFlags
	for off := 0; off < len(raw); {
		// One flag per short_channel_id: no more than the ids an array
		// within MaxInflatedLen can hold.
		if len(flags) == maxArrayIDs {
			return nil, fmt.Errorf("%w: more than %d query flags", ErrListTooLarge, maxArrayIDs)
		}
		v, n, err := wire.DecodeBigSize(raw[off:])
		if err != nil {
			return nil, fmt.Errorf("%w: query flag %d: %w", ErrPartialElement, len(flags), err)
		}
		flags = append(flags, QueryFlags(v))
		off += n
	}
	if flags == nil {
		flags = []QueryFlags{}
	}
	return flags, nil
}

// AppendQueryFlags appends the encoded_query_flags data of flags in
// encoding type 0.
func AppendQueryFlags(dst []byte, flags []QueryFlags) []byte {
	for _, f := range flags {
		dst = wire.AppendBigSize(dst, uint64(f))
	}
	return dst
}
