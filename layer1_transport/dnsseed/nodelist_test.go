package dnsseed

import (
	"errors"
	"fmt"
	"net/netip"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestReadNodeList(t *testing.T) {
	k0, k1, k2 := testKey(0), testKey(1), testKey(2)
	hex := func(i int) string { return fmt.Sprintf("%x", testKey(i).SerializeCompressed()) }
	list := strings.Join([]string{
		"# lnstack seed node list",
		"",
		hex(0) + "@192.0.2.1:9735",
		"  " + hex(0) + "@[2001:db8::1]:9736  ",
		EncodeNodeID(k1) + "@198.51.100.7",
		hex(2) + "@2001:db8::2",
		hex(2) + "@[2001:db8::3]",
		hex(2) + "@[::ffff:192.0.2.9]:10000",
		hex(2) + "@192.0.2.1:9735", // an address node 0 has as well: kept
	}, "\n")
	nodes, err := ReadNodeList(strings.NewReader(list))
	if err != nil {
		t.Fatal(err)
	}
	set := NewNodeSet(nodes)
	if set.Len() != 3 {
		t.Fatalf("%d nodes, want 3", set.Len())
	}
	ap := netip.MustParseAddrPort
	for _, c := range []struct {
		node Node
		want []netip.AddrPort
	}{
		{Node{ID: k0}, []netip.AddrPort{ap("192.0.2.1:9735"), ap("[2001:db8::1]:9736")}},
		{Node{ID: k1}, []netip.AddrPort{ap("198.51.100.7:9735")}},
		{Node{ID: k2}, []netip.AddrPort{ap("[2001:db8::2]:9735"), ap("[2001:db8::3]:9735"), ap("192.0.2.9:10000"), ap("192.0.2.1:9735")}},
	} {
		n, ok := set.Lookup(c.node.ID)
		if !ok {
			t.Fatalf("node %x missing", c.node.ID.SerializeCompressed())
		}
		if fmt.Sprint(n.Addrs) != fmt.Sprint(c.want) {
			t.Errorf("node %x: %v, want %v", c.node.ID.SerializeCompressed(), n.Addrs, c.want)
		}
	}
	if _, ok := set.Lookup(testKey(3)); ok {
		t.Error("unknown node found")
	}
}

func TestReadNodeListErrors(t *testing.T) {
	hex := fmt.Sprintf("%x", testKey(0).SerializeCompressed())
	for _, c := range []struct {
		line   string
		nodeID bool // the error is a node id error too
	}{
		{"192.0.2.1:9735", false},
		{hex + "@", false},
		{hex + "@host.example:9735", false},
		{hex + "@192.0.2.1:0", false},
		{hex + "@0.0.0.0:9735", false},
		{hex + "@[fe80::1%eth0]:9735", false},
		{hex + "@192.0.2.1:70000", false},
		{hex[:64] + "@192.0.2.1", true},
		{"04" + hex[2:] + "@192.0.2.1", true},
		{strings.Repeat("zz", 33) + "@192.0.2.1", true},
		{"ln1qqqq@192.0.2.1", true},
		{strings.Repeat("a", 2000), false},
	} {
		_, err := ReadNodeList(strings.NewReader("# header\n" + c.line + "\n"))
		var le *NodeListError
		if !errors.As(err, &le) || le.Line != 2 || !errors.Is(err, ErrBadNodeList) {
			t.Errorf("%.40q: err = %v, want a NodeListError on line 2", c.line, err)
			continue
		}
		if errors.Is(err, ErrBadNodeID) != c.nodeID {
			t.Errorf("%.40q: ErrBadNodeID %v, want %v", c.line, errors.Is(err, ErrBadNodeID), c.nodeID)
		}
	}
}

func TestLoadNodeFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "nodes")
	line := fmt.Sprintf("%x@192.0.2.1\n", testKey(0).SerializeCompressed())
	if err := os.WriteFile(path, []byte(line), 0o600); err != nil {
		t.Fatal(err)
	}
	set, err := LoadNodeFile(path)
	if err != nil || set.Len() != 1 {
		t.Fatalf("%v %v", set, err)
	}
	if _, err := LoadNodeFile(path + ".missing"); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("missing file: %v", err)
	}
}

func TestNewNodeSetDropsUnservable(t *testing.T) {
	set := NewNodeSet([]Node{
		{ID: nil, Addrs: []netip.AddrPort{netip.MustParseAddrPort("192.0.2.1:9735")}},
		{ID: testKey(1)},
		{ID: testKey(2), Addrs: []netip.AddrPort{{}, netip.MustParseAddrPort("192.0.2.1:0")}},
		{ID: testKey(3), Addrs: []netip.AddrPort{netip.MustParseAddrPort("192.0.2.3:9735")}},
	})
	if set.Len() != 1 || !set.Nodes()[0].ID.IsEqual(testKey(3)) {
		t.Errorf("kept %v", set.Nodes())
	}
	if _, ok := set.Lookup(testKey(2)); ok {
		t.Error("a node without servable address is found")
	}
	if n, ok := set.Lookup(testKey(3)); !ok || len(n.Addrs) != 1 {
		t.Errorf("Lookup after drops: %v %v", n, ok)
	}
}

func FuzzReadNodeList(f *testing.F) {
	hex := fmt.Sprintf("%x", testKey(0).SerializeCompressed())
	f.Add("# c\n" + hex + "@192.0.2.1:9735\n" + hex + "@[2001:db8::1]\n")
	f.Add(EncodeNodeID(testKey(1)) + "@198.51.100.7")
	f.Add(hex + "@::ffff:1.2.3.4")
	f.Fuzz(func(t *testing.T, s string) {
		nodes, err := ReadNodeList(strings.NewReader(s))
		if err != nil {
			if !errors.Is(err, ErrBadNodeList) {
				t.Fatalf("error %v does not wrap ErrBadNodeList", err)
			}
			return
		}
		// Every node read is servable: NewNodeSet keeps all addresses.
		total := 0
		for _, n := range nodes {
			total += len(n.Addrs)
		}
		kept := 0
		for _, n := range NewNodeSet(nodes).Nodes() {
			kept += len(n.Addrs)
		}
		if kept > total || (total > 0 && kept == 0) {
			t.Fatalf("%d addresses read, %d kept", total, kept)
		}
	})
}
