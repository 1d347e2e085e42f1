package wire

import (
	"encoding/hex"
	"errors"
	"testing"
)

func mustHex(s string) []byte {
	b, err := hex.DecodeString(s)
	if err != nil {
		panic(err)
	}
	return b
}

func TestReaderReads(t *testing.T) {
	in := mustHex("01" + "0203" + "04050607" + "08090a0b0c0d0e0f" + "fd0100" + "ff" + "aabb")
	r := NewReader(in)
	if v := r.Byte(); v != 1 {
		t.Errorf("Byte = %d", v)
	}
	if v := r.U16(); v != 0x0203 {
		t.Errorf("U16 = %x", v)
	}
	if v := r.U32(); v != 0x04050607 {
		t.Errorf("U32 = %x", v)
	}
	if v := r.U64(); v != 0x08090a0b0c0d0e0f {
		t.Errorf("U64 = %x", v)
	}
	if v := r.BigSize(); v != 0x100 {
		t.Errorf("BigSize = %x", v)
	}
	if v := r.S8(); v != -1 {
		t.Errorf("S8 = %d", v)
	}
	if b := r.Bytes(2); string(b) != "\xaa\xbb" || cap(b) != 2 {
		t.Errorf("Bytes = %x (cap %d)", b, cap(b))
	}
	if r.Len() != 0 || r.Err() != nil || r.Offset() != len(in) {
		t.Errorf("Len %d Err %v Offset %d", r.Len(), r.Err(), r.Offset())
	}
}

// TestReaderFailsClosed checks that the first failure sticks: later reads
// return zero values and do not move the cursor, even where input is left.
func TestReaderFailsClosed(t *testing.T) {
	r := NewReader(mustHex("fd00fc" + "0102030405060708"))
	if v := r.BigSize(); v != 0 || !errors.Is(r.Err(), ErrNonMinimal) {
		t.Fatalf("BigSize = %d, %v", v, r.Err())
	}
	off := r.Offset()
	if r.U64() != 0 || r.Byte() != 0 || r.Bytes(1) != nil || r.Copy(1) != nil || r.Offset() != off {
		t.Fatal("reads after a failure returned data or moved the cursor")
	}
	if !errors.Is(r.Err(), ErrNonMinimal) {
		t.Fatalf("Err changed to %v", r.Err())
	}
}

// TestReaderNoAllocationForLies checks that a length claiming more than the
// input holds fails without allocating.
func TestReaderNoAllocationForLies(t *testing.T) {
	in := mustHex("ffff0102")
	allocs := testing.AllocsPerRun(100, func() {
		r := NewReader(in)
		n := r.U16()
		if b := r.Copy(int(n)); b != nil || !errors.Is(r.Err(), ErrTruncated) {
			t.Fatal("Copy of 65535 bytes from 2 succeeded")
		}
	})
	if allocs != 0 {
		t.Fatalf("%v allocations", allocs)
	}
	r := NewReader(in)
	r.Copy(-1)
	if !errors.Is(r.Err(), ErrTruncated) {
		t.Fatalf("negative length: %v", r.Err())
	}
}

func TestDecodeError(t *testing.T) {
	err := error(&DecodeError{Field: "features", Offset: 7, Err: ErrTruncated})
	if !errors.Is(err, ErrTruncated) || !Malformed(err) {
		t.Fatal("DecodeError does not unwrap to its sentinel")
	}
	var de *DecodeError
	if !errors.As(err, &de) || de.Offset != 7 || de.Field != "features" {
		t.Fatalf("errors.As: %+v", de)
	}
	if Malformed(ErrTooLarge) || Malformed(ErrDeclaration) || Malformed(errors.New("x")) {
		t.Fatal("Malformed counts an error that is not about the input")
	}
}
