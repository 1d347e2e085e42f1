package quotecheck

import (
	"errors"
	"os"
	"path/filepath"
	"testing"

	"github.com/lnstack/lnstack/spec"
)

// TestSpecDriftQuotes checks every BOLT quote in the repository's comments
// (testdata excluded) against the pinned BOLTs (../shared/bolts beside the
// repository, or $LNSTACK_BOLTS): each quote not found fails the test. A
// comment that paraphrases the spec must not use the quote form: write
// "per BOLT #N, ..." without double quotes. Without the BOLT markdown the
// test is skipped.
func TestSpecDriftQuotes(t *testing.T) {
	const root = "../.."
	dir, err := spec.LocateBolts(root)
	if errors.Is(err, spec.ErrNoBolts) {
		t.Skipf("no BOLT markdown (%v): set %s to check comment quotes", err, spec.EnvBolts)
	}
	if err != nil {
		t.Fatal(err)
	}
	c, err := NewChecker(dir)
	if err != nil {
		t.Fatal(err)
	}
	quotes, err := Find(root)
	if err != nil {
		t.Fatal(err)
	}
	if len(quotes) == 0 {
		t.Fatalf("no BOLT quotes found under %s", root)
	}
	missing := 0
	for _, q := range quotes {
		if err := c.Check(q); err != nil {
			missing++
			t.Errorf("%s: %v", q, err)
		}
	}
	t.Logf("%d BOLT quotes checked, %d not found in %s", len(quotes), missing, dir)
}

const boltText = "# BOLT #1\n\n" +
	"For the final value in TLV records, truncated integers may be used. Leading zeros in\n" +
	"truncated integers MUST be omitted:\n\n" +
	"The receiving node:\n" +
	"  - if `length` is too large:\n" +
	"    - MUST fail the connection.\n" +
	"Read _exactly_ 18 bytes from the network buffer.\n"

const goSource = `package p

// BOLT #1: "Leading zeros in truncated integers MUST be omitted"
var a int

// (BOLT #1: "if ` + "`length`" + ` is too large:
// MUST fail the connection." and "Read _exactly_ 18 bytes")
var b int

// BOLT #1:
//   - if ` + "`length`" + ` is too large:
//     - MUST fail the connection.
//
// Not part of the quote.
var c int

// BOLT #1: "Leading zeros ... MUST be omitted"
var d int

// BOLT #1: "Leading zeros MUST be omitted"
var e int

/* BOLT #3: "not in any file here" */
var f int

// BOLT #1: the receiving node does something (a paraphrase: not checked)
// In prose, BOLT #1: mentions without a quote are skipped.
var g int

// BOLT #1: "Read exactly 18 bytes from the network buffer".
var h int

// BOLT #1: the reader knows "Leading zeros in truncated integers" and
// "MUST be omitted", in prose.
var i int

// BOLT #1: "For the final value [...] MUST be omitted"
var j int
`

func TestFindAndCheck(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "01-messaging.md"), []byte(boltText), 0o644); err != nil {
		t.Fatal(err)
	}
	src := filepath.Join(dir, "src", "p")
	if err := os.MkdirAll(src, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(src, "p.go"), []byte(goSource), 0o644); err != nil {
		t.Fatal(err)
	}
	c, err := NewChecker(dir)
	if err != nil {
		t.Fatal(err)
	}
	quotes, err := Find(filepath.Join(dir, "src"))
	if err != nil {
		t.Fatal(err)
	}
	want := []struct {
		line  int
		bolt  int
		text  string
		found bool
	}{
		{3, 1, "Leading zeros in truncated integers MUST be omitted", true},
		{6, 1, "if `length` is too large: MUST fail the connection.", true},
		{6, 1, "Read _exactly_ 18 bytes", true},
		{10, 1, "if `length` is too large: MUST fail the connection.", true},
		{17, 1, "Leading zeros ... MUST be omitted", true},
		{20, 1, "Leading zeros MUST be omitted", false},
		{23, 3, "not in any file here", false},
		{26, 1, "the receiving node does something (a paraphrase: not checked) In prose, BOLT #1: mentions without a quote are skipped.", false},
		{30, 1, "Read exactly 18 bytes from the network buffer", true},
		{33, 1, "Leading zeros in truncated integers", true},
		{33, 1, "MUST be omitted", true},
		{37, 1, "For the final value [...] MUST be omitted", true},
	}
	if len(quotes) != len(want) {
		t.Fatalf("found %d quotes, want %d: %v", len(quotes), len(want), quotes)
	}
	for i, w := range want {
		q := quotes[i]
		if q.File != "p/p.go" || q.Line != w.line || q.BOLT != w.bolt || q.Text != w.text {
			t.Errorf("quote %d = %+v, want line %d BOLT %d %q", i, q, w.line, w.bolt, w.text)
			continue
		}
		if err := c.Check(q); (err == nil) != w.found {
			t.Errorf("%s: Check = %v, want found %v", q, err, w.found)
		}
	}
	if err := c.Check(Quote{BOLT: 3, Text: "x"}); !errors.Is(err, ErrNoBolt) {
		t.Errorf("quote of an absent BOLT: %v", err)
	}
}

func FuzzFindInSource(f *testing.F) {
	f.Add([]byte(goSource))
	f.Add([]byte("package p\n/* BOLT #2: \"a\" and \"b */\n// BOLT #99999999999999999999: x\n"))
	f.Fuzz(func(t *testing.T, src []byte) {
		for _, q := range FindInSource("f.go", src) {
			if q.Text == "" || q.Line < 1 {
				t.Fatalf("bad quote %+v", q)
			}
		}
	})
}
