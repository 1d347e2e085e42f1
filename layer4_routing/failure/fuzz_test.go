package failure_test

import (
	"errors"
	"math/rand/v2"
	"testing"

	"github.com/lnstack/lnstack/layer2_messaging/msgtest"
	"github.com/lnstack/lnstack/layer4_routing/failure"
	"github.com/lnstack/lnstack/layer4_routing/sphinx"
	"github.com/lnstack/lnstack/spec"
	"github.com/lnstack/lnstack/spec/speccheck"
)

// FuzzDecodeFailure runs failure messages of any length through the
// round-trip harness; seeds are instances of all 22 built from spec/.
func FuzzDecodeFailure(f *testing.F) {
	formats, err := spec.Load()
	if err != nil {
		f.Fatal(err)
	}
	rng := rand.New(rand.NewPCG(17, 18))
	for _, name := range speccheck.FailuresOf(formats, 4) {
		inst, err := speccheck.Generate(formats, name, rng, speccheck.Options{})
		if err != nil {
			f.Fatal(err)
		}
		f.Add(inst.Wire)
	}
	c := codec()
	f.Fuzz(func(t *testing.T, b []byte) {
		msgtest.RoundTrip(t, c, b)
		// The origin's lenient reader accepts whatever Decode does.
		if _, err := failure.Decode(b); err == nil {
			if _, err := failure.Parse(b); err != nil {
				t.Fatalf("Parse refuses what Decode accepts: %v", err)
			}
		}
	})
}

// FuzzDecrypt hands the origin arbitrary return packets and attribution
// data for a fixed 3-hop route: typed errors, no panic, and a packet
// relayed from a real failure always decrypts.
func FuzzDecrypt(f *testing.F) {
	rng := rand.New(rand.NewPCG(19, 20))
	secrets := randomSecrets(rng, 3)
	p, attr := returnFrom(f, secrets, 2, []byte{0x10, 0x07, 0, 0})
	f.Add(p, attr[:])
	f.Add(p[:40], []byte{})
	f.Fuzz(func(t *testing.T, packet, attrBytes []byte) {
		var a *failure.AttributionData
		if len(attrBytes) >= failure.AttributionDataLen {
			a = (*failure.AttributionData)(attrBytes[:failure.AttributionDataLen])
		}
		res, err := failure.Decrypt(secrets, packet, a)
		if err != nil && !errors.Is(err, failure.ErrUnknownSource) && !errors.Is(err, failure.ErrPacketLength) {
			t.Fatalf("untyped: %v", err)
		}
		if err == nil && (res.Index < 0 || res.Index >= len(secrets)) {
			t.Fatalf("source %d", res.Index)
		}
		if a != nil {
			_, _, _ = failure.VerifyAttribution(secrets, a)
		}
	})
}

// sanity: the return packet of a hop is decrypted only with its secret.
func TestDecryptNeedsTheSecrets(t *testing.T) {
	rng := rand.New(rand.NewPCG(21, 22))
	secrets := randomSecrets(rng, 3)
	p, _ := returnFrom(t, secrets, 2, []byte{0x20, 0x02})
	other := append([]sphinx.Secret(nil), secrets...)
	other[1][0] ^= 1
	if _, err := failure.Decrypt(other, p, nil); !errors.Is(err, failure.ErrUnknownSource) {
		t.Fatalf("wrong secrets: %v", err)
	}
}
