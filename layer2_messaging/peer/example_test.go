package peer_test

import (
	"context"
	"fmt"
	"time"

	"github.com/btcsuite/btcd/btcec/v2"

	transport "github.com/lnstack/lnstack/layer1_transport"
	"github.com/lnstack/lnstack/layer1_transport/netaddr"
	"github.com/lnstack/lnstack/layer1_transport/noise"
	messaging "github.com/lnstack/lnstack/layer2_messaging"
	"github.com/lnstack/lnstack/layer2_messaging/feature"
	"github.com/lnstack/lnstack/layer2_messaging/peer"
)

// Two nodes on loopback: each runs a Peer over its end of a BOLT #8
// connection, they exchange init, negotiate features, and one sends the
// other a warning, which arrives typed.
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
	accepted := make(chan *noise.Conn, 1)
	go func() {
		c, _ := l.Accept()
		accepted <- c
	}()
	addr, _ := netaddr.FromNetAddr(l.Addr())
	clientConn, err := transport.Dial(ctx, nil, addr, serverKey.PubKey(), clientKey)
	if err != nil {
		fmt.Println(err)
		return
	}
	serverConn := <-accepted

	// The codec is built by the caller: layer 2's table here, plus the
	// tables of the layers above in a node.
	codec, _ := messaging.NewCodec(messaging.Messages())
	cfg := peer.Config{
		Codec:    codec,
		Features: feature.New(feature.DataLossProtect.Optional(), feature.VarOnionOptin),
	}
	client, _ := peer.New(clientConn, cfg)
	defer client.Close()
	cfg.Features = feature.New(feature.DataLossProtect, feature.VarOnionOptin.Optional())
	server, _ := peer.New(serverConn, cfg)
	defer server.Close()

	started := make(chan error, 1)
	go func() { started <- server.Start(ctx) }()
	if err := client.Start(ctx); err != nil {
		fmt.Println("client:", err)
		return
	}
	if err := <-started; err != nil {
		fmt.Println("server:", err)
		return
	}
	fmt.Println("client sees:", client.RemoteFeatures())
	fmt.Println("negotiated: ", client.Negotiated())

	_ = client.Send(ctx, &messaging.Warning{Data: []byte("just saying")})
	m, err := server.Recv(ctx)
	if err != nil {
		fmt.Println(err)
		return
	}
	if w, ok := m.(*messaging.Warning); ok {
		fmt.Println("server got a warning:", w.Text())
	}
	// Output:
	// client sees: option_data_loss_protect(required),var_onion_optin(optional)
	// negotiated:  option_data_loss_protect(required),var_onion_optin(required)
	// server got a warning: just saying
}
