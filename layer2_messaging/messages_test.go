package messaging_test

import (
	"encoding/hex"
	"math/rand/v2"
	"testing"

	messaging "github.com/lnstack/lnstack/layer2_messaging"
	"github.com/lnstack/lnstack/layer2_messaging/feature"
	"github.com/lnstack/lnstack/layer2_messaging/msgtest"
	"github.com/lnstack/lnstack/layer2_messaging/wire"
)

// mainnet and testnet are the chain hashes of the two networks, in wire
// order.
var (
	mainnet = chain("6fe28c0ab6f1b372c1a6a246ae63f74f931e8365e15a089c68d6190000000000")
	testnet = chain("43497fd7f826957108f4a30fd9cec3aeba79972084e90ead01ea330900000000")
)

func chain(s string) wire.ChainHash {
	b, err := hex.DecodeString(s)
	if err != nil {
		panic(err)
	}
	return wire.ChainHash(b)
}

func randomBytes(rng *rand.Rand, max int) []byte {
	n := rng.IntN(max + 1)
	if n == 0 {
		return nil
	}
	b := make([]byte, n)
	for i := range b {
		b[i] = byte(rng.Uint32())
	}
	return b
}

// randomExtension returns nil or a few unknown odd records.
func randomExtension(rng *rand.Rand) wire.Records {
	if rng.IntN(3) != 0 {
		return nil
	}
	return wire.Records{{Type: 1, Value: randomBytes(rng, 3)}, {Type: 0xfd01, Value: randomBytes(rng, 300)}}[:1+rng.IntN(2)]
}

// randomMessage returns a random value of the named BOLT #1 message.
func randomMessage(rng *rand.Rand, name string) messaging.Message {
	switch name {
	case "init":
		m := &messaging.Init{GlobalFeatures: feature.New(feature.DataLossProtect.Optional())}
		for _, b := range []feature.Bit{1, 5, 7, 9, 12, 14, 17, 23, 27, 45, 47, 51, 101} {
			if rng.IntN(2) == 0 {
				m.Features.Set(b)
			}
		}
		if rng.IntN(2) == 0 {
			m.TLVs.HasNetworks = true
			m.TLVs.Networks = []wire.ChainHash{mainnet, testnet}[:rng.IntN(3)]
		}
		if rng.IntN(2) == 0 {
			m.TLVs.HasRemoteAddr, m.TLVs.RemoteAddr = true, []byte{1, 203, 0, 113, 7, 0x26, 0x07}
		}
		if rng.IntN(3) == 0 {
			m.TLVs.Unknown = wire.Records{{Type: 0xc9, Value: []byte{0x2a}}, {Type: 0xcb, Value: []byte{4}}}
		}
		return m
	case "error", "warning":
		var id wire.ChannelID
		if rng.IntN(2) == 0 {
			copy(id[:], randomBytes(rng, 32))
		}
		data := []byte("internal error")[:rng.IntN(15)]
		if len(data) == 0 {
			data = nil
		}
		if name == "error" {
			return &messaging.Error{ChannelID: id, Data: data, Extension: randomExtension(rng)}
		}
		return &messaging.Warning{ChannelID: id, Data: data, Extension: randomExtension(rng)}
	case "ping":
		return &messaging.Ping{NumPongBytes: uint16(rng.Uint32()), Ignored: make([]byte, rng.IntN(300)), Extension: randomExtension(rng)}
	case "pong":
		return &messaging.Pong{Ignored: make([]byte, rng.IntN(300)), Extension: randomExtension(rng)}
	case "peer_storage":
		return &messaging.PeerStorage{Blob: randomBytes(rng, 500), Extension: randomExtension(rng)}
	case "peer_storage_retrieval":
		return &messaging.PeerStorageRetrieval{Blob: randomBytes(rng, 500), Extension: randomExtension(rng)}
	}
	panic(name)
}

func TestMessagesRoundTrip(t *testing.T) {
	rng := rand.New(rand.NewPCG(21, 22))
	msgtest.ValidTable(t, messaging.Messages(), 100, func(name string) messaging.Message { return randomMessage(rng, name) })
}

// TestMessagesTruncations cuts every message at every offset: each prefix
// fails with a typed error, except a cut at a record boundary of the
// extension, which is a shorter valid message.
func TestMessagesTruncations(t *testing.T) {
	rng := rand.New(rand.NewPCG(23, 24))
	msgtest.TruncateTable(t, messaging.Messages(), 10, func(name string) messaging.Message { return randomMessage(rng, name) })
}

// TestDecodeLeavesMessageOnFailure checks that a failed decode leaves the
// message as it was: no half-filled structs.
func TestDecodeLeavesMessageOnFailure(t *testing.T) {
	m := &messaging.Ping{NumPongBytes: 7, Ignored: []byte{1}}
	if err := m.Decode([]byte{0, 9, 0, 5, 0}); err == nil {
		t.Fatal("truncated ping decoded")
	}
	if m.NumPongBytes != 7 || len(m.Ignored) != 1 {
		t.Fatalf("ping changed by a failed decode: %+v", m)
	}
}

// TestDecodeFixedFieldsAllocatesNothing decodes messages whose variable
// fields are empty: no allocation at all.
func TestDecodeFixedFieldsAllocatesNothing(t *testing.T) {
	for _, m := range []messaging.Message{
		&messaging.Ping{NumPongBytes: 10},
		&messaging.Pong{},
		&messaging.Error{ChannelID: wire.ChannelID{1}},
		&messaging.Init{},
	} {
		b, err := m.Encode(nil)
		if err != nil {
			t.Fatal(err)
		}
		allocs := testing.AllocsPerRun(100, func() {
			if err := m.Decode(b); err != nil {
				t.Fatal(err)
			}
		})
		if allocs != 0 {
			t.Errorf("%T: %v allocations", m, allocs)
		}
	}
}
