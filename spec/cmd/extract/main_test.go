package main

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"testing"

	"github.com/lnstack/lnstack/spec"
)

func TestRun(t *testing.T) {
	dir, err := spec.LocateBolts("../../..")
	if errors.Is(err, spec.ErrNoBolts) {
		t.Skipf("no BOLT markdown: %v", err)
	}
	if err != nil {
		t.Fatal(err)
	}
	var out, errs bytes.Buffer
	// The committed files are current.
	if code := run([]string{"-bolts", dir, "-out", "../..", "-check", "-q"}, &out, &errs); code != 0 {
		t.Fatalf("-check of spec/ = %d: %s", code, errs.String())
	}
	// Writing into an empty directory produces every file, and -check
	// then passes there; a changed file makes it fail.
	tmp := t.TempDir()
	if code := run([]string{"-bolts", dir, "-out", tmp, "-q"}, &out, &errs); code != 0 {
		t.Fatalf("extract = %d: %s", code, errs.String())
	}
	for _, name := range []string{"COMMIT", "bolt01.csv", "bolt02.csv", "bolt04.csv", "bolt04_failures.csv", "bolt07.csv", "bolt12.csv"} {
		if _, err := os.Stat(filepath.Join(tmp, name)); err != nil {
			t.Error(err)
		}
	}
	if err := os.WriteFile(filepath.Join(tmp, "bolt01.csv"), []byte("msgtype,init,16\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if code := run([]string{"-bolts", dir, "-out", tmp, "-check", "-q"}, &out, &errs); code != 1 {
		t.Errorf("-check of a changed file = %d, want 1", code)
	}
	if code := run([]string{"-bolts", t.TempDir()}, &out, &errs); code != 1 {
		t.Errorf("extract from an empty directory = %d, want 1", code)
	}
	if code := run([]string{"-nosuchflag"}, &out, &errs); code != 2 {
		t.Errorf("bad flag = %d, want 2", code)
	}
}
