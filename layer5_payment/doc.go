// Package payment is layer 5 of lnstack: what a payer and a payee agree on
// before and around a payment. Its sub-packages:
//
//	bolt11   BOLT #11 invoices: decode, verify, encode and sign
//	bolt12   BOLT #12 offers, invoice requests, invoices, invoice errors
//	pay      the payer: a pure state machine from invoice to outcome (routes,
//	         onions, retries that learn, multi-part payments, timeouts)
//	receive  the payee: an invoice registry and the BOLT #4 final-node checks
//
// Layer 5 imports only layers 1 to 4, the standard library and the approved
// dependencies.
package payment
