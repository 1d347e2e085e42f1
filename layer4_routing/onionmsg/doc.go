// Package onionmsg is BOLT #4 "Onion Messages" (BOLTs at commit a3772650):
// the onion_message wire message and its table for messaging.NewCodec, the
// onionmsg_tlv stream, building an onion message over a blinded path
// (joining the sender's own hops in front with Prepend) and processing one
// at a node.
//
// Files:
//
//	message.go  onion_message (type 513) and Messages, the table of the
//	            message and of BOLT #4's TLV streams
//	payload.go  onionmsg_tlv; its BOLT #12 records (invoice_request,
//	            invoice, invoice_error) hold streams of layer 5, kept as
//	            Nested values (RawStream unless a decoder is given)
//	build.go    Build (the writer) and Prepend
//	process.go  Process (the reader): forward or deliver
//	errors.go   the reasons a message is ignored
//
// Every onion message is blinded: a node learns its path_key from the
// message, peels with its blinded key and no associated data, and finds its
// next hop in its encrypted data. Onion messages return no errors; a
// message Process rejects is dropped.
package onionmsg
