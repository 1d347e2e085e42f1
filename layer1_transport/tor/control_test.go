package tor

import (
	"bufio"
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/lnstack/lnstack/layer1_transport/netaddr"
)

func testCtx(t *testing.T) context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	t.Cleanup(cancel)
	return ctx
}

func dialControl(t *testing.T, tor torInstance, opts ...ControlOption) *Controller {
	t.Helper()
	c, err := DialControl(testCtx(t), tor.controlAddr, opts...)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	return c
}

// currentOnions lists the onion services this control connection owns.
func currentOnions(t *testing.T, c *Controller) string {
	t.Helper()
	r, err := c.command(testCtx(t), "GETINFO onions/current")
	if err != nil {
		t.Fatal(err)
	}
	return strings.Join(r.lines, "\n")
}

// TestOnionServiceKeyPersistence runs ADD_ONION against a real tor: the
// first call creates and saves the key, the saved key gives the same address
// after DEL_ONION and on another tor with a fresh DataDirectory (so the
// address lives in our key file, not in tor's state).
func TestOnionServiceKeyPersistence(t *testing.T) {
	torA := startTor(t, "CookieAuthentication", "1")
	c := dialControl(t, torA)
	if !slices.Contains(c.Info().AuthMethods, "SAFECOOKIE") || c.Info().TorVersion == "" {
		t.Fatalf("PROTOCOLINFO: %+v", c.Info())
	}
	ctx := testCtx(t)
	keyFile := filepath.Join(t.TempDir(), "onion.key")
	cfg := OnionConfig{KeyFile: keyFile, Port: 9735, Target: "127.0.0.1:9735"}

	s1, err := c.AddOnion(ctx, cfg)
	if err != nil {
		t.Fatal(err)
	}
	fi, err := os.Stat(keyFile)
	if err != nil {
		t.Fatalf("key not saved: %v", err)
	}
	if fi.Mode().Perm() != 0o600 {
		t.Errorf("key file mode %v, want 0600", fi.Mode().Perm())
	}
	if _, err := loadKey(keyFile); err != nil {
		t.Fatal(err)
	}
	// The address is a checksum-valid v3 onion that parses back to itself.
	if a, err := netaddr.ParseAddress(s1.Addr.String()); err != nil || a != s1.Addr || s1.Addr.Port != 9735 {
		t.Fatalf("address %s: parsed %v, %v", s1.Addr, a, err)
	}
	if !strings.Contains(currentOnions(t, c), s1.ServiceID()) {
		t.Fatal("service not listed by tor after ADD_ONION")
	}

	// The same key while the service runs is a collision tor refuses.
	var ce *ControlError
	if _, err := c.AddOnion(ctx, cfg); !errors.As(err, &ce) {
		t.Fatalf("second ADD_ONION with a key in use: %v, want a ControlError", err)
	}

	if err := s1.Close(ctx); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(currentOnions(t, c), s1.ServiceID()) {
		t.Fatal("service still listed after DEL_ONION")
	}
	s2, err := c.AddOnion(ctx, cfg)
	if err != nil {
		t.Fatal(err)
	}
	if s2.Addr != s1.Addr {
		t.Fatalf("saved key gave %s, first run %s", s2.Addr, s1.Addr)
	}

	// Without a key file: a throwaway address, nothing written.
	eph, err := c.AddOnion(ctx, OnionConfig{})
	if err != nil {
		t.Fatal(err)
	}
	if eph.Addr.PubKey == s1.Addr.PubKey || eph.Addr.Port != netaddr.DefaultPort {
		t.Fatalf("ephemeral service %s", eph.Addr)
	}

	torB := startTor(t, "CookieAuthentication", "1")
	s3, err := dialControl(t, torB).AddOnion(ctx, cfg)
	if err != nil {
		t.Fatal(err)
	}
	if s3.Addr != s1.Addr {
		t.Fatalf("another tor with the saved key gave %s, want %s", s3.Addr, s1.Addr)
	}
}

func TestControlPasswordAndNull(t *testing.T) {
	bin := lookPath(t, "tor")
	out, err := exec.Command(bin, "--quiet", "--hash-password", "correct horse").Output()
	if err != nil {
		t.Fatalf("tor --hash-password: %v", err)
	}
	hashed := strings.TrimSpace(string(out))
	torP := startTor(t, "HashedControlPassword", hashed, "CookieAuthentication", "0")

	c := dialControl(t, torP, WithPassword("correct horse"))
	if !slices.Equal(c.Info().AuthMethods, []string{"HASHEDPASSWORD"}) {
		t.Fatalf("methods %v", c.Info().AuthMethods)
	}
	var ce *ControlError
	_, err = DialControl(testCtx(t), torP.controlAddr, WithPassword("wrong"))
	if !errors.Is(err, ErrAuth) || !errors.As(err, &ce) || ce.Code != 515 {
		t.Fatalf("wrong password: %v", err)
	}
	if _, err := DialControl(testCtx(t), torP.controlAddr); !errors.Is(err, ErrAuth) || errors.As(err, &ce) {
		t.Fatalf("no password for a password-only tor: %v", err)
	}
	if _, err := DialControl(testCtx(t), torP.controlAddr, WithPassword("a\r\nSIGNAL HALT")); !errors.Is(err, ErrBadArgument) {
		t.Fatalf("password with CRLF: %v", err)
	}

	torN := startTor(t, "CookieAuthentication", "0")
	n := dialControl(t, torN)
	if !slices.Equal(n.Info().AuthMethods, []string{"NULL"}) {
		t.Fatalf("methods %v", n.Info().AuthMethods)
	}
	if _, err := n.AddOnion(testCtx(t), OnionConfig{}); err != nil {
		t.Fatalf("ADD_ONION after NULL authentication: %v", err)
	}
}

// fakeControl serves one control connection with handle, for the cases a
// real tor cannot show (a tor that lies).
func fakeControl(t *testing.T, handle func(r *bufio.Reader, w net.Conn)) (addr string, wait func()) {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	done := make(chan struct{})
	go func() {
		defer close(done)
		c, err := ln.Accept()
		if err != nil {
			return
		}
		defer c.Close()
		_ = c.SetDeadline(time.Now().Add(30 * time.Second))
		handle(bufio.NewReader(c), c)
	}()
	t.Cleanup(func() {
		ln.Close()
		<-done
	})
	return ln.Addr().String(), func() { <-done }
}

// TestSafeCookieRejectsImpostor: a control port that cannot prove it knows
// the cookie never receives our proof.
func TestSafeCookieRejectsImpostor(t *testing.T) {
	cookie := filepath.Join(t.TempDir(), "cookie")
	secret := make([]byte, cookieLen)
	rand.Read(secret)
	if err := os.WriteFile(cookie, secret, 0o600); err != nil {
		t.Fatal(err)
	}
	got := make(chan string, 8)
	addr, wait := fakeControl(t, func(r *bufio.Reader, w net.Conn) {
		for {
			line, err := r.ReadString('\n')
			if err != nil {
				return
			}
			got <- strings.TrimSpace(line)
			switch {
			case strings.HasPrefix(line, "PROTOCOLINFO"):
				w.Write([]byte("250-PROTOCOLINFO 1\r\n250-AUTH METHODS=SAFECOOKIE COOKIEFILE=" + quote(cookie) + "\r\n250 OK\r\n"))
			case strings.HasPrefix(line, "AUTHCHALLENGE"):
				w.Write([]byte("250 AUTHCHALLENGE SERVERHASH=" + strings.Repeat("ab", 32) + " SERVERNONCE=" + strings.Repeat("cd", 32) + "\r\n"))
			default:
				w.Write([]byte("250 OK\r\n"))
			}
		}
	})
	_, err := DialControl(testCtx(t), addr)
	if !errors.Is(err, ErrServerHash) {
		t.Fatalf("impostor: %v, want ErrServerHash", err)
	}
	wait() // the client hung up, so the fake has seen every line
	close(got)
	for l := range got {
		if strings.HasPrefix(l, "AUTHENTICATE") {
			t.Fatalf("sent %q to an impostor", l)
		}
	}
}

func TestReadReply(t *testing.T) {
	reader := func(s string) *Controller {
		return &Controller{r: bufio.NewReaderSize(strings.NewReader(s), maxReplyLineLen)}
	}
	r, err := reader("650 STATUS_GENERAL NOTICE X\r\n" +
		"250-ServiceID=abc\r\n" +
		"250+onions/current=\r\nid1\r\n..dotted\r\n.\r\n" +
		"250 OK\r\n").readReply()
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"ServiceID=abc", "onions/current=\nid1\n.dotted", "OK"}
	if r.code != 250 || !slices.Equal(r.lines, want) {
		t.Fatalf("reply %d %q, want 250 %q", r.code, r.lines, want)
	}
	if r, err := reader("552 Unrecognized key\r\n").readReply(); err != nil || r.code != 552 {
		t.Fatalf("error reply: %v %v", r, err)
	}
	for _, bad := range []string{
		"25\r\n", "abc OK\r\n", "250*OK\r\n", "250-unterminated\r\n",
		"250+data without end\r\nx\r\n", "250 " + strings.Repeat("x", maxReplyLineLen) + "\r\n",
		strings.Repeat("250-x\r\n", maxReplyLines+1),
	} {
		if _, err := reader(bad).readReply(); err == nil {
			t.Errorf("%.40q: no error", bad)
		}
	}
}

func TestParseKeyValues(t *testing.T) {
	kv, err := parseKeyValues(`METHODS=COOKIE,SAFECOOKIE COOKIEFILE="/a b/\"c\"\\d\101" bare X=1`)
	if err != nil {
		t.Fatal(err)
	}
	if kv["METHODS"] != "COOKIE,SAFECOOKIE" || kv["COOKIEFILE"] != `/a b/"c"\dA` || kv["X"] != "1" || len(kv) != 3 {
		t.Fatalf("%q", kv)
	}
	for _, bad := range []string{`K="open`, `K="bad\1x"`, `K="trailing\`} {
		if _, err := parseKeyValues(bad); !errors.Is(err, ErrMalformedReply) {
			t.Errorf("%q: %v", bad, err)
		}
	}
}

func TestAddOnionRejectsBadInput(t *testing.T) {
	c := &Controller{} // the checks happen before anything is sent
	ctx := testCtx(t)
	for _, target := range []string{"127.0.0.1:1\r\nSIGNAL HALT", "a b", "a,b"} {
		if _, err := c.AddOnion(ctx, OnionConfig{Target: target}); !errors.Is(err, ErrBadArgument) {
			t.Errorf("target %q: %v", target, err)
		}
	}
	dir := t.TempDir()
	for name, content := range map[string]string{
		"rsa":    "RSA1024:AAAA",
		"short":  "ED25519-V3:" + hex.EncodeToString([]byte("x")),
		"inject": "ED25519-V3:AAAA Port=1,1.2.3.4:5",
	} {
		path := filepath.Join(dir, name)
		if err := os.WriteFile(path, []byte(content), 0o600); err != nil {
			t.Fatal(err)
		}
		if _, err := c.AddOnion(ctx, OnionConfig{KeyFile: path}); !errors.Is(err, ErrBadKeyFile) {
			t.Errorf("key file %s: %v", name, err)
		}
	}
}

// FuzzReadReply: the reply reader never panics, stays within its bounds and
// returns either a reply with a final code or an error.
func FuzzReadReply(f *testing.F) {
	for _, s := range []string{
		"250-PROTOCOLINFO 1\r\n250-AUTH METHODS=COOKIE,SAFECOOKIE COOKIEFILE=\"/x\"\r\n250-VERSION Tor=\"0.4.9.11\"\r\n250 OK\r\n",
		"250+onions/current=\r\na\r\n.\r\n250 OK\r\n",
		"650 EVENT\r\n515 Authentication failed\r\n",
		"250 AUTHCHALLENGE SERVERHASH=00 SERVERNONCE=11\r\n",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, in []byte) {
		c := &Controller{r: bufio.NewReaderSize(bytes.NewReader(in), maxReplyLineLen)}
		r, err := c.readReply()
		if err != nil {
			return
		}
		if r.code < 100 || r.code > 599 || len(r.lines) == 0 || len(r.lines) > maxReplyLines {
			t.Fatalf("reply %d with %d lines", r.code, len(r.lines))
		}
		for _, l := range r.lines {
			_, rest, _ := strings.Cut(l, " ")
			_, _ = parseKeyValues(rest)
		}
		_, _ = parseProtocolInfo(r.lines)
	})
}
