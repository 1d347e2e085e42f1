// Package spec is lnstack's single source of truth for Lightning message
// formats: the message, onion failure, TLV stream and subtype definitions of
// BOLTs 1, 2, 4, 7 and 12, extracted from the BOLT markdown pinned at the
// commit in COMMIT and committed as CSV files beside this file.
//
// # The mechanism
//
// The BOLTs define every format with the same markdown shapes (BOLT #1
// "Lightning Message Format" and "Type-Length-Value Format"):
//
//	(from 01-messaging.md and 02-peer-protocol.md)
//	1. type: 16 (`init`)              1. `tlv_stream`: `init_tlvs`      1. subtype: `witness`
//	2. data:                          2. types:                         2. data:
//	   * [`u16`:`gflen`]                  1. type: 1 (`networks`)           * [`u16`:`len`]
//	   * [`gflen*byte`:`globalfeatures`]  2. data:                          * [`len*byte`:`witness_data`]
//	   * [`init_tlvs`:`tlvs`]                 * [`...*chain_hash`:`chains`]
//
// Extract reads them from one BOLT's markdown; spec/cmd/extract runs it over
// the pinned BOLTs and writes bolt01.csv, bolt02.csv, bolt04.csv,
// bolt04_failures.csv (the BOLT #4 failure messages, whose codes reuse wire
// type numbers), bolt07.csv, bolt12.csv and COMMIT, in the Core
// Lightning-style format of docs/spec.md:
//
//	msgtype,<msgname>,<typenum>
//	msgdata,<msgname>,<fieldname>,<fieldtype>,<count>
//	tlvtype,<streamname>,<recordname>,<typenum>
//	tlvdata,<streamname>,<recordname>,<fieldname>,<fieldtype>,<count>
//	subtype,<subtypename>
//	subtypedata,<subtypename>,<fieldname>,<fieldtype>,<count>
//
// Load parses the embedded CSV files into Formats and validates them
// (Validate): every field type is a fundamental type (LookupFundamental), a
// subtype or a TLV stream, every count names an earlier integer field, TLV
// records are in increasing order, variable-size data only comes last.
//
// Three checks keep code and spec together:
//
//   - TestSpecDrift (run by `make spec-check`) re-extracts from the BOLTs in
//     ../shared/bolts (or $LNSTACK_BOLTS) and fails when the committed CSV
//     files or COMMIT differ from the extraction; it skips when the BOLTs
//     are absent.
//   - spec/speccheck is imported by the layers' tests: for each message of
//     a BOLT it builds random valid instances field by field from the CSV,
//     encodes them, runs them through the layer's codec and compares the
//     JSON fields and the re-encoding; it also compares the layer's one
//     message table (type numbers and names) with the CSV.
//   - spec/quotecheck checks that comments quoting a BOLT
//     (`// BOLT #N: "..."`) quote the pinned text.
//
// Package spec imports no layer (internal/layering enforces it); the layers
// import spec and spec/speccheck from their tests only.
package spec
