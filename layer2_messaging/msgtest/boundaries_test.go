package msgtest

import (
	"testing"

	messaging "github.com/lnstack/lnstack/layer2_messaging"
	"github.com/lnstack/lnstack/layer2_messaging/wire"
	"github.com/lnstack/lnstack/layer2_messaging/wire/wiretest"
	"github.com/lnstack/lnstack/spec"
	"github.com/lnstack/lnstack/spec/speccheck"
)

func TestMessageBoundaries(t *testing.T) {
	m := &messaging.Ping{NumPongBytes: 1, Ignored: []byte{7},
		Extension: wire.Records{{Type: 1, Value: []byte{2}}, {Type: 3}}}
	b := MustEncode(t, m)
	// num_pong_bytes (2), byteslen (2) and ignored (1), then the records
	// 01 01 02 and 03 00.
	if fixed := len(b) - len(TrailingStream(t, m)); fixed != 5 || len(b) != 10 {
		t.Fatalf("ping %x: fixed part of %d bytes, want 5 of 10", b, fixed)
	}
	ok := MessageBoundaries(t, m, b)
	for n := 0; n <= len(b); n++ {
		if want := n == 5 || n == 8 || n == 10; ok(n) != want {
			t.Errorf("cut at %d: boundary %v, want %v", n, ok(n), want)
		}
	}
	Truncations(t, Message(func() messaging.Message { return new(messaging.Ping) }), b, ok)

	if msg := run(t, func(tb testing.TB) {
		TrailingStream(tb, &messaging.Unknown{Payload: []byte{1}})
	}); msg == "" {
		t.Error("TrailingStream of a message without a trailing stream did not fail")
	}
	if msg := run(t, func(tb testing.TB) { RecordBoundaries(tb, []byte{1, 2}, []byte{3}) }); msg == "" {
		t.Error("RecordBoundaries of a payload without that stream did not fail")
	}
}

func TestConstructor(t *testing.T) {
	table := messaging.Messages()
	names := Names(table)
	if len(names) != len(table.Messages) {
		t.Fatalf("%d names for %d messages", len(names), len(table.Messages))
	}
	for i, name := range names {
		if got := Constructor(t, table, name)().Type(); got != table.Messages[i].Type {
			t.Errorf("%s: constructor of type %d, want %d", name, got, table.Messages[i].Type)
		}
	}
	if msg := run(t, func(tb testing.TB) { Constructor(tb, table, "no_such_message") }); msg == "" {
		t.Error("Constructor of an unknown name did not fail")
	}
}

// TestSpecStreams checks BOLT #1's streams: all three pass; without n2's
// decoder, n2 is reported; with a decoder for a stream BOLT #1 does not
// define, that one is reported too.
func TestSpecStreams(t *testing.T) {
	f, err := spec.Load()
	if err != nil {
		t.Fatal(err)
	}
	decoders := StreamDecoders(messaging.Messages().Streams)
	decoders["n1"] = SpecStream(func() wire.Walker { return new(wiretest.N1) })
	decoders["n2"] = SpecStream(func() wire.Walker { return new(wiretest.N2) })
	opts := speccheck.Options{Iterations: 4}
	for _, c := range []struct {
		what   string
		change func()
		errs   int
	}{
		{"every stream", func() {}, 0},
		{"n2 missing", func() { delete(decoders, "n2") }, 1},
		{"n2 missing, one extra", func() { decoders["not_in_bolt1"] = decoders["n1"] }, 2},
	} {
		c.change()
		r := &recorder{TB: t}
		SpecStreams(r, f, 1, decoders, opts)
		if len(r.errs) != c.errs {
			t.Errorf("%s: %d errors, want %d: %q", c.what, len(r.errs), c.errs, r.errs)
		}
	}
}
