package feature

import (
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// bolt9Path finds 09-features.md of the pinned BOLTs: $LNSTACK_SHARED/bolts
// or ../shared/bolts beside the repository.
func bolt9Path() string {
	if dir := os.Getenv("LNSTACK_SHARED"); dir != "" {
		return filepath.Join(dir, "bolts", "09-features.md")
	}
	return filepath.Join("..", "..", "..", "shared", "bolts", "09-features.md")
}

// TestTableMatchesBolt9 compares the table with the one in 09-features.md
// when the pinned BOLTs are at hand: bits, names, contexts, ASSUMED marks
// and dependencies.
func TestTableMatchesBolt9(t *testing.T) {
	md, err := os.ReadFile(bolt9Path())
	if err != nil {
		t.Skipf("pinned BOLTs not at hand: %v", err)
	}
	row := regexp.MustCompile("^\\|\\s*(\\d+)/(\\d+)\\s*\\|\\s*`(\\w+)`\\s*\\|([^|]*)\\|([^|]*)\\|([^|]*)\\|")
	letters := map[string]Context{"I": InInit, "N": InNode, "C": InChannel, "C-": InChannelOdd, "C+": InChannelEven, "9": InInvoice, "B": InBlindedPath, "T": InChannelType}
	var rows []Feature
	for _, line := range strings.Split(string(md), "\n") {
		m := row.FindStringSubmatch(line)
		if m == nil {
			continue
		}
		even, _ := strconv.Atoi(m[1])
		odd, _ := strconv.Atoi(m[2])
		if odd != even+1 {
			t.Fatalf("%s: bits %d/%d", m[3], even, odd)
		}
		f := Feature{Bit: Bit(even), Name: m[3], Assumed: strings.TrimSpace(m[4]) == "ASSUMED"}
		ctx := strings.TrimSpace(m[5])
		for i := 0; i < len(ctx); i++ {
			l := ctx[i : i+1]
			if i+1 < len(ctx) && (ctx[i+1] == '-' || ctx[i+1] == '+') {
				l = ctx[i : i+2]
				i++
			}
			c, ok := letters[l]
			if !ok {
				t.Fatalf("%s: unknown context letter %q", f.Name, l)
			}
			f.Contexts |= c
		}
		for _, dep := range regexp.MustCompile("`(\\w+)`").FindAllStringSubmatch(m[6], -1) {
			d, ok := ByName(dep[1])
			if !ok {
				t.Fatalf("%s depends on %s, which is not in the table", f.Name, dep[1])
			}
			f.Depends = append(f.Depends, d.Bit)
		}
		rows = append(rows, f)
	}
	if len(rows) < 20 {
		t.Fatalf("read only %d rows from %s", len(rows), bolt9Path())
	}
	got := Table()
	if len(got) != len(rows) {
		t.Fatalf("table has %d features, BOLT #9 %d", len(got), len(rows))
	}
	for i, want := range rows {
		g := got[i]
		if g.Bit != want.Bit || g.Name != want.Name || g.Contexts != want.Contexts || g.Assumed != want.Assumed || !equalBits(g.Depends, want.Depends) {
			t.Errorf("table row %d = %+v, BOLT #9 says %+v", i, g, want)
		}
	}
}

func equalBits(a, b []Bit) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}
