package messaging_test

import (
	"encoding/hex"
	"math/rand/v2"
	"testing"

	messaging "github.com/lnstack/lnstack/layer2_messaging"
	"github.com/lnstack/lnstack/layer2_messaging/msgtest"
	"github.com/lnstack/lnstack/testvectors"
)

// payloadSeeds returns encodings of random messages of name, and for init
// the payloads of the Appendix C vectors.
func payloadSeeds(t testing.TB, name string) [][]byte {
	rng := rand.New(rand.NewPCG(31, 32))
	var seeds [][]byte
	for i := 0; i < 6; i++ {
		b, err := randomMessage(rng, name).Encode(nil)
		if err != nil {
			t.Fatal(err)
		}
		seeds = append(seeds, b)
	}
	if name == "init" {
		for _, frame := range appendixC(t) {
			seeds = append(seeds, frame[2:])
		}
	}
	return seeds
}

// appendixC returns the init messages of BOLT #1 Appendix C.
func appendixC(t testing.TB) [][]byte {
	f, err := testvectors.Load("bolt01/init-extension.json")
	if err != nil {
		t.Fatal(err)
	}
	var out [][]byte
	for _, v := range f.Vectors {
		var tv map[string]any
		if err := v.Decode(&tv); err != nil {
			t.Fatal(err)
		}
		b, err := hex.DecodeString(tv["message"].(string))
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, b)
	}
	return out
}

func fuzzMessage(f *testing.F, name string) {
	msgtest.Seed(f, payloadSeeds(f, name)...)
	c := msgtest.Message(msgtest.Constructor(f, messaging.Messages(), name))
	f.Fuzz(func(t *testing.T, b []byte) { msgtest.RoundTrip(t, c, b) })
}

func FuzzInit(f *testing.F)                 { fuzzMessage(f, "init") }
func FuzzError(f *testing.F)                { fuzzMessage(f, "error") }
func FuzzWarning(f *testing.F)              { fuzzMessage(f, "warning") }
func FuzzPing(f *testing.F)                 { fuzzMessage(f, "ping") }
func FuzzPong(f *testing.F)                 { fuzzMessage(f, "pong") }
func FuzzPeerStorage(f *testing.F)          { fuzzMessage(f, "peer_storage") }
func FuzzPeerStorageRetrieval(f *testing.F) { fuzzMessage(f, "peer_storage_retrieval") }

// FuzzFrame runs whole frames through the Codec: the type dispatch, the
// unknown-type rules and the size limit.
func FuzzFrame(f *testing.F) {
	msgtest.Seed(f, appendixC(f)...)
	rng := rand.New(rand.NewPCG(33, 34))
	for _, name := range msgtest.Names(messaging.Messages()) {
		frame, err := messaging.Encode(nil, randomMessage(rng, name))
		if err != nil {
			f.Fatal(err)
		}
		f.Add(frame)
	}
	f.Add([]byte{0x80, 0x01, 0xaa})
	f.Add([]byte{0x80, 0x02})
	c := msgtest.Frame(newCodec(f))
	f.Fuzz(func(t *testing.T, b []byte) { msgtest.RoundTrip(t, c, b) })
}

// FuzzDecoder checks that the Decoder, whose messages alias the frame,
// decodes every frame as the Codec does.
func FuzzDecoder(f *testing.F) {
	msgtest.Seed(f, appendixC(f)...)
	rng := rand.New(rand.NewPCG(35, 36))
	for _, name := range msgtest.Names(messaging.Messages()) {
		frame, err := messaging.Encode(nil, randomMessage(rng, name))
		if err != nil {
			f.Fatal(err)
		}
		f.Add(frame)
	}
	c := newCodec(f)
	d := c.NewDecoder()
	f.Fuzz(func(t *testing.T, b []byte) { checkDecoderAgrees(t, c, d, b) })
}
