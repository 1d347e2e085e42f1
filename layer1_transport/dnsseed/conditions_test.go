package dnsseed

import (
	"errors"
	"math/rand/v2"
	"testing"
)

func TestParseConditionsBoltExamples(t *testing.T) {
	const seed = "lseed.bitcoinstats.com"
	// BOLT #10: "a query for `r0.a2.n10.lseed.bitcoinstats.com` would
	// imply: return 10 (`n10`) IPv4 (`a2`) records for nodes supporting
	// Bitcoin (`r0`)."
	c, err := ParseConditions("r0.a2.n10.lseed.bitcoinstats.com.", seed)
	if err != nil {
		t.Fatal(err)
	}
	if want := (Conditions{Realm: 0, AddrTypes: AddrIPv4, Count: 10}); !c.Equal(want) {
		t.Errorf("got %+v, want %+v", c, want)
	}
	// BOLT #10: "for `n5.r0.a2.n10.lseed.bitcoinstats.com`, the result
	// is: ~~`n10`~~, `a2`, `r0`, `n5`."
	c, err = ParseConditions("n5.r0.a2.n10.lseed.bitcoinstats.com.", seed)
	if err != nil {
		t.Fatal(err)
	}
	if want := (Conditions{AddrTypes: AddrIPv4, Count: 5}); !c.Equal(want) {
		t.Errorf("got %+v, want %+v", c, want)
	}
	// The other examples: a4, r0.a4, and the bare root.
	for name, want := range map[string]Conditions{
		"a2.lseed.bitcoinstats.com.":                    {AddrTypes: AddrIPv4},
		"r0.a4.lseed.bitcoinstats.com.":                 {AddrTypes: AddrIPv6},
		"lseed.bitcoinstats.com.":                       {},
		"LSEED.bitcoinstats.COM":                        {},
		"_nodes._tcp.lseed.bitcoinstats.com.":           {},
		"_nodes._tcp.n3.lseed.bitcoinstats.com.":        {Count: 3},
		"n3._nodes._tcp.lseed.bitcoinstats.com.":        {Count: 3},
		"r7.A6.N100.lseed.bitcoinstats.com.":            {Realm: 7, AddrTypes: 6, Count: 100},
		"a18446744073709551615.lseed.bitcoinstats.com.": {AddrTypes: ^AddrTypes(0)},
	} {
		got, err := ParseConditions(name, seed)
		if err != nil {
			t.Errorf("%s: %v", name, err)
			continue
		}
		if !got.Equal(want) {
			t.Errorf("%s: got %+v, want %+v", name, got, want)
		}
	}
}

func TestParseConditionsNodeID(t *testing.T) {
	const seed = "seed.example."
	a, b := boltExampleIDs[0], boltExampleIDs[2]
	for _, c := range []struct{ name, wantHex string }{
		{"l" + b.bech + "." + seed, b.hex},                 // the l condition
		{b.bech + "." + seed, b.hex},                       // a virtual hostname
		{"_nodes._tcp.l" + b.bech + "." + seed, b.hex},     // SRV node query
		{"l" + a.bech + "." + b.bech + "." + seed, a.hex},  // leftmost wins
		{"l" + a.bech + ".l" + b.bech + "." + seed, a.hex}, // leftmost wins
	} {
		want, _ := ParseNodeKey(c.wantHex)
		got, err := ParseConditions(c.name, seed)
		if err != nil || got.NodeID == nil || !got.NodeID.IsEqual(want) {
			t.Errorf("%s: %+v %v", c.name, got, err)
		}
	}
}

func TestParseConditionsRejects(t *testing.T) {
	const seed = "seed.example."
	bad := []string{
		"x1.seed.example.",                    // unknown key
		"r.seed.example.",                     // no value
		"r256.seed.example.",                  // realm is a byte
		"r-1.seed.example.",                   // not decimal
		"r+1.seed.example.",                   // not decimal
		"a0.seed.example.",                    // no address type
		"a0x6.seed.example.",                  // not decimal
		"a18446744073709551616.seed.example.", // overflows 64 bits
		"n0.seed.example.",                    // no record
		"n65536.seed.example.",                // more than a message holds
		"n1_0.seed.example.",                  // underscore
		"lq.seed.example.",                    // not a node id
		"l" + boltExampleIDs[0].bech[:NodeIDLen-1] + "x.seed.example.",
		"\\046.seed.example.", // escaped label
		"n5..seed.example.",   // empty label
	}
	for _, name := range bad {
		if _, err := ParseConditions(name, seed); !errors.Is(err, ErrBadCondition) {
			t.Errorf("%q: err = %v, want ErrBadCondition", name, err)
		}
	}
	if _, err := ParseConditions("l"+boltExampleIDs[0].bech[:NodeIDLen-1]+"x.seed.example.", seed); !errors.Is(err, ErrBadNodeID) {
		t.Errorf("bad l value: want ErrBadNodeID as well, got %v", err)
	}
	for _, name := range []string{"example.", "n5.other.example.", "xseed.example."} {
		if _, err := ParseConditions(name, seed); !errors.Is(err, ErrBadSeed) {
			t.Errorf("%q: err = %v, want ErrBadSeed", name, err)
		}
	}
	for _, s := range []string{"", ".", "a..b", "a b.example", "x\\.y"} {
		if _, err := ParseConditions("n5."+s, s); !errors.Is(err, ErrBadSeed) {
			t.Errorf("seed %q: err = %v, want ErrBadSeed", s, err)
		}
	}
}

// randomConditions draws conditions with every field sometimes left out.
func randomConditions(rng *rand.Rand) Conditions {
	var c Conditions
	if rng.IntN(2) == 0 {
		c.Realm = uint8(rng.IntN(256))
	}
	if rng.IntN(2) == 0 {
		c.AddrTypes = AddrTypes(rng.Uint64()>>rng.IntN(64)) | 1<<rng.IntN(6)
	}
	if rng.IntN(2) == 0 {
		c.NodeID = testKey(rng.IntN(50))
	}
	if rng.IntN(2) == 0 {
		c.Count = 1 + rng.IntN(MaxCount)
	}
	return c
}

func TestConditionsRoundTrip(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	for i := 0; i < 500; i++ {
		c := randomConditions(rng)
		for _, build := range []func(string) (string, error){c.SRVName, c.HostName} {
			name, err := build("Seed.Example")
			if err != nil {
				t.Fatalf("%+v: %v", c, err)
			}
			got, err := ParseConditions(name, "seed.example.")
			if err != nil {
				t.Fatalf("%s: %v", name, err)
			}
			if !got.Equal(c) {
				t.Fatalf("%s: parsed %+v, want %+v", name, got, c)
			}
		}
	}
}

func TestConditionsNames(t *testing.T) {
	id := testKey(0)
	c := Conditions{Realm: 0, AddrTypes: AddrIPv4, NodeID: id, Count: 10}
	srv, err := c.SRVName("seed.example")
	if err != nil {
		t.Fatal(err)
	}
	if want := "_nodes._tcp.a2.l" + EncodeNodeID(id) + ".n10.seed.example."; srv != want {
		t.Errorf("SRVName = %s, want %s", srv, want)
	}
	host, _ := Conditions{Realm: 1, Count: 3}.HostName("seed.example.")
	if want := "r1.n3.seed.example."; host != want {
		t.Errorf("HostName = %s, want %s", host, want)
	}
	if n, _ := (Conditions{}).SRVName("seed.example."); n != "_nodes._tcp.seed.example." {
		t.Errorf("plain wildcard SRV name %s", n)
	}
	if _, err := (Conditions{Count: MaxCount + 1}).SRVName("seed.example."); !errors.Is(err, ErrBadCondition) {
		t.Errorf("n beyond MaxCount: %v", err)
	}
	// A seed so long that the l label no longer fits a name.
	long := ""
	for len(long) < 200 {
		long += "abcdefghij."
	}
	if _, err := (Conditions{NodeID: id}).SRVName(long); !errors.Is(err, ErrBadSeed) {
		t.Errorf("over-long name: %v", err)
	}
}

func FuzzParseConditions(f *testing.F) {
	f.Add("n5.r0.a2.n10.lseed.bitcoinstats.com.")
	f.Add("_nodes._tcp.r0.a4.lseed.bitcoinstats.com.")
	f.Add("l" + boltExampleIDs[0].bech + ".lseed.bitcoinstats.com.")
	f.Add(boltExampleIDs[1].bech + ".lseed.bitcoinstats.com.")
	f.Add("a18446744073709551615.n65535.lseed.bitcoinstats.com")
	f.Fuzz(func(t *testing.T, name string) {
		const seed = "lseed.bitcoinstats.com."
		c, err := ParseConditions(name, seed)
		if err != nil {
			if !errors.Is(err, ErrBadCondition) && !errors.Is(err, ErrBadSeed) {
				t.Fatalf("%q: untyped error %v", name, err)
			}
			return
		}
		// What parses encodes, and parses back to the same conditions.
		for _, build := range []func(string) (string, error){c.SRVName, c.HostName} {
			enc, err := build(seed)
			if err != nil {
				// Encoding may only fail because the name grew too long.
				if !errors.Is(err, ErrBadSeed) {
					t.Fatalf("%q: %+v does not encode: %v", name, c, err)
				}
				continue
			}
			back, err := ParseConditions(enc, seed)
			if err != nil || !back.Equal(c) {
				t.Fatalf("%q -> %+v -> %q -> %+v, %v", name, c, enc, back, err)
			}
		}
	})
}
