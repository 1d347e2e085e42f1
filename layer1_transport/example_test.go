package transport_test

import (
	"context"
	"fmt"
	"time"

	"github.com/btcsuite/btcd/btcec/v2"
	transport "github.com/lnstack/lnstack/layer1_transport"
	"github.com/lnstack/lnstack/layer1_transport/netaddr"
)

// Two nodes on loopback: one listens, the other dials it knowing its node
// id, and both end up with the other's authenticated static key.
func Example() {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	serverKey, _ := btcec.NewPrivateKey()
	clientKey, _ := btcec.NewPrivateKey()

	l, err := transport.Listen(ctx, "127.0.0.1:0", serverKey)
	if err != nil {
		fmt.Println(err)
		return
	}
	defer l.Close()
	accepted := make(chan bool, 1)
	go func() {
		c, err := l.Accept()
		if err != nil {
			accepted <- false
			return
		}
		defer c.Close()
		accepted <- c.RemotePub().IsEqual(clientKey.PubKey())
	}()

	addr, _ := netaddr.FromNetAddr(l.Addr())
	c, err := transport.Dial(ctx, nil, addr, serverKey.PubKey(), clientKey)
	if err != nil {
		fmt.Println(err)
		return
	}
	defer c.Close()
	fmt.Println("client authenticated the server:", c.RemotePub().IsEqual(serverKey.PubKey()))
	fmt.Println("server authenticated the client:", <-accepted)
	// Output:
	// client authenticated the server: true
	// server authenticated the client: true
}
