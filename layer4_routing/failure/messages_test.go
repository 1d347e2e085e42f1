package failure_test

import (
	"bytes"
	"errors"
	"math/rand/v2"
	"testing"

	"github.com/lnstack/lnstack/layer2_messaging/msgtest"
	"github.com/lnstack/lnstack/layer2_messaging/wire"
	"github.com/lnstack/lnstack/layer4_routing/failure"
	"github.com/lnstack/lnstack/spec"
	"github.com/lnstack/lnstack/spec/speccheck"
)

// codec is the harness codec of failure messages (code and data).
func codec() msgtest.Codec[failure.Message] {
	return msgtest.Codec[failure.Message]{
		Decode:    failure.Decode,
		Encode:    func(m failure.Message) ([]byte, error) { return failure.Encode(nil, m) },
		JSON:      func(m failure.Message) ([]byte, error) { return wire.MarshalJSON(m) },
		Canonical: true,
	}
}

// TestSpecLayout checks the failure table and every failure message against
// spec/bolt04_failures.csv.
func TestSpecLayout(t *testing.T) {
	f, err := spec.Load()
	if err != nil {
		t.Fatal(err)
	}
	table := make(map[uint16]string)
	for _, e := range failure.Table() {
		if _, dup := table[uint16(e.Code)]; dup {
			t.Fatalf("code %v twice", e.Code)
		}
		table[uint16(e.Code)] = e.Name
		if m := e.New(); m.Code() != e.Code {
			t.Errorf("%s: constructor builds code %v", e.Name, m.Code())
		}
	}
	names := speccheck.FailuresOf(f, 4)
	if len(names) != 22 || len(table) != 22 {
		t.Fatalf("spec has %d failure messages, the table %d", len(names), len(table))
	}
	speccheck.FailureTable(t, f, table, names...)
	speccheck.Messages(t, f, names, func(b []byte) ([]byte, []byte, error) {
		m, err := failure.Decode(b)
		if err != nil {
			return nil, nil, err
		}
		if _, ok := m.(*failure.Unknown); ok {
			return nil, nil, speccheck.ErrNotImplemented
		}
		js, err := wire.MarshalJSON(m)
		if err != nil {
			return nil, nil, err
		}
		re, err := failure.Encode(nil, m)
		return js, re, err
	}, 100)
}

// TestFailureRoundTrip runs instances of every failure message built from
// spec/ through the round-trip harness and cuts them at every byte.
func TestFailureRoundTrip(t *testing.T) {
	f, err := spec.Load()
	if err != nil {
		t.Fatal(err)
	}
	rng := rand.New(rand.NewPCG(9, 10))
	c := codec()
	for _, name := range speccheck.FailuresOf(f, 4) {
		for range 10 {
			inst, err := speccheck.Generate(f, name, rng, speccheck.Options{})
			if err != nil {
				t.Fatal(err)
			}
			msgtest.Valid(t, c, inst.Wire)
		}
		inst, err := speccheck.Generate(f, name, rng, speccheck.Options{NoUnknown: true})
		if err != nil {
			t.Fatal(err)
		}
		msgtest.Truncations(t, c, inst.Wire, nil)
	}
}

func TestUnknownAndLenient(t *testing.T) {
	m, err := failure.Decode([]byte{0xc0, 0x63, 1, 2, 3})
	if err != nil {
		t.Fatal(err)
	}
	u, ok := m.(*failure.Unknown)
	if !ok || u.Code() != failure.BadOnion|failure.Perm|99 || !bytes.Equal(u.Data, []byte{1, 2, 3}) {
		t.Fatalf("unknown: %#v", m)
	}
	if s := u.Code().String(); s != "BADONION|PERM|99" {
		t.Fatalf("String: %q", s)
	}
	// expiry_too_far followed by bytes that are no TLV stream: Decode
	// refuses, Parse (the origin) ignores them.
	b := []byte{0x00, 0x15, 0xff, 0xff}
	if _, err := failure.Decode(b); !wire.Malformed(err) {
		t.Fatalf("strict decode: %v", err)
	}
	var me *failure.MessageError
	if _, err := failure.Decode(b); !errors.As(err, &me) || me.Code != failure.CodeExpiryTooFar {
		t.Fatalf("MessageError: %v", err)
	}
	m, err = failure.Parse(b)
	if _, ok := m.(*failure.ExpiryTooFar); err != nil || !ok {
		t.Fatalf("lenient parse: %v %#v", err, m)
	}
	if _, err := failure.Parse([]byte{0x40, 0x0f, 1}); !wire.Malformed(err) {
		t.Fatalf("truncated data: %v", err)
	}
	if _, err := failure.Decode([]byte{0x40}); !wire.Malformed(err) {
		t.Fatalf("one byte: %v", err)
	}
}

func TestCodeFlags(t *testing.T) {
	c := failure.CodeInvalidOnionBlinding
	if !c.IsBadOnion() || !c.IsPerm() || c.IsNode() || c.IsUpdate() || c.String() != "invalid_onion_blinding" {
		t.Fatalf("%v flags", c)
	}
	c = failure.CodeTemporaryNodeFailure
	if c.IsBadOnion() || c.IsPerm() || !c.IsNode() || c.IsUpdate() {
		t.Fatalf("%v flags", c)
	}
	if !failure.CodeFeeInsufficient.IsUpdate() {
		t.Fatal("fee_insufficient has UPDATE")
	}
	if e, ok := failure.LookupName("mpp_timeout"); !ok || e.Code != 23 {
		t.Fatal("LookupName")
	}
}
