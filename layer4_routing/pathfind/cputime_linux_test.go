//go:build linux

package pathfind

import (
	"syscall"
	"time"
	"unsafe"
)

// clockThreadCPUTime is CLOCK_THREAD_CPUTIME_ID from <time.h>.
const clockThreadCPUTime = 3

// threadClock returns the CPU time the calling OS thread has used. The
// latency benchmarks read it besides the wall clock, so that time spent
// descheduled on a shared machine does not count as search time; they
// lock the goroutine to its thread first.
func threadClock() time.Duration {
	var ts syscall.Timespec
	_, _, errno := syscall.Syscall(syscall.SYS_CLOCK_GETTIME, clockThreadCPUTime, uintptr(unsafe.Pointer(&ts)), 0)
	if errno != 0 {
		return time.Duration(time.Now().UnixNano())
	}
	return time.Duration(ts.Nano())
}
