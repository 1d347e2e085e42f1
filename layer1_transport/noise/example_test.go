package noise_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"net"
	"time"

	"github.com/btcsuite/btcd/btcec/v2"

	"github.com/lnstack/lnstack/layer1_transport/noise"
)

// Two nodes connected by an in-memory pipe run the BOLT #8 handshake and
// exchange one message each way. With TCP the calls are the same, on the
// connections from net.Dial and a net.Listener's Accept.
func ExampleInitiate() {
	alice, _ := btcec.NewPrivateKey() // the dialling node's static key
	bob, _ := btcec.NewPrivateKey()   // the listening node's static key
	ca, cb := net.Pipe()
	defer ca.Close()
	defer cb.Close()
	ctx := context.Background()

	done := make(chan error, 1)
	go func() {
		conn, err := noise.Respond(ctx, cb, bob)
		if err != nil {
			done <- err
			return
		}
		// Bob learns who dialled him from act three.
		fmt.Println("bob sees alice:", conn.RemotePub().IsEqual(alice.PubKey()))
		msg, err := conn.ReadMessage()
		if err == nil {
			err = conn.WriteMessage(bytes.ToUpper(msg))
		}
		done <- err
	}()

	// Alice must know Bob's node id before she dials.
	conn, err := noise.Initiate(ctx, ca, alice, bob.PubKey())
	if err != nil {
		fmt.Println(err)
		return
	}
	if err := conn.WriteMessage([]byte("hello bob")); err != nil {
		fmt.Println(err)
		return
	}
	reply, err := conn.ReadMessage()
	fmt.Printf("alice got %q, %v\n", reply, err)
	fmt.Println("bob finished:", <-done)
	// Output:
	// bob sees alice: true
	// alice got "HELLO BOB", <nil>
	// bob finished: <nil>
}

// The handshake as a pure state machine, with no I/O: acts go in and out as
// bytes and the transport keys appear only in the final Sessions.
func ExampleNewInitiator() {
	aliceKey, _ := btcec.NewPrivateKey()
	bobKey, _ := btcec.NewPrivateKey()
	alice, _ := noise.NewIdentity(aliceKey)
	bob, _ := noise.NewIdentity(bobKey)

	in, _ := noise.NewInitiator(alice, bob.PubKey())
	re, _ := noise.NewResponder(bob)
	act1, _ := in.ActOne()
	act2, _ := re.RecvActOne(act1[:])
	act3, aliceSession, _ := in.RecvActTwo(act2[:])
	bobSession, err := re.RecvActThree(act3[:])
	fmt.Println(len(act1), len(act2), len(act3), err)

	frame, _ := aliceSession.Send().EncryptFrame(nil, []byte("ping"))
	msg, err := bobSession.Recv().DecryptFrame(nil, frame)
	fmt.Printf("%d-byte frame carries %q, %v\n", len(frame), msg, err)
	// Output:
	// 50 50 66 <nil>
	// 38-byte frame carries "ping", <nil>
}

// A responder that never gets act one gives up at the handshake deadline.
func ExampleWithHandshakeTimeout() {
	key, _ := btcec.NewPrivateKey()
	peer, c := net.Pipe()
	defer peer.Close()
	_, err := noise.Respond(context.Background(), c, key, noise.WithHandshakeTimeout(10*time.Millisecond))
	fmt.Println(errors.Is(err, noise.ErrHandshakeTimeout))
	// Output:
	// true
}
