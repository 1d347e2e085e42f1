//go:build linux

package layer5invoice

import (
	"time"

	"golang.org/x/sys/unix"
)

// threadClock returns the CPU time the calling OS thread has used (see
// runRatio).
func threadClock() time.Duration {
	var ts unix.Timespec
	if err := unix.ClockGettime(unix.CLOCK_THREAD_CPUTIME_ID, &ts); err != nil {
		return time.Duration(time.Now().UnixNano())
	}
	return time.Duration(ts.Nano())
}
