package channelmsg_test

import (
	"bytes"
	"errors"
	"reflect"
	"testing"

	messaging "github.com/lnstack/lnstack/layer2_messaging"
	"github.com/lnstack/lnstack/layer2_messaging/msgtest"
	cm "github.com/lnstack/lnstack/layer3_p2p/channelmsg"
)

func TestWitnessItems(t *testing.T) {
	sig := bytes.Repeat([]byte{0x30}, 72)
	key := bytes.Repeat([]byte{0x02}, 33)
	big := bytes.Repeat([]byte{0xee}, 300) // a 3-byte CompactSize length
	for _, items := range [][][]byte{{sig, key}, {big}, {{}, sig}} {
		w := cm.NewWitness(items)
		got, err := w.Items()
		if err != nil {
			t.Fatal(err)
		}
		if len(got) != len(items) {
			t.Fatalf("%d items, want %d", len(got), len(items))
		}
		for i := range items {
			if !bytes.Equal(got[i], items[i]) {
				t.Fatalf("item %d differs", i)
			}
		}
	}
	want := []byte{2, 2, 0xaa, 0xbb, 1, 0xcc}
	if w := cm.NewWitness([][]byte{{0xaa, 0xbb}, {0xcc}}); !bytes.Equal(w.Data, want) {
		t.Fatalf("NewWitness = %x, want %x", w.Data, want)
	}
	for _, bad := range [][]byte{
		nil,                // empty witness
		{0},                // no element
		{2, 1, 0xaa},       // second element missing
		{1, 3, 0xaa},       // element runs past the end
		{1, 1, 0xaa, 0xbb}, // trailing byte
		{0xfd, 0x01, 0x00}, // non-minimal count
		{1, 0xfd, 0x02},    // truncated length
		{0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff}, // count far above the input
	} {
		if _, err := (cm.Witness{Data: bad}).Items(); !errors.Is(err, cm.ErrWitness) {
			t.Errorf("Items(%x): %v, want ErrWitness", bad, err)
		}
	}
}

// FuzzWitnessItems checks that a parsed witness serializes back to its
// input.
func FuzzWitnessItems(f *testing.F) {
	f.Add([]byte{2, 2, 0xaa, 0xbb, 1, 0xcc})
	f.Add([]byte{0xfd, 0x01, 0x00})
	f.Fuzz(func(t *testing.T, b []byte) {
		items, err := cm.Witness{Data: b}.Items()
		if err != nil {
			if !errors.Is(err, cm.ErrWitness) {
				t.Fatalf("untyped error %v", err)
			}
			return
		}
		if w := cm.NewWitness(items); !bytes.Equal(w.Data, b) {
			t.Fatalf("%x parses to items that serialize as %x", b, w.Data)
		}
	})
}

func TestTxSignaturesWitnesses(t *testing.T) {
	m := cm.TxSignatures{Witnesses: []cm.Witness{cm.NewWitness([][]byte{{1}, {2, 3}}), {Data: []byte{0}}}}
	var back cm.TxSignatures
	if err := back.Decode(msgtest.MustEncode(t, &m)); err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(back.Witnesses, m.Witnesses) {
		t.Fatalf("witnesses %x, want %x", back.Witnesses, m.Witnesses)
	}
	// The witness subtype prints as an object without its len.
	js, err := messaging.FieldsJSON(&back)
	if err != nil {
		t.Fatal(err)
	}
	if want := `"witnesses":[{"witness_data":"020101020203"},{"witness_data":"00"}]`; !bytes.Contains(js, []byte(want)) {
		t.Fatalf("JSON %s lacks %s", js, want)
	}
}

func TestTxAbortText(t *testing.T) {
	if got := (&cm.TxAbort{Data: []byte("fee too low")}).Text(); got != "fee too low" {
		t.Fatalf("Text = %q", got)
	}
	if got := (&cm.TxAbort{Data: []byte("a\x00b")}).Text(); got != `"a\x00b"` {
		t.Fatalf("Text = %q", got)
	}
}
