// Package channelmsg holds the codecs of the BOLT #2 messages (BOLT #2
// "Peer Protocol for Channel Management" at commit a3772650), each with its
// TLV extension, written as layer 2's messages are: one walk over the
// fields (wire.Walker) gives the decoder, the encoder and the JSON form of
// `lnstack decode msg`. Messages returns the one table of types, names and
// constructors, to pass to messaging.NewCodec beside layer 2's own.
//
// Files and the BOLT #2 sections they implement:
//
//	open.go         "Channel Establishment v1": open_channel, accept_channel,
//	                funding_created, funding_signed, channel_ready
//	open2.go        "Channel Establishment v2": open_channel2, accept_channel2
//	interactive.go  "Interactive Transaction Construction": tx_add_input,
//	                tx_add_output, tx_remove_input, tx_remove_output, tx_complete,
//	                tx_signatures (and its witness subtype), tx_init_rbf,
//	                tx_ack_rbf, tx_abort
//	splice.go       "Channel Quiescence" and "Channel Splicing": stfu,
//	                splice_init, splice_ack, splice_locked
//	close.go        "Channel Close": shutdown (and the scriptpubkey forms),
//	                closing_complete, closing_sig, closing_signed
//	htlc.go         "Normal Operation": update_add_htlc, update_fulfill_htlc,
//	                update_fail_htlc, update_fail_malformed_htlc, update_fee
//	commit.go       "Committing Updates So Far", "Completing the Transition to
//	                the Updated State", "Batching channel messages":
//	                commitment_signed, revoke_and_ack, start_batch
//	reestablish.go  "Message Retransmission": channel_reestablish
//	channeltype.go  "Defined Channel Types" and the channel_type requirements
//	                of open_channel and accept_channel
//	channelid.go    "Definition of channel_id" (v1 and v2)
//	table.go        the message and TLV stream table
//	errors.go       sentinel errors
//
// Decoding is fail-closed and bounded: a payload that does not parse fails
// with a *wire.DecodeError wrapping one of layer 2's wire sentinels (the
// BOLT #1 "close the connection" case); a decoder never allocates more than
// its input justifies, and a message whose fields are all fixed-size
// decodes without allocating. Every message keeps unknown odd TLV records
// and re-encodes byte for byte. The helpers that check what a well-formed
// message says (channel types, shutdown scripts, witnesses) fail with this
// package's own sentinels, since BOLT #2 answers those with a warning or by
// failing the channel.
//
// Every message struct ends with its TLV stream (TLVs) or, for a message
// whose BOLT defines none, its extension of unknown odd records
// (Extension).
package channelmsg
