package msgtest

import (
	"errors"
	"maps"
	"slices"
	"testing"

	messaging "github.com/lnstack/lnstack/layer2_messaging"
	"github.com/lnstack/lnstack/layer2_messaging/wire"
	"github.com/lnstack/lnstack/spec"
	"github.com/lnstack/lnstack/spec/speccheck"
)

// SpecTable checks a layer's message table against the messages spec/
// extracts from BOLT bolt: every entry's type and name, and an entry for
// every message of the BOLT (speccheck.Table); then each of those
// messages decoded and re-encoded through c (speccheck.Run with opts),
// a Codec that knows table (with layer 2's, for the layers above).
func SpecTable(t testing.TB, f *spec.Formats, bolt int, table messaging.Table, c *messaging.Codec, opts speccheck.Options) {
	t.Helper()
	types := make(map[uint16]string, len(table.Messages))
	for _, e := range table.Messages {
		types[e.Type] = e.Name
	}
	names := speccheck.AllOf(f, bolt)
	speccheck.Table(t, f, types, names...)
	speccheck.Run(t, f, names, SpecMessages(c), opts)
}

// SpecStreams checks the TLV streams spec/ extracts from BOLT bolt, each
// through its decoder in decoders, keyed by stream name
// (speccheck.RunStreams with opts). A stream of the BOLT without a
// decoder, and a decoder of a stream the BOLT does not define, are
// errors. StreamDecoders gives the decoders of a table's streams.
func SpecStreams(t testing.TB, f *spec.Formats, bolt int, decoders map[string]speccheck.DecodeFunc, opts speccheck.Options) {
	t.Helper()
	names := speccheck.StreamsOf(f, bolt)
	for _, name := range names {
		decode, ok := decoders[name]
		if !ok {
			t.Errorf("tlv_stream %s has no codec", name)
			continue
		}
		speccheck.RunStreams(t, f, []string{name}, decode, opts)
	}
	for _, name := range slices.Sorted(maps.Keys(decoders)) {
		if !slices.Contains(names, name) {
			t.Errorf("a codec for tlv_stream %s, which BOLT #%d does not define", name, bolt)
		}
	}
}

// StreamDecoders returns the SpecStream decoder of each stream, keyed by
// its name, for SpecStreams.
func StreamDecoders(streams []messaging.StreamEntry) map[string]speccheck.DecodeFunc {
	out := make(map[string]speccheck.DecodeFunc, len(streams))
	for _, s := range streams {
		out[s.Name] = SpecStream(s.New)
	}
	return out
}

// SpecMessages returns the speccheck.DecodeFunc of the messages a Codec
// knows, as SpecTable uses it:
//
//	speccheck.Messages(t, f, speccheck.AllOf(f, 2), msgtest.SpecMessages(codec), 100)
//
// A type the Codec does not know is reported as not implemented.
func SpecMessages(c *messaging.Codec) speccheck.DecodeFunc {
	return func(frame []byte) ([]byte, []byte, error) {
		m, err := c.Decode(frame)
		if errors.Is(err, messaging.ErrUnknownRequiredMessage) {
			return nil, nil, speccheck.ErrNotImplemented
		}
		if err != nil {
			return nil, nil, err
		}
		if _, unknown := m.(*messaging.Unknown); unknown {
			return nil, nil, speccheck.ErrNotImplemented
		}
		fields, err := messaging.FieldsJSON(m)
		if err != nil {
			return nil, nil, err
		}
		re, err := c.Encode(nil, m)
		return fields, re, err
	}
}

// SpecStream returns the speccheck.DecodeFunc of one TLV stream codec, for
// speccheck.Streams with that stream's name.
func SpecStream(newStream func() wire.Walker) speccheck.DecodeFunc {
	return func(b []byte) ([]byte, []byte, error) {
		s := newStream()
		if err := wire.Decode(b, s); err != nil {
			return nil, nil, err
		}
		fields, err := wire.MarshalJSON(s)
		if err != nil {
			return nil, nil, err
		}
		re, err := wire.Encode(nil, s)
		return fields, re, err
	}
}
