package pathfind

import "github.com/lnstack/lnstack/layer2_messaging/wire"

// The onion's room for hop payloads, and what each kind of hop takes of
// it. BOLT #4 "Packet Structure": hop_payloads is 1300 bytes, each hop's
// part being [bigsize:length][length*byte:payload][32*byte:hmac].
const (
	// HopPayloadsLen is the size of hop_payloads.
	HopPayloadsLen = 1300
	// hmacLen is each hop's hmac.
	hmacLen = 32
	// IntermediateHopLen is the most an unblinded forwarding hop takes:
	// the length byte, amt_to_forward (type, length, tu64: 1+1+8),
	// outgoing_cltv_value (1+1+4), short_channel_id (1+1+8), and the
	// hmac: 1 + 26 + 32 = 59 bytes.
	IntermediateHopLen = 1 + (1 + 1 + 8) + (1 + 1 + 4) + (1 + 1 + 8) + hmacLen
	// finalFieldsLen is the final hop's amt_to_forward (10),
	// outgoing_cltv_value (6) and payment_data (1+1+32+8 = 42).
	finalFieldsLen = (1 + 1 + 8) + (1 + 1 + 4) + (1 + 1 + 32 + 8)
	// blindedFinalFieldsLen is a blinded final hop's amt_to_forward,
	// outgoing_cltv_value and total_amount_msat (1+1+8).
	blindedFinalFieldsLen = (1 + 1 + 8) + (1 + 1 + 4) + (1 + 1 + 8)
	// currentPathKeyLen is the introduction point's current_path_key
	// record: 1 + 1 + 33.
	currentPathKeyLen = 1 + 1 + 33
)

// hopLen is what a payload of n bytes takes of hop_payloads.
func hopLen(n int) int { return wire.BigSizeLen(uint64(n)) + n + hmacLen }

// FinalHopLen is what the final hop of an unblinded route takes: its
// standard fields plus extra bytes of payload (payment_metadata, custom
// records), with the length and the hmac. With no extra it is 91 bytes.
func FinalHopLen(extra int) int { return hopLen(finalFieldsLen + extra) }

// BlindedTailLen is what the hops of a blinded path take of hop_payloads,
// given the length of each hop's encrypted_recipient_data, introduction
// point first: BOLT #4 has the writer include, "For every node inside a
// blinded route", the encrypted_recipient_data, the current_path_key at
// the first and amt_to_forward, outgoing_cltv_value and total_amount_msat
// at the last; extra is more payload at the last hop (custom records).
func BlindedTailLen(encryptedDataLens []int, extra int) int {
	total := 0
	for i, n := range encryptedDataLens {
		p := 1 + wire.BigSizeLen(uint64(n)) + n
		if i == 0 {
			p += currentPathKeyLen
		}
		if i == len(encryptedDataLens)-1 {
			p += blindedFinalFieldsLen + extra
		}
		total += hopLen(p)
	}
	return total
}

// MaxChannels is the longest route of unblinded channels the onion can
// carry when its tail (the final hop, or a blinded path's hops) takes
// tailLen bytes: every node between the sender and the tail takes
// IntermediateHopLen. A plain payment (tail 91 bytes) gets 1209/59 = 20
// forwarding nodes, 21 channels; 0 means none fits.
func MaxChannels(tailLen int) int {
	if tailLen > HopPayloadsLen {
		return 0
	}
	return (HopPayloadsLen-tailLen)/IntermediateHopLen + 1
}
