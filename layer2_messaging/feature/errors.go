package feature

import (
	"errors"
	"fmt"
	"strings"
)

// Sentinel errors. Every error this package returns wraps one of them.
var (
	// ErrUnknownRequiredFeature: the remote vector sets an even (compulsory)
	// bit of a feature the local node does not offer. BOLT #1: "upon
	// receiving unknown even feature bits that are non-zero: MUST close the
	// connection." The error is an *UnknownRequiredError naming the bits.
	ErrUnknownRequiredFeature = errors.New("feature: unknown required feature")

	// ErrMissingDependency: a feature is set without a feature it depends
	// on. BOLT #1: "if the feature vector does not set all known, transitive
	// dependencies: MUST close the connection." The error is a
	// *DependencyError.
	ErrMissingDependency = errors.New("feature: missing dependency")

	// ErrWrongContext: a feature is set where the BOLT #9 Context column
	// does not present it, or with the wrong parity for C- and C+. The error
	// is a *ContextError.
	ErrWrongContext = errors.New("feature: not allowed in this context")
)

// UnknownRequiredError lists the even bits a remote node requires that the
// local node does not know.
type UnknownRequiredError struct {
	Bits []Bit
}

// Error lists the bits and their names.
func (e *UnknownRequiredError) Error() string {
	s := make([]string, len(e.Bits))
	for i, b := range e.Bits {
		s[i] = Name(b)
	}
	return fmt.Sprintf("%v: bits %v (%s)", ErrUnknownRequiredFeature, e.Bits, strings.Join(s, ", "))
}

// Is makes errors.Is(err, ErrUnknownRequiredFeature) true.
func (e *UnknownRequiredError) Is(target error) bool { return target == ErrUnknownRequiredFeature }

// DependencyError names a feature set without one it depends on.
type DependencyError struct {
	Feature Bit // the bit that is set
	Needs   Bit // the even bit of the feature it needs
}

// Error names both features.
func (e *DependencyError) Error() string {
	return fmt.Sprintf("%v: %s needs %s", ErrMissingDependency, Name(e.Feature), Name(e.Needs))
}

// Is makes errors.Is(err, ErrMissingDependency) true.
func (e *DependencyError) Is(target error) bool { return target == ErrMissingDependency }

// ContextError names a bit set where it is not allowed.
type ContextError struct {
	Bit     Bit
	Context Context
}

// Error names the bit and the context.
func (e *ContextError) Error() string {
	return fmt.Sprintf("%v: bit %d (%s) in context %s", ErrWrongContext, e.Bit, Name(e.Bit), e.Context)
}

// Is makes errors.Is(err, ErrWrongContext) true.
func (e *ContextError) Is(target error) bool { return target == ErrWrongContext }
