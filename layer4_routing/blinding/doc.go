// Package blinding is BOLT #4 "Route Blinding" (BOLTs at commit a3772650):
// the encrypted_data_tlv stream and the blinded_path subtype, creating a
// blinded path, what each node of one derives from its path_key, and the
// processing of a payment onion at any node, inside a blinded path or not.
//
// Files:
//
//	data.go     "Inside encrypted_recipient_data: encrypted_data_tlv"
//	path.go     blinded_path and blinded_path_hop
//	blind.go    the writer of a blinded_path (Blinder, BuildPath) and the
//	            reader of encrypted_recipient_data (Unblind: blinded key,
//	            decryption, next path key and its override)
//	relay.go    payment_relay arithmetic: the amount and expiry a blinded
//	            node forwards, the path's total fees and delta
//	payment.go  ProcessPayment: the reader requirements of "payload format"
//	            at an introduction, intermediate or final node
//	errors.go   sentinel errors and PathError, which makes every failure
//	            inside a blinded path invalid_onion_blinding
//
// Nodes inside a blinded path peel their onion with their blinded private
// key, the node key multiplied by HMAC256("blinded_node_id", ss): a
// multiplication modulo the group order instead of a point multiplication
// of the onion's key (sphinx.NodeKey.PeelBlinded).
package blinding
