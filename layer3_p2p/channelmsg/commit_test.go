package channelmsg_test

import (
	"encoding/binary"
	"errors"
	"math/rand/v2"
	"testing"

	"github.com/google/go-cmp/cmp"

	messaging "github.com/lnstack/lnstack/layer2_messaging"
	"github.com/lnstack/lnstack/layer2_messaging/wire"
	"github.com/lnstack/lnstack/layer3_p2p/channelmsg"
)

// commitFrame returns the frame of a commitment_signed with n random HTLC
// signatures.
func commitFrame(t testing.TB, rng *rand.Rand, n int) []byte {
	t.Helper()
	m := &channelmsg.CommitmentSigned{HTLCSignatures: make([]wire.Signature, n)}
	fill := func(b []byte) {
		for i := range b {
			b[i] = byte(rng.Uint32())
		}
	}
	fill(m.ChannelID[:])
	fill(m.Signature[:])
	for i := range m.HTLCSignatures {
		fill(m.HTLCSignatures[i][:])
	}
	frame, err := messaging.Encode(nil, m)
	if err != nil {
		t.Fatal(err)
	}
	return frame
}

// checkDecodeInto decodes a copy of frame into the reused message into and
// checks that it gives what Codec.Decode gives: the same message, or an
// error naming the same field, offset and reason.
func checkDecodeInto(t testing.TB, c *messaging.Codec, d *messaging.Decoder, into *channelmsg.CommitmentSigned, frame []byte) {
	t.Helper()
	want, wantErr := c.Decode(frame)
	err := d.DecodeInto(append([]byte(nil), frame...), into)
	if (err == nil) != (wantErr == nil) {
		t.Fatalf("%x: DecodeInto error %v, Decode error %v", frame, err, wantErr)
	}
	if err != nil {
		var got, exp *wire.DecodeError
		if !errors.As(err, &got) || !errors.As(wantErr, &exp) || got.Field != exp.Field || got.Offset != exp.Offset || !errors.Is(got.Err, exp.Err) {
			t.Fatalf("%x: DecodeInto error %v, Decode error %v", frame, err, wantErr)
		}
		return
	}
	if diff := cmp.Diff(want, messaging.Message(into)); diff != "" {
		t.Fatalf("%x: DecodeInto and Decode disagree (-Decode +DecodeInto):\n%s", frame, diff)
	}
}

// TestCommitmentSignedDecodeInto decodes random commitment_signed frames,
// valid, cut short or with a byte changed, one after the other into one
// reused message: whatever the previous frame left (more signatures, fewer,
// none, a failed decode), each gives what a decode into a new message
// gives, so the signature array that Reset keeps never shows through.
func TestCommitmentSignedDecodeInto(t *testing.T) {
	c := newCodec(t)
	d := c.NewDecoder()
	rng := rand.New(rand.NewPCG(132, 133))
	frames := [][]byte{}
	for _, p := range randomPayloads(t, "commitment_signed", 20, 9) {
		frames = append(frames, append(binary.BigEndian.AppendUint16(nil, channelmsg.TypeCommitmentSigned), p...))
	}
	for range 200 {
		frames = append(frames, commitFrame(t, rng, rng.IntN(40)))
	}
	into := new(channelmsg.CommitmentSigned)
	for i := range 2000 {
		frame := frames[rng.IntN(len(frames))]
		switch i % 4 {
		case 1: // cut short
			frame = frame[:2+rng.IntN(len(frame)-1)]
		case 2: // one byte changed, the type kept
			frame = append([]byte(nil), frame...)
			frame[2+rng.IntN(len(frame)-2)] ^= byte(1 + rng.IntN(255))
		}
		checkDecodeInto(t, c, d, into, frame)
	}
}

// TestCommitmentSignedDecodeIntoAllocatesNothing: once the reused message
// has held as many HTLC signatures, decoding commitment_signed into it
// allocates nothing.
func TestCommitmentSignedDecodeIntoAllocatesNothing(t *testing.T) {
	d := newCodec(t).NewDecoder()
	rng := rand.New(rand.NewPCG(1, 2))
	big, frame := commitFrame(t, rng, 30), commitFrame(t, rng, 20)
	into := new(channelmsg.CommitmentSigned)
	if err := d.DecodeInto(big, into); err != nil {
		t.Fatal(err)
	}
	allocs := testing.AllocsPerRun(100, func() {
		if err := d.DecodeInto(frame, into); err != nil {
			t.Fatal(err)
		}
	})
	if allocs != 0 {
		t.Errorf("%v allocations", allocs)
	}
	if len(into.HTLCSignatures) != 20 {
		t.Errorf("%d HTLC signatures, want 20", len(into.HTLCSignatures))
	}
}

// FuzzCommitmentSignedDecodeInto decodes a payload into a message reused
// from a decode of 40 signatures, and checks it against Codec.Decode.
func FuzzCommitmentSignedDecodeInto(f *testing.F) {
	for _, p := range randomPayloads(f, "commitment_signed", 6, 5) {
		f.Add(p)
	}
	rng := rand.New(rand.NewPCG(3, 4))
	for _, n := range []int{0, 1, 30, 41} {
		f.Add(commitFrame(f, rng, n)[2:])
	}
	c := newCodec(f)
	prior := commitFrame(f, rng, 40)
	f.Fuzz(func(t *testing.T, payload []byte) {
		d := c.NewDecoder()
		into := new(channelmsg.CommitmentSigned)
		if err := d.DecodeInto(prior, into); err != nil {
			t.Fatal(err)
		}
		frame := append(binary.BigEndian.AppendUint16(nil, channelmsg.TypeCommitmentSigned), payload...)
		checkDecodeInto(t, c, d, into, frame)
	})
}
