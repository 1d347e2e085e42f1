package speccheck

import (
	"bytes"
	"errors"
	"fmt"
	"hash/fnv"
	"math/rand/v2"
	"sort"
	"testing"

	"github.com/lnstack/lnstack/spec"
)

// DecodeFunc is what a layer supplies to the checker: it decodes wire (a
// message: 2-byte type and payload; for Streams: a TLV stream) with the
// layer's own codec and returns the JSON "fields" object of docs/spec.md, and
// the bytes the codec encodes the decoded value back to. For a type the
// layer does not implement it returns an error wrapping ErrNotImplemented.
type DecodeFunc func(wire []byte) (fieldsJSON []byte, reencoded []byte, err error)

// DefaultIterations is the number of instances per message when a caller
// passes 0.
const DefaultIterations = 64

// Options tunes a check. The zero value is usable.
type Options struct {
	// Iterations is the number of instances per message (0: 64). The first
	// is the smallest (empty arrays, no TLV record), the second the fullest
	// (every TLV record and an unknown odd one), the others random.
	Iterations int
	// Seed seeds the random instances (mixed with each message's name), so
	// a failure repeats with the same Seed.
	Seed uint64
	// NoUnknown stops the checker from adding an unknown odd TLV record.
	NoUnknown bool
	// Bytes gives the content of byte-array fields whose bytes must have a
	// structure the codec parses (node_announcement addresses, encoded
	// short_channel_ids), keyed "<message>.<field>", "<subtype>.<field>"
	// or "<stream>.<record>.<field>". Other fields get random bytes.
	Bytes map[string]func(r *rand.Rand) []byte
}

// Messages checks the layer's codec against spec/ for each message (or
// onion failure message) in names: it builds iterations random valid
// instances of each from the CSV, decodes them with decode and reports with
// t.Errorf, once per message, a missing implementation, a decoding error, the
// first field whose value differs from the one encoded (that is how two
// swapped fields of the same width show), a known TLV record reported as
// unknown, or a re-encoding that differs from the wire bytes.
func Messages(t testing.TB, f *spec.Formats, names []string, decode DecodeFunc, iterations int) {
	t.Helper()
	Run(t, f, names, decode, Options{Iterations: iterations})
}

// Run is Messages with every option.
func Run(t testing.TB, f *spec.Formats, names []string, decode DecodeFunc, opts Options) {
	t.Helper()
	for _, name := range names {
		m := f.Message(name)
		if m == nil {
			t.Errorf("message %s is not in spec/ (commit %s)", name, f.Commit)
			continue
		}
		what := fmt.Sprintf("message %s (type %d)", m.Name, m.Type)
		if m.Failure {
			what = fmt.Sprintf("failure message %s (failure_code %#04x)", m.Name, m.Type)
		}
		check(t, what, name, decode, opts, func(r *rand.Rand, md mode) (*Instance, error) {
			return generateMessage(f, m, r, &opts, md)
		})
	}
}

// Streams checks a layer's TLV stream codec against spec/ the way Messages
// checks messages; wire holds the stream's records only.
func Streams(t testing.TB, f *spec.Formats, names []string, decode DecodeFunc, iterations int) {
	t.Helper()
	RunStreams(t, f, names, decode, Options{Iterations: iterations})
}

// RunStreams is Streams with every option.
func RunStreams(t testing.TB, f *spec.Formats, names []string, decode DecodeFunc, opts Options) {
	t.Helper()
	for _, name := range names {
		s := f.Stream(name)
		if s == nil {
			t.Errorf("tlv_stream %s is not in spec/ (commit %s)", name, f.Commit)
			continue
		}
		check(t, "tlv_stream "+s.Name, name, decode, opts, func(r *rand.Rand, md mode) (*Instance, error) {
			return generateStream(f, s, r, &opts, md)
		})
	}
}

func check(t testing.TB, what, name string, decode DecodeFunc, opts Options, gen func(*rand.Rand, mode) (*Instance, error)) {
	t.Helper()
	h := fnv.New64a()
	h.Write([]byte(name))
	r := rand.New(rand.NewPCG(opts.Seed, h.Sum64()))
	n := opts.Iterations
	if n <= 0 {
		n = DefaultIterations
	}
	for i := 0; i < n; i++ {
		md := modeRandom
		switch i {
		case 0:
			md = modeMinimal
		case 1:
			md = modeFull
		}
		inst, err := gen(r, md)
		if err != nil {
			t.Errorf("%s: cannot build an instance from spec/: %v", what, err)
			return
		}
		if msg := verify(inst, decode); msg != "" {
			sep := ": "
			if msg == noImplementation {
				sep = " "
			}
			t.Errorf("%s%s%s\n\tinstance %d (Options.Seed %d), wire %s\n\twant fields %s",
				what, sep, msg, i, opts.Seed, clip(fmt.Sprintf("%x", inst.Wire)), clip(string(inst.Fields)))
			return
		}
	}
}

const noImplementation = "has no implementation"

// verify runs one instance through decode; it returns "" when the codec
// agrees with spec/.
func verify(inst *Instance, decode DecodeFunc) string {
	js, re, err := decode(append([]byte(nil), inst.Wire...))
	if errors.Is(err, ErrNotImplemented) {
		return noImplementation
	}
	if err != nil {
		return fmt.Sprintf("the codec rejects a valid instance built from spec/: %v", err)
	}
	got, err := decodeJSON(js)
	if err != nil {
		return fmt.Sprintf("the codec's fields are not JSON: %v: %s", err, clip(string(js)))
	}
	if d := difference("fields", inst.want, got); d != "" {
		return d
	}
	if !bytes.Equal(re, inst.Wire) {
		i := 0
		for i < len(re) && i < len(inst.Wire) && re[i] == inst.Wire[i] {
			i++
		}
		at := "past the end of the spec's encoding"
		if i < len(inst.Wire) {
			at = locate(inst.spans, i)
		}
		return fmt.Sprintf("re-encoding differs from the spec layout at byte %d (in %s): %d bytes, want %d\n\tgot  %s",
			i, at, len(re), len(inst.Wire), clip(fmt.Sprintf("%x", re)))
	}
	return ""
}

func clip(s string) string {
	if len(s) > 600 {
		return s[:597] + "..."
	}
	return s
}

// AllOf returns the names of the wire messages BOLT bolt defines, in type
// order.
func AllOf(f *spec.Formats, bolt int) []string {
	var out []string
	for _, m := range f.MessagesOf(bolt) {
		out = append(out, m.Name)
	}
	return out
}

// FailuresOf returns the names of the onion failure messages BOLT bolt
// defines (BOLT #4), in failure_code order.
func FailuresOf(f *spec.Formats, bolt int) []string {
	var out []string
	for _, m := range f.FailuresOf(bolt) {
		out = append(out, m.Name)
	}
	return out
}

// StreamsOf returns the names of the TLV streams BOLT bolt defines, in
// document order.
func StreamsOf(f *spec.Formats, bolt int) []string {
	var out []string
	for _, s := range f.StreamsOf(bolt) {
		out = append(out, s.Name)
	}
	return out
}

// Table checks a layer's message table (type number to name, the one table
// its constants, names and constructors derive from) against spec/: every
// entry must be the spec's message of that type, and every message in names
// (e.g. AllOf(f, 1)) must have its entry.
func Table(t testing.TB, f *spec.Formats, table map[uint16]string, names ...string) {
	t.Helper()
	checkTable(t, "message", table, names, f.MessageByType, func(name string) *spec.Message {
		if m := f.Message(name); m != nil && !m.Failure {
			return m
		}
		return nil
	})
}

// FailureTable is Table for onion failure messages (failure_code to name).
func FailureTable(t testing.TB, f *spec.Formats, table map[uint16]string, names ...string) {
	t.Helper()
	checkTable(t, "failure message", table, names, f.FailureByCode, func(name string) *spec.Message {
		if m := f.Message(name); m != nil && m.Failure {
			return m
		}
		return nil
	})
}

func checkTable(t testing.TB, kind string, table map[uint16]string, names []string, byType func(uint16) *spec.Message, byName func(string) *spec.Message) {
	t.Helper()
	types := make([]int, 0, len(table))
	for typ := range table {
		types = append(types, int(typ))
	}
	sort.Ints(types)
	for _, typ := range types {
		name := table[uint16(typ)]
		m := byType(uint16(typ))
		switch {
		case m == nil && byName(name) != nil:
			t.Errorf("table: %s %s has type %d, spec/ says %d", kind, name, typ, byName(name).Type)
		case m == nil:
			t.Errorf("table: type %d (%s) is no %s in spec/", typ, name, kind)
		case m.Name != name:
			t.Errorf("table: type %d is %s in the table, %s in spec/", typ, name, m.Name)
		}
	}
	for _, name := range names {
		m := byName(name)
		if m == nil {
			t.Errorf("table: %s %s is not in spec/", kind, name)
			continue
		}
		if got, ok := table[m.Type]; !ok || got != name {
			t.Errorf("table: %s %s (type %d) is missing from the table", kind, name, m.Type)
		}
	}
}
