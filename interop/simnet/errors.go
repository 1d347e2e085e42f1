package simnet

import (
	"errors"
	"fmt"
	"strings"
)

// ErrBinMissing reports that a binary the harness needs is not in the binary
// directory (run `make -C interop all` to build them).
var ErrBinMissing = errors.New("simnet: binary missing")

// ErrExited reports that a process the harness started exited while the
// harness was still waiting for it to become ready.
var ErrExited = errors.New("simnet: process exited")

// ErrNotReady reports that a process did not reach the awaited state before
// the context ended; it wraps the context's error.
var ErrNotReady = errors.New("simnet: not ready")

// CommandError is a failed run of a command-line client (lncli or btcctl).
type CommandError struct {
	// Command is the client's base name and arguments.
	Command []string
	// Stderr is what the client wrote to its standard error, trimmed.
	Stderr string
	// Err is the error from running the client (usually *exec.ExitError).
	Err error
}

// Error implements error.
func (e *CommandError) Error() string {
	return fmt.Sprintf("%s: %v: %s", strings.Join(e.Command, " "), e.Err, e.Stderr)
}

// Unwrap returns the underlying run error.
func (e *CommandError) Unwrap() error { return e.Err }
