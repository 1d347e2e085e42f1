// Package sim runs a small Lightning network inside one process, on the
// real layers: every node listens on 127.0.0.1, peers connect with the
// BOLT #8 Noise handshake (layer 1) and exchange init (layer 2, BOLT #1),
// learn the channel graph from signed gossip flooded over the peers
// (layer 3, BOLT #7), route payments with onions and forward them by the
// BOLT #4 rules (layer 4), and settle them end to end with the BOLT #2
// HTLC messages against BOLT #11 invoices (layer 5).
//
// What is simulated: channels have no funding transaction and no
// commitments. A channel is a pair of balances in memory, shared by its two
// nodes, moved when an HTLC is offered, fulfilled or failed; the
// channel_announcement is signed by both ends at once (standing in for the
// announcement_signatures exchange) and a map stands in for the chain when
// gossip validation looks up the funding output.
//
// Files:
//
//	network.go  Network, Config, New, Close, Pay, Invoice, failure injection
//	node.go     one node: listener, peers, the message loop
//	gossip.go   signing and flooding channel_announcement and channel_update
//	htlc.go     update_add_htlc, update_fulfill_htlc, update_fail_htlc:
//	            forwarding (layer4_routing/forward) and receiving
//	            (layer5_payment/receive)
//	pay.go      a node paying an invoice with layer5_payment/pay
//	trace.go    Event: what each layer did, for `lnstack demo`
//
// Every goroutine belongs to a Node and stops with Network.Close.
package sim
