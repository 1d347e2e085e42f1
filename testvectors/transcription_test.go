package testvectors

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"testing"
)

// The checks in this file keep testvectors/ honest in two ways.
//
// TestManifestCoversVectors always runs: every vector file belongs to a
// manifest section (same BOLT, kind, section and source) and no kind holds more
// vectors than the BOLT does.
//
// TestSpecDrift runs when the pinned BOLTs are on disk (../../shared/bolts
// from this directory, or $LNSTACK_BOLTS): it recounts every manifest section
// in the BOLT text or JSON file, and checks that the hex and invoice strings of
// every transcribed vector appear in the file the vector cites. README.md
// describes the rules.

// boltsEnv names the environment variable that points at a BOLTs checkout.
const boltsEnv = "LNSTACK_BOLTS"

// minHexLen is the shortest hex string (in hex characters, after an optional
// 0x) that must appear verbatim in the source: shorter ones (a byte, a u16)
// would match anywhere and prove nothing.
const minHexLen = 16

// derivedField is the vector field that lists the fields computed by the
// transcriber rather than copied from the BOLT.
const derivedField = "derived"

// countRule says how to recount a markdown section's vectors in the BOLT text.
// Exactly one of the two is set.
type countRule struct {
	// pattern is counted (multi-line mode) in the section's body.
	pattern string
	// jsonArray counts the elements of the first fenced block in the section
	// body that parses as a JSON array.
	jsonArray bool
}

// markdownCountRules recounts, per kind, the vectors of every manifest
// section whose source is markdown. A kind added to the manifest with a
// markdown source needs a rule here, so its count is checked against the
// BOLT text and not only written down.
var markdownCountRules = map[string]countRule{
	"bolt01/bigsize-decoding":                 {jsonArray: true},
	"bolt01/bigsize-encoding":                 {jsonArray: true},
	"bolt01/tlv-decoding-failures":            {pattern: `^1\. Invalid stream:`},
	"bolt01/tlv-decoding-successes":           {pattern: `^1\. Valid stream:`},
	"bolt01/tlv-stream-decoding-failures":     {pattern: `^1\. Invalid stream:`},
	"bolt01/init-extension":                   {pattern: "^- `0x"},
	"bolt01/signed-integers":                  {jsonArray: true},
	"bolt02/splicing":                         {pattern: `^### `},
	"bolt03/funding":                          {pattern: `^\s*funding tx:`},
	"bolt03/commitment-static-remotekey":      {pattern: `^\s*name:`},
	"bolt03/per-commitment-secret-generation": {pattern: `^\s*name:`},
	"bolt03/per-commitment-secret-storage":    {pattern: `^\s*name:`},
	"bolt03/key-derivation":                   {pattern: `^\s*name:`},
	"bolt03/commitment-anchors":               {jsonArray: true},
	"bolt03/dual-funded":                      {pattern: `^## Funding Transaction Construction`},
	"bolt04/returning-errors":                 {pattern: `^\s*failure_source\s*=`},
	"bolt04/returning-success":                {pattern: `^attribution data for node 0:`},
	"bolt07/routing-example":                  {pattern: `^\*\*[A-Z](->[A-Z])+\.\*\*`},
	"bolt08/initiator":                        {pattern: `^\s*name:`},
	"bolt08/responder":                        {pattern: `^\s*name:`},
	"bolt08/message":                          {pattern: `^\s*name:`},
	"bolt11/valid":                            {pattern: `^> #+ `},
	"bolt11/invalid":                          {pattern: `^> #+ `},
}

// TestManifestCoversVectors checks, without the BOLTs, that the manifest is
// well formed and that every vector file matches a manifest section and
// stays within its count.
func TestManifestCoversVectors(t *testing.T) {
	m, err := LoadManifest()
	if err != nil {
		t.Fatal(err)
	}
	sections := manifestSections(t, m)
	files, err := LoadAll()
	if err != nil {
		t.Fatal(err)
	}
	held := make(map[string]int)
	for _, f := range files {
		ms, ok := sections[f.Kind]
		if !ok {
			t.Errorf("%s: kind %q is in no manifest section", f.Path, f.Kind)
			continue
		}
		if f.Bolt != ms.bolt {
			t.Errorf("%s: bolt %d, the manifest puts %s in BOLT %d", f.Path, f.Bolt, f.Kind, ms.bolt)
		}
		if f.Source != ms.Source {
			t.Errorf("%s: source %q, the manifest's %s section cites %q", f.Path, f.Source, f.Kind, ms.Source)
		}
		if f.Section != ms.Section {
			t.Errorf("%s: section %q, the manifest's %s section is %q", f.Path, f.Section, f.Kind, ms.Section)
		}
		if want := fmt.Sprintf("bolt%02d/", f.Bolt); !strings.HasPrefix(f.Path, want) {
			t.Errorf("%s: a BOLT %d file belongs under %s", f.Path, f.Bolt, want)
		}
		held[f.Kind] += len(f.Vectors)
	}
	for kind, n := range held {
		if c := sections[kind].Count; n > c {
			t.Errorf("%s: %d vectors transcribed, the BOLT holds %d", kind, n, c)
		}
	}
}

// section is a manifest section with the BOLT it belongs to.
type section struct {
	ManifestSection
	bolt int
}

// manifestSections checks the manifest's shape and indexes its sections by kind.
func manifestSections(t *testing.T, m Manifest) map[string]section {
	t.Helper()
	out := make(map[string]section)
	for i, b := range m.Bolts {
		if i > 0 && b.Bolt <= m.Bolts[i-1].Bolt {
			t.Errorf("manifest: BOLT %d listed twice", b.Bolt)
		}
		if len(b.Sections) == 0 {
			t.Errorf("manifest: BOLT %d has no sections", b.Bolt)
		}
		prefix := fmt.Sprintf("bolt%02d/", b.Bolt)
		for _, s := range b.Sections {
			if !strings.HasPrefix(s.Kind, prefix) || len(s.Kind) == len(prefix) {
				t.Errorf("manifest: kind %q in BOLT %d must be %s<short-name>", s.Kind, b.Bolt, prefix)
			}
			if _, dup := out[s.Kind]; dup {
				t.Errorf("manifest: kind %q in two sections", s.Kind)
			}
			if s.Count <= 0 || s.Section == "" || s.Source == "" || s.How == "" {
				t.Errorf("manifest: %s needs section, source, how and a positive count", s.Kind)
			}
			out[s.Kind] = section{ManifestSection: s, bolt: b.Bolt}
		}
	}
	return out
}

// boltsDir returns the directory of the pinned BOLTs, or skips the test.
func boltsDir(t *testing.T) string {
	t.Helper()
	dir := os.Getenv(boltsEnv)
	if dir == "" {
		dir = filepath.Join("..", "..", "shared", "bolts")
	}
	if fi, err := os.Stat(dir); err != nil || !fi.IsDir() {
		t.Skipf("pinned BOLTs not found at %s (set %s to a lightning/bolts checkout at %s): nothing to compare",
			dir, boltsEnv, SpecCommit)
	}
	// A copy that records its commit must record ours.
	if src, err := os.ReadFile(filepath.Join(dir, "SOURCE.md")); err == nil && !bytes.Contains(src, []byte(SpecCommit)) {
		t.Fatalf("%s/SOURCE.md does not name commit %s: the BOLTs there are another version", dir, SpecCommit)
	}
	return dir
}

// readSource reads a file named by a vector file or the manifest, relative to
// the BOLTs directory.
func readSource(dir, source string) ([]byte, error) {
	if !filepath.IsLocal(filepath.FromSlash(source)) {
		return nil, fmt.Errorf("source %q is not a path inside the BOLTs", source)
	}
	return os.ReadFile(filepath.Join(dir, filepath.FromSlash(source)))
}

// TestSpecDrift compares the manifest and every transcribed vector with the
// pinned BOLTs.
func TestSpecDrift(t *testing.T) {
	dir := boltsDir(t)
	m, err := LoadManifest()
	if err != nil {
		t.Fatal(err)
	}
	for _, b := range m.Bolts {
		for _, s := range b.Sections {
			t.Run("manifest/"+s.Kind, func(t *testing.T) {
				src, err := readSource(dir, s.Source)
				if err != nil {
					t.Fatal(err)
				}
				n, err := countInSource(s, src)
				if err != nil {
					t.Fatal(err)
				}
				if n != s.Count {
					t.Errorf("%s (%s): the BOLT holds %d vectors, the manifest says %d", s.Section, s.Source, n, s.Count)
				}
			})
		}
	}
	files, err := LoadAll()
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range files {
		t.Run(f.Path, func(t *testing.T) {
			src, err := readSource(dir, f.Source)
			if err != nil {
				t.Fatalf("source: %v", err)
			}
			hay := newHaystack(src)
			for _, v := range f.Vectors {
				for _, problem := range checkVector(v.Raw, hay) {
					t.Errorf("%q: %s", v.Name, problem)
				}
			}
		})
	}
}

// countInSource recounts a manifest section's vectors in its source file.
func countInSource(s ManifestSection, src []byte) (int, error) {
	if strings.HasSuffix(s.Source, ".json") {
		return countJSONCases(src)
	}
	body, err := sectionBody(string(src), s.Section)
	if err != nil {
		return 0, err
	}
	rule, ok := markdownCountRules[s.Kind]
	if !ok {
		return 0, fmt.Errorf("no count rule for kind %s: add one to markdownCountRules", s.Kind)
	}
	if rule.jsonArray {
		return countFencedJSONArray(body)
	}
	return len(regexp.MustCompile("(?m)"+rule.pattern).FindAllStringIndex(body, -1)), nil
}

// countJSONCases counts the test cases of a BOLT JSON file: the elements of
// a top-level array, or one for a top-level object (one test case whose
// parts are checked together).
func countJSONCases(src []byte) (int, error) {
	var top any
	if err := json.Unmarshal(src, &top); err != nil {
		return 0, err
	}
	switch v := top.(type) {
	case []any:
		return len(v), nil
	case map[string]any:
		return 1, nil
	}
	return 0, errors.New("JSON file is neither an array nor an object")
}

// countFencedJSONArray returns the length of the first fenced code block in
// body that parses as a JSON array.
func countFencedJSONArray(body string) (int, error) {
	var block []string
	in := false
	for _, line := range strings.Split(body, "\n") {
		if strings.HasPrefix(strings.TrimSpace(line), "```") {
			if in {
				var arr []json.RawMessage
				if json.Unmarshal([]byte(strings.Join(block, "\n")), &arr) == nil {
					return len(arr), nil
				}
				block = block[:0]
			}
			in = !in
			continue
		}
		if in {
			block = append(block, line)
		}
	}
	return 0, errors.New("no fenced JSON array in the section")
}

// heading is a markdown heading outside code blocks and HTML comments.
type heading struct {
	level int
	text  string
	line  int
}

var headingRE = regexp.MustCompile(`^(#{1,6})\s+(.*?)\s*#*\s*$`)

// markdownHeadings lists the headings of a markdown text, skipping lines in
// fenced blocks and HTML comments (BOLT 3 has `# ...` lines in both).
func markdownHeadings(lines []string) []heading {
	var out []heading
	fenced, comment := false, false
	for i, line := range lines {
		trimmed := strings.TrimSpace(line)
		switch {
		case comment:
			if strings.Contains(line, "-->") {
				comment = false
			}
			continue
		case strings.HasPrefix(trimmed, "```"):
			fenced = !fenced
			continue
		case fenced:
			continue
		case strings.HasPrefix(trimmed, "<!--"):
			comment = !strings.Contains(trimmed, "-->")
			continue
		}
		if m := headingRE.FindStringSubmatch(line); m != nil {
			out = append(out, heading{level: len(m[1]), text: m[2], line: i})
		}
	}
	return out
}

// sectionBody returns the text under the heading path "A / B / C": the lines
// after heading C (found inside B, inside A) up to the next heading of the
// same or a higher level.
func sectionBody(src, path string) (string, error) {
	lines := strings.Split(src, "\n")
	hs := markdownHeadings(lines)
	lo, hi := 0, len(hs) // candidate headings
	end := len(lines)
	var found heading
	for _, part := range strings.Split(path, " / ") {
		part = strings.TrimSpace(part)
		idx := -1
		for i := lo; i < hi; i++ {
			if hs[i].text == part {
				idx = i
				break
			}
		}
		if idx < 0 {
			return "", fmt.Errorf("heading %q of section %q not found", part, path)
		}
		found = hs[idx]
		lo = idx + 1
		end = len(lines)
		for i := idx + 1; i < len(hs); i++ {
			if hs[i].level <= found.level {
				hi, end = i, hs[i].line
				break
			}
		}
	}
	return strings.Join(lines[found.line+1:end], "\n"), nil
}

// haystack is a source file prepared for verbatim lookups: once with all
// whitespace removed (BOLT 1 writes TLV streams as "0x01 09 ff..."), and once
// lower-cased on top of that for hex.
type haystack struct {
	exact string
	lower string
}

func newHaystack(src []byte) haystack {
	exact := strings.Join(strings.Fields(string(src)), "")
	return haystack{exact: exact, lower: strings.ToLower(exact)}
}

// invoiceRE matches BOLT 11 and BOLT 12 bech32 strings (ln + HRP + data),
// which must appear in the source exactly as transcribed, case included.
var invoiceRE = regexp.MustCompile(`^(ln|LN)[0-9A-Za-z]{38,}$`)

// hexCandidate returns the lower-case hex digits of s when s is a hex string
// long enough to be checked.
func hexCandidate(s string) (string, bool) {
	h := strings.TrimPrefix(strings.TrimPrefix(s, "0x"), "0X")
	if len(h) < minHexLen {
		return "", false
	}
	for _, c := range h {
		if !strings.ContainsRune("0123456789abcdefABCDEF", c) {
			return "", false
		}
	}
	return strings.ToLower(h), true
}

// checkVector returns one line per string of the vector that should appear
// in the source and does not, and per "derived" entry that names no field.
func checkVector(raw json.RawMessage, hay haystack) []string {
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	var obj map[string]any
	if err := dec.Decode(&obj); err != nil {
		return []string{err.Error()}
	}
	var derived []string
	var problems []string
	if d, ok := obj[derivedField]; ok {
		list, ok := d.([]any)
		if !ok {
			return []string{`"derived" must be a list of field paths`}
		}
		for _, e := range list {
			p, ok := e.(string)
			if !ok || !hasPath(obj, p) {
				problems = append(problems, fmt.Sprintf("derived entry %v names no field of the vector", e))
				continue
			}
			derived = append(derived, p)
		}
	}
	keys := make([]string, 0, len(obj))
	for k := range obj {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		if k == derivedField {
			continue
		}
		walkStrings(k, obj[k], func(path, s string) {
			if isDerived(path, derived) {
				return
			}
			if h, ok := hexCandidate(s); ok && !strings.Contains(hay.lower, h) {
				problems = append(problems, fmt.Sprintf("%s: hex %s not in the source (list it in %q if it is computed)", path, abbrev(h), derivedField))
			} else if invoiceRE.MatchString(s) && !strings.Contains(hay.exact, s) {
				problems = append(problems, fmt.Sprintf("%s: string %s not in the source (list it in %q if it is computed)", path, abbrev(s), derivedField))
			}
		})
	}
	return problems
}

// walkStrings calls fn for every string under v, with its dotted path
// ("hops.2.payload").
func walkStrings(path string, v any, fn func(path, s string)) {
	switch x := v.(type) {
	case string:
		fn(path, x)
	case []any:
		for i, e := range x {
			walkStrings(path+"."+strconv.Itoa(i), e, fn)
		}
	case map[string]any:
		keys := make([]string, 0, len(x))
		for k := range x {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			walkStrings(path+"."+k, x[k], fn)
		}
	}
}

// isDerived reports whether path is a derived field or lies under one.
func isDerived(path string, derived []string) bool {
	for _, d := range derived {
		if path == d || strings.HasPrefix(path, d+".") {
			return true
		}
	}
	return false
}

// hasPath reports whether the dotted path names a value inside obj.
func hasPath(obj map[string]any, path string) bool {
	var cur any = obj
	for _, part := range strings.Split(path, ".") {
		switch x := cur.(type) {
		case map[string]any:
			v, ok := x[part]
			if !ok {
				return false
			}
			cur = v
		case []any:
			i, err := strconv.Atoi(part)
			if err != nil || i < 0 || i >= len(x) {
				return false
			}
			cur = x[i]
		default:
			return false
		}
	}
	return true
}

func abbrev(s string) string {
	if len(s) > 24 {
		return s[:12] + "..." + s[len(s)-8:]
	}
	return s
}

// TestDriftChecks exercises the checks above on a made-up BOLT, so a check
// that silently stopped finding anything would fail here.
func TestDriftChecks(t *testing.T) {
	const md = "# Appendix Z: Made-up Vectors\n\n" +
		"<!--\n# Not a heading: inside a comment\n-->\n" +
		"## Part One\n\n" +
		"    name: first\n    stream: 0x01 09 ffffffffffffffffff\n" +
		"```\n# not a heading either\n```\n" +
		"    name: second\n    key: 0x0235F2DBFAA89B57EC7B055AFE29849EF7DDFEB1CEFDB9EBDC43F5494984DB29E5\n" +
		"> ### An invoice\n> lnbc2500u1pvjluezpp5qqqsyqcyq5rqwzqfqqqsyqcyq5rqwzqfqqqsyqcyq5rqw\n" +
		"## Part Two\n\n```json\n[{\"value\": 1}, {\"value\": 2}, {\"value\": 3}]\n```\n" +
		"# Appendix Y\n\n    name: elsewhere\n"

	body, err := sectionBody(md, "Appendix Z: Made-up Vectors / Part One")
	if err != nil {
		t.Fatal(err)
	}
	if n := len(regexp.MustCompile(`(?m)^\s*name:`).FindAllString(body, -1)); n != 2 {
		t.Errorf("Part One: counted %d name: blocks, want 2", n)
	}
	two, err := sectionBody(md, "Appendix Z: Made-up Vectors / Part Two")
	if err != nil {
		t.Fatal(err)
	}
	if n, err := countFencedJSONArray(two); err != nil || n != 3 {
		t.Errorf("Part Two: counted %d (%v), want 3", n, err)
	}
	if _, err := sectionBody(md, "Appendix Z: Made-up Vectors / Part Three"); err == nil {
		t.Error("a missing heading was found")
	}
	if n, err := countJSONCases([]byte(`{"generate": {}}`)); err != nil || n != 1 {
		t.Errorf("object file: %d (%v), want 1", n, err)
	}

	hay := newHaystack([]byte(md))
	cases := []struct {
		vector string
		bad    int
	}{
		{`{"name": "copied", "stream": "0109ffffffffffffffffff", "key": "0235f2dbfaa89b57ec7b055afe29849ef7ddfeb1cefdb9ebdc43f5494984db29e5"}`, 0},
		{`{"name": "0x prefix kept", "key": "0x0235f2dbfaa89b57ec7b055afe29849ef7ddfeb1cefdb9ebdc43f5494984db29e5"}`, 0},
		{`{"name": "one byte changed", "key": "0235f2dbfaa89b57ec7b055afe29849ef7ddfeb1cefdb9ebdc43f5494984db29e6"}`, 1},
		{`{"name": "nested change", "outputs": {"0": "0235f2dbfaa89b57ec7b055afe29849ef7ddfeb1cefdb9ebdc43f5494984db29e6"}}`, 1},
		{`{"name": "derived", "derived": ["outputs.0"], "outputs": {"0": "aaaaaaaaaaaaaaaaaaaaaaaa"}}`, 0},
		{`{"name": "stale derived", "derived": ["missing"], "short": "abcd"}`, 1},
		{`{"name": "invoice", "invoice": "lnbc2500u1pvjluezpp5qqqsyqcyq5rqwzqfqqqsyqcyq5rqwzqfqqqsyqcyq5rqw"}`, 0},
		{`{"name": "invoice case changed", "invoice": "LNBC2500U1PVJLUEZPP5QQQSYQCYQ5RQWZQFQQQSYQCYQ5RQWZQFQQQSYQCYQ5RQW"}`, 1},
	}
	for _, c := range cases {
		if got := checkVector(json.RawMessage(c.vector), hay); len(got) != c.bad {
			t.Errorf("%s: %d problems %q, want %d", c.vector, len(got), got, c.bad)
		}
	}
}
