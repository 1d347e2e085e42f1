package scripts

import "errors"

// Errors returned by this package; wrap them with errors.Is.
var (
	// ErrNilKey is returned when a key argument is nil.
	ErrNilKey = errors.New("scripts: nil key")
	// ErrSameKeys is returned when both funding keys are the same point,
	// which would make the 2-of-2 spendable by one party.
	ErrSameKeys = errors.New("scripts: both funding keys are the same")
)
