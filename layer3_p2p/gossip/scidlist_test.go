package gossip_test

import (
	"bytes"
	"compress/zlib"
	"errors"
	"math/rand/v2"
	"runtime"
	"slices"
	"testing"

	"github.com/lnstack/lnstack/layer2_messaging/wire"
	"github.com/lnstack/lnstack/layer3_p2p/gossip"
)

func deflate(t *testing.T, b []byte) []byte {
	t.Helper()
	var out bytes.Buffer
	w := zlib.NewWriter(&out)
	if _, err := w.Write(b); err != nil {
		t.Fatal(err)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return out.Bytes()
}

func TestShortChannelIDsRoundTrip(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for n := 0; n < 50; n++ {
		ids := randSCIDs(rng, n)
		field, err := gossip.AppendShortChannelIDs(nil, ids)
		if err != nil {
			t.Fatal(err)
		}
		if len(field) != 1+8*n || field[0] != 0 {
			t.Fatalf("%d ids: field of %d bytes, encoding %d", n, len(field), field[0])
		}
		enc, got, err := gossip.DecodeShortChannelIDs(field)
		if err != nil || enc != gossip.EncodingUncompressed || !slices.Equal(got, ids) {
			t.Fatalf("%d ids: decoded %v, %d, %v", n, got, enc, err)
		}
		// The same ids compressed decode the same.
		zfield := append([]byte{1}, deflate(t, field[1:])...)
		enc, got, err = gossip.DecodeShortChannelIDs(zfield)
		if err != nil || enc != gossip.EncodingZlib || !slices.Equal(got, ids) {
			t.Fatalf("%d ids zlib: decoded %v, %d, %v", n, got, enc, err)
		}
	}
}

func TestShortChannelIDsErrors(t *testing.T) {
	ids := []wire.ShortChannelID{5, 9, 9}
	raw := wire.AppendU64(wire.AppendU64(wire.AppendU64(nil, 5), 9), 9)
	tooBig := make([]byte, gossip.MaxInflatedLen+8)
	for i := 0; i < len(tooBig); i += 8 {
		wire.AppendU64(tooBig[:i], uint64(i+1))
	}
	for _, c := range []struct {
		name  string
		field []byte
		want  error
	}{
		{"empty", nil, gossip.ErrMissingEncoding},
		{"encoding 2", []byte{2}, gossip.ErrUnknownEncoding},
		{"encoding 255", []byte{255, 0, 0, 0, 0, 0, 0, 0, 1}, gossip.ErrUnknownEncoding},
		{"partial id", []byte{0, 1, 2, 3}, gossip.ErrPartialElement},
		{"repeated id", append([]byte{0}, raw...), gossip.ErrUnsortedIDs},
		{"descending", append([]byte{0}, wire.AppendU64(wire.AppendU64(nil, 9), 5)...), gossip.ErrUnsortedIDs},
		{"zlib garbage", []byte{1, 0x78, 0x9c, 1, 2, 3}, gossip.ErrZlib},
		{"zlib not zlib", []byte{1, 0, 0, 0, 0}, gossip.ErrZlib},
		{"zlib repeated id", append([]byte{1}, deflate(t, raw)...), gossip.ErrUnsortedIDs},
		{"zlib partial id", append([]byte{1}, deflate(t, raw[:10])...), gossip.ErrPartialElement},
		{"zlib trailing bytes", append(append([]byte{1}, deflate(t, raw[:8])...), 0), gossip.ErrZlib},
		{"zlib bomb", append([]byte{1}, deflate(t, tooBig)...), gossip.ErrListTooLarge},
	} {
		_, got, err := gossip.DecodeShortChannelIDs(c.field)
		if !errors.Is(err, c.want) || got != nil {
			t.Errorf("%s: %v, %v; want %v", c.name, got, err, c.want)
		}
	}
	if _, err := gossip.AppendShortChannelIDs(nil, ids); !errors.Is(err, gossip.ErrUnsortedIDs) {
		t.Errorf("encoding repeated ids: %v", err)
	}
	var ue *gossip.UnsortedError
	if _, _, err := gossip.DecodeShortChannelIDs(append([]byte{0}, raw...)); !errors.As(err, &ue) || ue.Index != 2 || ue.Prev != 9 {
		t.Errorf("UnsortedError: %v", err)
	}
}

// TestZlibBombBounded: a small message that would inflate to many
// megabytes fails after MaxInflatedLen bytes of output.
func TestZlibBombBounded(t *testing.T) {
	zeros := make([]byte, 64<<20)
	bomb := deflate(t, zeros)
	if len(bomb) > 65535 {
		t.Fatalf("bomb of %d bytes does not fit a message", len(bomb))
	}
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	if _, err := gossip.DecodeTimestamps(gossip.EncodingZlib, bomb); !errors.Is(err, gossip.ErrListTooLarge) {
		t.Fatalf("bomb: %v", err)
	}
	runtime.ReadMemStats(&after)
	// io.ReadAll grows its buffer by about 1.25x at this size: a few
	// times MaxInflatedLen in all, far from the 64 MiB unbounded.
	if n := after.TotalAlloc - before.TotalAlloc; n > 8*gossip.MaxInflatedLen {
		t.Errorf("bomb of %d bytes made %d bytes of allocations", len(bomb), n)
	}
}

func TestTimestampsAndFlags(t *testing.T) {
	ts := []gossip.UpdateTimestamps{{1, 2}, {0, 0xffffffff}, {164545, 948165}}
	data := gossip.AppendTimestamps(nil, ts)
	for _, enc := range []gossip.Encoding{gossip.EncodingUncompressed, gossip.EncodingZlib} {
		in := data
		if enc == gossip.EncodingZlib {
			in = deflate(t, data)
		}
		got, err := gossip.DecodeTimestamps(enc, in)
		if err != nil || !slices.Equal(got, ts) {
			t.Errorf("timestamps %d: %v %v", enc, got, err)
		}
	}
	if _, err := gossip.DecodeTimestamps(0, data[:7]); !errors.Is(err, gossip.ErrPartialElement) {
		t.Errorf("partial timestamps: %v", err)
	}
	if _, err := gossip.DecodeTimestamps(3, data); !errors.Is(err, gossip.ErrUnknownEncoding) {
		t.Errorf("timestamps encoding 3: %v", err)
	}

	flags := []gossip.QueryFlags{gossip.WantChannelAnnouncement, gossip.WantUpdate1 | gossip.WantUpdate2, 0, 300, 1 << 40}
	fdata := gossip.AppendQueryFlags(nil, flags)
	got, err := gossip.DecodeQueryFlags(gossip.EncodingUncompressed, fdata)
	if err != nil || !slices.Equal(got, flags) {
		t.Errorf("flags: %v %v", got, err)
	}
	got, err = gossip.DecodeQueryFlags(gossip.EncodingZlib, deflate(t, fdata))
	if err != nil || !slices.Equal(got, flags) {
		t.Errorf("zlib flags: %v %v", got, err)
	}
	// BOLT #7: "Each query flag is a minimally-encoded bigsize."
	if _, err := gossip.DecodeQueryFlags(0, []byte{0xfd, 0x00, 0x01}); !errors.Is(err, gossip.ErrPartialElement) || !errors.Is(err, wire.ErrNonMinimal) {
		t.Errorf("non-minimal flag: %v", err)
	}
	if _, err := gossip.DecodeQueryFlags(0, []byte{0xfe, 0x00}); !errors.Is(err, wire.ErrTruncated) {
		t.Errorf("cut flag: %v", err)
	}
	tooMany := make([]byte, gossip.MaxInflatedLen/8+1)
	if _, err := gossip.DecodeQueryFlags(gossip.EncodingZlib, deflate(t, tooMany)); !errors.Is(err, gossip.ErrListTooLarge) {
		t.Errorf("too many flags: %v", err)
	}
	if got, err := gossip.DecodeQueryFlags(gossip.EncodingZlib, nil); err != nil || got == nil || len(got) != 0 {
		t.Errorf("empty zlib flags: %v %v", got, err)
	}
}
