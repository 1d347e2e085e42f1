//go:build linux

package layer4onion

import (
	"time"

	"golang.org/x/sys/unix"
)

// threadClock returns the CPU time the calling OS thread has used. The
// ratio benchmarks read it rather than the wall clock, so that time spent
// descheduled on a shared machine counts for neither side; they lock the
// goroutine to its thread first.
func threadClock() time.Duration {
	var ts unix.Timespec
	if err := unix.ClockGettime(unix.CLOCK_THREAD_CPUTIME_ID, &ts); err != nil {
		return time.Duration(time.Now().UnixNano())
	}
	return time.Duration(ts.Nano())
}
