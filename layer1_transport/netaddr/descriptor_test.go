package netaddr

import (
	"bytes"
	"encoding/hex"
	"errors"
	"math/rand/v2"
	"strings"
	"testing"
)

// Real, published v3 onion services (checksums valid by construction).
const (
	onionDuckDuckGo = "duckduckgogg42xjoc72x3sjasowoarfbgcmvfimaftt6twagswzczad.onion"
	onionTorProject = "2gzyxa5ihm7nsggfxnu52rck2vv4rvmdlkiu3zzui5du4xyclen53wid.onion"
)

func mustHex(t testing.TB, s string) []byte {
	t.Helper()
	b, err := hex.DecodeString(strings.ReplaceAll(s, " ", ""))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func mustTorV3(t testing.TB, host string, port uint16) TorV3 {
	t.Helper()
	a, err := ParseTorV3(host, port)
	if err != nil {
		t.Fatal(err)
	}
	return a
}

// torV3Wire is the descriptor data of a v3 address assembled from the raw
// base32 decoding of its name, independently of TorV3's own encoder.
func torV3Wire(t testing.TB, host string) string {
	t.Helper()
	name := strings.ToUpper(strings.TrimSuffix(host, ".onion"))
	raw, err := onionEncoding.DecodeString(name)
	if err != nil {
		t.Fatal(err)
	}
	return hex.EncodeToString(raw)
}

// TestDescriptorLayout checks each type against the byte layout BOLT #7 gives.
func TestDescriptorLayout(t *testing.T) {
	tests := []struct {
		name string
		addr Address
		wire string // type, data, port as hex
	}{
		{"ipv4", IPv4{IP: [4]byte{192, 0, 2, 7}, Port: 9735}, "01 c0000207 2607"},
		{"ipv6", IPv6{IP: [16]byte{0x20, 0x01, 0x0d, 0xb8, 15: 1}, Port: 443}, "02 20010db8000000000000000000000001 01bb"},
		{"torv2", TorV2{ID: [10]byte{1, 2, 3, 4, 5, 6, 7, 8, 9, 10}, Port: 9735}, "03 0102030405060708090a 2607"},
		{"torv3", mustTorV3(t, onionDuckDuckGo, 9735), "04" + torV3Wire(t, onionDuckDuckGo) + "2607"},
		{"dns", DNSHostname{Host: "ln.example.com", Port: 9736}, "05 0e " + hex.EncodeToString([]byte("ln.example.com")) + " 2608"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			want := mustHex(t, tc.wire)
			got, err := AppendDescriptor(nil, tc.addr)
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(got, want) {
				t.Fatalf("encoded %x, want %x", got, want)
			}
			if n := DescriptorLen(tc.addr); n != len(want) {
				t.Fatalf("DescriptorLen = %d, want %d", n, len(want))
			}
			back, err := DecodeDescriptor(want)
			if err != nil {
				t.Fatal(err)
			}
			if back != tc.addr {
				t.Fatalf("decoded %v, want %v", back, tc.addr)
			}
		})
	}
}

func TestTorV3Checksum(t *testing.T) {
	for _, host := range []string{onionDuckDuckGo, onionTorProject} {
		a := mustTorV3(t, host, 9735)
		if got := a.ServiceID() + ".onion"; got != host {
			t.Fatalf("ServiceID round trip: %s, want %s", got, host)
		}
		if !a.NeedsProxy() {
			t.Fatal("onion address must need a proxy")
		}
		wire, err := AppendDescriptor(nil, a)
		if err != nil {
			t.Fatal(err)
		}
		// Every single-bit change of the 35 address bytes must be caught:
		// in the key or checksum by the checksum, in the version by the
		// version check.
		for i := 1; i < 1+TorV3Len; i++ {
			for bit := 0; bit < 8; bit++ {
				bad := bytes.Clone(wire)
				bad[i] ^= 1 << bit
				_, err := DecodeDescriptor(bad)
				want := ErrBadOnionChecksum
				if i == TorV3Len {
					want = ErrBadOnionVersion
				}
				if !errors.Is(err, want) {
					t.Fatalf("byte %d bit %d flipped: err %v, want %v", i, bit, err, want)
				}
			}
		}
	}
}

func TestDecodeDescriptorErrors(t *testing.T) {
	ipv4 := mustHex(t, "01 c0000207 2607")
	tests := []struct {
		name string
		in   []byte
		want error
	}{
		{"empty", nil, ErrTruncated},
		{"unknown type 6", mustHex(t, "06 00000000 0000"), ErrUnknownDescriptor},
		{"type 0", mustHex(t, "00 01"), ErrUnknownDescriptor},
		{"trailing", append(bytes.Clone(ipv4), 0), ErrTrailingBytes},
		{"dns non-ascii", append(mustHex(t, "05 02 c3a9"), 0x26, 0x07), ErrBadHost},
		{"dns empty", mustHex(t, "05 00 2607"), ErrBadHost},
		{"dns space", append(append([]byte{5, 3}, "a b"...), 0x26, 0x07), ErrBadHost},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := DecodeDescriptor(tc.in)
			if !errors.Is(err, tc.want) {
				t.Fatalf("err %v, want %v", err, tc.want)
			}
		})
	}
}

// sampleList is a valid addresses field holding one descriptor of each type.
func sampleList(t testing.TB) []Address {
	return []Address{
		IPv4{IP: [4]byte{203, 0, 113, 9}, Port: 9735},
		IPv6{IP: [16]byte{0x20, 0x01, 0x0d, 0xb8, 15: 9}, Port: 9735},
		TorV2{ID: [10]byte{9: 1}, Port: 9735},
		mustTorV3(t, onionTorProject, 9735),
		DNSHostname{Host: "node.example.org", Port: 9735},
	}
}

func encodeAll(t testing.TB, addrs []Address) []byte {
	t.Helper()
	var b []byte
	for _, a := range addrs {
		var err error
		if b, err = AppendDescriptor(b, a); err != nil {
			t.Fatal(err)
		}
	}
	return b
}

func TestDecodeAddressListTruncated(t *testing.T) {
	addrs := sampleList(t)
	wire := encodeAll(t, addrs)
	boundaries := map[int]int{0: 0} // offset -> descriptors before it
	off := 0
	for i, a := range addrs {
		off += DescriptorLen(a)
		boundaries[off] = i + 1
	}
	// Cut at every offset: a cut between descriptors decodes the prefix, a
	// cut inside one is ErrTruncated and names the descriptor's offset.
	for cut := 0; cut <= len(wire); cut++ {
		l, err := DecodeAddressList(wire[:cut])
		if n, ok := boundaries[cut]; ok {
			if err != nil {
				t.Fatalf("cut %d at a boundary: %v", cut, err)
			}
			if len(l.Addrs) != n || l.Unknown != nil {
				t.Fatalf("cut %d: %d addresses, unknown %x; want %d", cut, len(l.Addrs), l.Unknown, n)
			}
			continue
		}
		var de *DescriptorError
		if !errors.Is(err, ErrTruncated) || !errors.As(err, &de) {
			t.Fatalf("cut %d: err %v, want ErrTruncated", cut, err)
		}
		if _, ok := boundaries[de.Offset]; !ok || de.Offset >= cut {
			t.Fatalf("cut %d: error offset %d is not the start of the cut descriptor", cut, de.Offset)
		}
		if l.Addrs != nil {
			t.Fatalf("cut %d: partial result on error", cut)
		}
	}
}

func TestDecodeAddressListUnknownStops(t *testing.T) {
	known := encodeAll(t, sampleList(t)[:2])
	// An unknown type ends parsing; what follows it (even a valid
	// descriptor, or garbage) is kept verbatim and not interpreted.
	for _, tail := range [][]byte{
		{6},
		{0},
		append([]byte{0xff, 1, 2, 3}, known...),
		append([]byte{0}, known...), // type 0 is not padding in the current spec
	} {
		in := append(bytes.Clone(known), tail...)
		l, err := DecodeAddressList(in)
		if err != nil {
			t.Fatalf("tail %x: %v", tail, err)
		}
		if len(l.Addrs) != 2 || !bytes.Equal(l.Unknown, tail) {
			t.Fatalf("tail %x: got %d addresses, unknown %x", tail, len(l.Addrs), l.Unknown)
		}
		out, err := l.Append(nil)
		if err != nil || !bytes.Equal(out, in) {
			t.Fatalf("tail %x: re-encoded %x, %v; want %x", tail, out, err, in)
		}
	}
}

func TestAddressListReaderRules(t *testing.T) {
	v4 := IPv4{IP: [4]byte{203, 0, 113, 1}, Port: 9735}
	v4zero := IPv4{IP: [4]byte{203, 0, 113, 2}}
	onionZero := mustTorV3(t, onionDuckDuckGo, 0)
	h1 := DNSHostname{Host: "a.example", Port: 1}
	h2 := DNSHostname{Host: "b.example", Port: 2}
	v2 := TorV2{Port: 9735}
	l, err := DecodeAddressList(encodeAll(t, []Address{v4, v4zero, v2, onionZero, h1, h2}))
	if err != nil {
		t.Fatal(err)
	}
	want := []Address{v4, onionZero, h1}
	got := l.Usable()
	if len(got) != len(want) {
		t.Fatalf("Usable = %v, want %v", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("Usable[%d] = %v, want %v", i, got[i], want[i])
		}
	}
	if !l.MultipleHostnames() {
		t.Fatal("two type 5 descriptors not reported")
	}
	if (AddressList{Addrs: []Address{v4, h1}}).MultipleHostnames() {
		t.Fatal("one hostname reported as several")
	}
}

func TestAppendAddressesWriterRules(t *testing.T) {
	onion := mustTorV3(t, onionDuckDuckGo, 9735)
	host := DNSHostname{Host: "ln.example", Port: 9735}
	v4a := IPv4{IP: [4]byte{203, 0, 113, 1}, Port: 1}
	v4b := IPv4{IP: [4]byte{203, 0, 113, 2}, Port: 2}
	v6 := IPv6{IP: [16]byte{0x20, 1, 0x0d, 0xb8, 15: 1}, Port: 3}
	in := []Address{host, onion, v4b, v6, v4a}
	got, err := AppendAddresses(nil, in)
	if err != nil {
		t.Fatal(err)
	}
	// BOLT #7: "MUST place address descriptors in ascending order"; equal
	// types keep the caller's order.
	want := encodeAll(t, []Address{v4b, v4a, v6, onion, host})
	if !bytes.Equal(got, want) {
		t.Fatalf("got %x, want %x", got, want)
	}
	if in[0] != host {
		t.Fatal("AppendAddresses reordered its argument")
	}

	bad := []struct {
		name  string
		addrs []Address
		want  error
	}{
		{"ipv4 port 0", []Address{IPv4{IP: v4a.IP}}, ErrBadPort},
		{"ipv6 port 0", []Address{IPv6{IP: v6.IP}}, ErrBadPort},
		{"dns port 0", []Address{DNSHostname{Host: "x.example"}}, ErrBadPort},
		{"two hostnames", []Address{host, DNSHostname{Host: "y.example", Port: 1}}, ErrMultipleHostnames},
		{"torv2", []Address{TorV2{Port: 1}}, ErrTorV2},
		{"bad hostname", []Address{DNSHostname{Host: "bad host", Port: 1}}, ErrBadHost},
		{"nil", []Address{nil}, ErrBadHost},
	}
	for _, tc := range bad {
		if _, err := AppendAddresses(nil, tc.addrs); !errors.Is(err, tc.want) {
			t.Errorf("%s: err %v, want %v", tc.name, err, tc.want)
		}
	}
	// Port 0 is forbidden only for types 1, 2 and 5.
	if _, err := AppendAddresses(nil, []Address{mustTorV3(t, onionDuckDuckGo, 0)}); err != nil {
		t.Fatalf("onion with port 0: %v", err)
	}
}

// randomAddress returns a random valid address of a random type whose
// String form parses back to itself (hostnames are not IP literals and do
// not end in .onion).
func randomAddress(r *rand.Rand, withV2 bool) Address {
	port := uint16(1 + r.IntN(65535))
	types := 4
	if withV2 {
		types = 5
	}
	switch r.IntN(types) {
	case 0:
		var a IPv4
		for i := range a.IP {
			a.IP[i] = byte(r.Uint32())
		}
		a.Port = port
		return a
	case 1:
		var a IPv6
		for i := range a.IP {
			a.IP[i] = byte(r.Uint32())
		}
		a.Port = port
		return a
	case 2:
		var a TorV3
		for i := range a.PubKey {
			a.PubKey[i] = byte(r.Uint32())
		}
		a.Port = port
		return a
	case 3:
		return DNSHostname{Host: randomHostname(r), Port: port}
	}
	var a TorV2
	for i := range a.ID {
		a.ID[i] = byte(r.Uint32())
	}
	a.Port = port
	return a
}

func randomHostname(r *rand.Rand) string {
	const letters = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
	const inner = letters + "0123456789-_"
	var b strings.Builder
	labels := 1 + r.IntN(4)
	for i := 0; i < labels; i++ {
		if i > 0 {
			b.WriteByte('.')
		}
		n := 1 + r.IntN(63)
		if b.Len()+n > MaxHostnameLen {
			break
		}
		b.WriteByte(letters[r.IntN(len(letters))])
		for j := 1; j < n; j++ {
			c := inner[r.IntN(len(inner))]
			if j == n-1 && c == '-' {
				c = 'z'
			}
			b.WriteByte(c)
		}
	}
	s := strings.TrimSuffix(b.String(), ".")
	if strings.HasSuffix(strings.ToLower(s), ".onion") {
		s += "x"
	}
	return s
}

func TestRoundTripRandom(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for i := 0; i < 2000; i++ {
		a := randomAddress(r, true)
		wire, err := AppendDescriptor(nil, a)
		if err != nil {
			t.Fatalf("%v: %v", a, err)
		}
		back, err := DecodeDescriptor(wire)
		if err != nil || back != a {
			t.Fatalf("descriptor round trip of %v: %v, %v", a, back, err)
		}
		if a.Type() == TypeTorV2 {
			continue // ParseAddress refuses v2 names on purpose
		}
		parsed, err := ParseAddress(a.String())
		if err != nil || parsed != a {
			t.Fatalf("ParseAddress(%q) = %v, %v; want %v", a.String(), parsed, err, a)
		}
	}
	// Whole lists: AppendAddresses output decodes to the sorted list, and
	// re-encodes identically.
	for i := 0; i < 300; i++ {
		var addrs []Address
		host := false
		for n := r.IntN(8); len(addrs) < n; {
			a := randomAddress(r, false)
			if a.Type() == TypeDNSHostname {
				if host {
					continue
				}
				host = true
			}
			addrs = append(addrs, a)
		}
		wire, err := AppendAddresses(nil, addrs)
		if err != nil {
			t.Fatal(err)
		}
		l, err := DecodeAddressList(wire)
		if err != nil {
			t.Fatal(err)
		}
		if len(l.Addrs) != len(addrs) || l.Unknown != nil {
			t.Fatalf("decoded %d addresses, want %d", len(l.Addrs), len(addrs))
		}
		for j := 1; j < len(l.Addrs); j++ {
			if l.Addrs[j-1].Type() > l.Addrs[j].Type() {
				t.Fatalf("descriptors not in ascending order: %v", l.Addrs)
			}
		}
		again, err := l.Append(nil)
		if err != nil || !bytes.Equal(again, wire) {
			t.Fatalf("re-encoding differs: %x vs %x (%v)", again, wire, err)
		}
	}
}

// FuzzDecodeAddressList: decoding never panics, and whatever decodes
// re-encodes to the same bytes, each address on its own too.
func FuzzDecodeAddressList(f *testing.F) {
	f.Add(encodeAll(f, sampleList(f)))
	f.Add(append(encodeAll(f, sampleList(f)[:1]), 0, 1, 2))
	f.Add(mustHex(f, "05 ff"))
	f.Add([]byte{})
	f.Fuzz(func(t *testing.T, in []byte) {
		l, err := DecodeAddressList(in)
		if err != nil {
			var de *DescriptorError
			if !errors.As(err, &de) {
				t.Fatalf("error %v is not a *DescriptorError", err)
			}
			return
		}
		out, err := l.Append(nil)
		if err != nil || !bytes.Equal(out, in) {
			t.Fatalf("re-encoded %x (%v), want %x", out, err, in)
		}
		for _, a := range l.Addrs {
			one, err := AppendDescriptor(nil, a)
			if err != nil {
				t.Fatal(err)
			}
			back, err := DecodeDescriptor(one)
			if err != nil || back != a {
				t.Fatalf("single descriptor round trip of %v: %v, %v", a, back, err)
			}
		}
		_ = l.Usable()
	})
}

func BenchmarkDecodeAddressList(b *testing.B) {
	wire := encodeAll(b, sampleList(b))
	b.ReportAllocs()
	b.SetBytes(int64(len(wire)))
	for b.Loop() {
		if _, err := DecodeAddressList(wire); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkAppendAddresses(b *testing.B) {
	addrs := sampleList(b)
	addrs = append(addrs[:2], addrs[3:]...) // no Tor v2 on the writer side
	buf := make([]byte, 0, 256)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := AppendAddresses(buf[:0], addrs); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkParseTorV3(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		if _, err := ParseTorV3(onionDuckDuckGo, 9735); err != nil {
			b.Fatal(err)
		}
	}
}
