// Package bolt11 implements BOLT #11 "Invoice Protocol for Lightning
// Payments" (BOLTs at commit a3772650): decoding invoices as the reader
// requirements ask, and writing and signing them.
//
// Decode checks an invoice and returns its fields; DecodeUnverified does the
// same without the signature check (for display, never for paying); Encode
// writes an Invoice and signs it through a Signer (KeySigner signs with a
// private key, deterministically, as the BOLT's examples are signed).
//
// Files and the BOLT #11 sections they implement:
//
//	bech32.go     "Encoding Overview": BIP-0173 bech32 without the
//	              90-character limit, up to MaxLength (7089) characters
//	hrp.go        "Human-Readable Part": the networks (bc, tb, tbs, bcrt,
//	              sb), the amount and its multipliers, the rule for p
//	fields.go     "Tagged Fields": tags, data_length, the 5-bit conversions
//	invoice.go    "Data Part", "Tagged Fields" reader requirements: Invoice,
//	              Decode, the required and fixed-length fields, x, c, d, m,
//	              h; "Feature Bits" reader requirements (with BOLT #9)
//	fallback.go   the f field: P2PKH, P2SH, witness versions 0 to 16 (P2WPKH,
//	              P2WSH, P2TR, later versions), unknown versions skipped
//	routehint.go  the r field: hop hints
//	signature.go  "Data Part" signature: verification against n (low-S),
//	              public-key recovery; Signer, KeySigner
//	encode.go     the writer requirements: Encode, SigningData, the field
//	              order
//	json.go       the JSON form `lnstack decode invoice` prints
//	errors.go     sentinel errors (one per reader rule) and FieldError
//
// Where the BOLT's examples and its requirements disagree, or it leaves a
// choice to the reader, docs/layer5_payment.md (BOLT 11 section) records what this
// package does and why. The bolt11/valid and bolt11/invalid vectors run
// through this package in internal/conformance.
package bolt11
