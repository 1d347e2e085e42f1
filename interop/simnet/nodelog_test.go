package simnet

import (
	"os"
	"path/filepath"
	"slices"
	"testing"
)

// TestNodeLog checks NodeLog on a file written by hand: only complete lines
// after the mark count, and LogLevel reads lnd's line format.
func TestNodeLog(t *testing.T) {
	path := filepath.Join(t.TempDir(), "lnd.log")
	if err := os.WriteFile(path, []byte("2024-01-01 00:00:00.000 [INF] SRVR: before\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	l := &NodeLog{Path: path}
	mark := l.Mark(t)
	f, err := os.OpenFile(path, os.O_APPEND|os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if _, err := f.WriteString("2024-01-01 00:00:01.000 [ERR] PEER: Peer(02ab): oops\npartial"); err != nil {
		t.Fatal(err)
	}
	got := l.LinesSince(t, mark)
	want := []string{"2024-01-01 00:00:01.000 [ERR] PEER: Peer(02ab): oops"}
	if !slices.Equal(got, want) {
		t.Errorf("LinesSince = %q, want %q", got, want)
	}
	for line, level := range map[string]string{
		want[0]:                                 "[ERR]",
		"2024-01-01 00:00:01.000 [WRN] PEER: x": "[WRN]",
		"no level":                              "",
	} {
		if got := LogLevel(line); got != level {
			t.Errorf("LogLevel(%q) = %q, want %q", line, got, level)
		}
	}
	if !mentionsAny(want[0], []string{"", "02ab"}) || mentionsAny(want[0], []string{"", "03cd"}) {
		t.Errorf("mentionsAny does not find exactly the key in %q", want[0])
	}
}
