package dnsseed_test

import (
	"context"
	"fmt"
	"net/netip"
	"slices"
	"strings"
	"time"

	"github.com/btcsuite/btcd/btcec/v2"

	"github.com/lnstack/lnstack/layer1_transport/dnsseed"
)

// exampleKey returns a fixed node key for the examples.
func exampleKey(b byte) *btcec.PublicKey {
	var secret [32]byte
	secret[31] = b
	priv, _ := btcec.PrivKeyFromBytes(secret[:])
	return priv.PubKey()
}

// A seed server on 127.0.0.1 and a client asking it for nodes.
func Example() {
	nodes := []dnsseed.Node{
		{ID: exampleKey(1), Addrs: []netip.AddrPort{netip.MustParseAddrPort("192.0.2.1:9735")}},
		{ID: exampleKey(2), Addrs: []netip.AddrPort{netip.MustParseAddrPort("[2001:db8::2]:9736")}},
		{ID: exampleKey(3), Addrs: []netip.AddrPort{netip.MustParseAddrPort("192.0.2.3:9735")}},
	}
	srv := &dnsseed.Server{Zone: "seed.example.", Nodes: dnsseed.NewNodeSet(nodes)}
	addr, err := srv.Start("127.0.0.1:0")
	if err != nil {
		fmt.Println(err)
		return
	}
	defer srv.Close()

	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	r := &dnsseed.Resolver{Server: addr}
	results, err := r.Query(ctx, "seed.example", dnsseed.Conditions{Count: 10})
	if err != nil {
		fmt.Println(err)
		return
	}
	// The seed answers in random order.
	var lines []string
	for _, res := range results {
		for _, a := range res.Addrs {
			lines = append(lines, fmt.Sprintf("%x@%s", res.NodeID.SerializeCompressed(), a))
		}
	}
	slices.Sort(lines)
	fmt.Println(strings.Join(lines, "\n"))
	// Output:
	// 0279be667ef9dcbbac55a06295ce870b07029bfcdb2dce28d959f2815b16f81798@192.0.2.1:9735
	// 02c6047f9441ed7d6d3045406e95c07cd85c778e4b8cef3ca7abac09b95c709ee5@[2001:db8::2]:9736
	// 02f9308a019258c31049344f85f89d5229b531c845836f99b08601f113bce036f9@192.0.2.3:9735
}

// Looking up one known node (BOLT #10 node query).
func ExampleResolver_LookupNode() {
	id := exampleKey(7)
	srv := &dnsseed.Server{Zone: "seed.example.", Nodes: dnsseed.NewNodeSet([]dnsseed.Node{
		{ID: id, Addrs: []netip.AddrPort{netip.MustParseAddrPort("198.51.100.7:9735")}},
	})}
	addr, err := srv.Start("127.0.0.1:0")
	if err != nil {
		fmt.Println(err)
		return
	}
	defer srv.Close()

	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	res, err := (&dnsseed.Resolver{Server: addr, Net: "tcp"}).LookupNode(ctx, "seed.example.", id)
	fmt.Println(res.Addrs, err)
	// Output: [198.51.100.7:9735] <nil>
}

func ExampleConditions_SRVName() {
	c := dnsseed.Conditions{AddrTypes: dnsseed.AddrIPv4, Count: 10}
	name, _ := c.SRVName("lseed.bitcoinstats.com")
	fmt.Println(name)
	host, _ := c.HostName("lseed.bitcoinstats.com")
	fmt.Println(host)
	// Output:
	// _nodes._tcp.a2.n10.lseed.bitcoinstats.com.
	// a2.n10.lseed.bitcoinstats.com.
}

func ExampleParseConditions() {
	// Per BOLT #10, the rightmost condition is evaluated first and a
	// repeated key keeps its last (leftmost) value.
	c, err := dnsseed.ParseConditions("n5.r0.a2.n10.lseed.bitcoinstats.com.", "lseed.bitcoinstats.com")
	fmt.Println(c.Realm, c.AddrTypes, c.Count, err)
	// Output: 0 2 5 <nil>
}

func ExampleParseVirtualHost() {
	id, root, err := dnsseed.ParseVirtualHost("ln1qwktpe6jxltmpphyl578eax6fcjc2m807qalr76a5gfmx7k9qqfjwy4mctz.lseed.bitcoinstats.com.")
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("%x %s\n", id.SerializeCompressed(), root)
	// Output: 03acb0e75237d7b086e4fd3c7cf4da4e25856ceff03bf1fb5da213b37ac5001327 lseed.bitcoinstats.com.
}

func ExampleReadNodeList() {
	list := "# node list\n" +
		"0279be667ef9dcbbac55a06295ce870b07029bfcdb2dce28d959f2815b16f81798@192.0.2.1\n" +
		"0279be667ef9dcbbac55a06295ce870b07029bfcdb2dce28d959f2815b16f81798@[2001:db8::1]:9736\n"
	nodes, err := dnsseed.ReadNodeList(strings.NewReader(list))
	if err != nil {
		fmt.Println(err)
		return
	}
	set := dnsseed.NewNodeSet(nodes)
	fmt.Println(set.Len(), set.Nodes()[0].Addrs)
	// Output: 1 [192.0.2.1:9735 [2001:db8::1]:9736]
}
