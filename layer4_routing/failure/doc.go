// Package failure is BOLT #4 "Returning Errors" (BOLTs at commit a3772650):
// the failure messages, the return packet a failing hop creates and every
// hop before it obfuscates, its decryption and attribution at the origin,
// and attribution data (option_attribution_data: truncated HMACs and hold
// times, for failed and fulfilled HTLCs).
//
// Files:
//
//	code.go         failure codes and their flags (BADONION, PERM, NODE, UPDATE)
//	messages.go     the 22 failure messages of "Failure Messages", one type
//	                each, and Table, the one table their codes, names and
//	                constructors come from
//	message.go      Message, Encode, Decode (strict) and Parse (the origin's:
//	                "MUST ignore any extra bytes in failuremsg"), Unknown
//	packet.go       "Erring node", "Intermediate nodes", "Origin node": the
//	                return packet (NewPacket, Create, Relay, Obfuscate) and
//	                Decrypt, which always peels 27 layers
//	attribution.go  attribution_data: Add (the erring, relaying and
//	                fulfilling hop's update), its verification at the origin
//	incoming.go     the failure for an error of processing an incoming
//	                onion (ForIncoming), update_fail_malformed_htlc in both
//	                directions (MalformedHTLC, FromMalformed)
//	errors.go       sentinel errors
//
// A failure message is written like a wire message, as a walk over its
// fields (layer2_messaging/wire), followed by the optional TLV stream BOLT #4
// allows; spec/bolt04_failures.csv is checked against the walks by
// spec/speccheck.
package failure
