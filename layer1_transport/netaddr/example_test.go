package netaddr_test

import (
	"encoding/hex"
	"fmt"

	"github.com/lnstack/lnstack/layer1_transport/netaddr"
)

func ExampleParseNodeAddr() {
	n, err := netaddr.ParseNodeAddr("0279be667ef9dcbbac55a06295ce870b07029bfcdb2dce28d959f2815b16f81798@[2001:db8::7]")
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(n.Addr.Type(), n.Addr.Network(), n.Addr, n.Addr.NeedsProxy())

	onion, err := netaddr.ParseAddress("duckduckgogg42xjoc72x3sjasowoarfbgcmvfimaftt6twagswzczad.onion:9735")
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(onion.Type(), onion.NeedsProxy())
	// Output:
	// ipv6 tcp [2001:db8::7]:9735 false
	// torv3 true
}

func ExampleAppendAddresses() {
	addrs := []netaddr.Address{
		netaddr.DNSHostname{Host: "ln.example", Port: 9735},
		netaddr.IPv4{IP: [4]byte{203, 0, 113, 7}, Port: 9735},
	}
	// Descriptors come out in ascending type order, as BOLT #7 requires.
	b, err := netaddr.AppendAddresses(nil, addrs)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(hex.EncodeToString(b))

	l, err := netaddr.DecodeAddressList(b)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(l.Addrs)
	// Output:
	// 01cb0071072607050a6c6e2e6578616d706c652607
	// [203.0.113.7:9735 ln.example:9735]
}
