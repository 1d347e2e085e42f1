// Package conformance runs every BOLT test vector in testvectors/ through the
// real lnstack packages and reports, per BOLT, how many pass of how many the
// BOLT holds at the pinned commit. It backs `lnstack conformance` and its
// table test, so the command and `go test` can never disagree.
//
// Each BOLT has one file here (bolt01.go, bolt08.go, ...) with a table from
// vector kind to the function that checks one vector of that kind; Runners
// joins those tables. A vector whose kind has no runner, and a vector the
// manifest counts but testvectors/ does not yet hold, both count as failures.
package conformance

import (
	"errors"
	"fmt"
	"sort"

	"github.com/lnstack/lnstack/testvectors"
)

// RunFunc checks one vector: nil when the implementation reproduces it.
type RunFunc func(v testvectors.Vector) error

// Runners returns the table from vector kind to its checker, joined from the
// per-BOLT tables.
func Runners() map[string]RunFunc {
	all := make(map[string]RunFunc)
	for _, table := range []map[string]RunFunc{
		bolt01Runners(),
		bolt02Runners(),
		bolt03Runners(),
		bolt04Runners(),
		bolt07Runners(),
		bolt08Runners(),
		bolt11Runners(),
		bolt12Runners(),
	} {
		for kind, f := range table {
			all[kind] = f
		}
	}
	return all
}

// Failure is one vector that did not pass.
type Failure struct {
	Vector string `json:"vector"`
	Error  string `json:"error"`

	// Missing is true when the vector was never run: it is not transcribed
	// yet, or no runner exists for its kind. It still counts as a failure.
	Missing bool `json:"-"`
}

// BoltResult is one BOLT's line of the report.
type BoltResult struct {
	Bolt     int       `json:"bolt"`
	Passed   int       `json:"passed"`
	Total    int       `json:"total"`
	Failures []Failure `json:"failures"`
}

// Report is what `lnstack conformance --json` prints.
type Report struct {
	SpecCommit string       `json:"spec_commit"`
	Bolts      []BoltResult `json:"bolts"`
}

// OK reports whether every vector of every BOLT in the report passed.
func (r Report) OK() bool {
	for _, b := range r.Bolts {
		if b.Passed != b.Total {
			return false
		}
	}
	return true
}

// Errors for an inconsistent vector set (a bug in testvectors/, not in the
// implementation).
var (
	// ErrUnknownKind is returned when a vector file's kind is in no manifest section.
	ErrUnknownKind = errors.New("conformance: vector kind not in the manifest")
	// ErrOverCount is returned when more vectors are transcribed than the manifest counts.
	ErrOverCount = errors.New("conformance: more vectors transcribed than the manifest counts")
	// ErrUnknownBolt is returned when --bolt names a BOLT without vectors.
	ErrUnknownBolt = errors.New("conformance: no vectors for that BOLT")
)

// Run runs every vector (of one BOLT when bolt > 0) and builds the report.
func Run(bolt int) (Report, error) {
	rep := Report{SpecCommit: testvectors.SpecCommit}
	m, err := testvectors.LoadManifest()
	if err != nil {
		return rep, err
	}
	files, err := testvectors.LoadAll()
	if err != nil {
		return rep, err
	}
	byKind := make(map[string][]testvectors.File)
	for _, f := range files {
		byKind[f.Kind] = append(byKind[f.Kind], f)
	}
	known := make(map[string]bool)
	for _, mb := range m.Bolts {
		for _, s := range mb.Sections {
			known[s.Kind] = true
		}
	}
	for kind, fs := range byKind {
		if !known[kind] {
			return rep, fmt.Errorf("%s (%s): %w", kind, fs[0].Path, ErrUnknownKind)
		}
	}
	runners := Runners()
	for _, mb := range m.Bolts {
		if bolt > 0 && mb.Bolt != bolt {
			continue
		}
		res := BoltResult{Bolt: mb.Bolt, Total: mb.Total(), Failures: []Failure{}}
		for _, s := range mb.Sections {
			ran := 0
			for _, f := range byKind[s.Kind] {
				for _, v := range f.Vectors {
					ran++
					id := f.Path + ": " + v.Name
					run, ok := runners[s.Kind]
					if !ok {
						res.Failures = append(res.Failures, Failure{Vector: id, Error: "no runner for kind " + s.Kind, Missing: true})
						continue
					}
					if err := safeRun(run, v); err != nil {
						res.Failures = append(res.Failures, Failure{Vector: id, Error: err.Error()})
						continue
					}
					res.Passed++
				}
			}
			if ran > s.Count {
				return rep, fmt.Errorf("%s: %d transcribed, %d counted: %w", s.Kind, ran, s.Count, ErrOverCount)
			}
			why := "not transcribed into testvectors/ yet (" + s.Section + ")"
			if s.Pending != "" {
				why = "not run yet: " + s.Pending
			}
			for i := ran; i < s.Count; i++ {
				res.Failures = append(res.Failures, Failure{
					Vector:  fmt.Sprintf("%s #%d", s.Kind, i+1),
					Error:   why,
					Missing: true,
				})
			}
		}
		rep.Bolts = append(rep.Bolts, res)
	}
	if bolt > 0 && len(rep.Bolts) == 0 {
		return rep, fmt.Errorf("BOLT %d: %w", bolt, ErrUnknownBolt)
	}
	sort.Slice(rep.Bolts, func(i, j int) bool { return rep.Bolts[i].Bolt < rep.Bolts[j].Bolt })
	return rep, nil
}

// safeRun turns a panic inside a runner into a failure, so one broken vector
// cannot hide the rest of the report.
func safeRun(run RunFunc, v testvectors.Vector) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("panic: %v", r)
		}
	}()
	return run(v)
}
