// Package peer runs one Lightning connection at layer 2: the init exchange,
// feature negotiation, the chain check, pings both ways and the rules for
// unknown messages, over a layer 1 connection that carries whole messages
// (*noise.Conn). Every other message goes to the layer above, typed, through
// Recv; the layer above sends with Send.
//
// The layers above add their messages by building the codec the Peer
// decodes with, messaging.NewCodec(messaging.Messages(), theirs...), and
// passing it in Config: there is no registry.
//
// BOLT #1 sections (BOLTs at commit a3772650), by file:
//
//	init.go      "The init Message": init first, features ORed and
//	             negotiated (package feature), networks checked
//	read.go      "Lightning Message Format": unknown odd messages ignored,
//	             unknown even and malformed ones close the connection;
//	             "The error and warning Messages": an error for all
//	             channels stops the Peer, others are delivered
//	liveness.go  "The ping and pong Messages": pongs within a rate bound,
//	             the Peer's own pings and the pong timeout
//	peer.go      the Peer: Start, Send, Recv, Close
//	config.go    Config and its defaults
//	errors.go    sentinel errors and error types
//
// A Peer that closes the connection for a fault of the remote (an init it
// cannot accept, an unknown even or malformed message) first sends a
// warning for all channels saying why. It never sends error on its own:
// that would make the remote fail every channel.
package peer
