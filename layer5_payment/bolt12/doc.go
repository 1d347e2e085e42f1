// Package bolt12 is BOLT #12 "Negotiation Protocol for Lightning Payments"
// (BOLTs at commit a3772650): offers, invoice requests, invoices and
// invoice errors as TLV streams, their string form, the Merkle-tree
// signatures, and the reader's requirements for each.
//
// Files and the spec sections they implement:
//
//	string.go         "Encoding": the string form (prefix, '1', bech32 data
//	                  without checksum), '+' continuations, one case
//	merkle.go         "Signature Calculation": tagged hashes, the Merkle tree
//	                  of a stream's records (signature elements 240 to 1000
//	                  left out), BIP-340 signing and verification
//	fields.go         the record groups shared by the streams: the offer's
//	                  (2 to 22), the request's (0, 80 to 91), the invoice's
//	                  (160 to 176); blinded_payinfo and fallback_address
//	offer.go          "Offers": Offer, "Requirements For Offers" (reader)
//	invreq.go         "Invoice Requests": InvoiceRequest, "Requirements for
//	                  Invoice Requests" (reader), RequestFor, Sign
//	invoice.go        "Invoices": Invoice, "Invoice Features", the reader's
//	                  "Requirements", InvoiceFor, Sign
//	invoice_error.go  "Invoice Errors": InvoiceError
//	check.go          what the reader requirements share: Context (time,
//	                  chains, currency conversion), the type ranges, unknown
//	                  even feature bits, blinded paths without hops
//	table.go          Streams: the four streams by BOLT name, for `lnstack
//	                  decode tlv` and the layout check against spec/
//	errors.go         sentinel errors, FieldError, FeatureError, Invalid
//
// # One layout, three checks
//
// Each stream is a wire.Walker (layer2_messaging/wire): its records are
// declared once, in type order, and the same walk decodes, encodes and
// prints it as JSON (record names as keys, docs/WIREJSON). Unknown odd
// records are kept, so a decoded stream re-encodes byte for byte, which the
// signatures and the "copy all fields" rules need. The blinded_path subtype
// is BOLT #4's, layer4_routing/blinding.Path.
//
// Reading a message is in three steps, as the requirements depend on more
// and more context:
//
//   - DecodeOffer, DecodeInvoiceRequest, DecodeInvoice (string form) and
//     their ...TLV forms (the stream, as carried in an onion message) apply
//     the TLV rules and every requirement that needs nothing but the
//     message, the signature included (Check);
//   - CheckUsable adds those that depend on the reader: the time (expiry),
//     the chains it accepts, its currency conversion (Context);
//   - InvoiceRequest.CheckOffer and Invoice.CheckRequest compare a message
//     with the one it answers.
//
// Every failure wraps one sentinel of errors.go or of package wire: callers
// tell them apart with errors.Is, and Invalid tells them from bugs.
package bolt12
