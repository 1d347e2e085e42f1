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

func name(m messaging.Message) string {
	for _, e := range entries() {
		if e.Type == m.Type() {
			return e.Name
		}
	}
	return fmt.Sprintf("type %d", m.Type())
}
