package spec

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"
)

// TestSpecDrift re-extracts the formats from the pinned BOLT markdown (in
// ../shared/bolts beside the repository, or $LNSTACK_BOLTS) and fails when
// the committed CSV files or COMMIT differ: regenerate them with
// `go run ./spec/cmd/extract -bolts ../shared/bolts -out spec`.
func TestSpecDrift(t *testing.T) {
	dir, err := LocateBolts("..")
	if errors.Is(err, ErrNoBolts) {
		t.Skipf("no BOLT markdown (%v): set %s or place the BOLTs in ../shared/bolts to check spec/ against them", err, EnvBolts)
	}
	if err != nil {
		t.Fatal(err)
	}
	abs, err := filepath.Abs(dir)
	if err != nil {
		t.Fatal(err)
	}
	files, notes, err := ExtractDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, n := range notes {
		t.Log("note:", n)
	}
	committed := map[string]bool{}
	names, err := fs.Glob(Files(), "*")
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range names {
		committed[name] = true
		if _, ok := files[name]; !ok {
			t.Errorf("spec/%s is committed but the extraction of %s does not produce it", name, dir)
		}
	}
	for _, name := range FileNames(files) {
		old, err := fs.ReadFile(Files(), name)
		if err != nil {
			t.Errorf("spec/%s: %v (the extraction of %s produces it)", name, err, dir)
			continue
		}
		if d := firstDiff(old, files[name]); d != "" {
			t.Errorf("spec/%s drifted from %s: %s\n\tregenerate from the repository root: go run ./spec/cmd/extract -bolts %s -out spec", name, dir, d, abs)
		}
	}
	// The fresh extraction must hold together too.
	mfs := fstest.MapFS{}
	for name, data := range files {
		mfs[name] = &fstest.MapFile{Data: data}
	}
	if _, err := Parse(mfs); err != nil {
		t.Errorf("the fresh extraction does not hold together: %v", err)
	}
}

// firstDiff describes the first line where got differs from want, or "".
func firstDiff(committed, extracted []byte) string {
	if bytes.Equal(committed, extracted) {
		return ""
	}
	a := strings.Split(string(committed), "\n")
	b := strings.Split(string(extracted), "\n")
	for i := 0; i < len(a) || i < len(b); i++ {
		var x, y string
		if i < len(a) {
			x = a[i]
		}
		if i < len(b) {
			y = b[i]
		}
		if x != y {
			return fmt.Sprintf("line %d: committed %q, extracted %q", i+1, x, y)
		}
	}
	return "bytes differ"
}

func TestFirstDiff(t *testing.T) {
	if d := firstDiff([]byte("a\nb\n"), []byte("a\nb\n")); d != "" {
		t.Errorf("equal files differ: %s", d)
	}
	if d := firstDiff([]byte("a\nb\n"), []byte("a\nc\n")); !strings.Contains(d, "line 2") {
		t.Errorf("diff %q does not name line 2", d)
	}
}
