// Package pay is the paying side of a payment as a pure state machine
// (BOLTs at commit a3772650): an invoice or a keysend in, routes from
// layer 4 pathfinding, onions, HTLCs out, their results in, retries that
// learn from each failure, multi-part payments, a timeout, and a final
// Outcome with the fee paid and every attempt made.
//
// Files and the BOLT sections they implement:
//
//	config.go   Config and FromInvoice: what BOLT #11 "Requirements" of a
//	            reader ask of a payer (payment_secret, amount, expiry,
//	            min_final_cltv_expiry_delta, route hints, basic_mpp)
//	payment.go  Payment: the events (Start, RoutesFound, Settled, Failed,
//	            FailedLocally, Tick) and the actions they give (FindRoutes,
//	            SendHTLC, Done); BOLT #4 "Basic Multi-Part Payments" and
//	            "Receiving Failure Codes" (the origin's reactions)
//	onion.go    the hop payloads of a route and its onion: BOLT #4
//	            "Packet Structure", "payload format" (payment_data with
//	            total_msat at the final hop) and the keysend record
//	errors.go   sentinel errors of a failed payment
//
// A Payment does no I/O and reads no clock: the caller runs pathfinding
// when asked (FindRoutes), sends the HTLCs it is told to (SendHTLC), and
// passes in what came back and the time. What it learns goes into a
// pathfind.Liquidity shared by every payment of the node (mission control).
package pay
