// Package receive is the receiving side of a payment (BOLTs at commit
// a3772650): an invoice registry that creates invoices and decides, for
// every HTLC whose onion ends at this node, whether to settle it, fail it or
// hold it while the rest of a multi-part payment arrives.
//
// Files and the BOLT sections they implement:
//
//	registry.go  Registry, Invoice, Create: the preimage, payment_secret,
//	             expiry, features and route hints an invoice promises
//	             (BOLT #11 "Requirements" of a writer: payment_secret and
//	             the features var_onion_optin, payment_secret, basic_mpp)
//	accept.go    Accept and Tick: BOLT #4 "Failure Messages",
//	             requirements of the final node, and "Basic Multi-Part
//	             Payments" (the HTLC set, total_msat, the MPP timeout)
//	errors.go    sentinel errors: the rule an HTLC failed
//
// The registry is pure: it reads no clock and does no I/O. The time and
// the block height are passed in, and every decision comes back as a
// Resolution the node acts on (update_fulfill_htlc or update_fail_htlc).
package receive
