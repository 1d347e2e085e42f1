package layer3msg

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"reflect"
	"sort"
	"testing"

	btcwire "github.com/btcsuite/btcd/wire"
	"github.com/lightningnetwork/lnd/lnwire"

	messaging "github.com/lnstack/lnstack/layer2_messaging"
	"github.com/lnstack/lnstack/layer2_messaging/wire"
	cm "github.com/lnstack/lnstack/layer3_p2p/channelmsg"
)

// iterations is the number of random values per message and direction.
const iterations = 300

// entry returns lnstack's table entry of the message called name.
func entry(t testing.TB, name string) messaging.Entry {
	for _, e := range cm.Messages().Messages {
		if e.Name == name {
			return e
		}
	}
	t.Fatalf("no message %q in channelmsg's table", name)
	return messaging.Entry{}
}

func names() []string {
	var out []string
	for n := range generators {
		out = append(out, n)
	}
	sort.Strings(out)
	return out
}

// TestLndToLnstack: lnwire encodes a random message; lnstack decodes it into
// the value the mapping predicts and re-encodes the same bytes.
func TestLndToLnstack(t *testing.T) {
	g := newGen(1)
	for _, name := range names() {
		e := entry(t, name)
		for i := 0; i < iterations; i++ {
			p := generators[name](g)
			if p.lnd.MsgType() != lnwire.MessageType(e.Type) {
				t.Fatalf("%s: lnwire type %d, lnstack %d", name, p.lnd.MsgType(), e.Type)
			}
			b, err := lndEncode(p.lnd)
			if err != nil {
				t.Fatalf("%s: lnwire encode: %v", name, err)
			}
			got := e.New()
			if err := got.Decode(b); err != nil {
				t.Fatalf("%s: lnstack rejects lnwire's %x: %v", name, b, err)
			}
			if !reflect.DeepEqual(got, p.ours) {
				t.Fatalf("%s: lnstack decodes lnwire's %x as\n %+v\nwant\n %+v", name, b, got, p.ours)
			}
			out, err := got.Encode(nil)
			if err != nil || !bytes.Equal(out, b) {
				t.Fatalf("%s: lnstack re-encodes (%v)\n %x\nlnwire wrote\n %x", name, err, out, b)
			}
		}
	}
}

// TestLnstackToLnd: lnstack encodes the value; lnwire decodes it into the
// message it came from and re-encodes the same bytes.
func TestLnstackToLnd(t *testing.T) {
	g := newGen(2)
	for _, name := range names() {
		for i := 0; i < iterations; i++ {
			p := generators[name](g)
			b, err := p.ours.Encode(nil)
			if err != nil {
				t.Fatalf("%s: lnstack encode: %v", name, err)
			}
			// lnwire fills in its extra data while encoding: compare
			// with the message as it stands after an encode.
			if _, err := lndEncode(p.lnd); err != nil {
				t.Fatal(err)
			}
			frame := binary.BigEndian.AppendUint16(nil, uint16(p.lnd.MsgType()))
			got, err := lnwire.ReadMessage(bytes.NewReader(append(frame, b...)), 0)
			if err != nil {
				t.Fatalf("%s: lnwire rejects lnstack's %x: %v", name, b, err)
			}
			if d := diff(normalize(got), normalize(p.lnd)); d != "" {
				t.Fatalf("%s: lnwire decodes lnstack's %x differently: %s", name, b, d)
			}
			out, err := lndEncode(got)
			if err != nil || !bytes.Equal(out, b) {
				t.Fatalf("%s: lnwire re-encodes (%v)\n %x\nlnstack wrote\n %x", name, err, out, b)
			}
		}
	}
}

// TestLndCoverage asks lnwire which BOLT #2 messages it knows: exactly the
// ones with a generator here. The others are the BOLT #2 messages lnd
// v0.20.0-beta lacks.
func TestLndCoverage(t *testing.T) {
	var lacks []string
	for _, e := range cm.Messages().Messages {
		frame := binary.BigEndian.AppendUint16(nil, e.Type)
		_, err := lnwire.ReadMessage(bytes.NewReader(frame), 0)
		var unknown *lnwire.UnknownMessage
		knows := !errors.As(err, &unknown)
		if _, tested := generators[e.Name]; knows != tested {
			t.Errorf("%s (type %d): lnwire knows it: %v, differential test: %v", e.Name, e.Type, knows, tested)
		}
		if !knows {
			lacks = append(lacks, e.Name)
		}
	}
	want := []string{
		"open_channel2", "accept_channel2", "tx_add_input", "tx_add_output", "tx_remove_input",
		"tx_remove_output", "tx_complete", "tx_signatures", "tx_init_rbf", "tx_ack_rbf", "tx_abort",
		"splice_locked", "splice_init", "splice_ack", "start_batch",
	}
	if !reflect.DeepEqual(lacks, want) {
		t.Errorf("lnwire lacks %v, want %v", lacks, want)
	}
	t.Logf("lnwire implements %d of the %d BOLT #2 messages; it lacks %v", len(generators), len(cm.Messages().Messages), lacks)
}

// TestChannelIDMatchesLnd compares the v1 channel_id with lnwire's.
func TestChannelIDMatchesLnd(t *testing.T) {
	g := newGen(3)
	for i := 0; i < 1000; i++ {
		op := btcwire.OutPoint{Hash: g.b32(), Index: uint32(g.u16())}
		want := lnwire.NewChanIDFromOutPoint(op)
		if got := cm.ChannelIDFromOutpoint(wire.SHA256(op.Hash), uint16(op.Index)); got != wire.ChannelID(want) {
			t.Fatalf("%v: %x, lnwire %x", op, got, want)
		}
	}
}

// normalize returns a copy of m's value with empty slices and maps of
// exported fields set to nil: lnwire gives an empty value either form
// depending on the path, and both encode the same.
func normalize(m lnwire.Message) any {
	v := reflect.New(reflect.TypeOf(m).Elem()).Elem()
	v.Set(reflect.ValueOf(m).Elem())
	nilEmpty(v)
	return v.Interface()
}

func nilEmpty(v reflect.Value) {
	switch v.Kind() {
	case reflect.Slice:
		if v.Len() == 0 && v.CanSet() {
			v.Set(reflect.Zero(v.Type()))
		}
	case reflect.Map:
		if !v.CanSet() {
			return
		}
		if v.Len() == 0 {
			v.Set(reflect.Zero(v.Type()))
			return
		}
		// A copy, with empty slice values nil (the map is shared with
		// the message normalize copied).
		c := reflect.MakeMap(v.Type())
		for it := v.MapRange(); it.Next(); {
			e := it.Value()
			if e.Kind() == reflect.Slice && e.Len() == 0 {
				e = reflect.Zero(e.Type())
			}
			c.SetMapIndex(it.Key(), e)
		}
		v.Set(c)
	case reflect.Struct:
		for i := 0; i < v.NumField(); i++ {
			if v.Type().Field(i).IsExported() {
				nilEmpty(v.Field(i))
			}
		}
	}
}

// diff names the first exported field where a and b differ.
func diff(a, b any) string {
	va, vb := reflect.ValueOf(a), reflect.ValueOf(b)
	for i := 0; i < va.NumField(); i++ {
		f := va.Type().Field(i)
		if !reflect.DeepEqual(va.Field(i).Interface(), vb.Field(i).Interface()) {
			return fmt.Sprintf("field %s: %+v, want %+v", f.Name, va.Field(i).Interface(), vb.Field(i).Interface())
		}
	}
	return ""
}
