package netaddr

import (
	"cmp"
	"encoding/binary"
	"errors"
	"fmt"
	"slices"
)

// Encoded descriptor sizes, type byte included (BOLT #7 lists the data
// lengths: 6, 18, 12, 37 and up to 258).
const (
	ipv4DescLen  = 1 + 4 + 2                  // type, ipv4_addr, port
	ipv6DescLen  = 1 + 16 + 2                 // type, ipv6_addr, port
	torV2DescLen = 1 + TorV2Len + 2           // type, onion_addr (deprecated), port
	torV3DescLen = 1 + TorV3Len + 2           // type, onion_addr, port
	dnsDescMin   = 1 + 1 + 0 + 2              // type, hostname_len, hostname, port
	dnsDescMax   = 1 + 1 + MaxHostnameLen + 2 // hostname_len is one byte
)

// DescriptorLen returns the encoded length of a's descriptor, type byte
// included.
func DescriptorLen(a Address) int {
	switch a := a.(type) {
	case IPv4:
		return ipv4DescLen
	case IPv6:
		return ipv6DescLen
	case TorV2:
		return torV2DescLen
	case TorV3:
		return torV3DescLen
	case DNSHostname:
		return dnsDescMin + len(a.Host)
	}
	return 0
}

// AppendDescriptor appends a's BOLT #7 address descriptor (type byte and
// data) to dst. It fails only for a DNSHostname whose name is invalid; it
// does not apply the announcement rules (see AppendAddresses), so it also
// serves init's remote_addr (BOLT #1: "MUST set it to a valid address
// descriptor (1 byte type and data)").
func AppendDescriptor(dst []byte, a Address) ([]byte, error) {
	if a == nil {
		return dst, fmt.Errorf("%w: nil address", ErrBadHost)
	}
	if err := a.validate(); err != nil {
		return dst, err
	}
	dst = append(dst, byte(a.Type()))
	return a.appendData(dst), nil
}

// ReadDescriptor decodes the descriptor at the start of b and returns it with
// the number of bytes it used. A descriptor of an unknown type returns
// ErrUnknownDescriptor (its length cannot be known); one cut short returns
// ErrTruncated. The error is a *DescriptorError with offset 0.
func ReadDescriptor(b []byte) (Address, int, error) {
	if len(b) == 0 {
		return nil, 0, ErrTruncated
	}
	t := DescriptorType(b[0])
	a, n, err := readData(t, b[1:])
	if err != nil {
		return nil, 0, &DescriptorError{Offset: 0, Type: t, Err: err}
	}
	return a, 1 + n, nil
}

// DecodeDescriptor decodes exactly one descriptor, as carried by init's
// remote_addr TLV (BOLT #1). Extra bytes return ErrTrailingBytes.
func DecodeDescriptor(b []byte) (Address, error) {
	a, n, err := ReadDescriptor(b)
	if err != nil {
		return nil, err
	}
	if n != len(b) {
		return nil, &DescriptorError{Offset: 0, Type: a.Type(), Err: ErrTrailingBytes}
	}
	return a, nil
}

// readData decodes the data of a descriptor of type t from b (the bytes after
// the type byte) and returns how many bytes of b it used.
func readData(t DescriptorType, b []byte) (Address, int, error) {
	port := func(off int) uint16 { return binary.BigEndian.Uint16(b[off:]) }
	switch t {
	case TypeIPv4:
		if len(b) < ipv4DescLen-1 {
			return nil, 0, ErrTruncated
		}
		a := IPv4{Port: port(4)}
		copy(a.IP[:], b)
		return a, ipv4DescLen - 1, nil
	case TypeIPv6:
		if len(b) < ipv6DescLen-1 {
			return nil, 0, ErrTruncated
		}
		a := IPv6{Port: port(16)}
		copy(a.IP[:], b)
		return a, ipv6DescLen - 1, nil
	case TypeTorV2:
		// BOLT #7: "3: Deprecated (length 12)". Its length is known, so it
		// is read (and later ignored) rather than ending the parse.
		if len(b) < torV2DescLen-1 {
			return nil, 0, ErrTruncated
		}
		a := TorV2{Port: port(TorV2Len)}
		copy(a.ID[:], b)
		return a, torV2DescLen - 1, nil
	case TypeTorV3:
		if len(b) < torV3DescLen-1 {
			return nil, 0, ErrTruncated
		}
		a, err := torV3FromBytes(b[:TorV3Len], port(TorV3Len))
		if err != nil {
			return nil, 0, err
		}
		return a, torV3DescLen - 1, nil
	case TypeDNSHostname:
		if len(b) < 1 {
			return nil, 0, ErrTruncated
		}
		hl := int(b[0])
		if len(b) < 1+hl+2 {
			return nil, 0, ErrTruncated
		}
		host := string(b[1 : 1+hl])
		if err := ValidHostname(host); err != nil {
			return nil, 0, err
		}
		return DNSHostname{Host: host, Port: port(1 + hl)}, 1 + hl + 2, nil
	}
	return nil, 0, ErrUnknownDescriptor
}

// AddressList is a decoded node_announcement `addresses` field (BOLT #7).
// It keeps everything it read, so Append reproduces the input byte for byte;
// Usable applies the reader's rules to pick the addresses worth dialing.
type AddressList struct {
	// Addrs are the descriptors of known types, in wire order, including
	// those the reader rules say to ignore (port 0, Tor v2, extra hostnames).
	Addrs []Address
	// Unknown is the tail of the field from the first descriptor of an
	// unknown type, verbatim; nil when every descriptor was known.
	Unknown []byte
}

// DecodeAddressList decodes a node_announcement `addresses` field (the
// addrlen bytes). BOLT #7: the reader "SHOULD ignore the first address
// descriptor that does NOT match the types defined above": since an unknown
// type has no known length, parsing stops there and the rest is kept in
// Unknown (descriptors are in ascending type order, so nothing known can
// follow). A type 0 byte is such an unknown type: the current spec defines no
// padding descriptor. A known descriptor cut short ("addrlen is insufficient
// to hold the address descriptors of the known types") returns ErrTruncated.
func DecodeAddressList(b []byte) (AddressList, error) {
	var l AddressList
	for off := 0; off < len(b); {
		t := DescriptorType(b[off])
		a, n, err := readData(t, b[off+1:])
		if errors.Is(err, ErrUnknownDescriptor) {
			l.Unknown = b[off:len(b):len(b)]
			break
		}
		if err != nil {
			return AddressList{}, &DescriptorError{Offset: off, Type: t, Err: err}
		}
		l.Addrs = append(l.Addrs, a)
		off += 1 + n
	}
	return l, nil
}

// Append appends the list exactly as it was decoded (known descriptors in
// their order, then the unknown tail). It fails only for a hand-built list
// holding an invalid DNSHostname.
func (l AddressList) Append(dst []byte) ([]byte, error) {
	var err error
	for _, a := range l.Addrs {
		if dst, err = AppendDescriptor(dst, a); err != nil {
			return dst, err
		}
	}
	return append(dst, l.Unknown...), nil
}

// Usable returns the addresses a node may dial, by the BOLT #7 reader rules:
// "if port is equal to 0: SHOULD ignore ipv6_addr OR ipv4_addr OR hostname",
// "SHOULD ignore Tor v2 onion services", and "if more than one type 5 address
// is announced: SHOULD ignore the additional data". (A Tor v3 address with
// port 0 is kept: the spec forbids port 0 only for types 1, 2 and 5.)
func (l AddressList) Usable() []Address {
	var out []Address
	seenHost := false
	for _, a := range l.Addrs {
		_, port := a.HostPort()
		switch a.Type() {
		case TypeTorV2:
			continue
		case TypeDNSHostname:
			if seenHost {
				continue
			}
			seenHost = true
		}
		if port == 0 && a.Type() != TypeTorV3 {
			continue
		}
		out = append(out, a)
	}
	return out
}

// MultipleHostnames reports whether the list holds more than one type 5
// descriptor. BOLT #7: the receiving node "MUST not forward the
// node_announcement" then.
func (l AddressList) MultipleHostnames() bool {
	n := 0
	for _, a := range l.Addrs {
		if a.Type() == TypeDNSHostname {
			n++
		}
	}
	return n > 1
}

// AppendAddresses appends an addresses field for this node's own
// node_announcement, applying the origin node's rules of BOLT #7: it "MUST
// place address descriptors in ascending order" (addrs are sorted by type,
// stably, so equal types keep the caller's preference order); it "MUST NOT
// create a type 1, type 2 or type 5 address descriptor with port equal to 0"
// (ErrBadPort); it "MUST NOT announce more than one type 5 DNS hostname"
// (ErrMultipleHostnames); and it "SHOULD not announce a Tor v2 onion service"
// (ErrTorV2). addrs itself is not reordered.
func AppendAddresses(dst []byte, addrs []Address) ([]byte, error) {
	if slices.Contains(addrs, nil) {
		return dst, fmt.Errorf("%w: nil address", ErrBadHost)
	}
	sorted := slices.Clone(addrs)
	slices.SortStableFunc(sorted, func(x, y Address) int { return cmp.Compare(x.Type(), y.Type()) })
	hosts := 0
	for _, a := range sorted {
		_, port := a.HostPort()
		switch a.Type() {
		case TypeTorV2:
			return dst, ErrTorV2
		case TypeDNSHostname:
			if hosts++; hosts > 1 {
				return dst, ErrMultipleHostnames
			}
		}
		if port == 0 && a.Type() != TypeTorV3 {
			return dst, fmt.Errorf("%w: %s address with port 0", ErrBadPort, a.Type())
		}
	}
	var err error
	for _, a := range sorted {
		if dst, err = AppendDescriptor(dst, a); err != nil {
			return dst, err
		}
	}
	return dst, nil
}
