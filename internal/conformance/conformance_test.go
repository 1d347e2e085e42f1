package conformance

import (
	"testing"

	"github.com/lnstack/lnstack/testvectors"
)

// TestVectors runs every transcribed vector as a subtest. A vector that is
// transcribed and has a runner must pass; vectors not transcribed yet are
// reported by `lnstack conformance` but do not fail this test.
func TestVectors(t *testing.T) {
	files, err := testvectors.LoadAll()
	if err != nil {
		t.Fatal(err)
	}
	runners := Runners()
	for _, f := range files {
		run, ok := runners[f.Kind]
		if !ok {
			continue
		}
		for _, v := range f.Vectors {
			t.Run(f.Path+"/"+v.Name, func(t *testing.T) {
				if err := run(v); err != nil {
					t.Fatal(err)
				}
			})
		}
	}
}

// TestReportConsistent checks that the report adds up: every BOLT's failures
// plus passes equal its total, and a transcribed vector with a runner never
// fails.
func TestReportConsistent(t *testing.T) {
	rep, err := Run(0)
	if err != nil {
		t.Fatal(err)
	}
	for _, b := range rep.Bolts {
		if b.Passed+len(b.Failures) != b.Total {
			t.Errorf("BOLT %d: %d passed + %d failed != %d total", b.Bolt, b.Passed, len(b.Failures), b.Total)
		}
		for _, f := range b.Failures {
			if !f.Missing {
				t.Errorf("BOLT %d: %s: %s", b.Bolt, f.Vector, f.Error)
			}
		}
	}
}
