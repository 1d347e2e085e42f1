// Package layering holds the test that enforces the house import rule of
// docs/ARCHITECTURE.md: imports point downward only.
package layering

import (
	"go/parser"
	"go/token"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

const module = "github.com/lnstack/lnstack"

// layerOf returns N for a path under layerN_*, or 0.
func layerOf(rel string) int {
	top, _, _ := strings.Cut(rel, "/")
	if len(top) > 6 && strings.HasPrefix(top, "layer") && top[6] == '_' && top[5] >= '1' && top[5] <= '5' {
		return int(top[5] - '0')
	}
	return 0
}

func topOf(rel string) string {
	top, _, _ := strings.Cut(rel, "/")
	return top
}

// violation returns why importing imp from a file in directory dir breaks
// the rule, or "" when it does not. Both are paths relative to the module root.
func violation(dir, imp string) string {
	me, mt := layerOf(dir), topOf(dir)
	it, il := topOf(imp), layerOf(imp)
	switch {
	case me > 0 && il > 0 && il >= me && it != mt:
		return "a layer imports a layer at its level or above"
	case me > 0 && (it == "node" || it == "cmd" || it == "interop"):
		return "a layer imports node, cmd or interop"
	case mt == "spec" && il > 0:
		return "spec/ imports a layer"
	case mt == "testvectors" && (il > 0 || it == "node" || it == "cmd" || it == "internal"):
		return "testvectors/ imports code it should only be data for"
	}
	return ""
}

func TestViolationRule(t *testing.T) {
	for _, c := range []struct {
		dir, imp string
		bad      bool
	}{
		{"layer2_messaging", "layer1_transport/noise", false},
		{"layer2_messaging/tlv", "layer2_messaging/bigsize", false},
		{"layer1_transport/noise", "layer2_messaging", true},
		{"layer3_p2p", "layer3_p2p/gossip", false},
		{"layer3_p2p", "layer4_routing", true},
		{"layer2_messaging", "layer2_other", true},
		{"layer4_routing", "node", true},
		{"layer1_transport", "cmd/lnstack", true},
		{"layer5_payment", "interop", true},
		{"spec", "layer2_messaging", true},
		{"node", "layer5_payment", false},
		{"cmd/lnstack", "node", false},
		{"testvectors", "layer1_transport", true},
	} {
		if got := violation(c.dir, c.imp) != ""; got != c.bad {
			t.Errorf("violation(%q, %q) = %v, want %v", c.dir, c.imp, got, c.bad)
		}
	}
}

// TestImportsPointDown parses every Go file of the main module (tests too)
// and fails on any import that runs upward or sideways between layers.
func TestImportsPointDown(t *testing.T) {
	root, err := filepath.Abs("../..")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(root, "go.mod")); err != nil {
		t.Fatalf("module root not found at %s: %v", root, err)
	}
	fset := token.NewFileSet()
	checked := 0
	err = filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(root, p)
		rel = filepath.ToSlash(rel)
		if d.IsDir() {
			// interop/ is a module of its own; testdata is not code.
			if rel == "interop" || d.Name() == "testdata" || strings.HasPrefix(d.Name(), ".") && rel != "." {
				return filepath.SkipDir
			}
			return nil
		}
		if !strings.HasSuffix(p, ".go") {
			return nil
		}
		f, err := parser.ParseFile(fset, p, nil, parser.ImportsOnly)
		if err != nil {
			return err
		}
		dir := filepath.ToSlash(filepath.Dir(rel))
		for _, is := range f.Imports {
			imp, _ := strconv.Unquote(is.Path.Value)
			if !strings.HasPrefix(imp, module+"/") {
				continue
			}
			if why := violation(dir, strings.TrimPrefix(imp, module+"/")); why != "" {
				t.Errorf("%s imports %s: %s", rel, imp, why)
			}
		}
		checked++
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if checked == 0 {
		t.Fatal("no Go files checked")
	}
}
