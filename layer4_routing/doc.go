// Package routing is layer 4 of lnstack: BOLT #4 onion routing (the Sphinx
// onion, returned errors and their attribution, route blinding, onion
// messages), the forwarding decision and pathfinding. This package holds no
// code of its own; its sub-packages do.
//
// Sub-packages:
//
//	sphinx/    BOLT #4 "Packet Structure" to "Filler Generation": onion
//	           construction and peeling for the 1300-byte payment onion and
//	           the variable-size onion of onion messages, the hop `payload`
//	           TLV stream, shared secrets and key generation, the replay log
//	failure/   BOLT #4 "Returning Errors": the 22 failure messages from one
//	           table, their flags, the return packet (creation, relaying,
//	           decryption at the origin) and attribution data
//	           (option_attribution_data, hold times)
//	blinding/  BOLT #4 "Route Blinding": encrypted_data_tlv, blinded_path,
//	           creating paths, the node side (unblinding, decrypting,
//	           next path key), processing a payment onion at any hop
//	onionmsg/  BOLT #4 "Onion Messages": onion_message and onionmsg_tlv,
//	           building a message over a blinded path and processing it
//	forward/   the forwarding decision from a channel policy
//	pathfind/  pathfinding over the layer 3 graph
//
// Layer 4 imports layers 1 to 3 and nothing above.
package routing
