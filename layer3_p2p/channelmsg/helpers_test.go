package channelmsg_test

import (
	"bytes"
	"fmt"
	"hash/fnv"
	"math/rand/v2"
	"reflect"
	"testing"

	"github.com/btcsuite/btcd/btcec/v2"

	messaging "github.com/lnstack/lnstack/layer2_messaging"
	"github.com/lnstack/lnstack/layer2_messaging/wire"
	"github.com/lnstack/lnstack/layer3_p2p/channelmsg"
	"github.com/lnstack/lnstack/spec/speccheck"
)

// entries returns the BOLT #2 table entries.
func entries() []messaging.Entry { return channelmsg.Messages().Messages }

// randomPayloads returns n payloads (the bytes after the type) of random
// valid instances of the message called name, built from spec/ alone, so
// that the tests' inputs do not come from the codec under test.
func randomPayloads(t testing.TB, name string, n int, seed uint64) [][]byte {
	t.Helper()
	f := loadSpec(t)
	h := fnv.New64a()
	h.Write([]byte(name))
	rng := rand.New(rand.NewPCG(seed, h.Sum64()))
	out := make([][]byte, 0, n)
	for i := 0; i < n; i++ {
		inst, err := speccheck.Generate(f, name, rng, speccheck.Options{})
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, inst.Wire[2:])
	}
	return out
}

// tail returns the encoding of m's last field: its TLV stream or its
// extension (every message struct ends with one, see doc.go).
func tail(t testing.TB, m messaging.Message) []byte {
	t.Helper()
	v := reflect.ValueOf(m).Elem()
	last := v.Field(v.NumField() - 1)
	switch x := last.Addr().Interface().(type) {
	case *wire.Records:
		b, err := x.Append(nil)
		if err != nil {
			t.Fatal(err)
		}
		return b
	case wire.Walker:
		b, err := wire.Encode(nil, x)
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	t.Fatalf("%T: last field %s is neither TLVs nor Extension", m, v.Type().Field(v.NumField()-1).Name)
	return nil
}

// streamBoundaries returns the offsets of payload where a cut leaves a
// valid shorter message: the start of the trailing TLV stream and the end
// of each of its records.
func streamBoundaries(t testing.TB, m messaging.Message, payload []byte) map[int]bool {
	t.Helper()
	tl := tail(t, m)
	if !bytes.HasSuffix(payload, tl) {
		t.Fatalf("%T: payload does not end with its TLV stream", m)
	}
	off := len(payload) - len(tl)
	ok := map[int]bool{off: true}
	rs, err := wire.ParseRecords(tl)
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range rs {
		off += wire.BigSizeLen(r.Type) + wire.BigSizeLen(uint64(len(r.Value))) + len(r.Value)
		ok[off] = true
	}
	return ok
}

// testPoint is a valid point.
var testPoint = func() wire.Point {
	k, _ := btcec.PrivKeyFromBytes(bytes.Repeat([]byte{7}, 32))
	return wire.PointFromPubKey(k.PubKey())
}()

// withPoints sets every wire.Point in *m (at any depth of structs) to
// testPoint, so that a zero message decodes.
func withPoints(m messaging.Message) messaging.Message {
	setPoints(reflect.ValueOf(m).Elem())
	return m
}

func setPoints(v reflect.Value) {
	switch {
	case v.Type() == reflect.TypeOf(wire.Point{}):
		v.Set(reflect.ValueOf(testPoint))
	case v.Kind() == reflect.Struct:
		for i := 0; i < v.NumField(); i++ {
			setPoints(v.Field(i))
		}
	}
}

// mustEncode encodes m or fails the test.
func mustEncode(t testing.TB, m messaging.Message) []byte {
	t.Helper()
	b, err := m.Encode(nil)
	if err != nil {
		t.Fatalf("%T: %v", m, err)
	}
	return b
}

func name(m messaging.Message) string {
	for _, e := range entries() {
		if e.Type == m.Type() {
			return e.Name
		}
	}
	return fmt.Sprintf("type %d", m.Type())
}
