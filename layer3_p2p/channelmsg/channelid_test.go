package channelmsg_test

import (
	"bytes"
	"crypto/sha256"
	"testing"

	"github.com/lnstack/lnstack/layer2_messaging/wire"
	cm "github.com/lnstack/lnstack/layer3_p2p/channelmsg"
)

func TestChannelIDFromOutpoint(t *testing.T) {
	var txid wire.SHA256
	for i := range txid {
		txid[i] = byte(i)
	}
	id := cm.ChannelIDFromOutpoint(txid, 0x0102)
	// Only the last two bytes change, XORed big-endian with the index.
	if !bytes.Equal(id[:30], txid[:30]) || id[30] != 30^0x01 || id[31] != 31^0x02 {
		t.Fatalf("channel_id %x", id)
	}
	if cm.ChannelIDFromOutpoint(txid, 0) != wire.ChannelID(txid) {
		t.Fatal("output 0 changes the txid")
	}
	fc := cm.FundingCreated{FundingTxid: txid, FundingOutputIndex: 0x0102}
	if fc.ChannelID() != id {
		t.Fatal("FundingCreated.ChannelID differs")
	}
}

func TestChannelIDV2(t *testing.T) {
	a, b := testPoint, testPoint
	b[0] ^= 1 // the other y: a different, still valid, point
	lesser, greater := a, b
	if bytes.Compare(a[:], b[:]) > 0 {
		lesser, greater = b, a
	}
	want := sha256.Sum256(append(append([]byte(nil), lesser[:]...), greater[:]...))
	if got := cm.ChannelIDV2(a, b); got != wire.ChannelID(want) {
		t.Fatalf("ChannelIDV2 = %x, want %x", got, want)
	}
	if cm.ChannelIDV2(b, a) != cm.ChannelIDV2(a, b) {
		t.Fatal("ChannelIDV2 depends on the argument order")
	}
	zero := sha256.Sum256(append(make([]byte, 33), a[:]...))
	if got := cm.TemporaryChannelIDV2(a); got != wire.ChannelID(zero) {
		t.Fatalf("TemporaryChannelIDV2 = %x, want %x", got, zero)
	}
}
