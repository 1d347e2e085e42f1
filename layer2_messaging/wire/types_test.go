package wire

import (
	"errors"
	"math/rand/v2"
	"testing"

	"github.com/btcsuite/btcd/btcec/v2"
)

func TestShortChannelID(t *testing.T) {
	s, err := NewShortChannelID(539268, 845, 1)
	if err != nil || s.String() != "539268x845x1" || s.Block() != 539268 || s.TxIndex() != 845 || s.Output() != 1 {
		t.Fatalf("%v %v", s, err)
	}
	rng := rand.New(rand.NewPCG(7, 8))
	for i := 0; i < 1000; i++ {
		s := ShortChannelID(rng.Uint64())
		p, err := ParseShortChannelID(s.String())
		if err != nil || p != s {
			t.Fatalf("%d: %s parses as %d, %v", uint64(s), s, p, err)
		}
	}
	for _, bad := range []string{"", "1x2", "1x2x3x4", "16777216x0x0", "0x16777216x0", "0x0x65536", "-1x0x0", "+1x0x0", "ax0x0", "1 x0x0", "0x0x"} {
		if _, err := ParseShortChannelID(bad); !errors.Is(err, ErrInvalidValue) && !errors.Is(err, ErrTooLarge) {
			t.Errorf("%q: %v", bad, err)
		}
	}
	if _, err := NewShortChannelID(1<<24, 0, 0); !errors.Is(err, ErrTooLarge) {
		t.Errorf("block 2^24: %v", err)
	}
}

// TestValidPointAgreesWithBtcec compares ValidPoint with btcec.ParsePubKey
// on real keys, random x coordinates and the edge cases.
func TestValidPointAgreesWithBtcec(t *testing.T) {
	rng := rand.New(rand.NewPCG(9, 10))
	var cases []Point
	for i := 0; i < 200; i++ {
		var p Point
		for j := range p {
			p[j] = byte(rng.Uint32())
		}
		p[0] = 2 + byte(i%2)
		cases = append(cases, p)
		if i%5 == 0 {
			k, err := btcec.NewPrivateKey()
			if err != nil {
				t.Fatal(err)
			}
			cases = append(cases, PointFromPubKey(k.PubKey()))
		}
	}
	prime := mustHex("02fffffffffffffffffffffffffffffffffffffffffffffffffffffffefffffc2f")
	allFF := mustHex("03ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff")
	cases = append(cases, Point(prime), Point(allFF), Point{}, Point{4}, Point{2})
	for _, p := range cases {
		_, err := btcec.ParsePubKey(p[:])
		if ValidPoint(&p) != (err == nil) {
			t.Fatalf("%x: ValidPoint %v, btcec %v", p, ValidPoint(&p), err)
		}
	}
	valid := 0
	for _, p := range cases {
		if ValidPoint(&p) {
			valid++
		}
	}
	if valid == 0 || valid == len(cases) {
		t.Fatalf("%d of %d valid: the cases do not exercise both outcomes", valid, len(cases))
	}
}

func TestSciddirOrPubkey(t *testing.T) {
	scid, _ := NewShortChannelID(1, 2, 3)
	s, err := SciddirFromSCID(1, scid)
	if err != nil || s.IsPoint() || s.Len() != 9 {
		t.Fatalf("%v %v", s, err)
	}
	if dir, got, ok := s.SCID(); !ok || dir != 1 || got != scid {
		t.Fatalf("SCID() = %d %v %v", dir, got, ok)
	}
	if _, err := SciddirFromSCID(2, scid); !errors.Is(err, ErrInvalidValue) {
		t.Fatalf("direction 2: %v", err)
	}
	k, _ := btcec.NewPrivateKey()
	p := PointFromPubKey(k.PubKey())
	s = SciddirFromPoint(p)
	if got, ok := s.Point(); !ok || got != p || s.Len() != 33 || string(s.Bytes()) != string(p[:]) {
		t.Fatalf("point form: %v", s)
	}
	for _, tc := range []struct {
		in  string
		err error
	}{
		{"00" + "0000010000020003", nil},
		{"01" + "0000010000020003", nil},
		{"04" + "0000010000020003", ErrInvalidValue},
		{"00" + "00000100000200", ErrTruncated},
		{p.String(), nil},
		{"02" + "ff" + p.String()[4:], nil}, // checked below against ValidPoint
	} {
		r := NewReader(mustHex(tc.in))
		var s SciddirOrPubkey
		r.readSciddir(&s)
		want := tc.err
		if tc.in[:2] == "02" && tc.in != p.String() {
			if pt := Point(mustHex(tc.in)); !ValidPoint(&pt) {
				want = ErrInvalidPoint
			}
		}
		if !errors.Is(r.Err(), want) && !(want == nil && r.Err() == nil) {
			t.Errorf("%s: %v, want %v", tc.in, r.Err(), want)
		}
		if want == nil && s.String() != tc.in {
			t.Errorf("%s read as %s", tc.in, s)
		}
	}
}
