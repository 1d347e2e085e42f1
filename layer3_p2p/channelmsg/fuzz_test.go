package channelmsg_test

import (
	"encoding/binary"
	"testing"

	messaging "github.com/lnstack/lnstack/layer2_messaging"
	"github.com/lnstack/lnstack/layer2_messaging/msgtest"
)

// fuzzMessage is the fuzz target of one message's payload through the
// shared round-trip harness, seeded with random instances built from spec/.
func fuzzMessage(f *testing.F, name string) {
	var entry messaging.Entry
	for _, e := range entries() {
		if e.Name == name {
			entry = e
		}
	}
	if entry.New == nil {
		f.Fatalf("no message %q in the table", name)
	}
	msgtest.Seed(f, randomPayloads(f, name, 6, 5)...)
	msgtest.Seed(f, msgtest.MustEncode(f, withPoints(entry.New())))
	c := msgtest.Message(entry.New)
	f.Fuzz(func(t *testing.T, b []byte) { msgtest.RoundTrip(t, c, b) })
}

func FuzzStfu(f *testing.F)                    { fuzzMessage(f, "stfu") }
func FuzzOpenChannel(f *testing.F)             { fuzzMessage(f, "open_channel") }
func FuzzAcceptChannel(f *testing.F)           { fuzzMessage(f, "accept_channel") }
func FuzzFundingCreated(f *testing.F)          { fuzzMessage(f, "funding_created") }
func FuzzFundingSigned(f *testing.F)           { fuzzMessage(f, "funding_signed") }
func FuzzChannelReady(f *testing.F)            { fuzzMessage(f, "channel_ready") }
func FuzzShutdown(f *testing.F)                { fuzzMessage(f, "shutdown") }
func FuzzClosingSigned(f *testing.F)           { fuzzMessage(f, "closing_signed") }
func FuzzClosingComplete(f *testing.F)         { fuzzMessage(f, "closing_complete") }
func FuzzClosingSig(f *testing.F)              { fuzzMessage(f, "closing_sig") }
func FuzzOpenChannel2(f *testing.F)            { fuzzMessage(f, "open_channel2") }
func FuzzAcceptChannel2(f *testing.F)          { fuzzMessage(f, "accept_channel2") }
func FuzzTxAddInput(f *testing.F)              { fuzzMessage(f, "tx_add_input") }
func FuzzTxAddOutput(f *testing.F)             { fuzzMessage(f, "tx_add_output") }
func FuzzTxRemoveInput(f *testing.F)           { fuzzMessage(f, "tx_remove_input") }
func FuzzTxRemoveOutput(f *testing.F)          { fuzzMessage(f, "tx_remove_output") }
func FuzzTxComplete(f *testing.F)              { fuzzMessage(f, "tx_complete") }
func FuzzTxSignatures(f *testing.F)            { fuzzMessage(f, "tx_signatures") }
func FuzzTxInitRBF(f *testing.F)               { fuzzMessage(f, "tx_init_rbf") }
func FuzzTxAckRBF(f *testing.F)                { fuzzMessage(f, "tx_ack_rbf") }
func FuzzTxAbort(f *testing.F)                 { fuzzMessage(f, "tx_abort") }
func FuzzSpliceLocked(f *testing.F)            { fuzzMessage(f, "splice_locked") }
func FuzzSpliceInit(f *testing.F)              { fuzzMessage(f, "splice_init") }
func FuzzSpliceAck(f *testing.F)               { fuzzMessage(f, "splice_ack") }
func FuzzStartBatch(f *testing.F)              { fuzzMessage(f, "start_batch") }
func FuzzUpdateAddHTLC(f *testing.F)           { fuzzMessage(f, "update_add_htlc") }
func FuzzUpdateFulfillHTLC(f *testing.F)       { fuzzMessage(f, "update_fulfill_htlc") }
func FuzzUpdateFailHTLC(f *testing.F)          { fuzzMessage(f, "update_fail_htlc") }
func FuzzCommitmentSigned(f *testing.F)        { fuzzMessage(f, "commitment_signed") }
func FuzzRevokeAndAck(f *testing.F)            { fuzzMessage(f, "revoke_and_ack") }
func FuzzUpdateFee(f *testing.F)               { fuzzMessage(f, "update_fee") }
func FuzzUpdateFailMalformedHTLC(f *testing.F) { fuzzMessage(f, "update_fail_malformed_htlc") }
func FuzzChannelReestablish(f *testing.F)      { fuzzMessage(f, "channel_reestablish") }

// FuzzFrame runs whole frames through a Codec of layer 2's table and this
// one: the type dispatch across both tables.
func FuzzFrame(f *testing.F) {
	for _, e := range entries() {
		for _, p := range randomPayloads(f, e.Name, 2, 6) {
			f.Add(append(binary.BigEndian.AppendUint16(nil, e.Type), p...))
		}
	}
	c := msgtest.Frame(newCodec(f))
	f.Fuzz(func(t *testing.T, b []byte) { msgtest.RoundTrip(t, c, b) })
}
