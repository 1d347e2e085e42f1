package wire_test

import (
	"encoding/hex"
	"testing"

	"github.com/lnstack/lnstack/layer2_messaging/msgtest"
	"github.com/lnstack/lnstack/layer2_messaging/wire"
)

// bigSizeCodec is the harness codec of one BigSize taking the whole input.
var bigSizeCodec = msgtest.Codec[uint64]{
	Decode: func(b []byte) (uint64, error) {
		r := wire.NewReader(b)
		v := r.BigSize()
		if r.Err() == nil && r.Len() > 0 {
			return 0, wire.ErrTrailingBytes
		}
		return v, r.Err()
	},
	Encode:    func(v uint64) ([]byte, error) { return wire.AppendBigSize(nil, v), nil },
	Canonical: true,
}

// FuzzBigSize: every successful decode is canonical (BigSize is minimal).
func FuzzBigSize(f *testing.F) {
	for _, s := range []string{"", "00", "fc", "fd00fd", "fdffff", "fe00010000", "feffffffff", "ff0000000100000000", "ffffffffffffffffff", "fd00fc", "fe0000ffff", "ff00000000ffffffff", "fd00", "feffff", "ffffffffff"} {
		b, _ := hex.DecodeString(s)
		f.Add(b)
	}
	f.Fuzz(func(t *testing.T, b []byte) { msgtest.RoundTrip(t, bigSizeCodec, b) })
}
