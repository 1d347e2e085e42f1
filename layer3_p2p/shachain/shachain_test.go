package shachain

import (
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"errors"
	"testing"
)

func seedOf(s string) Secret { return sha256.Sum256([]byte(s)) }

// TestFlip checks the worked examples of BOLT #3: "flip(0) in e3b0..." is
// "e2b0...", and "flip(10) in e3b0..." is "e3b4...".
func TestFlip(t *testing.T) {
	var p Secret
	p[0], p[1] = 0xe3, 0xb0
	q := p
	q[0] ^= 1 << 0
	if q[0] != 0xe2 {
		t.Fatalf("flip(0) = %x", q[:2])
	}
	q = p
	q[10/8] ^= 1 << (10 % 8)
	if q[1] != 0xb4 {
		t.Fatalf("flip(10) = %x", q[:2])
	}
	// derive with a single bit set does the flip then one SHA-256.
	want := p
	want[1] ^= 1 << 2
	want = sha256.Sum256(want[:])
	if got := derive(p, IndexBits, 1<<10); got != want {
		t.Fatalf("derive(bit 10) = %x, want %x", got, want)
	}
}

func TestGenerateRange(t *testing.T) {
	if _, err := Generate(Secret{}, MaxIndex+1); !errors.Is(err, ErrIndexOutOfRange) {
		t.Fatalf("Generate(2^48) = %v, want ErrIndexOutOfRange", err)
	}
	if _, err := IndexOf(MaxIndex + 1); !errors.Is(err, ErrIndexOutOfRange) {
		t.Fatalf("IndexOf(2^48) = %v, want ErrIndexOutOfRange", err)
	}
	// Index 0 is the seed itself: no bit set, nothing flipped.
	seed := seedOf("zero")
	if got, _ := Generate(seed, 0); got != seed {
		t.Fatalf("Generate(seed, 0) = %x, want the seed", got)
	}
}

// TestStoreFollowsProducer inserts a run of secrets from one producer and
// checks every one can be looked up again, by index and by commitment number.
func TestStoreFollowsProducer(t *testing.T) {
	p := NewProducer(seedOf("store"))
	var s Store
	const n = 1100
	for c := uint64(0); c < n; c++ {
		sec, err := p.ForCommitment(c)
		if err != nil {
			t.Fatal(err)
		}
		idx, _ := IndexOf(c)
		if err := s.Insert(idx, sec); err != nil {
			t.Fatalf("insert commitment %d: %v", c, err)
		}
		if s.used > Buckets || s.Received() != c+1 {
			t.Fatalf("after %d: used %d received %d", c, s.used, s.Received())
		}
	}
	for c := uint64(0); c < n; c++ {
		want, _ := p.ForCommitment(c)
		got, err := s.LookupCommitment(c)
		if err != nil || got != want {
			t.Fatalf("lookup commitment %d = %x, %v; want %x", c, got, err, want)
		}
	}
	if _, err := s.LookupCommitment(n); !errors.Is(err, ErrUnknownIndex) {
		t.Fatalf("lookup of a secret not received = %v, want ErrUnknownIndex", err)
	}
	if _, err := s.Lookup(MaxIndex + 1); !errors.Is(err, ErrIndexOutOfRange) {
		t.Fatalf("lookup 2^48 = %v, want ErrIndexOutOfRange", err)
	}
}

// TestStoreSlotsStaySmall checks the store's promise: at most 49 secrets
// whatever the number received, including the very last one (index 0).
func TestStoreNearIndexZero(t *testing.T) {
	seed := seedOf("end")
	// Start a store as if 2^48-70 secrets had been received, by decoding a
	// state built from the producer directly.
	received := uint64(MaxIndex + 1 - 70)
	last := MaxIndex - (received - 1)
	buf := binary.BigEndian.AppendUint64(nil, received)
	for b := 0; b < slotsUsed(received); b++ {
		idx, _ := slotIndex(b, last)
		sec, _ := Generate(seed, idx)
		buf = append(buf, sec[:]...)
	}
	var s Store
	if err := s.UnmarshalBinary(buf); err != nil {
		t.Fatalf("decode synthetic state: %v", err)
	}
	for {
		idx, ok := s.NextIndex()
		if !ok {
			break
		}
		sec, _ := Generate(seed, idx)
		if err := s.Insert(idx, sec); err != nil {
			t.Fatalf("insert %d: %v", idx, err)
		}
	}
	if s.used != Buckets {
		t.Fatalf("slots used after index 0 = %d, want %d", s.used, Buckets)
	}
	for idx := uint64(0); idx < 200; idx++ {
		want, _ := Generate(seed, idx)
		if got, err := s.Lookup(idx); err != nil || got != want {
			t.Fatalf("lookup %d: %v", idx, err)
		}
	}
	if err := s.Insert(0, Secret{}); !errors.Is(err, ErrOutOfOrder) {
		t.Fatalf("insert into a complete store = %v, want ErrOutOfOrder", err)
	}
	enc, _ := s.MarshalBinary()
	var back Store
	if err := back.UnmarshalBinary(enc); err != nil || back != s {
		t.Fatalf("round trip of a complete store: %v", err)
	}
}

func TestStoreOrder(t *testing.T) {
	p := NewProducer(seedOf("order"))
	var s Store
	sec, _ := p.AtIndex(MaxIndex - 1)
	if err := s.Insert(MaxIndex-1, sec); !errors.Is(err, ErrOutOfOrder) {
		t.Fatalf("first insert at 2^48-2 = %v, want ErrOutOfOrder", err)
	}
	if err := s.Insert(MaxIndex+1, sec); !errors.Is(err, ErrIndexOutOfRange) {
		t.Fatalf("insert at 2^48 = %v, want ErrIndexOutOfRange", err)
	}
	first, _ := p.AtIndex(MaxIndex)
	if err := s.Insert(MaxIndex, first); err != nil {
		t.Fatal(err)
	}
	if err := s.Insert(MaxIndex, first); !errors.Is(err, ErrOutOfOrder) {
		t.Fatalf("repeated insert = %v, want ErrOutOfOrder", err)
	}
}

// TestStoreRejectsForeignSecret checks a mismatch is refused and leaves the
// store as it was.
func TestStoreRejectsForeignSecret(t *testing.T) {
	p := NewProducer(seedOf("mine"))
	q := NewProducer(seedOf("other"))
	var s Store
	for c := uint64(0); c < 3; c++ {
		sec, _ := p.ForCommitment(c)
		idx, _ := IndexOf(c)
		if err := s.Insert(idx, sec); err != nil {
			t.Fatal(err)
		}
	}
	before, _ := s.MarshalBinary()
	bad, _ := q.ForCommitment(3) // index ...1100: must derive ...1101
	idx, _ := IndexOf(3)
	if err := s.Insert(idx, bad); !errors.Is(err, ErrSecretMismatch) {
		t.Fatalf("foreign secret = %v, want ErrSecretMismatch", err)
	}
	after, _ := s.MarshalBinary()
	if !bytes.Equal(before, after) {
		t.Fatal("a refused insert changed the store")
	}
}

func TestUnmarshalRejects(t *testing.T) {
	p := NewProducer(seedOf("enc"))
	var s Store
	for c := uint64(0); c < 8; c++ {
		sec, _ := p.ForCommitment(c)
		idx, _ := IndexOf(c)
		if err := s.Insert(idx, sec); err != nil {
			t.Fatal(err)
		}
	}
	good, _ := s.MarshalBinary()
	var back Store
	if err := back.UnmarshalBinary(good); err != nil || back != s {
		t.Fatalf("round trip: %v", err)
	}
	tampered := append([]byte(nil), good...)
	tampered[8] ^= 1 // slot 0's secret no longer derives from slot 3's
	for name, b := range map[string][]byte{
		"short":       good[:7],
		"truncated":   good[:len(good)-1],
		"extra":       append(append([]byte(nil), good...), 0),
		"tampered":    tampered,
		"too many":    binary.BigEndian.AppendUint64(nil, MaxIndex+2),
		"empty slots": binary.BigEndian.AppendUint64(nil, 8),
	} {
		if err := back.UnmarshalBinary(b); !errors.Is(err, ErrMalformed) {
			t.Errorf("%s: %v, want ErrMalformed", name, err)
		}
	}
	if back != s {
		t.Fatal("a refused decode changed the store")
	}
}

// FuzzStoreInsert drives a store with secrets from one seed, some replaced
// by fuzzer bytes, checking it never panics, that a refused insert changes
// nothing, that genuine secrets always go in and come back out, and that
// its encoding round-trips.
func FuzzStoreInsert(f *testing.F) {
	f.Add([]byte("seed"), []byte{0, 0, 0, 0, 0, 0, 0, 0})
	f.Add([]byte{0xff}, []byte{1, 0, 0, 0xaa, 0, 0, 3, 0, 0, 0, 0, 0, 0, 0, 0, 0})
	f.Fuzz(func(t *testing.T, seedBytes, ops []byte) {
		seed := sha256.Sum256(seedBytes)
		var s Store
		genuine := true
		for i, op := range ops {
			if i > 600 {
				break
			}
			idx, _ := s.NextIndex()
			sec, _ := Generate(seed, idx)
			if op&0x0f == 1 { // replace with bytes derived from the op stream
				sec = sha256.Sum256(append(append([]byte(nil), ops[:i]...), op))
			}
			if op&0xf0 == 0x10 { // a wrong index
				idx = uint64(op) << 20
			}
			before, _ := s.MarshalBinary()
			err := s.Insert(idx, sec)
			if err != nil {
				after, _ := s.MarshalBinary()
				if !bytes.Equal(before, after) {
					t.Fatalf("refused insert %d changed the store", i)
				}
				if genuine && op&0x0f != 1 && op&0xf0 != 0x10 {
					t.Fatalf("genuine secret refused: %v", err)
				}
				continue
			}
			if op&0x0f == 1 {
				genuine = false
			}
		}
		if genuine {
			for r := uint64(0); r < s.Received(); r++ {
				want, _ := Generate(seed, MaxIndex-r)
				if got, err := s.Lookup(MaxIndex - r); err != nil || got != want {
					t.Fatalf("lookup of received secret %d: %v", r, err)
				}
			}
		}
		enc, _ := s.MarshalBinary()
		var back Store
		if err := back.UnmarshalBinary(enc); genuine && (err != nil || back != s) {
			t.Fatalf("round trip: %v", err)
		}
	})
}

// FuzzStoreUnmarshal feeds arbitrary bytes to the decoder: it never panics,
// and what it accepts re-encodes to the same bytes.
func FuzzStoreUnmarshal(f *testing.F) {
	var s Store
	p := NewProducer(seedOf("fuzz"))
	for c := uint64(0); c < 5; c++ {
		sec, _ := p.ForCommitment(c)
		idx, _ := IndexOf(c)
		_ = s.Insert(idx, sec)
		enc, _ := s.MarshalBinary()
		f.Add(enc)
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		var s Store
		if err := s.UnmarshalBinary(b); err != nil {
			return
		}
		enc, _ := s.MarshalBinary()
		if !bytes.Equal(enc, b) {
			t.Fatalf("re-encoding differs")
		}
	})
}

func BenchmarkStoreInsert(b *testing.B) {
	p := NewProducer(seedOf("bench"))
	secrets := make([]Secret, 4096)
	for i := range secrets {
		secrets[i], _ = p.ForCommitment(uint64(i))
	}
	b.ReportAllocs()
	b.ResetTimer()
	var s Store
	for i := 0; i < b.N; i++ {
		c := i % len(secrets)
		if c == 0 {
			s = Store{}
		}
		if err := s.Insert(MaxIndex-uint64(c), secrets[c]); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkGenerate(b *testing.B) {
	seed := seedOf("bench")
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		_, _ = Generate(seed, MaxIndex-uint64(i))
	}
}
