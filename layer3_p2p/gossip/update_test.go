package gossip_test

import (
	"encoding/binary"
	"testing"

	"github.com/lnstack/lnstack/layer2_messaging/wire"
	"github.com/lnstack/lnstack/layer3_p2p/gossip"
)

// crc32c is the RFC 3720 CRC32C written out bit by bit (reflected
// polynomial 0x82F63B78), to check Checksum against something other than
// hash/crc32.
func crc32c(b []byte) uint32 {
	crc := ^uint32(0)
	for _, c := range b {
		crc ^= uint32(c)
		for i := 0; i < 8; i++ {
			if crc&1 != 0 {
				crc = crc>>1 ^ 0x82f63b78
			} else {
				crc >>= 1
			}
		}
	}
	return ^crc
}

func TestCRC32CReference(t *testing.T) {
	// RFC 3720 B.4 gives the CRC of 32 bytes of zeros as aa 36 91 8a,
	// least significant byte first on the wire.
	if got := crc32c(make([]byte, 32)); got != 0x8a9136aa {
		t.Fatalf("crc32c(32 zeros) = %08x", got)
	}
	if got := crc32c([]byte("123456789")); got != 0xe3069283 {
		t.Fatalf("crc32c(123456789) = %08x", got)
	}
}

// TestChecksum: "CRC32C checksum ... of this channel_update without its
// signature and timestamp fields", unknown records included.
func TestChecksum(t *testing.T) {
	m := signedUpdate(t, privKey("checksum"), regtest, 1_600_000_000)
	m.Extension = wire.Records{{Type: 55555, Value: []byte{0, 0, 0, 1}}}
	payload, err := m.Encode(nil)
	if err != nil {
		t.Fatal(err)
	}
	// payload: signature (64), chain_hash (32), scid (8), timestamp (4), rest.
	without := append(append([]byte(nil), payload[64:64+32+8]...), payload[64+32+8+4:]...)
	if got, want := m.Checksum(), crc32c(without); got != want {
		t.Errorf("Checksum %08x, want %08x", got, want)
	}
	// Neither the signature nor the timestamp changes it; a fee does.
	sum := m.Checksum()
	m.Signature = wire.Signature{1}
	m.Timestamp++
	if m.Checksum() != sum {
		t.Error("checksum covers the signature or timestamp")
	}
	m.FeeBaseMsat++
	if m.Checksum() == sum {
		t.Error("checksum does not cover fee_base_msat")
	}
	m.FeeBaseMsat--
	m.Extension = nil
	if m.Checksum() == sum {
		t.Error("checksum does not cover the TLV records")
	}
}

func TestSignedData(t *testing.T) {
	m := signedUpdate(t, privKey("signed"), regtest, 1)
	payload, err := m.Encode(nil)
	if err != nil {
		t.Fatal(err)
	}
	signed, err := m.SignedData(nil)
	if err != nil || string(signed) != string(payload[64:]) {
		t.Errorf("channel_update signed data %x (%v)", signed, err)
	}
	if ts := binary.BigEndian.Uint32(signed[40:]); ts != 1 {
		t.Errorf("timestamp at offset 40 of the signed data: %d", ts)
	}
	a := signedAnnouncement(t, newChannelKeys("signed"), regtest, 5)
	payload, err = a.Encode(nil)
	if err != nil {
		t.Fatal(err)
	}
	signed, err = a.SignedData(nil)
	if err != nil || string(signed) != string(payload[gossip.ChannelAnnouncementSigsLen:]) {
		t.Errorf("channel_announcement signed data %x (%v)", signed, err)
	}
}
