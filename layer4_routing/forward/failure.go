package forward

import (
	"fmt"

	"github.com/lnstack/lnstack/layer4_routing/failure"
)

// Failure is what to return for an incoming HTLC that is not forwarded:
// the BOLT #4 failure message with the data its code carries, how it goes
// back, and the rule that failed.
type Failure struct {
	// Message is the failure message (package failure encodes it into
	// the return packet).
	Message failure.Message
	// Malformed is set when the failure goes back in
	// update_fail_malformed_htlc rather than update_fail_htlc: BOLT #2,
	// "If path_key is set in the incoming update_add_htlc: MUST send an
	// update_fail_malformed_htlc error using the invalid_onion_blinding
	// failure code".
	Malformed bool
	// Reason is the rule that failed, one of this package's sentinel
	// errors (for logs and errors.Is; it is not sent).
	Reason error
}

// Code returns the failure code.
func (f *Failure) Code() failure.Code { return f.Message.Code() }

// Encode appends the failuremsg: the failure_code, then its data.
func (f *Failure) Encode(dst []byte) ([]byte, error) { return failure.Encode(dst, f.Message) }

// Error makes a Failure usable as an error: the code and the rule.
func (f *Failure) Error() string {
	if f.Reason != nil {
		return fmt.Sprintf("%s: %v", f.Code(), f.Reason)
	}
	return f.Code().String()
}

// Unwrap returns Reason.
func (f *Failure) Unwrap() error { return f.Reason }
