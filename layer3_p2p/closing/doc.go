// Package closing builds the transactions of a mutual close, the two shapes
// of BOLT #3: the legacy closing transaction that closing_signed
// negotiates, and the closing transaction of option_simple_close that
// closing_complete and closing_sig sign, each with its dust and fee rules.
//
// Files and the BOLT #3 sections they implement:
//
//	legacy.go  "Legacy Closing Transaction"
//	simple.go  "Closing Transaction" (closing_complete / closing_sig variants)
//	sign.go    signatures on the funding input and the final 2-of-2 witness
//	errors.go  sentinel errors
package closing
