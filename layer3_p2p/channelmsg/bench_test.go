package channelmsg_test

import (
	"testing"

	messaging "github.com/lnstack/lnstack/layer2_messaging"
	"github.com/lnstack/lnstack/layer2_messaging/msgtest"
	"github.com/lnstack/lnstack/layer2_messaging/wire"
	cm "github.com/lnstack/lnstack/layer3_p2p/channelmsg"
)

// benchMessages are representative messages: the HTLC update and the
// commitment of normal operation, the opening and the reconnection.
func benchMessages() []struct {
	name string
	m    messaging.Message
} {
	add := &cm.UpdateAddHTLC{ID: 42, AmountMsat: 1_000_000, CLTVExpiry: 800_144}
	for i := range add.OnionRoutingPacket {
		add.OnionRoutingPacket[i] = byte(i)
	}
	commit := &cm.CommitmentSigned{HTLCSignatures: make([]wire.Signature, 30)}
	for i := range commit.HTLCSignatures {
		commit.HTLCSignatures[i][0] = byte(i)
	}
	open := &cm.OpenChannel{FundingSatoshis: 1_000_000, FeeratePerKw: 253, ToSelfDelay: 144, MaxAcceptedHTLCs: 483}
	open.TLVs.HasUpfrontShutdownScript = true
	open.TLVs.SetChannelType(cm.StaticRemoteKey | cm.Anchors)
	reest := &cm.ChannelReestablish{NextCommitmentNumber: 1000, NextRevocationNumber: 999}
	fulfill := &cm.UpdateFulfillHTLC{ID: 42, TLVs: cm.AttributionTLVs{HasAttributionData: true}}
	shutdown := &cm.Shutdown{ScriptPubkey: make([]byte, 22)}
	return []struct {
		name string
		m    messaging.Message
	}{
		{"update_add_htlc", add},
		{"commitment_signed_30", commit},
		{"open_channel", withPoints(open)},
		{"channel_reestablish", withPoints(reest)},
		{"update_fulfill_htlc_attribution", fulfill},
		{"shutdown", shutdown},
	}
}

func BenchmarkDecode(b *testing.B) {
	for _, bm := range benchMessages() {
		payload := msgtest.MustEncode(b, bm.m)
		b.Run(bm.name, func(b *testing.B) {
			m := bm.m
			b.SetBytes(int64(len(payload)))
			b.ReportAllocs()
			for b.Loop() {
				if err := m.Decode(payload); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

func BenchmarkEncode(b *testing.B) {
	for _, bm := range benchMessages() {
		buf := make([]byte, 0, len(msgtest.MustEncode(b, bm.m)))
		b.Run(bm.name, func(b *testing.B) {
			m := bm.m
			b.SetBytes(int64(cap(buf)))
			b.ReportAllocs()
			for b.Loop() {
				if _, err := m.Encode(buf[:0]); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkCodecDecode decodes whole frames through a messaging.Codec: the
// type lookup and the allocation of the message are included.
func BenchmarkCodecDecode(b *testing.B) {
	c := newCodec(b)
	for _, bm := range benchMessages() {
		frame, err := messaging.Encode(nil, bm.m)
		if err != nil {
			b.Fatal(err)
		}
		b.Run(bm.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, err := c.Decode(frame); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
