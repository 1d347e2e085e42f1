package simnet

import (
	"bytes"
	"context"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// Bounds on how long stopping one process may take. lnd usually stops in one
// to three seconds after `lncli stop`; the rest is slack for a loaded machine.
const (
	gracefulStopWait = 20 * time.Second
	interruptWait    = 10 * time.Second
	killWait         = 5 * time.Second
	pollInterval     = 200 * time.Millisecond
)

// process is one child process the harness started and owns. Its Wait runs
// in a goroutine owned by the process value; the goroutine ends when the
// child exits, which stop guarantees.
type process struct {
	name    string
	cmd     *exec.Cmd
	logPath string
	done    chan struct{} // closed once the child has exited
	waitErr error         // valid after done is closed
}

// startProcess starts bin with args, its standard output and error going to
// logPath, with HOME pointed at home so that nothing reads or writes the
// user's own configuration.
func startProcess(name, bin string, args []string, logPath, home string) (*process, error) {
	logFile, err := os.Create(logPath)
	if err != nil {
		return nil, err
	}
	cmd := exec.Command(bin, args...)
	cmd.Stdout = logFile
	cmd.Stderr = logFile
	cmd.Env = childEnv(home)
	cmd.SysProcAttr = childProcAttr()
	if err := cmd.Start(); err != nil {
		logFile.Close()
		return nil, fmt.Errorf("start %s: %w", name, err)
	}
	p := &process{name: name, cmd: cmd, logPath: logPath, done: make(chan struct{})}
	go func() {
		p.waitErr = cmd.Wait()
		logFile.Close()
		close(p.done)
	}()
	return p, nil
}

// childEnv is the parent's environment with HOME replaced.
func childEnv(home string) []string {
	env := make([]string, 0, len(os.Environ())+1)
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "HOME=") {
			env = append(env, kv)
		}
	}
	return append(env, "HOME="+home)
}

// pid is the child's process id.
func (p *process) pid() int { return p.cmd.Process.Pid }

// exited reports whether the child has exited.
func (p *process) exited() bool {
	select {
	case <-p.done:
		return true
	default:
		return false
	}
}

// exitErr describes an early exit, with the tail of the process's log.
func (p *process) exitErr() error {
	return fmt.Errorf("%w: %s (pid %d): %v\n%s", ErrExited, p.name, p.pid(), p.waitErr,
		tailFile(p.logPath, 20))
}

// waitExit waits up to d for the child to exit.
func (p *process) waitExit(d time.Duration) bool {
	timer := time.NewTimer(d)
	defer timer.Stop()
	select {
	case <-p.done:
		return true
	case <-timer.C:
		return false
	}
}

// stop ends the child: graceful (if not nil) asks it to stop, otherwise
// SIGINT; after a bounded wait SIGINT again, then SIGKILL. Only this child's
// pid is signalled. It returns an error only if the child is still alive at
// the end.
func (p *process) stop(graceful func(context.Context) error) error {
	if p.exited() {
		return nil
	}
	asked := false
	if graceful != nil {
		ctx, cancel := context.WithTimeout(context.Background(), interruptWait)
		asked = graceful(ctx) == nil
		cancel()
	}
	if !asked {
		_ = p.cmd.Process.Signal(os.Interrupt)
	}
	if p.waitExit(gracefulStopWait) {
		return nil
	}
	if asked {
		_ = p.cmd.Process.Signal(os.Interrupt)
		if p.waitExit(interruptWait) {
			return nil
		}
	}
	_ = p.cmd.Process.Signal(syscall.SIGKILL)
	if p.waitExit(killWait) {
		return fmt.Errorf("simnet: %s (pid %d) did not stop in time and was killed", p.name, p.pid())
	}
	return fmt.Errorf("simnet: %s (pid %d) survived SIGKILL", p.name, p.pid())
}

// runClient runs a command-line client to completion and returns its
// standard output.
func runClient(ctx context.Context, home, bin string, args ...string) ([]byte, error) {
	cmd := exec.CommandContext(ctx, bin, args...)
	cmd.Env = childEnv(home)
	cmd.WaitDelay = killWait
	var stdout, stderr bytes.Buffer
	cmd.Stdout = &stdout
	cmd.Stderr = &stderr
	if err := cmd.Run(); err != nil {
		return stdout.Bytes(), &CommandError{
			Command: append([]string{filepath.Base(bin)}, args...),
			Stderr:  strings.TrimSpace(stderr.String()),
			Err:     err,
		}
	}
	return stdout.Bytes(), nil
}

// pollUntil calls check every pollInterval until it reports done, returns an
// error, the process exits or ctx ends. The last check error is kept to
// explain a timeout.
func pollUntil(ctx context.Context, p *process, what string, check func(context.Context) (bool, error)) error {
	ticker := time.NewTicker(pollInterval)
	defer ticker.Stop()
	var last error
	for {
		ok, err := check(ctx)
		if ok && err == nil {
			return nil
		}
		last = err
		if p != nil && p.exited() {
			return fmt.Errorf("waiting for %s: %w", what, p.exitErr())
		}
		select {
		case <-ctx.Done():
			return fmt.Errorf("%w: %s: %w (last check: %v)", ErrNotReady, what, ctx.Err(), last)
		case <-ticker.C:
		}
	}
}

// freePorts returns n distinct TCP ports that were free on 127.0.0.1 a
// moment ago. All listeners are held until every port is chosen so that the
// kernel does not hand the same port out twice.
func freePorts(n int) ([]int, error) {
	ports := make([]int, 0, n)
	listeners := make([]net.Listener, 0, n)
	defer func() {
		for _, l := range listeners {
			l.Close()
		}
	}()
	for range n {
		l, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			return nil, err
		}
		listeners = append(listeners, l)
		ports = append(ports, l.Addr().(*net.TCPAddr).Port)
	}
	return ports, nil
}

// loopback is 127.0.0.1:port.
func loopback(port int) string { return net.JoinHostPort("127.0.0.1", strconv.Itoa(port)) }

// tailFile returns the last n lines of a file, for failure reports.
func tailFile(path string, n int) string {
	data, err := os.ReadFile(path)
	if err != nil {
		return fmt.Sprintf("(%s: %v)", path, err)
	}
	lines := strings.Split(strings.TrimRight(string(data), "\n"), "\n")
	if len(lines) > n {
		lines = lines[len(lines)-n:]
	}
	return "----- " + path + "\n" + strings.Join(lines, "\n")
}
