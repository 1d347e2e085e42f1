// Package feature implements BOLT #9 "Assigned Feature Flags" and the
// feature rules of BOLT #1 "The init Message" (BOLTs at commit a3772650).
//
// Files and the spec sections they implement:
//
//	table.go      the BOLT #9 table as data: every feature's bits, name,
//	              Context column (I, N, C, C-, C+, 9, B, T), ASSUMED mark
//	              and dependencies; Lookup, ByName, Name
//	vector.go     Vector, a feature field in its wire form (BOLT #1 "The
//	              features field MUST be padded to bytes with 0s"); Or, the
//	              combination of init's two bitmaps
//	negotiate.go  Validate (context and dependency rules of BOLT #9
//	              "Requirements"), CheckDependencies, and Negotiate (BOLT #1
//	              receiving-node rules for feature bits, and the definition
//	              of a negotiated feature)
//	errors.go     sentinel errors and the error types naming the bits
//
// A feature is named by its even bit (the constants DataLossProtect ...
// Splice); the odd bit above it is the optional form. The table is the only
// place names, contexts and dependencies are written; a test compares it with
// 09-features.md when the pinned BOLTs are at hand.
package feature
