//go:build !unix

package cpuratio

import "time"

// ProcessClock is not measured here: it always returns 0, and callers then
// report wall time only.
func ProcessClock() time.Duration { return 0 }
