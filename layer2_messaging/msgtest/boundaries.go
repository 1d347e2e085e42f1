package msgtest

import (
	"bytes"
	"reflect"
	"testing"

	messaging "github.com/lnstack/lnstack/layer2_messaging"
	"github.com/lnstack/lnstack/layer2_messaging/wire"
)

// TrailingStream returns the encoding of m's last field: its TLV stream
// (a wire.Walker such as InitTLVs) or its extension (wire.Records). Every
// message struct of lnstack ends with one of the two, since BOLT #1 lets
// every message carry a TLV stream after its fields; a message that does
// not fails the test.
func TrailingStream(t testing.TB, m messaging.Message) []byte {
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
	t.Fatalf("%T: last field %s is neither a TLV stream nor an extension", m, v.Type().Field(v.NumField()-1).Name)
	return nil
}

// RecordBoundaries returns, as the mayDecode of Truncations, the lengths
// at which a cut of payload, which ends with the encoded TLV stream
// stream, leaves a shorter valid value: the start of the stream and the
// end of each of its records.
func RecordBoundaries(t testing.TB, payload, stream []byte) func(n int) bool {
	t.Helper()
	if !bytes.HasSuffix(payload, stream) {
		t.Fatalf("payload %x does not end with its TLV stream %x", payload, stream)
	}
	off := len(payload) - len(stream)
	ok := map[int]bool{off: true}
	rs, err := wire.ParseRecords(stream)
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range rs {
		off += wire.BigSizeLen(r.Type) + wire.BigSizeLen(uint64(len(r.Value))) + len(r.Value)
		ok[off] = true
	}
	return func(n int) bool { return ok[n] }
}

// MessageBoundaries is RecordBoundaries for payload, the encoding of m:
// the cuts at the record boundaries of m's TrailingStream.
func MessageBoundaries(t testing.TB, m messaging.Message, payload []byte) func(n int) bool {
	t.Helper()
	return RecordBoundaries(t, payload, TrailingStream(t, m))
}
