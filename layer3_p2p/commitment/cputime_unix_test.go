//go:build unix

package commitment

import (
	"syscall"
	"time"
)

// cpuTime is the CPU time the process has used, all threads together: on a
// machine shared with other work it measures what an operation costs,
// where wall time measures how long it waited too.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
