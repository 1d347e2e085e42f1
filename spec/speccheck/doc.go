// Package speccheck checks a layer's message codec against the formats of
// spec/, so that a message type, field or TLV record listed there cannot be
// missing from the code or laid out differently.
//
// For each message the checker builds random valid instances field by field
// from the CSV: valid compressed points, minimal truncated integers, valid
// UTF-8, random bytes for signatures and hashes, length fields consistent
// with the data they count, a random subset of the TLV records in
// increasing order and sometimes one unknown odd record. The first instance
// is the smallest (empty arrays, no record), the second the fullest. It
// encodes each instance to wire bytes from the CSV alone (2-byte type,
// fields, TLV stream), builds the JSON "fields" object of docs/spec.md, and
// calls the layer's DecodeFunc. It reports, once per message:
//
//   - "message X (type N) has no implementation" when the DecodeFunc returns
//     ErrNotImplemented;
//   - the codec's error when it rejects the instance (a field of another
//     width or order, a TLV record under another even number);
//   - the first field, in wire order, whose value differs (two swapped
//     fields of the same width decode without error but show here);
//   - a known TLV record the codec put under "unknown" (another odd number);
//   - the first byte where the re-encoding differs, and the field there.
//
// A layer's test looks like this:
//
//	f, err := spec.Load()
//	...
//	speccheck.Table(t, f, table, speccheck.AllOf(f, 1)...)
//	speccheck.Messages(t, f, speccheck.AllOf(f, 1), func(wire []byte) ([]byte, []byte, error) {
//		m, err := codec.Decode(wire)
//		if errors.Is(err, messaging.ErrUnknownRequiredMessage) || isUnknown(m) {
//			return nil, nil, speccheck.ErrNotImplemented
//		}
//		...
//		return fieldsJSON, reencoded, nil
//	}, 100)
//
// Streams checks standalone TLV streams (BOLT #4 payload, BOLT #12 offer)
// the same way; FailuresOf and FailureTable cover the BOLT #4 failure
// messages. Options.Bytes supplies structured content for byte fields a
// codec parses (node_announcement addresses, encoded short_channel_ids).
// Generate gives single instances, e.g. to seed fuzz corpora.
package speccheck
