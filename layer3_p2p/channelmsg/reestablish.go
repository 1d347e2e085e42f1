package channelmsg

import "github.com/lnstack/lnstack/layer2_messaging/wire"

// Reconnection, BOLT #2 "Message Retransmission": channel_reestablish.

// The retransmit_flags bits of channel_reestablish's records.
const (
	// RetransmitCommitmentSigned is bit 0 of next_funding.retransmit_flags:
	// the receiver must retransmit commitment_signed for next_funding_txid.
	RetransmitCommitmentSigned byte = 1 << 0
	// RetransmitAnnouncementSignatures is bit 0 of
	// my_current_funding_locked.retransmit_flags: the sender expects
	// announcement_signatures again.
	RetransmitAnnouncementSignatures byte = 1 << 0
)

// ChannelReestablish is channel_reestablish (type 136): sent for each
// channel on reconnection, telling the peer where each side stands.
type ChannelReestablish struct {
	ChannelID wire.ChannelID
	// NextCommitmentNumber is "the commitment number of the next
	// commitment_signed it expects to receive".
	NextCommitmentNumber uint64
	// NextRevocationNumber is "the commitment number of the next
	// revoke_and_ack message it expects to receive".
	NextRevocationNumber uint64
	// YourLastPerCommitmentSecret is all zeroes when NextRevocationNumber
	// is 0.
	YourLastPerCommitmentSecret [32]byte
	MyCurrentPerCommitmentPoint wire.Point
	// TLVs is the channel_reestablish_tlvs stream.
	TLVs ChannelReestablishTLVs
}

// Type returns TypeChannelReestablish.
func (m *ChannelReestablish) Type() uint16 { return TypeChannelReestablish }

// Fields walks the BOLT #2 layout of channel_reestablish.
func (m *ChannelReestablish) Fields(f *wire.Fields) {
	f.ChannelID("channel_id", &m.ChannelID)
	f.U64("next_commitment_number", &m.NextCommitmentNumber)
	f.U64("next_revocation_number", &m.NextRevocationNumber)
	f.FixedBytes("your_last_per_commitment_secret", m.YourLastPerCommitmentSecret[:])
	walkPoint(f, "my_current_per_commitment_point", &m.MyCurrentPerCommitmentPoint)
	m.TLVs.Walk(f, "tlvs")
}

// Encode appends the payload to dst.
func (m *ChannelReestablish) Encode(dst []byte) ([]byte, error) {
	e := wire.NewEncoder(dst)
	m.Fields(&e)
	return e.Output()
}

// Decode decodes a payload; on failure m is unchanged.
func (m *ChannelReestablish) Decode(payload []byte) error {
	var v ChannelReestablish
	d := wire.NewDecoder(payload)
	v.Fields(&d)
	if err := d.Done(); err != nil {
		return err
	}
	*m = v
	return nil
}

// ChannelReestablishTLVs is the channel_reestablish_tlvs stream.
type ChannelReestablishTLVs struct {
	// HasNextFunding tells whether next_funding (type 1) is present: the
	// sender signed an interactive transaction (NextFundingTxid) but has
	// not received its tx_signatures.
	HasNextFunding             bool
	NextFundingTxid            wire.SHA256
	NextFundingRetransmitFlags byte

	// HasMyCurrentFundingLocked tells whether my_current_funding_locked
	// (type 5) is present: the funding or splice transaction the sender
	// last locked.
	HasMyCurrentFundingLocked             bool
	MyCurrentFundingLockedTxid            wire.SHA256
	MyCurrentFundingLockedRetransmitFlags byte

	// Unknown holds the unknown odd records, re-encoded unchanged.
	Unknown wire.Records
}

// Walk walks the stream as the message field name ("" on its own).
func (s *ChannelReestablishTLVs) Walk(f *wire.Fields, name string) {
	tlv := f.BeginStream(name, &s.Unknown)
	if tlv.Record(1, "next_funding", &s.HasNextFunding) {
		f.SHA256("next_funding_txid", &s.NextFundingTxid)
		f.Byte("retransmit_flags", &s.NextFundingRetransmitFlags)
	}
	if tlv.Record(5, "my_current_funding_locked", &s.HasMyCurrentFundingLocked) {
		f.SHA256("my_current_funding_locked_txid", &s.MyCurrentFundingLockedTxid)
		f.Byte("retransmit_flags", &s.MyCurrentFundingLockedRetransmitFlags)
	}
	tlv.End()
}

// Fields implements wire.Walker for the stream on its own.
func (s *ChannelReestablishTLVs) Fields(f *wire.Fields) { s.Walk(f, "") }
