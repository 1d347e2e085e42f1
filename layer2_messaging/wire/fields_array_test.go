package wire_test

import (
	"bytes"
	"encoding/binary"
	"math/rand/v2"
	"reflect"
	"testing"

	"github.com/lnstack/lnstack/layer2_messaging/wire"
)

// sigArray is a counted array of signatures and a field after it, walked
// with Fields.Signatures when bulk is set and with a loop of
// Fields.Signature otherwise: the two walks must not differ.
type sigArray struct {
	bulk  bool
	Sigs  []wire.Signature
	After uint16
}

func (s *sigArray) Fields(f *wire.Fields) {
	n := f.Count16("num_sigs", len(s.Sigs))
	s.Sigs = wire.Counted(f, "sig", s.Sigs, n, wire.SignatureLen)
	f.BeginArray("sig")
	if s.bulk {
		f.Signatures("sig", s.Sigs)
	} else {
		for i := range s.Sigs {
			f.Signature("sig", &s.Sigs[i])
		}
	}
	f.EndArray()
	f.U16("after", &s.After)
}

// decodeSigs decodes b with the walk of s, copying or not.
func decodeSigs(s *sigArray, b []byte, noCopy bool) error {
	f := wire.NewDecoder(b)
	if noCopy {
		f = wire.NewDecoderNoCopy(b)
	}
	s.Fields(&f)
	return f.Done()
}

// checkSigs decodes b with both walks, into new values and into values
// that held a decode of more signatures (whose array Counted reuses), and
// checks that all agree.
func checkSigs(t *testing.T, b []byte, prior []wire.Signature) {
	t.Helper()
	for _, noCopy := range []bool{false, true} {
		loop, bulk := &sigArray{}, &sigArray{bulk: true}
		errLoop, errBulk := decodeSigs(loop, b, noCopy), decodeSigs(bulk, b, noCopy)
		if !sameDecodeError(errLoop, errBulk) {
			t.Fatalf("%x (no-copy %v): loop error %v, Signatures error %v", b, noCopy, errLoop, errBulk)
		}
		if errLoop == nil && (!reflect.DeepEqual(loop.Sigs, bulk.Sigs) || loop.After != bulk.After) {
			t.Fatalf("%x (no-copy %v): loop %+v, Signatures %+v", b, noCopy, loop, bulk)
		}
		reused := &sigArray{bulk: true, Sigs: append([]wire.Signature(nil), prior...)[:0]}
		err := decodeSigs(reused, b, noCopy)
		if !sameDecodeError(errLoop, err) {
			t.Fatalf("%x (no-copy %v): reused: error %v, want %v", b, noCopy, err, errLoop)
		}
		if errLoop == nil && (!reflect.DeepEqual(loop.Sigs, reused.Sigs) || loop.After != reused.After) {
			t.Fatalf("%x (no-copy %v): reused %+v, want %+v", b, noCopy, reused, loop)
		}
	}
}

// randomSigs returns n random signatures.
func randomSigs(rng *rand.Rand, n int) []wire.Signature {
	s := make([]wire.Signature, n)
	for i := range s {
		for j := range s[i] {
			s[i][j] = byte(rng.Uint32())
		}
	}
	return s
}

// TestSignaturesMatchesLoop: Fields.Signatures decodes, encodes and prints
// an array as a loop of Fields.Signature does, for valid inputs, inputs cut
// short, with bytes added or the count changed.
func TestSignaturesMatchesLoop(t *testing.T) {
	rng := rand.New(rand.NewPCG(61, 62))
	prior := randomSigs(rng, 45)
	for i := range 2000 {
		v := sigArray{Sigs: randomSigs(rng, rng.IntN(40)), After: uint16(rng.Uint32())}
		b, err := wire.Encode(nil, &v)
		if err != nil {
			t.Fatal(err)
		}
		v.bulk = true
		if bb, err := wire.Encode(nil, &v); err != nil || !bytes.Equal(b, bb) {
			t.Fatalf("Signatures encodes %x, %v; the loop %x", bb, err, b)
		}
		js, errJS := wire.MarshalJSON(&v)
		v.bulk = false
		if want, err := wire.MarshalJSON(&v); !bytes.Equal(js, want) || (err == nil) != (errJS == nil) {
			t.Fatalf("Signatures prints %s, %v; the loop %s, %v", js, errJS, want, err)
		}
		switch i % 4 {
		case 1:
			b = b[:rng.IntN(len(b)+1)]
		case 2:
			b = append(b, byte(rng.Uint32()))
		case 3:
			binary.BigEndian.PutUint16(b, uint16(rng.IntN(50)))
		}
		checkSigs(t, b, prior)
	}
}

// TestCountedReuses: decoding into a slice with room reuses its array,
// cleared; a slice without room is not written.
func TestCountedReuses(t *testing.T) {
	rng := rand.New(rand.NewPCG(63, 64))
	b, err := wire.Encode(nil, &sigArray{Sigs: randomSigs(rng, 3)})
	if err != nil {
		t.Fatal(err)
	}
	room := randomSigs(rng, 5)
	v := &sigArray{Sigs: room[:0]}
	if err := decodeSigs(v, b, false); err != nil {
		t.Fatal(err)
	}
	if len(v.Sigs) != 3 || &v.Sigs[0] != &room[0] {
		t.Fatalf("decoded %d signatures, reusing the array: %v", len(v.Sigs), len(v.Sigs) > 0 && &v.Sigs[0] == &room[0])
	}
	small := randomSigs(rng, 2)
	keep := append([]wire.Signature(nil), small...)
	v = &sigArray{Sigs: small[:0]}
	if err := decodeSigs(v, b, false); err != nil {
		t.Fatal(err)
	}
	if len(v.Sigs) != 3 || !reflect.DeepEqual(small, keep) {
		t.Fatalf("decoded %d signatures; a slice without room changed: %v", len(v.Sigs), !reflect.DeepEqual(small, keep))
	}
}

// FuzzSignatures holds Fields.Signatures to the loop of Fields.Signature
// on any input.
func FuzzSignatures(f *testing.F) {
	rng := rand.New(rand.NewPCG(65, 66))
	for _, n := range []int{0, 1, 2, 30} {
		b, err := wire.Encode(nil, &sigArray{Sigs: randomSigs(rng, n), After: 7})
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
		f.Add(b[:len(b)-3])
	}
	prior := randomSigs(rng, 40)
	f.Fuzz(func(t *testing.T, b []byte) { checkSigs(t, b, prior) })
}
