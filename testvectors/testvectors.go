// Package testvectors holds every BOLT test vector in lnstack's own JSON schema
// and loads them. The JSON files live beside this file, one folder per BOLT
// (bolt01/, bolt08/, ...), and are embedded into the binary so `lnstack
// conformance` runs from anywhere.
//
// A vector file looks like this:
//
//	{
//	  "bolt": 8,
//	  "section": "Appendix A: Transport Test Vectors / Initiator Tests",
//	  "source": "08-transport.md",
//	  "spec_commit": "a3772650d8ebc06acf457fcadf97968ebfc4dfff",
//	  "kind": "bolt08/initiator",
//	  "vectors": [ {"name": "successful handshake", ...kind-specific fields...} ]
//	}
//
// "kind" names the runner in internal/conformance that knows the vector's
// fields; every vector object has a "name" unique within its file. The manifest
// (manifest.json) records how many vectors each BOLT holds at the pinned commit,
// transcribed or not, so a vector that is not yet run counts as a failure and
// never as absent.
//
// Package testvectors imports no layer: it is data and a loader only.
package testvectors

import (
	"bytes"
	"embed"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"path"
	"sort"
)

// SpecCommit is the commit of the lightning/bolts repository every vector was
// transcribed from.
const SpecCommit = "a3772650d8ebc06acf457fcadf97968ebfc4dfff"

//go:embed manifest.json bolt*/*.json
var files embed.FS

// File is one vector file: a set of vectors of one kind from one BOLT section.
type File struct {
	Bolt       int      `json:"bolt"`
	Section    string   `json:"section"`
	Source     string   `json:"source"`
	SpecCommit string   `json:"spec_commit"`
	Kind       string   `json:"kind"`
	Vectors    []Vector `json:"vectors"`

	// Path is the file's path inside testvectors/ (set by the loader).
	Path string `json:"-"`
}

// Vector is one test vector. Its kind-specific fields stay raw until the runner
// for its kind decodes them with Decode.
type Vector struct {
	Name string
	Raw  json.RawMessage
}

// UnmarshalJSON keeps the whole object raw and lifts out its name.
func (v *Vector) UnmarshalJSON(b []byte) error {
	var head struct {
		Name string `json:"name"`
	}
	if err := json.Unmarshal(b, &head); err != nil {
		return err
	}
	if head.Name == "" {
		return ErrNoName
	}
	v.Name = head.Name
	v.Raw = append(json.RawMessage(nil), b...)
	return nil
}

// Decode unmarshals the vector's fields into dst, rejecting unknown fields so
// a misspelt key in a transcription fails loudly instead of reading as zero.
// The keys every vector may carry ("name", and "derived", which lists fields
// computed rather than copied from the spec) are taken out first, so dst
// declares only its kind's own fields.
func (v Vector) Decode(dst any) error {
	var fields map[string]json.RawMessage
	if err := json.Unmarshal(v.Raw, &fields); err != nil {
		return fmt.Errorf("vector %q: %w", v.Name, err)
	}
	delete(fields, "name")
	delete(fields, "derived")
	own, err := json.Marshal(fields)
	if err != nil {
		return fmt.Errorf("vector %q: %w", v.Name, err)
	}
	dec := json.NewDecoder(bytes.NewReader(own))
	dec.DisallowUnknownFields()
	if err := dec.Decode(dst); err != nil {
		return fmt.Errorf("vector %q: %w", v.Name, err)
	}
	return nil
}

// Manifest records, per BOLT, every section that holds test vectors at the
// pinned commit and how many vectors it holds.
type Manifest struct {
	SpecCommit string         `json:"spec_commit"`
	Bolts      []ManifestBolt `json:"bolts"`
}

// ManifestBolt is one BOLT's entry in the manifest.
type ManifestBolt struct {
	Bolt     int               `json:"bolt"`
	Sections []ManifestSection `json:"sections"`
}

// ManifestSection is one section of a BOLT with vectors in it. Kind is the
// vector kind its transcription uses; Count how many vectors the BOLT text (or
// its JSON file) holds there; How says how they were counted.
type ManifestSection struct {
	Section string `json:"section"`
	Source  string `json:"source"`
	Kind    string `json:"kind"`
	Count   int    `json:"count"`
	How     string `json:"how"`
	// Pending, when set, says why the section's vectors are not run yet;
	// they still count as failures, and the report gives this reason.
	Pending string `json:"pending,omitempty"`
}

// Total is the number of vectors the BOLT holds at the pinned commit.
func (b ManifestBolt) Total() int {
	n := 0
	for _, s := range b.Sections {
		n += s.Count
	}
	return n
}

// Errors returned by the loader.
var (
	// ErrNoName is returned for a vector object without a "name".
	ErrNoName = errors.New("testvectors: vector without a name")
	// ErrWrongCommit is returned for a file transcribed from another spec commit.
	ErrWrongCommit = errors.New("testvectors: file cites another spec commit")
	// ErrDuplicateName is returned when two vectors of one file share a name.
	ErrDuplicateName = errors.New("testvectors: duplicate vector name")
)

// LoadManifest reads manifest.json.
func LoadManifest() (Manifest, error) {
	var m Manifest
	b, err := files.ReadFile("manifest.json")
	if err != nil {
		return m, err
	}
	if err := json.Unmarshal(b, &m); err != nil {
		return m, fmt.Errorf("manifest.json: %w", err)
	}
	if m.SpecCommit != SpecCommit {
		return m, fmt.Errorf("manifest.json: %w", ErrWrongCommit)
	}
	sort.Slice(m.Bolts, func(i, j int) bool { return m.Bolts[i].Bolt < m.Bolts[j].Bolt })
	return m, nil
}

// LoadAll reads every vector file, sorted by path.
func LoadAll() ([]File, error) {
	paths, err := fs.Glob(files, "bolt*/*.json")
	if err != nil {
		return nil, err
	}
	sort.Strings(paths)
	out := make([]File, 0, len(paths))
	for _, p := range paths {
		f, err := Load(p)
		if err != nil {
			return nil, err
		}
		out = append(out, f)
	}
	return out, nil
}

// Load reads one vector file by its path inside testvectors/ ("bolt08/initiator.json").
func Load(p string) (File, error) {
	var f File
	b, err := files.ReadFile(path.Clean(p))
	if err != nil {
		return f, err
	}
	if err := json.Unmarshal(b, &f); err != nil {
		return f, fmt.Errorf("%s: %w", p, err)
	}
	f.Path = p
	if f.SpecCommit != SpecCommit {
		return f, fmt.Errorf("%s: %w", p, ErrWrongCommit)
	}
	seen := make(map[string]bool, len(f.Vectors))
	for _, v := range f.Vectors {
		if seen[v.Name] {
			return f, fmt.Errorf("%s: %q: %w", p, v.Name, ErrDuplicateName)
		}
		seen[v.Name] = true
	}
	return f, nil
}

// Raw returns the bytes of an embedded file, for tests that check the
// transcription against the pinned BOLTs.
func Raw(p string) ([]byte, error) { return files.ReadFile(path.Clean(p)) }
