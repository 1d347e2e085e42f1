package conformance

import (
	"bytes"
	"encoding/hex"
	"fmt"
	"slices"

	messaging "github.com/lnstack/lnstack/layer2_messaging"
	"github.com/lnstack/lnstack/layer2_messaging/wire"
	"github.com/lnstack/lnstack/layer3_p2p/amount"
	"github.com/lnstack/lnstack/layer3_p2p/gossip"
	"github.com/lnstack/lnstack/testvectors"
)

// bolt07Runners checks the BOLT #7 vectors through layer3_p2p/gossip: the
// extended-queries messages through a messaging.Codec with the gossip
// table, the routing example through gossip.RouteHTLCs.
func bolt07Runners() map[string]RunFunc {
	return map[string]RunFunc{
		"bolt07/extended-queries": runBolt07ExtendedQuery,
		"bolt07/routing-example":  runBolt07RoutingExample,
	}
}

// The encoded arrays of a vector: the encoding type and the elements.
type (
	bolt07IDs struct {
		Encoding gossip.Encoding `json:"encoding"`
		IDs      []string        `json:"ids"`
	}
	bolt07Timestamps struct {
		Encoding   gossip.Encoding `json:"encoding"`
		Timestamps [][2]uint32     `json:"timestamps"`
	}
	bolt07Flags struct {
		Encoding gossip.Encoding     `json:"encoding"`
		Flags    []gossip.QueryFlags `json:"flags"`
	}
)

// bolt07QueryVector is one message of extended-queries.json with the
// fields its type has.
type bolt07QueryVector struct {
	Hex              string            `json:"hex"`
	Message          string            `json:"message"`
	ChainHash        string            `json:"chain_hash"`
	FirstBlocknum    *uint32           `json:"first_blocknum"`
	NumberOfBlocks   *uint32           `json:"number_of_blocks"`
	QueryOptionFlags *uint64           `json:"query_option_flags"`
	SyncComplete     *byte             `json:"sync_complete"`
	ShortChannelIDs  *bolt07IDs        `json:"short_channel_ids"`
	Timestamps       *bolt07Timestamps `json:"timestamps"`
	Checksums        [][2]uint32       `json:"checksums"`
	QueryFlags       *bolt07Flags      `json:"query_flags"`
}

// runBolt07ExtendedQuery decodes the frame with the codec, checks every
// field the vector gives (decoding the encoded arrays, zlib included),
// re-encodes the message to the same bytes, and, when every array is
// uncompressed, builds the message from the vector's values with the
// package's builders and checks that too gives the same bytes (lnstack
// never writes the deprecated zlib encoding, so the other vectors are
// checked in the decoding direction only).
func runBolt07ExtendedQuery(v testvectors.Vector) error {
	var tv bolt07QueryVector
	if err := v.Decode(&tv); err != nil {
		return err
	}
	frame, err := hex.DecodeString(tv.Hex)
	if err != nil {
		return err
	}
	chainBytes, err := hex.DecodeString(tv.ChainHash)
	if err != nil || len(chainBytes) != wire.ChainHashLen {
		return fmt.Errorf("chain_hash %q: %v", tv.ChainHash, err)
	}
	chain := wire.ChainHash(chainBytes)
	codec, err := messaging.NewCodec(messaging.Messages(), gossip.Messages())
	if err != nil {
		return err
	}
	d, err := codec.Decode(frame)
	if err != nil {
		return fmt.Errorf("decode: %w", err)
	}
	if got := codec.Name(d.Type()); got != tv.Message {
		return fmt.Errorf("decoded a %s, want %s", got, tv.Message)
	}
	re, err := codec.Encode(nil, d)
	if err != nil || !bytes.Equal(re, frame) {
		return fmt.Errorf("re-encoded %x (%v), want %x", re, err, frame)
	}
	var built messaging.Message
	switch m := d.(type) {
	case *gossip.QueryChannelRange:
		built, err = checkBolt07QueryChannelRange(m, &tv, chain)
	case *gossip.ReplyChannelRange:
		built, err = checkBolt07ReplyChannelRange(m, &tv, chain)
	case *gossip.QueryShortChannelIDs:
		built, err = checkBolt07QueryShortChannelIDs(m, &tv, chain)
	default:
		return fmt.Errorf("no check for %T", d)
	}
	if err != nil || built == nil {
		return err
	}
	enc, err := codec.Encode(nil, built)
	if err != nil || !bytes.Equal(enc, frame) {
		return fmt.Errorf("built from the vector's values: %x (%v), want %x", enc, err, frame)
	}
	return nil
}

func checkBolt07QueryChannelRange(m *gossip.QueryChannelRange, tv *bolt07QueryVector, chain wire.ChainHash) (messaging.Message, error) {
	if tv.FirstBlocknum == nil || tv.NumberOfBlocks == nil || tv.SyncComplete != nil || tv.ShortChannelIDs != nil ||
		tv.Timestamps != nil || tv.Checksums != nil || tv.QueryFlags != nil {
		return nil, fmt.Errorf("query_channel_range vector with fields of another message")
	}
	if m.ChainHash != chain || m.FirstBlocknum != *tv.FirstBlocknum || m.NumberOfBlocks != *tv.NumberOfBlocks {
		return nil, fmt.Errorf("decoded %s %d+%d", m.ChainHash, m.FirstBlocknum, m.NumberOfBlocks)
	}
	if m.TLVs.HasQueryOption != (tv.QueryOptionFlags != nil) ||
		tv.QueryOptionFlags != nil && uint64(m.TLVs.QueryOptionFlags) != *tv.QueryOptionFlags {
		return nil, fmt.Errorf("query_option: %v %d", m.TLVs.HasQueryOption, m.TLVs.QueryOptionFlags)
	}
	b := &gossip.QueryChannelRange{ChainHash: chain, FirstBlocknum: *tv.FirstBlocknum, NumberOfBlocks: *tv.NumberOfBlocks}
	if tv.QueryOptionFlags != nil {
		b.TLVs.HasQueryOption, b.TLVs.QueryOptionFlags = true, gossip.QueryOptions(*tv.QueryOptionFlags)
	}
	return b, nil
}

func checkBolt07ReplyChannelRange(m *gossip.ReplyChannelRange, tv *bolt07QueryVector, chain wire.ChainHash) (messaging.Message, error) {
	if tv.FirstBlocknum == nil || tv.NumberOfBlocks == nil || tv.SyncComplete == nil || tv.ShortChannelIDs == nil ||
		tv.QueryOptionFlags != nil || tv.QueryFlags != nil {
		return nil, fmt.Errorf("reply_channel_range vector with fields of another message")
	}
	if m.ChainHash != chain || m.FirstBlocknum != *tv.FirstBlocknum || m.NumberOfBlocks != *tv.NumberOfBlocks ||
		m.SyncComplete != *tv.SyncComplete {
		return nil, fmt.Errorf("decoded %s %d+%d complete %d", m.ChainHash, m.FirstBlocknum, m.NumberOfBlocks, m.SyncComplete)
	}
	c, err := m.Contents()
	if err != nil {
		return nil, err
	}
	ids, err := checkBolt07IDs(m.EncodedShortIDs, c.IDs, tv.ShortChannelIDs)
	if err != nil {
		return nil, err
	}
	want := gossip.ReplyContents{IDs: ids}
	uncompressed := tv.ShortChannelIDs.Encoding == gossip.EncodingUncompressed
	if tv.Timestamps != nil {
		if !m.TLVs.HasTimestamps || m.TLVs.TimestampsEncoding != tv.Timestamps.Encoding {
			return nil, fmt.Errorf("timestamps_tlv: present %v, encoding %d", m.TLVs.HasTimestamps, m.TLVs.TimestampsEncoding)
		}
		for _, p := range tv.Timestamps.Timestamps {
			want.Timestamps = append(want.Timestamps, gossip.UpdateTimestamps{NodeID1: p[0], NodeID2: p[1]})
		}
		if !slices.Equal(c.Timestamps, want.Timestamps) {
			return nil, fmt.Errorf("timestamps %v, want %v", c.Timestamps, want.Timestamps)
		}
		uncompressed = uncompressed && tv.Timestamps.Encoding == gossip.EncodingUncompressed
	} else if m.TLVs.HasTimestamps {
		return nil, fmt.Errorf("unexpected timestamps_tlv")
	}
	if tv.Checksums != nil {
		for _, p := range tv.Checksums {
			want.Checksums = append(want.Checksums, gossip.UpdateChecksums{NodeID1: p[0], NodeID2: p[1]})
		}
		if !slices.Equal(c.Checksums, want.Checksums) {
			return nil, fmt.Errorf("checksums %v, want %v", c.Checksums, want.Checksums)
		}
	} else if m.TLVs.HasChecksums {
		return nil, fmt.Errorf("unexpected checksums_tlv")
	}
	if !uncompressed {
		return nil, nil
	}
	return gossip.NewReplyChannelRange(chain, *tv.FirstBlocknum, *tv.NumberOfBlocks, *tv.SyncComplete != 0, want)
}

func checkBolt07QueryShortChannelIDs(m *gossip.QueryShortChannelIDs, tv *bolt07QueryVector, chain wire.ChainHash) (messaging.Message, error) {
	if tv.ShortChannelIDs == nil || tv.FirstBlocknum != nil || tv.NumberOfBlocks != nil || tv.SyncComplete != nil ||
		tv.QueryOptionFlags != nil || tv.Timestamps != nil || tv.Checksums != nil {
		return nil, fmt.Errorf("query_short_channel_ids vector with fields of another message")
	}
	if m.ChainHash != chain {
		return nil, fmt.Errorf("decoded chain_hash %s", m.ChainHash)
	}
	c, err := m.Contents()
	if err != nil {
		return nil, err
	}
	ids, err := checkBolt07IDs(m.EncodedShortIDs, c.IDs, tv.ShortChannelIDs)
	if err != nil {
		return nil, err
	}
	want := gossip.QueryContents{IDs: ids}
	uncompressed := tv.ShortChannelIDs.Encoding == gossip.EncodingUncompressed
	if tv.QueryFlags != nil {
		if !m.TLVs.HasQueryFlags || m.TLVs.QueryFlagsEncoding != tv.QueryFlags.Encoding {
			return nil, fmt.Errorf("query_flags: present %v, encoding %d", m.TLVs.HasQueryFlags, m.TLVs.QueryFlagsEncoding)
		}
		want.Flags = tv.QueryFlags.Flags
		if !slices.Equal(c.Flags, want.Flags) {
			return nil, fmt.Errorf("query flags %v, want %v", c.Flags, want.Flags)
		}
		uncompressed = uncompressed && tv.QueryFlags.Encoding == gossip.EncodingUncompressed
	} else if m.TLVs.HasQueryFlags {
		return nil, fmt.Errorf("unexpected query_flags")
	}
	if !uncompressed {
		return nil, nil
	}
	return gossip.NewQueryShortChannelIDs(chain, want)
}

// checkBolt07IDs checks the encoding and ids of an encoded_short_ids field
// against the vector's, and returns the vector's ids.
func checkBolt07IDs(field []byte, got []wire.ShortChannelID, want *bolt07IDs) ([]wire.ShortChannelID, error) {
	enc, _, err := gossip.DecodeShortChannelIDs(field)
	if err != nil {
		return nil, err
	}
	if enc != want.Encoding {
		return nil, fmt.Errorf("encoding type %d, want %d", enc, want.Encoding)
	}
	var ids []wire.ShortChannelID
	for _, s := range want.IDs {
		id, err := wire.ParseShortChannelID(s)
		if err != nil {
			return nil, err
		}
		ids = append(ids, id)
	}
	if !slices.Equal(got, ids) {
		return nil, fmt.Errorf("short_channel_ids %v, want %v", got, ids)
	}
	return ids, nil
}

// bolt07RoutingVector is one worked route of "Routing Example": the eight
// channel_updates, the route, the payment and the update_add_htlc of each
// channel of the route, expiries relative to the current block height.
type bolt07RoutingVector struct {
	ChannelUpdates []struct {
		From                      string `json:"from"`
		To                        string `json:"to"`
		CLTVExpiryDelta           uint16 `json:"cltv_expiry_delta"`
		FeeBaseMsat               uint32 `json:"fee_base_msat"`
		FeeProportionalMillionths uint32 `json:"fee_proportional_millionths"`
	} `json:"channel_updates"`
	Route                   []string            `json:"route"`
	AmountMsat              amount.MilliSatoshi `json:"amount_msat"`
	MinFinalCLTVExpiryDelta uint32              `json:"min_final_cltv_expiry_delta"`
	ShadowCLTVDelta         uint32              `json:"shadow_cltv_delta"`
	HTLCs                   []struct {
		AmountMsat                   amount.MilliSatoshi `json:"amount_msat"`
		CLTVExpiryAfterHeight        uint32              `json:"cltv_expiry_after_height"`
		AmtToForward                 amount.MilliSatoshi `json:"amt_to_forward"`
		OutgoingCLTVValueAfterHeight uint32              `json:"outgoing_cltv_value_after_height"`
	} `json:"htlcs"`
}

// bolt07Height is the current block height the routing example leaves
// open; any height gives the same offsets.
const bolt07Height = 800_000

// runBolt07RoutingExample builds the channel_update of each channel the
// route forwards over (its policy through ChannelUpdate.Policy) and
// computes the route's HTLCs with gossip.RouteHTLCs.
func runBolt07RoutingExample(v testvectors.Vector) error {
	var tv bolt07RoutingVector
	if err := v.Decode(&tv); err != nil {
		return err
	}
	if len(tv.Route) < 2 || len(tv.HTLCs) != len(tv.Route)-1 {
		return fmt.Errorf("route %v with %d htlcs", tv.Route, len(tv.HTLCs))
	}
	var policies []gossip.Policy
	for i := 1; i+1 < len(tv.Route); i++ {
		found := false
		for _, u := range tv.ChannelUpdates {
			if u.From == tv.Route[i] && u.To == tv.Route[i+1] {
				m := gossip.ChannelUpdate{
					MessageFlags: gossip.MessageFlagMustBeOne, CLTVExpiryDelta: u.CLTVExpiryDelta,
					FeeBaseMsat: u.FeeBaseMsat, FeeProportionalMillionths: u.FeeProportionalMillionths,
				}
				policies = append(policies, m.Policy())
				found = true
			}
		}
		if !found {
			return fmt.Errorf("no channel_update %s->%s", tv.Route[i], tv.Route[i+1])
		}
	}
	final := bolt07Height + tv.MinFinalCLTVExpiryDelta + tv.ShadowCLTVDelta
	htlcs, err := gossip.RouteHTLCs(tv.AmountMsat, final, policies)
	if err != nil {
		return err
	}
	for i, want := range tv.HTLCs {
		got := htlcs[i]
		if got.AmountMsat != want.AmountMsat || got.CLTVExpiry != bolt07Height+want.CLTVExpiryAfterHeight ||
			got.AmtToForward != want.AmtToForward || got.OutgoingCLTVValue != bolt07Height+want.OutgoingCLTVValueAfterHeight {
			return fmt.Errorf("%s->%s: got %+v (height %d), want %+v", tv.Route[i], tv.Route[i+1], got, bolt07Height, want)
		}
	}
	return nil
}
