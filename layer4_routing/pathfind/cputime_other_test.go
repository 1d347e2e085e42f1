//go:build !linux

package pathfind

import "time"

// threadClock falls back to the wall clock where the thread CPU clock is
// not read.
func threadClock() time.Duration { return time.Duration(time.Now().UnixNano()) }
