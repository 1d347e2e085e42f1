// Package wire is the Lightning wire format of BOLT #1 (BOLTs at commit
// a3772650): the fundamental types, BigSize, TLV streams, and Fields, the
// walk through which every message codec of every layer is written once and
// used to decode, encode and print.
//
// Files and the spec sections they implement:
//
//	bigsize.go       BigSize (Appendix A: BigSize Test Vectors): AppendBigSize,
//	                 DecodeBigSize, minimal encoding enforced
//	integers.go      "Fundamental Types": tu16/tu32/tu64 (truncated, minimal)
//	                 and s8/s16/s32/s64 (two's complement, Appendix D)
//	types.go         "Fundamental Types": chain_hash, channel_id, sha256,
//	                 signature, bip340sig, point (validated), short_channel_id
//	                 (BLOCKxTXxOUT, BOLT #7), sciddir_or_pubkey
//	reader.go        Reader: a fail-closed cursor over a byte slice
//	records.go       raw TLV records, ParseRecords (the generic view of a stream)
//	fields.go        Fields and Walker: one walk per codec; the scalar and
//	                 fixed-size fields
//	fields_bytes.go  the byte-array and utf8 fields
//	fields_array.go  counted arrays, rest-of arrays, subtypes; the JSON writer
//	fields_tlv.go    "Type-Length-Value Format": Stream, the TLV stream rules
//	                 (order, minimal, lengths, unknown even and odd records) and
//	                 a message's extension ("Lightning Message Format")
//	errors.go        the closed set of decoding errors; DecodeError
//
// Sub-package wiretest holds the n1 and n2 namespaces of Appendix B.
//
// # Layout
//
// BigSize and the TLV machinery live here, not in packages of their own,
// because a TLV record's value is walked with the same Fields calls as a
// message's fields (a record holds points, truncated integers, arrays or a
// stream of its own) and because one closed set of errors serves every
// decoder: a tlv package would import wire and wire would need it back.
//
// # Writing a codec
//
// A message, subtype or TLV stream declares its layout once, in wire order:
//
//	func (m *Ping) Fields(f *wire.Fields) {
//		f.U16("num_pong_bytes", &m.NumPongBytes)
//		f.Bytes16("byteslen", "ignored", &m.Ignored)
//		f.Extension(&m.Extension)
//	}
//
// and decodes with a walk declared on its own stack:
//
//	func (m *Ping) Decode(payload []byte) error {
//		var v Ping
//		d := wire.NewDecoder(payload)
//		v.Fields(&d)
//		if err := d.Done(); err != nil {
//			return err
//		}
//		*m = v
//		return nil
//	}
//
// Calling Fields on a concrete receiver (not through the Walker interface)
// keeps the walk and the value on the stack: decoding fixed-size fields does
// not allocate, and variable ones allocate only what the input holds.
// Decode, Encode and MarshalJSON of this package are the generic forms
// through the interface, for tools and tests.
//
// A walk from NewDecoderNoCopy decodes the same values with their byte
// fields aliasing the input instead of copying it, for a caller that hands
// the input over (messaging.Decoder, with the frames of a connection).
// ResetDecoder reuses a walk kept in a long-lived value.
//
// # Speed
//
// The walk's state (the output being appended to, the input cursor) lives
// in Fields, in memory, and every field is a call: each field's append or
// read waits for the previous field's store of that state. The field
// methods and Stream.Record therefore take a short path for the common
// case (a one-byte TLV type and length, a length-prefixed field that is all
// there) and keep error naming out of line. A message of two or three
// fields is cheaper written directly, as messaging's ping, pong, error and
// warning encoders are for their common case, with a property test that
// they give the walk's bytes: the walk stays the one definition.
//
// The JSON form follows the project's WIREJSON contract: BOLT field names as
// keys, length fields left out, integers as numbers, bytes as lower-case
// hex, short_channel_id as BLOCKxTXxOUT, utf8 as strings, TLV streams as
// objects of records with unknown ones under "unknown".
package wire
