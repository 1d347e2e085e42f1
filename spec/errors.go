package spec

import "errors"

// ErrSyntax is returned (wrapped, with the file and line) when a CSV line of
// spec/ is not one of the six record kinds of docs/spec.md or has the wrong
// number of columns.
var ErrSyntax = errors.New("spec: malformed CSV line")

// ErrInconsistent is returned (wrapped, with the definition at fault) when
// the formats do not hold together: a duplicate name or type number, a field
// type that names nothing, a count that names no earlier integer field, TLV
// records out of order, or a variable-size field where it cannot be parsed.
var ErrInconsistent = errors.New("spec: inconsistent formats")

// ErrMarkdown is returned (wrapped, with the file and line) when the BOLT
// markdown has a definition line the extractor cannot read: a field whose
// count is malformed, a type number that does not fit, an unknown failure
// flag.
var ErrMarkdown = errors.New("spec: unreadable BOLT definition")

// ErrNoBolts is returned by LocateBolts when no BOLT markdown directory is
// found.
var ErrNoBolts = errors.New("spec: BOLT markdown directory not found")
