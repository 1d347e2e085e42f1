// Package payment is layer 5 of lnstack: what a payer and a payee agree on
// before and around a payment. Its sub-packages:
//
//	bolt11  BOLT #11 invoices: decode, verify, encode and sign
//
// Layer 5 imports only layers 1 to 4, the standard library and the approved
// dependencies.
package payment
