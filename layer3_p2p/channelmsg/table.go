package channelmsg

import (
	messaging "github.com/lnstack/lnstack/layer2_messaging"
	"github.com/lnstack/lnstack/layer2_messaging/wire"
)

// The BOLT #2 message types.
const (
	TypeStfu                    uint16 = 2
	TypeOpenChannel             uint16 = 32
	TypeAcceptChannel           uint16 = 33
	TypeFundingCreated          uint16 = 34
	TypeFundingSigned           uint16 = 35
	TypeChannelReady            uint16 = 36
	TypeShutdown                uint16 = 38
	TypeClosingSigned           uint16 = 39
	TypeClosingComplete         uint16 = 40
	TypeClosingSig              uint16 = 41
	TypeOpenChannel2            uint16 = 64
	TypeAcceptChannel2          uint16 = 65
	TypeTxAddInput              uint16 = 66
	TypeTxAddOutput             uint16 = 67
	TypeTxRemoveInput           uint16 = 68
	TypeTxRemoveOutput          uint16 = 69
	TypeTxComplete              uint16 = 70
	TypeTxSignatures            uint16 = 71
	TypeTxInitRBF               uint16 = 72
	TypeTxAckRBF                uint16 = 73
	TypeTxAbort                 uint16 = 74
	TypeSpliceLocked            uint16 = 77
	TypeSpliceInit              uint16 = 80
	TypeSpliceAck               uint16 = 81
	TypeStartBatch              uint16 = 127
	TypeUpdateAddHTLC           uint16 = 128
	TypeUpdateFulfillHTLC       uint16 = 130
	TypeUpdateFailHTLC          uint16 = 131
	TypeCommitmentSigned        uint16 = 132
	TypeRevokeAndAck            uint16 = 133
	TypeUpdateFee               uint16 = 134
	TypeUpdateFailMalformedHTLC uint16 = 135
	TypeChannelReestablish      uint16 = 136
)

// Messages returns the table of the BOLT #2 messages and TLV streams, for
// messaging.NewCodec beside layer 2's own table:
//
//	codec, err := messaging.NewCodec(messaging.Messages(), channelmsg.Messages())
//
// Type numbers, names and constructors all come from this one table.
func Messages() messaging.Table {
	return messaging.Table{
		Messages: []messaging.Entry{
			{Type: TypeStfu, Name: "stfu", New: func() messaging.Message { return new(Stfu) }},
			{Type: TypeOpenChannel, Name: "open_channel", New: func() messaging.Message { return new(OpenChannel) }},
			{Type: TypeAcceptChannel, Name: "accept_channel", New: func() messaging.Message { return new(AcceptChannel) }},
			{Type: TypeFundingCreated, Name: "funding_created", New: func() messaging.Message { return new(FundingCreated) }},
			{Type: TypeFundingSigned, Name: "funding_signed", New: func() messaging.Message { return new(FundingSigned) }},
			{Type: TypeChannelReady, Name: "channel_ready", New: func() messaging.Message { return new(ChannelReady) }},
			{Type: TypeShutdown, Name: "shutdown", New: func() messaging.Message { return new(Shutdown) }},
			{Type: TypeClosingSigned, Name: "closing_signed", New: func() messaging.Message { return new(ClosingSigned) }},
			{Type: TypeClosingComplete, Name: "closing_complete", New: func() messaging.Message { return new(ClosingComplete) }},
			{Type: TypeClosingSig, Name: "closing_sig", New: func() messaging.Message { return new(ClosingSig) }},
			{Type: TypeOpenChannel2, Name: "open_channel2", New: func() messaging.Message { return new(OpenChannel2) }},
			{Type: TypeAcceptChannel2, Name: "accept_channel2", New: func() messaging.Message { return new(AcceptChannel2) }},
			{Type: TypeTxAddInput, Name: "tx_add_input", New: func() messaging.Message { return new(TxAddInput) }},
			{Type: TypeTxAddOutput, Name: "tx_add_output", New: func() messaging.Message { return new(TxAddOutput) }},
			{Type: TypeTxRemoveInput, Name: "tx_remove_input", New: func() messaging.Message { return new(TxRemoveInput) }},
			{Type: TypeTxRemoveOutput, Name: "tx_remove_output", New: func() messaging.Message { return new(TxRemoveOutput) }},
			{Type: TypeTxComplete, Name: "tx_complete", New: func() messaging.Message { return new(TxComplete) }},
			{Type: TypeTxSignatures, Name: "tx_signatures", New: func() messaging.Message { return new(TxSignatures) }},
			{Type: TypeTxInitRBF, Name: "tx_init_rbf", New: func() messaging.Message { return new(TxInitRBF) }},
			{Type: TypeTxAckRBF, Name: "tx_ack_rbf", New: func() messaging.Message { return new(TxAckRBF) }},
			{Type: TypeTxAbort, Name: "tx_abort", New: func() messaging.Message { return new(TxAbort) }},
			{Type: TypeSpliceLocked, Name: "splice_locked", New: func() messaging.Message { return new(SpliceLocked) }},
			{Type: TypeSpliceInit, Name: "splice_init", New: func() messaging.Message { return new(SpliceInit) }},
			{Type: TypeSpliceAck, Name: "splice_ack", New: func() messaging.Message { return new(SpliceAck) }},
			{Type: TypeStartBatch, Name: "start_batch", New: func() messaging.Message { return new(StartBatch) }},
			{Type: TypeUpdateAddHTLC, Name: "update_add_htlc", New: func() messaging.Message { return new(UpdateAddHTLC) }},
			{Type: TypeUpdateFulfillHTLC, Name: "update_fulfill_htlc", New: func() messaging.Message { return new(UpdateFulfillHTLC) }},
			{Type: TypeUpdateFailHTLC, Name: "update_fail_htlc", New: func() messaging.Message { return new(UpdateFailHTLC) }},
			{Type: TypeCommitmentSigned, Name: "commitment_signed", New: func() messaging.Message { return new(CommitmentSigned) }},
			{Type: TypeRevokeAndAck, Name: "revoke_and_ack", New: func() messaging.Message { return new(RevokeAndAck) }},
			{Type: TypeUpdateFee, Name: "update_fee", New: func() messaging.Message { return new(UpdateFee) }},
			{Type: TypeUpdateFailMalformedHTLC, Name: "update_fail_malformed_htlc", New: func() messaging.Message { return new(UpdateFailMalformedHTLC) }},
			{Type: TypeChannelReestablish, Name: "channel_reestablish", New: func() messaging.Message { return new(ChannelReestablish) }},
		},
		Streams: []messaging.StreamEntry{
			{Name: "open_channel_tlvs", New: func() wire.Walker { return new(OpenChannelTLVs) }},
			{Name: "accept_channel_tlvs", New: func() wire.Walker { return new(AcceptChannelTLVs) }},
			{Name: "channel_ready_tlvs", New: func() wire.Walker { return new(ChannelReadyTLVs) }},
			{Name: "opening_tlvs", New: func() wire.Walker { return new(OpeningTLVs) }},
			{Name: "accept_tlvs", New: func() wire.Walker { return new(AcceptTLVs) }},
			{Name: "tx_add_input_tlvs", New: func() wire.Walker { return new(TxAddInputTLVs) }},
			{Name: "tx_signatures_tlvs", New: func() wire.Walker { return new(TxSignaturesTLVs) }},
			{Name: "tx_init_rbf_tlvs", New: func() wire.Walker { return new(TxInitRBFTLVs) }},
			{Name: "tx_ack_rbf_tlvs", New: func() wire.Walker { return new(TxAckRBFTLVs) }},
			{Name: "splice_init_tlvs", New: func() wire.Walker { return new(SpliceTLVs) }},
			{Name: "splice_ack_tlvs", New: func() wire.Walker { return new(SpliceTLVs) }},
			{Name: "closing_tlvs", New: func() wire.Walker { return new(ClosingTLVs) }},
			{Name: "closing_signed_tlvs", New: func() wire.Walker { return new(ClosingSignedTLVs) }},
			{Name: "update_add_htlc_tlvs", New: func() wire.Walker { return new(UpdateAddHTLCTLVs) }},
			{Name: "update_fulfill_htlc_tlvs", New: func() wire.Walker { return new(AttributionTLVs) }},
			{Name: "update_fail_htlc_tlvs", New: func() wire.Walker { return new(AttributionTLVs) }},
			{Name: "start_batch_tlvs", New: func() wire.Walker { return new(StartBatchTLVs) }},
			{Name: "commitment_signed_tlvs", New: func() wire.Walker { return new(CommitmentSignedTLVs) }},
			{Name: "channel_reestablish_tlvs", New: func() wire.Walker { return new(ChannelReestablishTLVs) }},
		},
	}
}
