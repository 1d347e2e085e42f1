//go:build unix

package layer3tx

import (
	"syscall"
	"time"
)

// cpuTime is the CPU time the process has used, all threads together.
// Both sides of a commitment benchmark sign on several goroutines, so the
// thread clock would miss most of the work; on a machine shared with other
// jobs, process CPU time still counts only this process's work, where
// wall time counts the waiting too.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
