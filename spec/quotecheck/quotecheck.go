// Package quotecheck checks that Go comments quoting a BOLT quote the pinned
// BOLT text, the way Core Lightning checks its own comments: a quote that no
// longer appears in the spec was mistyped, paraphrased, or the spec moved on.
//
// A quote is recognised in a comment in two forms:
//
//	// BOLT #1: "Leading zeros in truncated integers MUST be omitted."
//	// (BOLT #8: "rn = 0, sn = 0" and "rck = sck = ck")
//
// "BOLT #N:" followed by a double-quoted string, anywhere in a comment: the
// quote is the string, which may run over several comment lines; further
// strings right after it (separated by "and", "...", a comma) are quotes too.
//
//	// BOLT #2:
//	//   - MUST set `funding_satoshis` to less than 2^24 satoshi.
//
// A comment line starting with "BOLT #N:" and no double quote: the quote is
// the rest of the comment paragraph (up to an empty comment line). When that
// paragraph has double-quoted strings further on, the prose around them is
// the writer's and only the strings are quotes.
//
// Matching ignores differences of whitespace and list markers ("-", "*",
// "1.") at line starts; "..." inside a quote elides text (the parts must
// appear in order, "[...]" too); as a fallback markdown emphasis (` _ *) and a final full
// stop are ignored.
package quotecheck

import (
	"fmt"
	"go/scanner"
	"go/token"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"

	"github.com/lnstack/lnstack/spec"
)

// Quote is one quotation of a BOLT found in a Go comment.
type Quote struct {
	// File is the Go file's path relative to the tree's root, with
	// forward slashes.
	File string
	// Line is the line of the "BOLT #N:" marker.
	Line int
	// BOLT is N.
	BOLT int
	// Text is the quoted text with whitespace collapsed.
	Text string
}

func (q Quote) String() string {
	return fmt.Sprintf("%s:%d: BOLT #%d: \"%s\"", q.File, q.Line, q.BOLT, q.Text)
}

// reMarker finds "BOLT #N:" in comment text.
var reMarker = regexp.MustCompile(`BOLT #([0-9]+):`)

// Find returns every BOLT quote in the comments of the Go files under root,
// in file and line order. Hidden directories, testdata and vendor are
// skipped.
func Find(root string) ([]Quote, error) {
	var quotes []Quote
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			name := d.Name()
			if path != root && (strings.HasPrefix(name, ".") || name == "testdata" || name == "vendor") {
				return filepath.SkipDir
			}
			return nil
		}
		if !strings.HasSuffix(path, ".go") {
			return nil
		}
		src, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		rel, err := filepath.Rel(root, path)
		if err != nil {
			return err
		}
		quotes = append(quotes, FindInSource(filepath.ToSlash(rel), src)...)
		return nil
	})
	return quotes, err
}

// commentLine is one line of comment text.
type commentLine struct {
	line int
	text string
}

// FindInSource returns the BOLT quotes in the comments of one Go source
// file named name.
func FindInSource(name string, src []byte) []Quote {
	var quotes []Quote
	for _, block := range commentBlocks(src) {
		quotes = append(quotes, quotesIn(name, block)...)
	}
	return quotes
}

// commentBlocks returns the comments of src as blocks of lines: a /* */
// comment, or a run of // comments on consecutive lines.
func commentBlocks(src []byte) [][]commentLine {
	fset := token.NewFileSet()
	file := fset.AddFile("", fset.Base(), len(src))
	var s scanner.Scanner
	s.Init(file, src, nil, scanner.ScanComments)
	var blocks [][]commentLine
	var cur []commentLine
	last := -1
	for {
		pos, tok, lit := s.Scan()
		if tok == token.EOF {
			break
		}
		if tok != token.COMMENT {
			continue
		}
		line := fset.Position(pos).Line
		if strings.HasPrefix(lit, "/*") {
			if len(cur) > 0 {
				blocks = append(blocks, cur)
				cur = nil
			}
			var b []commentLine
			for i, l := range strings.Split(strings.TrimSuffix(strings.TrimPrefix(lit, "/*"), "*/"), "\n") {
				b = append(b, commentLine{line + i, strings.TrimPrefix(strings.TrimSpace(l), "* ")})
			}
			blocks = append(blocks, b)
			last = -1
			continue
		}
		if line != last+1 && len(cur) > 0 {
			blocks = append(blocks, cur)
			cur = nil
		}
		cur = append(cur, commentLine{line, strings.TrimPrefix(lit, "//")})
		last = line
	}
	if len(cur) > 0 {
		blocks = append(blocks, cur)
	}
	return blocks
}

// quotesIn finds the quotes of one comment block.
func quotesIn(name string, block []commentLine) []Quote {
	// Join the block into one text, remembering where each line starts.
	var text strings.Builder
	starts := make([]int, len(block))
	for i, l := range block {
		starts[i] = text.Len()
		text.WriteString(l.text)
		text.WriteByte('\n')
	}
	all := text.String()
	lineAt := func(off int) int {
		n := block[0].line
		for i, s := range starts {
			if s <= off {
				n = block[i].line
			}
		}
		return n
	}
	var quotes []Quote
	for _, m := range reMarker.FindAllStringSubmatchIndex(all, -1) {
		bolt, _ := strconv.Atoi(all[m[2]:m[3]])
		rest := all[m[1]:]
		add := func(t string) {
			if t = collapse(t); t != "" {
				quotes = append(quotes, Quote{File: name, Line: lineAt(m[0]), BOLT: bolt, Text: t})
			}
		}
		trimmed := strings.TrimLeft(rest, " \t\n")
		if strings.HasPrefix(trimmed, `"`) {
			for _, q := range quotedStrings(trimmed) {
				add(q)
			}
			continue
		}
		// Unquoted: only when the marker starts its line, the rest of
		// the paragraph is the quote.
		lineStart := strings.LastIndexByte(all[:m[0]], '\n') + 1
		if strings.TrimSpace(all[lineStart:m[0]]) != "" {
			continue
		}
		para := rest
		if i := strings.Index(rest, "\n\n"); i >= 0 {
			para = rest[:i]
		}
		if i := strings.Index(para, "\n \n"); i >= 0 {
			para = para[:i]
		}
		if strings.Contains(para, `"`) {
			// Prose around quoted pieces: the pieces are the quotes.
			for _, q := range allQuoted(para) {
				add(q)
			}
			continue
		}
		var lines []string
		for _, l := range strings.Split(para, "\n") {
			lines = append(lines, stripListMarker(strings.TrimSpace(l)))
		}
		add(strings.Join(lines, " "))
	}
	return quotes
}

// quotedStrings returns the double-quoted strings at the start of s: the
// first, and each next one separated from the previous by at most a short
// connector ("and", "...", ",", ";").
func quotedStrings(s string) []string {
	var out []string
	for strings.HasPrefix(s, `"`) {
		end := strings.IndexByte(s[1:], '"')
		if end < 0 {
			break
		}
		out = append(out, s[1:1+end])
		s = s[end+2:]
		next := strings.IndexByte(s, '"')
		if next < 0 {
			break
		}
		between := strings.TrimSpace(s[:next])
		switch between {
		case "", "and", "...", ",", ";", "or", "then":
			s = s[next:]
		default:
			return out
		}
	}
	return out
}

// allQuoted returns every double-quoted string in s.
func allQuoted(s string) []string {
	var out []string
	for {
		i := strings.IndexByte(s, '"')
		if i < 0 {
			return out
		}
		j := strings.IndexByte(s[i+1:], '"')
		if j < 0 {
			return out
		}
		out = append(out, s[i+1:i+1+j])
		s = s[i+j+2:]
	}
}

// reListMarker matches a markdown list marker at the start of a line.
var reListMarker = regexp.MustCompile(`^(?:[-*]|[0-9]+\.)\s+`)

func stripListMarker(l string) string { return reListMarker.ReplaceAllString(l, "") }

// collapse joins whitespace runs into single spaces.
func collapse(s string) string { return strings.Join(strings.Fields(s), " ") }

// Checker holds the BOLT markdown, normalised for matching.
type Checker struct {
	dir    string
	strict map[int]string // whitespace and list markers normalised
	loose  map[int]string // also without emphasis
}

// NewChecker reads every "NN-*.md" BOLT in dir.
func NewChecker(dir string) (*Checker, error) {
	c := &Checker{dir: dir, strict: map[int]string{}, loose: map[int]string{}}
	paths, err := filepath.Glob(filepath.Join(dir, "[0-9][0-9]-*.md"))
	if err != nil {
		return nil, err
	}
	if len(paths) == 0 {
		return nil, fmt.Errorf("%w: no BOLT markdown in %s", spec.ErrNoBolts, dir)
	}
	for _, p := range paths {
		n, err := strconv.Atoi(filepath.Base(p)[:2])
		if err != nil {
			continue
		}
		md, err := os.ReadFile(p)
		if err != nil {
			return nil, err
		}
		var lines []string
		for _, l := range strings.Split(string(md), "\n") {
			lines = append(lines, stripListMarker(strings.TrimSpace(l)))
		}
		c.strict[n] = collapse(strings.Join(lines, " "))
		c.loose[n] = loosen(c.strict[n])
	}
	return c, nil
}

// reInnerMarker matches a list marker inside text that once started a line.
var reInnerMarker = regexp.MustCompile(`(^| )[-*] `)

// loosen drops markdown emphasis, backquotes and list markers that ran
// into the text.
func loosen(s string) string {
	s = reInnerMarker.ReplaceAllString(s, " ")
	return collapse(strings.NewReplacer("`", "", "_", "", "*", "").Replace(s))
}

// Check returns nil when q's text appears in its BOLT, or an error saying
// why not (wrapping ErrNoBolt when the BOLT is absent).
func (c *Checker) Check(q Quote) error {
	doc, ok := c.strict[q.BOLT]
	if !ok {
		return fmt.Errorf("%w: BOLT #%d in %s", ErrNoBolt, q.BOLT, c.dir)
	}
	text := collapse(stripListMarker(q.Text))
	if inOrder(doc, text) {
		return nil
	}
	l := strings.TrimSuffix(loosen(text), ".")
	if inOrder(c.loose[q.BOLT], l) {
		return nil
	}
	return fmt.Errorf("quote not found in BOLT #%d", q.BOLT)
}

// inOrder reports whether the parts of quote between "..." elisions appear
// in doc in order.
func inOrder(doc, quote string) bool {
	at := 0
	found := false
	quote = strings.ReplaceAll(quote, "[...]", "...")
	for _, part := range strings.Split(quote, "...") {
		part = strings.TrimSpace(part)
		if part == "" {
			continue
		}
		i := strings.Index(doc[at:], part)
		if i < 0 {
			return false
		}
		at += i + len(part)
		found = true
	}
	return found
}
