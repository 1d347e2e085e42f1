// Package msgtest is test support for every codec built on
// layer2_messaging/wire, of this layer and of the layers above:
//
//   - RoundTrip, the one round-trip harness (decode, encode, decode,
//     compare; typed errors only; canonical re-encoding; stable JSON)
//     behind every fuzz target, with Valid for property tests;
//   - Truncations, which cuts an input at every offset, with
//     MessageBoundaries and RecordBoundaries, the cuts that leave a valid
//     value (at a record boundary of the trailing TLV stream, which
//     TrailingStream encodes);
//   - Message, Frame and Walker, the harness codecs of a message payload, a
//     whole frame through a messaging.Codec, and any wire.Walker;
//   - Names and Constructor, a messaging.Table's messages by name;
//   - SpecTable and SpecStreams, a layer's spec test: its table, messages
//     and TLV streams checked against spec/ through spec/speccheck, with
//     SpecMessages, SpecStream and StreamDecoders, the DecodeFuncs of a
//     Codec and of TLV streams.
//
// A fuzz target is three lines:
//
//	func FuzzPing(f *testing.F) {
//		msgtest.Seed(f, seeds...)
//		c := msgtest.Message(func() messaging.Message { return new(messaging.Ping) })
//		f.Fuzz(func(t *testing.T, b []byte) { msgtest.RoundTrip(t, c, b) })
//	}
//
// Import it from tests only.
package msgtest
