//go:build unix

package cpuratio

import (
	"syscall"
	"time"
)

// ProcessClock returns the CPU time the process has used, all threads
// together (user and system), or 0 if the kernel does not answer. It is the
// clock for work that runs on several goroutines, which the thread clock
// would mostly miss; on a machine shared with other jobs it still counts
// only this process's work, where the wall clock counts the waiting too.
func ProcessClock() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
