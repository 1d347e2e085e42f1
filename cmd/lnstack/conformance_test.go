package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"testing"

	"github.com/lnstack/lnstack/internal/conformance"
)

// TestConformanceDocCurrent fails when docs/CONFORMANCE.md is not what
// `make conformance` would write now.
func TestConformanceDocCurrent(t *testing.T) {
	rep, err := conformance.Run(0)
	if err != nil {
		t.Fatal(err)
	}
	have, err := os.ReadFile("../../docs/CONFORMANCE.md")
	if err != nil {
		t.Fatal(err)
	}
	if want := reportMarkdown(rep); string(have) != want {
		t.Fatal("docs/CONFORMANCE.md is stale: run `make conformance`")
	}
}

// TestConformanceJSONShape checks the --json contract: one object with
// spec_commit and bolts, each bolt with bolt, passed, total and failures.
func TestConformanceJSONShape(t *testing.T) {
	var out, errb bytes.Buffer
	code := run(context.Background(), &env{stdout: &out, stderr: &errb}, []string{"conformance", "--json"})
	if code != 0 && code != 1 {
		t.Fatalf("exit %d: %s", code, errb.String())
	}
	var got map[string]json.RawMessage
	if err := json.Unmarshal(out.Bytes(), &got); err != nil {
		t.Fatalf("not one JSON object: %v\n%s", err, out.String())
	}
	if len(got) != 2 || got["spec_commit"] == nil || got["bolts"] == nil {
		t.Fatalf("top-level keys: %v", keys(got))
	}
	var bolts []map[string]json.RawMessage
	if err := json.Unmarshal(got["bolts"], &bolts); err != nil {
		t.Fatal(err)
	}
	if len(bolts) == 0 {
		t.Fatal("no BOLTs in the report")
	}
	for _, b := range bolts {
		for _, k := range []string{"bolt", "passed", "total", "failures"} {
			if b[k] == nil {
				t.Errorf("bolt entry without %q: %v", k, keys(b))
			}
		}
		var fails []map[string]string
		if err := json.Unmarshal(b["failures"], &fails); err != nil {
			t.Fatalf("failures is not a list of objects: %v", err)
		}
		for _, f := range fails {
			if len(f) != 2 || f["vector"] == "" || f["error"] == "" {
				t.Errorf("failure entry %v: want exactly vector and error", f)
			}
		}
	}
	wantCode := 0
	var rep conformance.Report
	if err := json.Unmarshal(out.Bytes(), &rep); err != nil {
		t.Fatal(err)
	}
	if !rep.OK() {
		wantCode = 1
	}
	if code != wantCode {
		t.Errorf("exit code %d, want %d", code, wantCode)
	}
}

func keys[V any](m map[string]V) []string {
	var ks []string
	for k := range m {
		ks = append(ks, k)
	}
	return ks
}
