package tor

import (
	"bufio"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

// lookPath returns the binary's path or skips the test.
func lookPath(t *testing.T, name string) string {
	t.Helper()
	p, err := exec.LookPath(name)
	if err != nil {
		t.Skipf("%s not installed (scripts/test-deps.sh installs it): %v", name, err)
	}
	return p
}

// freePort returns a TCP port on 127.0.0.1 that was free a moment ago.
func freePort(t *testing.T) int {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().(*net.TCPAddr).Port
}

// startProcess starts cmd and kills it at the end of the test. The returned
// channel closes when the process exits.
func startProcess(t *testing.T, cmd *exec.Cmd) <-chan struct{} {
	t.Helper()
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	exited := make(chan struct{})
	go func() {
		_ = cmd.Wait()
		close(exited)
	}()
	t.Cleanup(func() {
		_ = cmd.Process.Kill()
		select {
		case <-exited:
		case <-time.After(10 * time.Second):
			t.Errorf("%s did not exit after kill", cmd.Path)
		}
	})
	return exited
}

// startMicrosocks runs a real SOCKS5 proxy on 127.0.0.1 and returns its
// address. The port is picked free then bound by microsocks; a lost race
// shows as the process exiting, and is retried.
func startMicrosocks(t *testing.T) string {
	t.Helper()
	bin := lookPath(t, "microsocks")
	for attempt := 0; attempt < 3; attempt++ {
		addr := net.JoinHostPort("127.0.0.1", strconv.Itoa(freePort(t)))
		_, port, _ := net.SplitHostPort(addr)
		exited := startProcess(t, exec.Command(bin, "-i", "127.0.0.1", "-p", port))
		deadline := time.Now().Add(10 * time.Second)
		for time.Now().Before(deadline) {
			select {
			case <-exited:
				deadline = time.Time{} // port taken: try another
				continue
			default:
			}
			if c, err := net.DialTimeout("tcp", addr, time.Second); err == nil {
				c.Close()
				return addr
			}
			time.Sleep(20 * time.Millisecond)
		}
	}
	t.Fatal("microsocks did not start")
	return ""
}

// torInstance is a real tor daemon with networking disabled: only its
// control port works, which is all ADD_ONION needs.
type torInstance struct {
	controlAddr string
	dataDir     string
}

// startTor runs tor with a fresh DataDirectory, SocksPort 0, DisableNetwork
// 1 and a control port on 127.0.0.1 (port chosen by tor and written to a
// file, so there is no race for it). Extra torrc options are "Key", "Value"
// pairs. Tor also exits by itself if the test process dies
// (__OwningControllerProcess).
func startTor(t *testing.T, extra ...string) torInstance {
	t.Helper()
	bin := lookPath(t, "tor")
	dir := t.TempDir()
	empty := filepath.Join(dir, "torrc")
	if err := os.WriteFile(empty, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	portFile := filepath.Join(dir, "control-port")
	dataDir := filepath.Join(dir, "data")
	args := []string{
		"-f", empty, "--defaults-torrc", empty,
		"DataDirectory", dataDir,
		"DisableNetwork", "1",
		"SocksPort", "0",
		"ControlPort", "auto",
		"ControlPortWriteToFile", portFile,
		"__OwningControllerProcess", strconv.Itoa(os.Getpid()),
		"Log", "notice file " + filepath.Join(dir, "tor.log"),
	}
	args = append(args, extra...)
	exited := startProcess(t, exec.Command(bin, args...))
	deadline := time.Now().Add(30 * time.Second)
	for time.Now().Before(deadline) {
		select {
		case <-exited:
			log, _ := os.ReadFile(filepath.Join(dir, "tor.log"))
			t.Fatalf("tor exited at start:\n%s", log)
		default:
		}
		if b, err := os.ReadFile(portFile); err == nil {
			if addr, ok := strings.CutPrefix(strings.TrimSpace(string(b)), "PORT="); ok {
				return torInstance{controlAddr: addr, dataDir: dataDir}
			}
		}
		time.Sleep(20 * time.Millisecond)
	}
	t.Fatal("tor did not write its control port within 30s")
	return torInstance{}
}

// socksRequest is what a client sent to the recorder.
type socksRequest struct {
	methods  []byte // authentication methods offered
	user     string
	password string
	atyp     byte // 1 IPv4, 3 domain name, 4 IPv6
	host     string
	port     uint16
}

// socksRecorder is a minimal SOCKS5 server that records each request and
// connects every stream to one fixed target (or, with no target, replies
// success and hangs up). It exists to show what a real proxy cannot: the
// exact credentials and address type the client sent.
type socksRecorder struct {
	ln     net.Listener
	target string
	mu     sync.Mutex
	reqs   []socksRequest
	wg     sync.WaitGroup
	conns  map[net.Conn]struct{}
}

func startRecorder(t *testing.T, target string) *socksRecorder {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	r := &socksRecorder{ln: ln, target: target, conns: make(map[net.Conn]struct{})}
	r.wg.Add(1)
	go r.serve()
	t.Cleanup(func() {
		ln.Close()
		r.mu.Lock()
		for c := range r.conns {
			c.Close()
		}
		r.mu.Unlock()
		r.wg.Wait()
	})
	return r
}

func (r *socksRecorder) addr() string { return r.ln.Addr().String() }

func (r *socksRecorder) requests() []socksRequest {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]socksRequest(nil), r.reqs...)
}

// track remembers c so the test's cleanup can close it.
func (r *socksRecorder) track(c net.Conn) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.conns[c] = struct{}{}
}

func (r *socksRecorder) serve() {
	defer r.wg.Done()
	for {
		c, err := r.ln.Accept()
		if err != nil {
			return
		}
		r.track(c)
		r.wg.Add(1)
		go func() {
			defer r.wg.Done()
			defer c.Close()
			_ = c.SetDeadline(time.Now().Add(30 * time.Second))
			req, err := readSOCKSRequest(c)
			if err != nil {
				return
			}
			r.mu.Lock()
			r.reqs = append(r.reqs, req)
			r.mu.Unlock()
			// Reply: succeeded, bound to 0.0.0.0:0.
			if _, err := c.Write([]byte{5, 0, 0, 1, 0, 0, 0, 0, 0, 0}); err != nil || r.target == "" {
				return
			}
			up, err := net.Dial("tcp", r.target)
			if err != nil {
				return
			}
			r.track(up)
			defer up.Close()
			_ = c.SetDeadline(time.Time{})
			done := make(chan struct{})
			go func() {
				_, _ = io.Copy(up, c)
				up.Close()
				close(done)
			}()
			_, _ = io.Copy(c, up)
			c.Close()
			<-done
		}()
	}
}

// readSOCKSRequest reads the greeting, the RFC 1929 sub-negotiation when the
// client offers username/password (it is then chosen), and the CONNECT.
func readSOCKSRequest(c net.Conn) (socksRequest, error) {
	var req socksRequest
	br := bufio.NewReader(c)
	hdr := make([]byte, 2)
	if _, err := io.ReadFull(br, hdr); err != nil || hdr[0] != 5 {
		return req, errors.New("bad greeting")
	}
	req.methods = make([]byte, hdr[1])
	if _, err := io.ReadFull(br, req.methods); err != nil {
		return req, err
	}
	method := byte(0)
	for _, m := range req.methods {
		if m == 2 {
			method = 2
		}
	}
	if _, err := c.Write([]byte{5, method}); err != nil {
		return req, err
	}
	readStr := func() (string, error) {
		n, err := br.ReadByte()
		if err != nil {
			return "", err
		}
		b := make([]byte, n)
		_, err = io.ReadFull(br, b)
		return string(b), err
	}
	if method == 2 {
		if v, err := br.ReadByte(); err != nil || v != 1 {
			return req, errors.New("bad auth version")
		}
		var err error
		if req.user, err = readStr(); err != nil {
			return req, err
		}
		if req.password, err = readStr(); err != nil {
			return req, err
		}
		if _, err := c.Write([]byte{1, 0}); err != nil {
			return req, err
		}
	}
	head := make([]byte, 4)
	if _, err := io.ReadFull(br, head); err != nil || head[0] != 5 || head[1] != 1 {
		return req, errors.New("not a CONNECT")
	}
	req.atyp = head[3]
	switch req.atyp {
	case 1, 4:
		ip := make([]byte, 4)
		if req.atyp == 4 {
			ip = make([]byte, 16)
		}
		if _, err := io.ReadFull(br, ip); err != nil {
			return req, err
		}
		req.host = net.IP(ip).String()
	case 3:
		h, err := readStr()
		if err != nil {
			return req, err
		}
		req.host = h
	default:
		return req, fmt.Errorf("address type %d", req.atyp)
	}
	var port [2]byte
	if _, err := io.ReadFull(br, port[:]); err != nil {
		return req, err
	}
	req.port = binary.BigEndian.Uint16(port[:])
	return req, nil
}
