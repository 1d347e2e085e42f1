//go:build linux

package cpuratio

import (
	"time"

	"golang.org/x/sys/unix"
)

// ThreadClock returns the CPU time the calling OS thread has used, or the
// wall clock if the kernel does not answer. A caller measuring with it
// locks its goroutine to its thread first (runtime.LockOSThread), as Run
// does.
func ThreadClock() time.Duration {
	var ts unix.Timespec
	if err := unix.ClockGettime(unix.CLOCK_THREAD_CPUTIME_ID, &ts); err != nil {
		return time.Duration(time.Now().UnixNano())
	}
	return time.Duration(ts.Nano())
}
