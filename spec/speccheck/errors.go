package speccheck

import "errors"

// ErrNotImplemented is what a DecodeFunc returns (wrapped or not) for a
// message type it has no codec for.
var ErrNotImplemented = errors.New("speccheck: no implementation")

// ErrUnknownName is returned by Generate and GenerateStream for a name
// spec/ does not define.
var ErrUnknownName = errors.New("speccheck: no such message or tlv_stream in spec/")

// ErrTooLarge is returned by Generate when no instance under the 65535-byte
// message limit came out of several tries (a Bytes override that is too
// long).
var ErrTooLarge = errors.New("speccheck: generated message exceeds 65535 bytes")

// ErrBadOverride is returned when an Options.Bytes function gives a length
// the field cannot hold.
var ErrBadOverride = errors.New("speccheck: Bytes override does not fit its field")
