package gossip_test

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/btcsuite/btcd/btcec/v2"

	"github.com/lnstack/lnstack/layer1_transport/netaddr"
	messaging "github.com/lnstack/lnstack/layer2_messaging"
	"github.com/lnstack/lnstack/layer2_messaging/feature"
	"github.com/lnstack/lnstack/layer2_messaging/wire"
	"github.com/lnstack/lnstack/layer3_p2p/amount"
	"github.com/lnstack/lnstack/layer3_p2p/gossip"
)

// regtest is the chain hash of the extended-queries vectors (Bitcoin
// regtest, in wire order).
var regtest = mustChain("0f9188f13cb7b2c71f2a335e3a4fc328bf5beb436012afca590b1a11466e2206")

func mustChain(s string) wire.ChainHash {
	return wire.ChainHash(mustHex(s))
}

func mustHex(s string) []byte {
	b, err := hex.DecodeString(s)
	if err != nil {
		panic(err)
	}
	return b
}

// privKey returns a deterministic key for a label.
func privKey(label string) *btcec.PrivateKey {
	h := sha256.Sum256([]byte(label))
	k, _ := btcec.PrivKeyFromBytes(h[:])
	return k
}

func randBytes(rng *rand.Rand, n int) []byte {
	b := make([]byte, n)
	for i := range b {
		b[i] = byte(rng.Uint32())
	}
	return b
}

func randSig(rng *rand.Rand) (s wire.Signature) {
	copy(s[:], randBytes(rng, len(s)))
	return s
}

func randPoint(rng *rand.Rand) wire.Point {
	return wire.PointFromPubKey(privKey(string(randBytes(rng, 8))).PubKey())
}

func randFeatures(rng *rand.Rand) feature.Vector {
	var v feature.Vector
	for _, b := range []feature.Bit{1, 5, 7, 9, 13, 17, 23, 45, 101} {
		if rng.IntN(2) == 0 {
			v.Set(b)
		}
	}
	return v
}

// randExtension returns nil or a few unknown odd records.
func randExtension(rng *rand.Rand) wire.Records {
	switch rng.IntN(3) {
	case 0:
		return wire.Records{{Type: 1, Value: randBytes(rng, 3)}}
	case 1:
		return wire.Records{{Type: 7, Value: nil}, {Type: 0xfd01, Value: randBytes(rng, 300)}}
	}
	return nil
}

// randAddress returns one address of a random known type.
func randAddress(rng *rand.Rand) netaddr.Address {
	port := uint16(1 + rng.IntN(65535))
	switch rng.IntN(5) {
	case 0:
		return netaddr.IPv4{IP: [4]byte(randBytes(rng, 4)), Port: port}
	case 1:
		return netaddr.IPv6{IP: [16]byte(randBytes(rng, 16)), Port: port}
	case 2:
		return netaddr.TorV2{ID: [10]byte(randBytes(rng, 10)), Port: port}
	case 3:
		return netaddr.TorV3{PubKey: [32]byte(randBytes(rng, 32)), Port: port}
	}
	labels := []string{"node", "ln", "example", "com", "a-b", "x_1"}
	host := labels[rng.IntN(len(labels))]
	for i := rng.IntN(3); i >= 0; i-- {
		host += "." + labels[rng.IntN(len(labels))]
	}
	return netaddr.DNSHostname{Host: host, Port: port}
}

// randAddressBytes returns a valid addresses field: known descriptors in
// ascending type order, sometimes followed by an unknown type and bytes.
func randAddressBytes(rng *rand.Rand) []byte {
	var addrs []netaddr.Address
	for i := rng.IntN(4); i > 0; i-- {
		addrs = append(addrs, randAddress(rng))
	}
	slices.SortStableFunc(addrs, func(a, b netaddr.Address) int { return int(a.Type()) - int(b.Type()) })
	var b []byte
	for _, a := range addrs {
		var err error
		if b, err = netaddr.AppendDescriptor(b, a); err != nil {
			panic(err)
		}
	}
	if rng.IntN(4) == 0 {
		b = append(b, byte(6+rng.IntN(250)))
		b = append(b, randBytes(rng, rng.IntN(20))...)
	}
	return b
}

func randAddresses(rng *rand.Rand) netaddr.AddressList {
	l, err := netaddr.DecodeAddressList(randAddressBytes(rng))
	if err != nil {
		panic(err)
	}
	if l.Unknown != nil {
		l.Unknown = bytes.Clone(l.Unknown)
	}
	return l
}

// randSCIDs returns n strictly ascending short channel ids (nil for none,
// as decoding gives).
func randSCIDs(rng *rand.Rand, n int) []wire.ShortChannelID {
	if n == 0 {
		return nil
	}
	ids := make([]wire.ShortChannelID, n)
	var last uint64
	for i := range ids {
		last += 1 + uint64(rng.Uint32())
		ids[i] = wire.ShortChannelID(last)
	}
	return ids
}

// randEncodedSCIDs returns an encoded_short_ids field of type 0.
func randEncodedSCIDs(rng *rand.Rand) []byte {
	b, err := gossip.AppendShortChannelIDs(nil, randSCIDs(rng, rng.IntN(20)))
	if err != nil {
		panic(err)
	}
	return b
}

// randomMessage returns a random value of the named message (signatures
// are random bytes: the codecs do not check them).
func randomMessage(rng *rand.Rand, name string) messaging.Message {
	chain := [2]wire.ChainHash{regtest, gossip.MainnetChainHash()}[rng.IntN(2)]
	scid := wire.ShortChannelID(rng.Uint64())
	switch name {
	case "announcement_signatures":
		return &gossip.AnnouncementSignatures{
			ChannelID: wire.ChannelID(randBytes(rng, 32)), ShortChannelID: scid,
			NodeSignature: randSig(rng), BitcoinSignature: randSig(rng), Extension: randExtension(rng),
		}
	case "channel_announcement":
		return &gossip.ChannelAnnouncement{
			NodeSignature1: randSig(rng), NodeSignature2: randSig(rng),
			BitcoinSignature1: randSig(rng), BitcoinSignature2: randSig(rng),
			Features: randFeatures(rng), ChainHash: chain, ShortChannelID: scid,
			NodeID1: randPoint(rng), NodeID2: randPoint(rng), BitcoinKey1: randPoint(rng), BitcoinKey2: randPoint(rng),
			Extension: randExtension(rng),
		}
	case "node_announcement":
		m := &gossip.NodeAnnouncement{
			Signature: randSig(rng), Features: randFeatures(rng), Timestamp: rng.Uint32(),
			NodeID: randPoint(rng), RGBColor: [3]byte(randBytes(rng, 3)),
			Addresses: randAddresses(rng), Extension: randExtension(rng),
		}
		m.SetAlias([]string{"", "IRATEMONK", "WISTFULTOLL", "⚡ node"}[rng.IntN(4)])
		return m
	case "channel_update":
		return &gossip.ChannelUpdate{
			Signature: randSig(rng), ChainHash: chain, ShortChannelID: scid, Timestamp: rng.Uint32(),
			MessageFlags: byte(rng.Uint32()), ChannelFlags: byte(rng.Uint32()), CLTVExpiryDelta: uint16(rng.Uint32()),
			HTLCMinimumMsat: amount.MilliSatoshi(rng.Uint64()), FeeBaseMsat: rng.Uint32(),
			FeeProportionalMillionths: rng.Uint32(), HTLCMaximumMsat: amount.MilliSatoshi(rng.Uint64()),
			Extension: randExtension(rng),
		}
	case "query_short_channel_ids":
		m := &gossip.QueryShortChannelIDs{ChainHash: chain, EncodedShortIDs: randEncodedSCIDs(rng)}
		if rng.IntN(2) == 0 {
			m.TLVs.HasQueryFlags = true
			m.TLVs.QueryFlagsEncoding = gossip.Encoding(rng.IntN(2))
			m.TLVs.EncodedQueryFlags = randBytes(rng, rng.IntN(10))
		}
		m.TLVs.Unknown = randExtension(rng)
		if len(m.TLVs.Unknown) > 0 && m.TLVs.Unknown[0].Type == 1 {
			m.TLVs.Unknown = nil // type 1 is query_flags
		}
		return m
	case "reply_short_channel_ids_end":
		return &gossip.ReplyShortChannelIDsEnd{ChainHash: chain, FullInformation: byte(rng.IntN(2)), Extension: randExtension(rng)}
	case "query_channel_range":
		m := &gossip.QueryChannelRange{ChainHash: chain, FirstBlocknum: rng.Uint32(), NumberOfBlocks: rng.Uint32()}
		if rng.IntN(2) == 0 {
			m.TLVs.HasQueryOption = true
			m.TLVs.QueryOptionFlags = gossip.QueryOptions(rng.Uint64() >> rng.IntN(64))
		}
		m.TLVs.Unknown = wire.Records{{Type: 5, Value: randBytes(rng, 2)}}[:rng.IntN(2)]
		if len(m.TLVs.Unknown) == 0 {
			m.TLVs.Unknown = nil
		}
		return m
	case "reply_channel_range":
		m := &gossip.ReplyChannelRange{
			ChainHash: chain, FirstBlocknum: rng.Uint32(), NumberOfBlocks: rng.Uint32(),
			SyncComplete: byte(rng.IntN(2)), EncodedShortIDs: randEncodedSCIDs(rng),
		}
		if rng.IntN(2) == 0 {
			m.TLVs.HasTimestamps = true
			m.TLVs.EncodedTimestamps = randBytes(rng, 8*rng.IntN(5))
		}
		if rng.IntN(2) == 0 {
			m.TLVs.HasChecksums = true
			for i := rng.IntN(5); i > 0; i-- {
				m.TLVs.Checksums = append(m.TLVs.Checksums, gossip.UpdateChecksums{NodeID1: rng.Uint32(), NodeID2: rng.Uint32()})
			}
		}
		if rng.IntN(3) == 0 {
			m.TLVs.Unknown = wire.Records{{Type: 5, Value: randBytes(rng, 4)}}
		}
		return m
	case "gossip_timestamp_filter":
		return &gossip.GossipTimestampFilter{ChainHash: chain, FirstTimestamp: rng.Uint32(), TimestampRange: rng.Uint32(), Extension: randExtension(rng)}
	}
	panic(name)
}

// signedUpdate returns a channel_update signed by key.
func signedUpdate(t testing.TB, key *btcec.PrivateKey, chain wire.ChainHash, ts uint32) *gossip.ChannelUpdate {
	t.Helper()
	m := &gossip.ChannelUpdate{
		ChainHash: chain, ShortChannelID: 0x0a0b0c_000102_0003, Timestamp: ts,
		MessageFlags: gossip.MessageFlagMustBeOne, CLTVExpiryDelta: 144,
		HTLCMinimumMsat: 1000, FeeBaseMsat: 1000, FeeProportionalMillionths: 100,
		HTLCMaximumMsat: 990_000_000,
	}
	if err := gossip.SignChannelUpdate(m, key); err != nil {
		t.Fatal(err)
	}
	return m
}

// channelKeys are the four private keys of a test channel, node 1 the
// lesser node key.
type channelKeys struct {
	node1, node2, btc1, btc2 *btcec.PrivateKey
}

func newChannelKeys(label string) channelKeys {
	a, b := privKey(label+"/node/a"), privKey(label+"/node/b")
	if bytes.Compare(a.PubKey().SerializeCompressed(), b.PubKey().SerializeCompressed()) > 0 {
		a, b = b, a
	}
	return channelKeys{node1: a, node2: b, btc1: privKey(label + "/btc/1"), btc2: privKey(label + "/btc/2")}
}

// signedAnnouncement returns a channel_announcement of k signed by all four
// keys, through announcement_signatures as the two ends would make it.
func signedAnnouncement(t testing.TB, k channelKeys, chain wire.ChainHash, scid wire.ShortChannelID) *gossip.ChannelAnnouncement {
	t.Helper()
	m := &gossip.ChannelAnnouncement{
		ChainHash: chain, ShortChannelID: scid,
		NodeID1: wire.PointFromPubKey(k.node1.PubKey()), NodeID2: wire.PointFromPubKey(k.node2.PubKey()),
		BitcoinKey1: wire.PointFromPubKey(k.btc1.PubKey()), BitcoinKey2: wire.PointFromPubKey(k.btc2.PubKey()),
	}
	s1, err := gossip.NewAnnouncementSignatures(m, wire.ChannelID{1}, k.node1, k.btc1)
	if err != nil {
		t.Fatal(err)
	}
	s2, err := gossip.NewAnnouncementSignatures(m, wire.ChannelID{1}, k.node2, k.btc2)
	if err != nil {
		t.Fatal(err)
	}
	m.SetSignatures(gossip.Node1, s1)
	m.SetSignatures(gossip.Node2, s2)
	return m
}

// signedNodeAnnouncement returns a node_announcement signed by key.
func signedNodeAnnouncement(t testing.TB, key *btcec.PrivateKey, ts uint32, addrs []netaddr.Address) *gossip.NodeAnnouncement {
	t.Helper()
	m := &gossip.NodeAnnouncement{Timestamp: ts, RGBColor: [3]byte{0x33, 0x99, 0xff}}
	m.SetAlias("IRATEMONK")
	b, err := netaddr.AppendAddresses(nil, addrs)
	if err != nil {
		t.Fatal(err)
	}
	if m.Addresses, err = netaddr.DecodeAddressList(b); err != nil {
		t.Fatal(err)
	}
	if err := gossip.SignNodeAnnouncement(m, key); err != nil {
		t.Fatal(err)
	}
	return m
}
