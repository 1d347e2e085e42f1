package simnet

import "syscall"

// childProcAttr makes the kernel kill a child if the test binary dies
// without running its cleanups (a panic in another goroutine, a timeout
// kill), so that no lnd or btcd outlives the run.
func childProcAttr() *syscall.SysProcAttr {
	return &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL}
}
