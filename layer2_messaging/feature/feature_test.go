package feature

import (
	"errors"
	"math/rand/v2"
	"reflect"
	"slices"
	"testing"
)

func TestVectorBits(t *testing.T) {
	v := New(0, 9, 17)
	if string(v) != "\x02\x02\x01" {
		t.Fatalf("New = %x", []byte(v))
	}
	for _, b := range []Bit{0, 9, 17} {
		if !v.IsSet(b) {
			t.Errorf("bit %d not set", b)
		}
	}
	if v.IsSet(1) || v.IsSet(1000) || !v.Has(8) || v.Requires(8) || !v.Requires(0) {
		t.Fatal("IsSet/Has/Requires")
	}
	v.Clear(17)
	if v.IsSet(17) || len(v) != 3 || len(v.Minimal()) != 2 {
		t.Fatalf("Clear left %x", []byte(v))
	}
	if !v.Equal(New(0, 9)) || v.Equal(New(0)) {
		t.Fatal("Equal ignores padding but not bits")
	}
	padded := Vector{0, 0, 0x80}
	if !reflect.DeepEqual(padded.Bits(), []Bit{7}) || !padded.Equal(New(7)) {
		t.Fatalf("padded Bits = %v", padded.Bits())
	}
	rng := rand.New(rand.NewPCG(41, 42))
	for i := 0; i < 500; i++ {
		var bits []Bit
		for j := rng.IntN(20); j > 0; j-- {
			bits = append(bits, Bit(rng.IntN(300)))
		}
		v := New(bits...)
		slices.Sort(bits)
		bits = slices.Compact(bits)
		if got := v.Bits(); !slices.Equal(got, bits) {
			t.Fatalf("Bits = %v, want %v", got, bits)
		}
		if len(v) > 0 && v[0] == 0 {
			t.Fatalf("New is not minimal: %x", []byte(v))
		}
		w := New(Bit(rng.IntN(300)))
		or := Or(v, w)
		for _, b := range append(v.Bits(), w.Bits()...) {
			if !or.IsSet(b) {
				t.Fatalf("Or lost bit %d", b)
			}
		}
		if len(or.Bits()) > len(v.Bits())+1 {
			t.Fatal("Or added bits")
		}
	}
}

func TestNames(t *testing.T) {
	v := New(0, 1, 17, 100, 101)
	want := []string{"option_data_loss_protect", "basic_mpp", "unknown_bit_100", "unknown_bit_101"}
	if got := v.Names(); !slices.Equal(got, want) {
		t.Fatalf("Names = %v", got)
	}
	if s := v.String(); s != "option_data_loss_protect(required),basic_mpp(optional),unknown_bit_100,unknown_bit_101" {
		t.Fatalf("String = %s", s)
	}
	if f, ok := ByName("option_zeroconf"); !ok || f.Bit != ZeroConf || !slices.Equal(f.Depends, []Bit{SCIDAlias}) {
		t.Fatalf("ByName: %+v", f)
	}
	f, _ := Lookup(ZeroConf + 1)
	f.Depends[0] = 0 // a copy: the table stays as it is
	if g, _ := Lookup(ZeroConf); g.Depends[0] != SCIDAlias {
		t.Fatal("Lookup exposes the table")
	}
	if InInit.String()+(InNode|InInvoice).String() != "IN9" {
		t.Fatal("Context.String")
	}
}

func TestValidate(t *testing.T) {
	for _, tc := range []struct {
		name string
		v    Vector
		ctx  Context
		err  error
	}{
		{"lnd-like init", New(0, 5, 7, 9, 12, 14, 17, 23, 27, 45, 47, 51), InInit, nil},
		{"payment_metadata is for invoices", New(49), InInit, ErrWrongContext},
		{"payment_metadata in an invoice", New(49), InInvoice, nil},
		{"anchors in channel_type", New(22), InChannelType, nil},
		{"basic_mpp not in channel_type", New(16), InChannelType, ErrWrongContext},
		{"upfront shutdown not in channel_announcement", New(5), InChannel, ErrWrongContext},
		{"no-context features are ignored", New(1, 7, 45), InChannelType, nil},
		{"unknown bits are left to negotiation", New(201), InNode, nil},
		{"basic_mpp needs payment_secret, which is ASSUMED", New(17), InInit, nil},
		{"zeroconf without scid_alias", New(51), InInit, ErrMissingDependency},
		{"zeroconf with scid_alias", New(51, 47), InInit, nil},
		{"simple_close without anysegwit", New(61), InNode, ErrMissingDependency},
		{"simple_close with anysegwit", New(61, 26), InNode, nil},
	} {
		err := Validate(tc.v, tc.ctx)
		if tc.err == nil && err != nil || tc.err != nil && !errors.Is(err, tc.err) {
			t.Errorf("%s: %v, want %v", tc.name, err, tc.err)
		}
	}
	var de *DependencyError
	if err := Validate(New(50), InInit); !errors.As(err, &de) || de.Feature != 50 || de.Needs != SCIDAlias {
		t.Fatalf("%v", err)
	}
}

// TestChannelParity exercises the C- and C+ rules with a table of its own
// (no feature of the pinned BOLT #9 uses them).
func TestChannelParity(t *testing.T) {
	fake := map[Bit]*Feature{
		100: {Bit: 100, Name: "odd_only", Contexts: InChannelOdd},
		102: {Bit: 102, Name: "even_only", Contexts: InChannelEven},
		104: {Bit: 104, Name: "either", Contexts: InChannel},
	}
	find := func(b Bit) *Feature { return fake[b.Pair()] }
	for _, tc := range []struct {
		bit Bit
		ok  bool
	}{{101, true}, {100, false}, {102, true}, {103, false}, {104, true}, {105, true}} {
		err := checkContext(New(tc.bit), InChannel, find)
		if (err == nil) != tc.ok || err != nil && !errors.Is(err, ErrWrongContext) {
			t.Errorf("bit %d: %v", tc.bit, err)
		}
	}
	if err := checkContext(New(101), InNode, find); !errors.Is(err, ErrWrongContext) {
		t.Errorf("C- feature in node_announcement: %v", err)
	}
}

func TestNegotiate(t *testing.T) {
	local := New(0, 5, 7, 17, 27, 46, 51) // data_loss required, zeroconf...
	remote := New(1, 4, 7, 17, 101)       // unknown odd 101 is ignored
	got, err := Negotiate(local, remote)
	if err != nil {
		t.Fatal(err)
	}
	// data_loss: local even; upfront: remote even; gossip: both odd;
	// basic_mpp: both odd; anysegwit (27): only local odd, not negotiated;
	// scid_alias (46): local even; zeroconf (51): local odd only, not negotiated.
	if want := New(0, 4, 7, 17, 46); !got.Equal(want) {
		t.Fatalf("negotiated %v, want %v", got, want)
	}
	_, err = Negotiate(local, New(1, 28, 200, 201))
	var ue *UnknownRequiredError
	if !errors.Is(err, ErrUnknownRequiredFeature) || !errors.As(err, &ue) || !slices.Equal(ue.Bits, []Bit{28, 200}) {
		t.Fatalf("unknown required: %v", err)
	}
	if _, err := Negotiate(New(46, 51), New(51)); !errors.Is(err, ErrMissingDependency) {
		t.Fatalf("remote zeroconf without scid_alias: %v", err)
	}
}
