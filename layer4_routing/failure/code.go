package failure

import "fmt"

// Code is a failure_code: a 2-byte type whose top bits are flags. BOLT #4:
// "The top byte of failure_code can be read as a set of flags".
type Code uint16

// The flags.
const (
	// BadOnion (0x8000): "unparsable onion encrypted by sending peer".
	BadOnion Code = 0x8000
	// Perm (0x4000): "permanent failure (otherwise transient)".
	Perm Code = 0x4000
	// Node (0x2000): "node failure (otherwise channel)".
	Node Code = 0x2000
	// Update (0x1000): "channel forwarding parameter was violated".
	Update Code = 0x1000
)

// The failure codes of BOLT #4 "Failure Messages", flags included.
const (
	CodeTemporaryNodeFailure             = Node | 2
	CodePermanentNodeFailure             = Perm | Node | 2
	CodeRequiredNodeFeatureMissing       = Perm | Node | 3
	CodeInvalidOnionVersion              = BadOnion | Perm | 4
	CodeInvalidOnionHMAC                 = BadOnion | Perm | 5
	CodeInvalidOnionKey                  = BadOnion | Perm | 6
	CodeTemporaryChannelFailure          = Update | 7
	CodePermanentChannelFailure          = Perm | 8
	CodeRequiredChannelFeatureMissing    = Perm | 9
	CodeUnknownNextPeer                  = Perm | 10
	CodeAmountBelowMinimum               = Update | 11
	CodeFeeInsufficient                  = Update | 12
	CodeIncorrectCLTVExpiry              = Update | 13
	CodeExpiryTooSoon                    = Update | 14
	CodeIncorrectOrUnknownPaymentDetails = Perm | 15
	CodeFinalIncorrectCLTVExpiry         = 18
	CodeFinalIncorrectHTLCAmount         = 19
	CodeChannelDisabled                  = Update | 20
	CodeExpiryTooFar                     = 21
	CodeInvalidOnionPayload              = Perm | 22
	CodeMPPTimeout                       = 23
	CodeInvalidOnionBlinding             = BadOnion | Perm | 24
)

// IsBadOnion reports the BADONION flag.
func (c Code) IsBadOnion() bool { return c&BadOnion != 0 }

// IsPerm reports the PERM flag.
func (c Code) IsPerm() bool { return c&Perm != 0 }

// IsNode reports the NODE flag.
func (c Code) IsNode() bool { return c&Node != 0 }

// IsUpdate reports the UPDATE flag.
func (c Code) IsUpdate() bool { return c&Update != 0 }

// Name returns the BOLT name of a known code, or "" (from Table).
func (c Code) Name() string {
	if e, ok := Lookup(c); ok {
		return e.Name
	}
	return ""
}

// String returns the name, or the flags and number of an unknown code
// ("BADONION|PERM|30").
func (c Code) String() string {
	if n := c.Name(); n != "" {
		return n
	}
	s := ""
	for _, f := range [...]struct {
		flag Code
		name string
	}{{BadOnion, "BADONION"}, {Perm, "PERM"}, {Node, "NODE"}, {Update, "UPDATE"}} {
		if c&f.flag != 0 {
			s += f.name + "|"
		}
	}
	return fmt.Sprintf("%s%d", s, uint16(c&0x0fff))
}
