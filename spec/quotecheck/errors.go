package quotecheck

import "errors"

// ErrNoBolt is reported (wrapped) for a quote of a BOLT that is not in the
// BOLT directory.
var ErrNoBolt = errors.New("quotecheck: no such BOLT")
