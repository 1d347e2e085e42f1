//go:build !linux

package cpuratio

import "time"

// ThreadClock falls back to the wall clock where the thread CPU clock is
// not read.
func ThreadClock() time.Duration { return time.Duration(time.Now().UnixNano()) }
