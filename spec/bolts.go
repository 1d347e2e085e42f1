package spec

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"sort"
)

// Bolts returns the numbers of the BOLTs whose formats spec/ holds: 1, 2, 4,
// 7 and 12.
func Bolts() []int { return []int{1, 2, 4, 7, 12} }

// EnvBolts is the environment variable that, when set, names the directory
// of the pinned BOLT markdown, overriding LocateBolts' default.
const EnvBolts = "LNSTACK_BOLTS"

// LocateBolts returns the directory holding the pinned BOLT markdown: the
// directory named by $LNSTACK_BOLTS, or else ../shared/bolts beside the
// repository root repoRoot. It returns ErrNoBolts when that directory has no
// 01-messaging.md.
func LocateBolts(repoRoot string) (string, error) {
	dir := os.Getenv(EnvBolts)
	if dir == "" {
		dir = filepath.Join(repoRoot, "..", "shared", "bolts")
	}
	if _, err := os.Stat(filepath.Join(dir, "01-messaging.md")); err != nil {
		return "", fmt.Errorf("%w: %s", ErrNoBolts, dir)
	}
	return dir, nil
}

// BoltFile returns the path of BOLT bolt's markdown in dir ("NN-*.md").
func BoltFile(dir string, bolt int) (string, error) {
	matches, err := filepath.Glob(filepath.Join(dir, fmt.Sprintf("%02d-*.md", bolt)))
	if err != nil {
		return "", err
	}
	if len(matches) != 1 {
		return "", fmt.Errorf("%w: %d files for BOLT #%d in %s", ErrNoBolts, len(matches), bolt, dir)
	}
	return matches[0], nil
}

// reCommit finds the commit in the BOLT directory's SOURCE.md.
var reCommit = regexp.MustCompile(`\bcommit ([0-9a-f]{40})\b`)

// ReadCommit returns the lightning/bolts commit recorded in dir/SOURCE.md.
func ReadCommit(dir string) (string, error) {
	data, err := os.ReadFile(filepath.Join(dir, "SOURCE.md"))
	if err != nil {
		return "", err
	}
	m := reCommit.FindSubmatch(data)
	if m == nil {
		return "", fmt.Errorf("%w: no commit in %s", ErrMarkdown, filepath.Join(dir, "SOURCE.md"))
	}
	return string(m[1]), nil
}

// ExtractDir extracts the formats of every BOLT of Bolts from the markdown
// in dir and returns the files spec/ holds, by name (bolt01.csv, ...,
// bolt04_failures.csv, COMMIT), and the notes met, in BOLT and line order.
func ExtractDir(dir string) (map[string][]byte, []Note, error) {
	commit, err := ReadCommit(dir)
	if err != nil {
		return nil, nil, err
	}
	files := map[string][]byte{CommitFile: []byte(commit + "\n")}
	var notes []Note
	for _, bolt := range Bolts() {
		path, err := BoltFile(dir, bolt)
		if err != nil {
			return nil, nil, err
		}
		md, err := os.ReadFile(path)
		if err != nil {
			return nil, nil, err
		}
		e, err := Extract(bolt, filepath.Base(path), md)
		if err != nil {
			return nil, nil, err
		}
		files[CSVName(bolt, false)] = e.CSV()
		if fc := e.FailuresCSV(); fc != nil {
			files[CSVName(bolt, true)] = fc
		}
		notes = append(notes, e.Notes...)
	}
	return files, notes, nil
}

// FileNames returns the names of files in sorted order.
func FileNames(files map[string][]byte) []string {
	var names []string
	for n := range files {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}
