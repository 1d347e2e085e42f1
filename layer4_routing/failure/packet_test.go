package failure_test

import (
	"bytes"
	"errors"
	"fmt"
	"math/rand/v2"
	"testing"

	"github.com/lnstack/lnstack/layer4_routing/failure"
	"github.com/lnstack/lnstack/layer4_routing/sphinx"
)

func randomSecrets(rng *rand.Rand, n int) []sphinx.Secret {
	s := make([]sphinx.Secret, n)
	for i := range s {
		for j := range s[i] {
			s[i][j] = byte(rng.Uint32())
		}
	}
	return s
}

// returnFrom plays the return path: hop src creates the packet and
// attribution, each hop before it relays them.
func returnFrom(t testing.TB, secrets []sphinx.Secret, src int, msg []byte) ([]byte, failure.AttributionData) {
	t.Helper()
	var attr failure.AttributionData
	p, err := failure.Create(&secrets[src], msg, 0, &attr, uint32(10+src))
	if err != nil {
		t.Fatal(err)
	}
	for i := src - 1; i >= 0; i-- {
		failure.Relay(&secrets[i], p, &attr, uint32(10+i))
	}
	return p, attr
}

// TestAttributionRoundTrip returns errors from every hop of routes of 1 to
// 20 hops: the origin finds the hop, the message and every hold time.
func TestAttributionRoundTrip(t *testing.T) {
	rng := rand.New(rand.NewPCG(11, 12))
	msg, err := failure.Encode(nil, &failure.FeeInsufficient{HTLCMsat: 1000, ChannelUpdate: []byte("update")})
	if err != nil {
		t.Fatal(err)
	}
	for n := 1; n <= failure.AttributionHops; n++ {
		secrets := randomSecrets(rng, n)
		for src := range n {
			p, attr := returnFrom(t, secrets, src, msg)
			if len(p) != failure.MinPacketLen {
				t.Fatalf("packet of %d bytes", len(p))
			}
			res, err := failure.Decrypt(secrets, p, &attr)
			if err != nil {
				t.Fatalf("%d hops, from %d: %v", n, src, err)
			}
			if res.Index != src || !bytes.Equal(res.Message, msg) || res.AttributionFailedAt != -1 || len(res.HoldTimes) != src+1 {
				t.Fatalf("%d hops, from %d: %+v", n, src, res)
			}
			for i, h := range res.HoldTimes {
				if h != uint32(10+i) {
					t.Fatalf("hold times %v", res.HoldTimes)
				}
			}
			m, err := res.Failure()
			if _, ok := m.(*failure.FeeInsufficient); err != nil || !ok {
				t.Fatalf("failure %v %T", err, m)
			}
		}
	}
}

// TestAttributionBlame tampers with a packet between two hops: the
// packet's HMAC no longer matches anywhere, and the attribution data
// points at the pair of hops around the tampering.
func TestAttributionBlame(t *testing.T) {
	rng := rand.New(rand.NewPCG(13, 14))
	secrets := randomSecrets(rng, 6)
	msg := []byte{0x20, 0x02}
	for bad := 1; bad < 6; bad++ {
		var attr failure.AttributionData
		p, err := failure.Create(&secrets[5], msg, 0, &attr, 1)
		if err != nil {
			t.Fatal(err)
		}
		for i := 4; i >= 0; i-- {
			if i == bad-1 {
				p[100] ^= 1 // hop bad changes the packet it relays
			}
			failure.Relay(&secrets[i], p, &attr, 1)
		}
		res, err := failure.Decrypt(secrets, p, &attr)
		if !errors.Is(err, failure.ErrUnknownSource) || res.Index != -1 {
			t.Fatalf("tampered at %d: %v %+v", bad, err, res)
		}
		// Hop bad-1 computed its HMAC over the tampered packet, which
		// does not match what hop bad's covered.
		if res.AttributionFailedAt != bad-1 && res.AttributionFailedAt != bad {
			t.Fatalf("tampered at %d, blamed %d", bad, res.AttributionFailedAt)
		}
	}
}

func TestFulfillAttribution(t *testing.T) {
	rng := rand.New(rand.NewPCG(15, 16))
	secrets := randomSecrets(rng, 7)
	var attr failure.AttributionData
	for i := 6; i >= 0; i-- {
		attr.Add(&secrets[i], uint32(i*3), nil)
	}
	holds, bad, err := failure.VerifyAttribution(secrets, &attr)
	if err != nil || bad != -1 || len(holds) != 7 || holds[6] != 18 {
		t.Fatalf("%v %d %v", holds, bad, err)
	}
	attr[2] ^= 1 // the first hop's hold time
	if _, bad, _ := failure.VerifyAttribution(secrets, &attr); bad == -1 {
		t.Fatal("tampered attribution verifies")
	}
	if _, _, err := failure.VerifyAttribution(randomSecrets(rng, 21), &attr); !errors.Is(err, failure.ErrNoRoute) {
		t.Fatal("21 hops")
	}
}

func TestPacketErrors(t *testing.T) {
	s := sphinx.Secret{1}
	if _, err := failure.NewPacket(&s, make([]byte, 300), 256); !errors.Is(err, failure.ErrMessageTooLong) {
		t.Fatalf("message longer than the padded length: %v", err)
	}
	if _, err := failure.NewPacket(&s, make([]byte, 2), 100); !errors.Is(err, failure.ErrMessageTooLong) {
		t.Fatalf("padded length below 256: %v", err)
	}
	if _, err := failure.NewPacket(&s, make([]byte, 70000), 0); !errors.Is(err, failure.ErrMessageTooLong) {
		t.Fatalf("message over 65535: %v", err)
	}
	p, err := failure.NewPacket(&s, make([]byte, 300), 0)
	if err != nil || len(p) != failure.PacketOverhead+300 {
		t.Fatalf("a 300-byte message pads to itself: %v %d", err, len(p))
	}
	secrets := []sphinx.Secret{s}
	if _, err := failure.Decrypt(nil, p, nil); !errors.Is(err, failure.ErrNoRoute) {
		t.Fatalf("no route: %v", err)
	}
	if _, err := failure.Decrypt(make([]sphinx.Secret, 28), p, nil); !errors.Is(err, failure.ErrNoRoute) {
		t.Fatalf("28 hops: %v", err)
	}
	if _, err := failure.Decrypt(secrets, p[:10], nil); !errors.Is(err, failure.ErrPacketLength) {
		t.Fatalf("10 bytes: %v", err)
	}
	if _, err := failure.Decrypt(secrets, make([]byte, 400), nil); !errors.Is(err, failure.ErrUnknownSource) {
		t.Fatalf("zeros: %v", err)
	}
	// A hop that authenticates a packet whose lengths do not add up.
	bad, err := failure.NewPacket(&s, []byte{1, 2}, 0)
	if err != nil {
		t.Fatal(err)
	}
	bad = append(bad, 0) // one byte more than the lengths say, MAC redone
	um := sphinx.DeriveKey(sphinx.KeyUm, &s)
	mac := sphinx.HMAC(&um, bad[32:])
	copy(bad, mac[:])
	failure.Obfuscate(&s, bad)
	res, err := failure.Decrypt(secrets, bad, nil)
	if !errors.Is(err, failure.ErrPacketLength) || res.Index != 0 {
		t.Fatalf("bad lengths: %v %+v", err, res)
	}
}

// ExampleDecrypt shows a failure returned by the second hop of a route.
func ExampleDecrypt() {
	secrets := []sphinx.Secret{{1}, {2}, {3}}
	msg, _ := failure.Encode(nil, &failure.TemporaryChannelFailure{})
	reason, _ := failure.Create(&secrets[1], msg, 0, nil, 0) // hop 1 fails
	failure.Relay(&secrets[0], reason, nil, 0)               // hop 0 relays
	res, _ := failure.Decrypt(secrets, reason, nil)
	m, _ := res.Failure()
	fmt.Println(res.Index, m.Code())
	// Output: 1 temporary_channel_failure
}
