package channelmsg_test

import (
	"bytes"
	"errors"
	"testing"

	"github.com/lnstack/lnstack/layer2_messaging/feature"
	cm "github.com/lnstack/lnstack/layer3_p2p/channelmsg"
)

// script returns prefix followed by n bytes of 0xab.
func script(n int, prefix ...byte) []byte {
	return append(prefix, bytes.Repeat([]byte{0xab}, n)...)
}

func TestCheckShutdownScript(t *testing.T) {
	none := feature.Vector(nil)
	anySegwit := feature.New(feature.ShutdownAnySegwit.Optional())
	simple := feature.New(feature.ShutdownAnySegwit.Optional(), feature.SimpleClose.Optional())
	for _, c := range []struct {
		name       string
		script     []byte
		negotiated feature.Vector
		ok         bool
	}{
		{"p2wpkh", script(20, 0x00, 20), none, true},
		{"p2wsh", script(32, 0x00, 32), none, true},
		{"p2wpkh short", script(19, 0x00, 20), none, false},
		{"p2wsh long", script(33, 0x00, 32), none, false},
		{"v0 of 21", script(21, 0x00, 21), none, false},
		{"p2pkh", []byte{0x76, 0xa9, 0x14}, none, false},
		{"empty", nil, simple, false},
		{"p2tr without anysegwit", script(32, 0x51, 32), none, false},
		{"p2tr", script(32, 0x51, 32), anySegwit, true},
		{"v16 of 2", script(2, 0x60, 2), anySegwit, true},
		{"v16 of 40", script(40, 0x60, 40), anySegwit, true},
		{"v1 of 1", script(1, 0x51, 1), anySegwit, false},
		{"v1 of 41", script(41, 0x51, 41), anySegwit, false},
		{"v1 length mismatch", script(30, 0x51, 32), anySegwit, false},
		{"op_return without simple_close", script(6, 0x6a, 6), anySegwit, false},
		{"op_return 6", script(6, 0x6a, 6), simple, true},
		{"op_return 75", script(75, 0x6a, 75), simple, true},
		{"op_return 5", script(5, 0x6a, 5), simple, false},
		{"op_return pushdata1 76", script(76, 0x6a, 0x4c, 76), simple, true},
		{"op_return pushdata1 80", script(80, 0x6a, 0x4c, 80), simple, true},
		{"op_return pushdata1 75", script(75, 0x6a, 0x4c, 75), simple, false},
		{"op_return pushdata1 81", script(81, 0x6a, 0x4c, 81), simple, false},
		{"op_return bare", []byte{0x6a}, simple, false},
	} {
		err := cm.CheckShutdownScript(c.script, c.negotiated)
		if c.ok && err != nil || !c.ok && !errors.Is(err, cm.ErrShutdownScript) {
			t.Errorf("%s (%x): %v, want ok=%v", c.name, c.script, err, c.ok)
		}
	}
}
