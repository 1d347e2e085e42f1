// Package forward decides what a node does with an HTLC whose onion it has
// peeled: forward it over an outgoing channel (with which amount and
// expiry), or fail it with exactly the BOLT #4 failure the rules call for,
// with the data that failure carries. It is a pure function of the
// decoded hop payload, the incoming HTLC, the outgoing channel with this
// node's policy for it, and the current block height; the channel state
// machine and the switch that moves HTLCs between channels act on the
// Decision.
//
// Files and the BOLT sections they implement:
//
//	decide.go   Decide, DecideNonStrict: BOLT #4 "payload format" (the
//	            reader, not final), "Failure Messages" (a forwarding node's
//	            failures, in the BOLT's order), "Non-strict Forwarding";
//	            BOLT #2 "Forwarding HTLCs" and update_add_htlc (minimum
//	            amount); BOLT #7 "HTLC Fees" and the channel_update's
//	            cltv_expiry_delta and htlc_minimum/maximum_msat
//	blinded.go  BOLT #4 "Route Blinding" and the reader of
//	            encrypted_recipient_data: payment_relay (with package
//	            blinding's arithmetic), payment_constraints,
//	            allowed_features, invalid_onion_blinding
//	final.go    CheckFinal: the final node's checks of the HTLC against its
//	            payload (incorrect_or_unknown_payment_details for an expiry
//	            too near, final_incorrect_cltv_expiry,
//	            final_incorrect_htlc_amount)
//	payload.go  the payload fields a decision reads (NewPayload from
//	            package sphinx's payload), the incoming HTLC
//	channel.go  the outgoing channel as the node knows it; Config
//	failure.go  Failure: the failure message (package failure) to return,
//	            how, and the rule that failed
//	errors.go   the rule each failure comes from, as sentinel errors
//
// Decide does not peel onions or decrypt encrypted_recipient_data
// (packages sphinx and blinding do) and does not look channels up: the
// caller resolves short_channel_id or next_node_id to the Channel (nil
// when there is none). Failures are package failure's messages.
//
// Two kinds of failure are not decided here: the BADONION failures of an
// onion that does not peel (package failure maps sphinx's errors), and
// required_node_feature_missing and required_channel_feature_missing,
// which no payment onion can trigger today since no onion field carries
// features.
package forward
