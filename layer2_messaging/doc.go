// Package messaging implements BOLT #1 "Base Protocol" (BOLTs at commit
// a3772650): message framing, the rules for unknown message types, and the
// setup and control messages. It is the root of layer 2; the wire format is
// in sub-package wire, the BOLT #9 features in sub-package feature.
//
// Files and the spec sections they implement:
//
//	message.go       Message, Entry, Table, Messages (the BOLT #1 table with
//	                 its type constants), Unknown; "Lightning Message Format"
//	codec.go         Codec: a frame (2-byte type, payload, extension) to a
//	                 message and back, unknown odd ignored, unknown even an
//	                 error, the 65535-byte limit; the JSON forms for tools
//	decoder.go       Decoder: Codec.Decode for a read loop that hands each
//	                 frame over (byte fields alias it), and DecodeInto
//	fastpath.go      why six encoders write their payload directly
//	init.go          Init and InitTLVs: "The init Message" (networks,
//	                 remote_addr as a BOLT #7 address descriptor)
//	error_warning.go Error and Warning: "The error and warning Messages"
//	ping.go          Ping, Pong, PongFor: "The ping and pong Messages"
//	peer_storage.go  PeerStorage, PeerStorageRetrieval: "Peer Storage"
//	errors.go        framing and table errors
//
// # Tables, not a registry
//
// Each layer exports a function returning its Table (layer 2's is
// Messages); a program builds one Codec from all of them:
//
//	codec, err := messaging.NewCodec(messaging.Messages(), p2p.Messages(), routing.Messages())
//
// Type constants, names and constructors come from the one table of each
// layer, and nothing is registered globally.
//
// # Decoding without copies
//
// Codec.Decode returns a message that owns copies of its byte fields, so
// the frame can be reused. A connection's read loop gets a new frame per
// message from noise.Conn.ReadMessage and can hand it over: a Decoder (one
// per connection, Codec.NewDecoder) decodes the same messages with their
// byte fields aliasing the frame, which allocates the message and nothing
// else; Decoder.DecodeInto decodes into a message the caller reuses, which
// allocates nothing.
//
// # Tools
//
// `lnstack decode msg <hex>` is Codec.DecodeJSON; `lnstack decode tlv
// <stream> <hex>` is Codec.DecodeStreamJSON with a stream name from
// Codec.StreamNames, or "" for the generic view of any stream.
package messaging
