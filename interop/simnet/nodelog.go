package simnet

import (
	"bytes"
	"context"
	"os"
	"strings"
	"testing"
	"time"
)

// DefaultLogWait is how long NodeLog waits for a line when its Wait is 0.
const DefaultLogWait = 30 * time.Second

// NodeLog reads an lnd node's log file from a remembered offset on, for
// tests that check what lnd said about their connection: Mark before
// connecting, then wait for and check the lines written since.
type NodeLog struct {
	// Path is the log file (Node.LogPath).
	Path string
	// Wait bounds every wait for a line (DefaultLogWait when 0).
	Wait time.Duration
}

// Mark returns the current end of the log.
func (l *NodeLog) Mark(t testing.TB) int64 {
	t.Helper()
	st, err := os.Stat(l.Path)
	if err != nil {
		t.Fatal(err)
	}
	return st.Size()
}

// LinesSince returns the complete lines written after offset.
func (l *NodeLog) LinesSince(t testing.TB, offset int64) []string {
	t.Helper()
	data, err := os.ReadFile(l.Path)
	if err != nil {
		t.Fatal(err)
	}
	if offset > int64(len(data)) {
		t.Fatalf("%s shrank below offset %d (rotated?)", l.Path, offset)
	}
	data = data[offset:]
	i := bytes.LastIndexByte(data, '\n')
	if i < 0 {
		return nil
	}
	return strings.Split(string(data[:i]), "\n")
}

// WaitLine waits until lnd writes, after offset, a line that match
// accepts, and returns it; what names the line in the failure.
func (l *NodeLog) WaitLine(ctx context.Context, t testing.TB, offset int64, what string, match func(string) bool) string {
	t.Helper()
	wait := l.Wait
	if wait == 0 {
		wait = DefaultLogWait
	}
	ctx, cancel := context.WithTimeout(ctx, wait)
	defer cancel()
	for {
		for _, line := range l.LinesSince(t, offset) {
			if match(line) {
				return line
			}
		}
		select {
		case <-ctx.Done():
			t.Fatalf("lnd did not log %s: %v", what, ctx.Err())
		case <-time.After(100 * time.Millisecond):
		}
	}
}

// WaitDisconnect waits until lnd logs, after offset, that it is done with
// the peer pubKey (hex), so that whatever lnd had to say about the
// connection is in the log.
func (l *NodeLog) WaitDisconnect(ctx context.Context, t testing.TB, offset int64, pubKey string) {
	t.Helper()
	needle := "PEER: Peer(" + pubKey + "): disconnecting"
	l.WaitLine(ctx, t, offset, "the disconnection of "+pubKey, func(line string) bool {
		return strings.Contains(line, needle)
	})
}

// CheckNoErrors fails the test for every error or critical line lnd wrote
// after offset that contains one of about (a peer's key, its address...;
// empty strings are ignored), and logs the warnings that do: lnd warns,
// for one, when a peer leaves before sending init.
func (l *NodeLog) CheckNoErrors(t testing.TB, offset int64, about ...string) {
	t.Helper()
	for _, line := range l.LinesSince(t, offset) {
		if !mentionsAny(line, about) {
			continue
		}
		switch LogLevel(line) {
		case "[ERR]", "[CRT]":
			t.Errorf("lnd logged an error about our connection: %s", line)
		case "[WRN]":
			t.Logf("lnd warned about our connection: %s", line)
		}
	}
}

// mentionsAny reports whether line contains one of the non-empty needles.
func mentionsAny(line string, needles []string) bool {
	for _, n := range needles {
		if n != "" && strings.Contains(line, n) {
			return true
		}
	}
	return false
}

// LogLevel returns the level of an lnd log line ("2006-01-02
// 15:04:05.000 [ERR] SUBS: text"): "[ERR]", "[WRN]"..., or "" for a line
// of another shape.
func LogLevel(line string) string {
	f := strings.SplitN(line, " ", 4)
	if len(f) < 4 {
		return ""
	}
	return f[2]
}
