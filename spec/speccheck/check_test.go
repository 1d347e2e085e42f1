package speccheck

import (
	"encoding/hex"
	"fmt"
	"math/rand/v2"
	"testing"

	"github.com/btcsuite/btcd/btcec/v2"

	"github.com/lnstack/lnstack/spec"
)

// recorder is a testing.TB that keeps the errors a check reports, so the
// tests can show that the checker fails where it must.
type recorder struct {
	testing.TB
	errs []string
}

func (r *recorder) Helper() {}

func (r *recorder) Errorf(format string, args ...any) {
	r.errs = append(r.errs, fmt.Sprintf(format, args...))
}

func load(t *testing.T) *spec.Formats {
	t.Helper()
	f, err := spec.Load()
	if err != nil {
		t.Fatal(err)
	}
	return f
}

// everything checks every message, failure message and stream of f with
// codecs built from codecF and returns what the checker reported.
func everything(f, codecF *spec.Formats, iterations int) []string {
	rec := &recorder{}
	var msgs, fails []string
	for _, b := range spec.Bolts() {
		msgs = append(msgs, AllOf(f, b)...)
		fails = append(fails, FailuresOf(f, b)...)
	}
	Messages(rec, f, msgs, refCodec{f: codecF}.decode, iterations)
	Messages(rec, f, fails, refCodec{f: codecF, failures: true}.decode, iterations)
	for _, s := range f.Streams {
		Streams(rec, f, []string{s.Name}, refCodec{f: codecF, stream: codecF.Stream(s.Name)}.decode, iterations)
	}
	return rec.errs
}

func TestReferenceCodecPasses(t *testing.T) {
	f := load(t)
	for _, e := range everything(f, f, 40) {
		t.Error(e)
	}
}

// mutate returns a copy of the formats with one mistake, as a layer could
// make it.
func mutate(t *testing.T, f *spec.Formats, change func(*spec.Formats)) *spec.Formats {
	t.Helper()
	c := f.Clone()
	change(c)
	return c
}

func swap(fields []spec.Field, a, b string) {
	var i, j int
	for k, fd := range fields {
		switch fd.Name {
		case a:
			i = k
		case b:
			j = k
		}
	}
	fields[i], fields[j] = fields[j], fields[i]
}

func TestCheckerCatchesMistakes(t *testing.T) {
	f := load(t)
	for _, c := range []struct {
		name   string
		change func(*spec.Formats)
		msgs   []string
		stream string
		want   []string // words one reported error must contain
	}{{
		name: "swapped same-width fields",
		change: func(c *spec.Formats) {
			swap(c.Message("channel_update").Fields, "fee_base_msat", "fee_proportional_millionths")
		},
		msgs: []string{"channel_update"},
		want: []string{"channel_update", "fields.fee_base_msat"},
	}, {
		name:   "swapped fields in a TLV record",
		change: func(c *spec.Formats) { swap(c.Stream("n1").Record("tlv3").Fields, "amount_msat_1", "amount_msat_2") },
		stream: "n1",
		want:   []string{"tlv_stream n1", "tlv3.amount_msat_1"},
	}, {
		name: "wrong width",
		change: func(c *spec.Formats) {
			c.Message("channel_update").Fields[3].Type = "u64" // timestamp
		},
		msgs: []string{"channel_update"},
		want: []string{"channel_update (type 258)"},
	}, {
		name:   "wrong width of a length field",
		change: func(c *spec.Formats) { c.Message("error").Fields[1].Type = "byte" },
		msgs:   []string{"error"},
		want:   []string{"error (type 17)"},
	}, {
		name:   "wrong odd TLV number",
		change: func(c *spec.Formats) { c.Stream("init_tlvs").Record("remote_addr").Type = 5 },
		msgs:   []string{"init"},
		want:   []string{"known TLV record remote_addr (type 3)", "unknown"},
	}, {
		name:   "wrong even TLV number",
		change: func(c *spec.Formats) { c.Stream("n1").Record("tlv4").Type = 252 },
		stream: "n1",
		want:   []string{"tlv_stream n1", "rejects"},
	}, {
		name: "missing message",
		change: func(c *spec.Formats) {
			var keep []*spec.Message
			for _, m := range c.Messages {
				if m.Name != "pong" {
					keep = append(keep, m)
				}
			}
			c.Messages = keep
		},
		msgs: []string{"ping", "pong"},
		want: []string{"message pong (type 19) has no implementation"},
	}, {
		name:   "missing TLV record",
		change: func(c *spec.Formats) { s := c.Stream("init_tlvs"); s.Records = s.Records[1:] },
		msgs:   []string{"init"},
		want:   []string{"known TLV record networks (type 1)"},
	}, {
		name:   "missing field",
		change: func(c *spec.Formats) { m := c.Message("update_fee"); m.Fields = m.Fields[:1] },
		msgs:   []string{"update_fee"},
		want:   []string{"update_fee (type 134)"},
	}} {
		t.Run(c.name, func(t *testing.T) {
			bad := mutate(t, f, c.change)
			rec := &recorder{}
			if c.stream != "" {
				Streams(rec, f, []string{c.stream}, refCodec{f: bad, stream: bad.Stream(c.stream)}.decode, 20)
			} else {
				Messages(rec, f, c.msgs, refCodec{f: bad}.decode, 20)
			}
			t.Logf("%s: %q", c.name, rec.errs)
			if !mentions(rec.errs, c.want...) {
				t.Errorf("no reported error mentions %q; reported: %q", c.want, rec.errs)
			}
		})
	}
}

func TestCheckerCatchesReencoding(t *testing.T) {
	f := load(t)
	codec := refCodec{f: f}
	rec := &recorder{}
	Messages(rec, f, []string{"ping"}, func(wire []byte) ([]byte, []byte, error) {
		js, re, err := codec.decode(wire)
		if len(re) > 3 {
			re[3] ^= 1 // num_pong_bytes
		}
		return js, re, err
	}, 4)
	if !mentions(rec.errs, "re-encoding differs", "byte 3", "ping.num_pong_bytes") {
		t.Errorf("re-encoding mistake not reported precisely: %q", rec.errs)
	}
}

func TestCheckerRejectsUnknownNames(t *testing.T) {
	f := load(t)
	rec := &recorder{}
	Messages(rec, f, []string{"no_such_message"}, refCodec{f: f}.decode, 1)
	Streams(rec, f, []string{"no_such_stream"}, refCodec{f: f}.decode, 1)
	if len(rec.errs) != 2 {
		t.Errorf("want 2 errors, got %q", rec.errs)
	}
}

func TestTable(t *testing.T) {
	f := load(t)
	good := map[uint16]string{16: "init", 17: "error", 1: "warning", 18: "ping", 19: "pong", 7: "peer_storage", 9: "peer_storage_retrieval"}
	rec := &recorder{}
	Table(rec, f, good, AllOf(f, 1)...)
	if len(rec.errs) != 0 {
		t.Errorf("a correct table is reported: %q", rec.errs)
	}
	for _, c := range []struct {
		name  string
		table map[uint16]string
		want  string
	}{
		{"wrong number", map[uint16]string{16: "init", 17: "error", 1: "warning", 18: "ping", 20: "pong", 7: "peer_storage", 9: "peer_storage_retrieval"}, "pong has type 20, spec/ says 19"},
		{"wrong name", map[uint16]string{16: "init", 17: "error", 1: "warning", 18: "pong", 19: "ping", 7: "peer_storage", 9: "peer_storage_retrieval"}, "type 18 is pong in the table, ping in spec/"},
		{"missing entry", map[uint16]string{16: "init", 17: "error", 1: "warning", 18: "ping", 19: "pong", 7: "peer_storage"}, "peer_storage_retrieval (type 9) is missing"},
		{"unknown type", map[uint16]string{16: "init", 17: "error", 1: "warning", 18: "ping", 19: "pong", 7: "peer_storage", 9: "peer_storage_retrieval", 99: "extra"}, "type 99 (extra) is no message"},
	} {
		rec := &recorder{}
		Table(rec, f, c.table, AllOf(f, 1)...)
		if !mentions(rec.errs, c.want) {
			t.Errorf("%s: want an error with %q, got %q", c.name, c.want, rec.errs)
		}
	}
	rec = &recorder{}
	FailureTable(rec, f, map[uint16]string{0x400f: "incorrect_or_unknown_payment_details", 0x2002: "temporary_node_failure"}, "mpp_timeout")
	if !mentions(rec.errs, "mpp_timeout (type 23) is missing") || len(rec.errs) != 1 {
		t.Errorf("failure table: %q", rec.errs)
	}
}

func TestGenerateInstances(t *testing.T) {
	f := load(t)
	r := rand.New(rand.NewPCG(1, 2))
	for i := 0; i < 50; i++ {
		inst, err := Generate(f, "channel_announcement", r, Options{})
		if err != nil {
			t.Fatal(err)
		}
		got, err := decodeJSON(inst.Fields)
		if err != nil {
			t.Fatal(err)
		}
		fields := got.(map[string]any)
		if _, ok := fields["len"]; ok {
			t.Error("the length field len is in the JSON form")
		}
		for _, k := range []string{"node_id_1", "node_id_2", "bitcoin_key_1", "bitcoin_key_2"} {
			b, err := hex.DecodeString(fields[k].(string))
			if err != nil {
				t.Fatal(err)
			}
			if _, err := btcec.ParsePubKey(b); err != nil {
				t.Errorf("%s: not a valid point: %v", k, err)
			}
		}
		if inst.Wire[0] != 1 || inst.Wire[1] != 0 {
			t.Errorf("type bytes %x, want 0100", inst.Wire[:2])
		}
	}
	if _, err := Generate(f, "nope", r, Options{}); err == nil {
		t.Error("Generate of an unknown name succeeded")
	}
}

func TestBytesOverride(t *testing.T) {
	f := load(t)
	r := rand.New(rand.NewPCG(3, 4))
	addr := []byte{1, 127, 0, 0, 1, 0x26, 0x07} // an IPv4 address descriptor
	opts := Options{Bytes: map[string]func(*rand.Rand) []byte{
		"node_announcement.addresses": func(*rand.Rand) []byte { return addr },
	}}
	inst, err := Generate(f, "node_announcement", r, opts)
	if err != nil {
		t.Fatal(err)
	}
	got, err := decodeJSON(inst.Fields)
	if err != nil {
		t.Fatal(err)
	}
	if h := got.(map[string]any)["addresses"]; h != hex.EncodeToString(addr) {
		t.Errorf("addresses = %v, want %x", h, addr)
	}
	opts.Bytes["node_announcement.rgb_color"] = func(*rand.Rand) []byte { return []byte{1} }
	if _, err := Generate(f, "node_announcement", r, opts); err == nil {
		t.Error("a 1-byte override of a 3-byte field was accepted")
	}
}

func TestScidText(t *testing.T) {
	// BOLT #7: "a `short_channel_id` might be written as `539268x845x1`"
	// (block 539268, transaction 845, output 1).
	b := []byte{0x08, 0x3a, 0x84, 0x00, 0x03, 0x4d, 0x00, 0x01}
	if got := scidText(b); got != "539268x845x1" {
		t.Errorf("scidText = %s", got)
	}
}

func BenchmarkGenerate(b *testing.B) {
	f, err := spec.Load()
	if err != nil {
		b.Fatal(err)
	}
	r := rand.New(rand.NewPCG(5, 6))
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		if _, err := Generate(f, "open_channel", r, Options{}); err != nil {
			b.Fatal(err)
		}
	}
}
