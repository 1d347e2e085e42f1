package gossip_test

import (
	"encoding/json"
	"errors"
	"math/rand/v2"
	"testing"

	messaging "github.com/lnstack/lnstack/layer2_messaging"
	"github.com/lnstack/lnstack/layer2_messaging/msgtest"
	"github.com/lnstack/lnstack/layer3_p2p/gossip"
	"github.com/lnstack/lnstack/testvectors"
)

// Every message has a fuzz target through the shared round-trip harness
// (decode, encode, decode, compare; the codecs are canonical). The seeds
// are random valid messages and, for the query messages, the
// bolt07/extended-queries vectors.

// seeds returns encodings of random values of a message, and the payloads
// of the vectors of that message type.
func seeds(f *testing.F, name string) [][]byte {
	rng := rand.New(rand.NewPCG(1, uint64(len(name))))
	var out [][]byte
	for i := 0; i < 8; i++ {
		b, err := randomMessage(rng, name).Encode(nil)
		if err != nil {
			f.Fatal(err)
		}
		out = append(out, b)
	}
	file, err := testvectors.Load("bolt07/extended-queries.json")
	if err != nil {
		f.Fatal(err)
	}
	typ := msgtest.Constructor(f, gossip.Messages(), name)().Type()
	for _, v := range file.Vectors {
		var tv struct {
			Hex string `json:"hex"`
		}
		if err := json.Unmarshal(v.Raw, &tv); err != nil {
			f.Fatal(err)
		}
		frame := mustHex(tv.Hex)
		if len(frame) >= 2 && uint16(frame[0])<<8|uint16(frame[1]) == typ {
			out = append(out, frame[2:])
		}
	}
	return out
}

func fuzzMessage(f *testing.F, name string) {
	msgtest.Seed(f, seeds(f, name)...)
	c := msgtest.Message(msgtest.Constructor(f, gossip.Messages(), name))
	f.Fuzz(func(t *testing.T, b []byte) { msgtest.RoundTrip(t, c, b) })
}

func FuzzChannelAnnouncement(f *testing.F)     { fuzzMessage(f, "channel_announcement") }
func FuzzNodeAnnouncement(f *testing.F)        { fuzzMessage(f, "node_announcement") }
func FuzzChannelUpdate(f *testing.F)           { fuzzMessage(f, "channel_update") }
func FuzzAnnouncementSignatures(f *testing.F)  { fuzzMessage(f, "announcement_signatures") }
func FuzzQueryShortChannelIDs(f *testing.F)    { fuzzMessage(f, "query_short_channel_ids") }
func FuzzReplyShortChannelIDsEnd(f *testing.F) { fuzzMessage(f, "reply_short_channel_ids_end") }
func FuzzQueryChannelRange(f *testing.F)       { fuzzMessage(f, "query_channel_range") }
func FuzzReplyChannelRange(f *testing.F)       { fuzzMessage(f, "reply_channel_range") }
func FuzzGossipTimestampFilter(f *testing.F)   { fuzzMessage(f, "gossip_timestamp_filter") }

// contentErrorTyped reports whether err is one of the documented errors of
// the encoded arrays.
func contentErrorTyped(err error) bool {
	for _, s := range []error{
		gossip.ErrMissingEncoding, gossip.ErrUnknownEncoding, gossip.ErrZlib, gossip.ErrListTooLarge,
		gossip.ErrPartialElement, gossip.ErrUnsortedIDs, gossip.ErrCountMismatch,
	} {
		if errors.Is(err, s) {
			return true
		}
	}
	return false
}

// FuzzQueryContents decodes query_short_channel_ids and its arrays: the
// array decoding (zlib included) never panics, fails only with its typed
// errors, and what it decodes rebuilds into a query with the same
// contents.
func FuzzQueryContents(f *testing.F) {
	msgtest.Seed(f, seeds(f, "query_short_channel_ids")...)
	f.Fuzz(func(t *testing.T, b []byte) {
		var m gossip.QueryShortChannelIDs
		if m.Decode(b) != nil {
			return
		}
		c, err := m.Contents()
		if err != nil {
			if !contentErrorTyped(err) {
				t.Fatalf("untyped error %v", err)
			}
			return
		}
		m2, err := gossip.NewQueryShortChannelIDs(m.ChainHash, c)
		if err != nil {
			t.Fatal(err)
		}
		c2, err := m2.Contents()
		if err != nil || len(c2.IDs) != len(c.IDs) || len(c2.Flags) != len(c.Flags) {
			t.Fatalf("rebuilt query: %v", err)
		}
	})
}

// FuzzReplyContents is FuzzQueryContents for reply_channel_range.
func FuzzReplyContents(f *testing.F) {
	msgtest.Seed(f, seeds(f, "reply_channel_range")...)
	f.Fuzz(func(t *testing.T, b []byte) {
		var m gossip.ReplyChannelRange
		if m.Decode(b) != nil {
			return
		}
		c, err := m.Contents()
		if err != nil {
			if !contentErrorTyped(err) {
				t.Fatalf("untyped error %v", err)
			}
			return
		}
		m2, err := gossip.NewReplyChannelRange(m.ChainHash, m.FirstBlocknum, m.NumberOfBlocks, m.SyncComplete != 0, c)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := m2.Contents(); err != nil {
			t.Fatal(err)
		}
	})
}

// FuzzFrame decodes any frame through a Codec of layers 2 and 3.
func FuzzFrame(f *testing.F) {
	c, err := messaging.NewCodec(messaging.Messages(), gossip.Messages())
	if err != nil {
		f.Fatal(err)
	}
	for _, name := range msgtest.Names(gossip.Messages()) {
		typ := msgtest.Constructor(f, gossip.Messages(), name)().Type()
		for _, p := range seeds(f, name)[:2] {
			f.Add(append([]byte{byte(typ >> 8), byte(typ)}, p...))
		}
	}
	h := msgtest.Frame(c)
	f.Fuzz(func(t *testing.T, b []byte) { msgtest.RoundTrip(t, h, b) })
}
