package amount

import "errors"

// ErrOutOfRange is returned for an amount above the 21 million bitcoin that
// can ever exist, or a negative satoshi amount.
var ErrOutOfRange = errors.New("amount: out of range")
