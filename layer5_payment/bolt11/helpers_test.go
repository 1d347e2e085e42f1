package bolt11

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"math/rand/v2"
	"testing"

	"github.com/btcsuite/btcd/btcec/v2"

	"github.com/lnstack/lnstack/layer2_messaging/feature"
	"github.com/lnstack/lnstack/layer2_messaging/wire"
	"github.com/lnstack/lnstack/testvectors"
)

// exampleKey is the key every BOLT #11 example is signed with.
const exampleKey = "e126f68f7eafcc8b74f54d269fe206be715000f94dac067d1c04a8ca3b2db734"

func testSigner(t testing.TB) *KeySigner {
	t.Helper()
	b, err := hex.DecodeString(exampleKey)
	if err != nil {
		t.Fatal(err)
	}
	k, _ := btcec.PrivKeyFromBytes(b)
	return NewKeySigner(k)
}

// field returns a tagged field with the given 5-bit values.
func field(t Tag, data []byte) []byte { return appendField(nil, t, data) }

// bytesField returns a tagged field holding b.
func bytesField(t Tag, b []byte) []byte { return field(t, appendGroups(nil, b)) }

// timestamp is the examples' timestamp, as 5-bit values.
func timestamp() []byte {
	inv := Invoice{Timestamp: 1496314658}
	d, _ := inv.appendData(nil)
	return d[:timestampLen]
}

// hashOf returns 32 bytes of value b.
func hashOf(b byte) []byte {
	h := make([]byte, 32)
	for i := range h {
		h[i] = b
	}
	return h
}

// minimalFields are p, s and d: the fields every valid invoice has.
func minimalFields() [][]byte {
	return [][]byte{
		bytesField(TagPaymentHash, hashOf(1)),
		bytesField(TagPaymentSecret, hashOf(0x11)),
		bytesField(TagDescription, []byte("coffee")),
	}
}

// signRaw writes an invoice with the given human-readable part and tagged
// fields after the examples' timestamp, signed with the example key, so
// that tests can build invoices Encode would refuse to write.
func signRaw(t testing.TB, hrp string, fields ...[]byte) string {
	t.Helper()
	data := timestamp()
	for _, f := range fields {
		data = append(data, f...)
	}
	msg, _ := appendBytes([]byte(hrp), data, true)
	sig, err := testSigner(t).SignCompact(sha256.Sum256(msg))
	if err != nil {
		t.Fatal(err)
	}
	return string(appendBech32(nil, hrp, appendGroups(data, sig[:]), checksumBech32))
}

// examples returns the invoice strings of the BOLT #11 examples (valid and
// invalid) from testvectors.
func examples(t testing.TB) (valid, invalid []string) {
	t.Helper()
	for _, name := range []string{"bolt11/valid.json", "bolt11/invalid.json"} {
		f, err := testvectors.Load(name)
		if err != nil {
			t.Fatal(err)
		}
		for _, v := range f.Vectors {
			var tv struct {
				Invoice string `json:"invoice"`
				Error   string `json:"error"`
			}
			if err := json.Unmarshal(v.Raw, &tv); err != nil {
				t.Fatal(err)
			}
			if tv.Error == "" {
				valid = append(valid, tv.Invoice)
			} else {
				invalid = append(invalid, tv.Invoice)
			}
		}
	}
	return valid, invalid
}

// randomInvoice returns an invoice with random values in every field, each
// optional one present half the time.
func randomInvoice(rng *rand.Rand) *Invoice {
	nets := [...]Network{Mainnet, Testnet, Signet, Regtest, Simnet}
	inv := &Invoice{
		Network:   nets[rng.IntN(len(nets))],
		Timestamp: rng.Uint64N(1 << 35),
	}
	randBytes(rng, inv.PaymentHash[:])
	randBytes(rng, inv.PaymentSecret[:])
	if rng.IntN(2) == 0 {
		inv.AmountMsat = 1 + rng.Uint64N(1<<rng.IntN(60))
	}
	if rng.IntN(4) == 0 {
		inv.DescriptionHash = new([32]byte)
		randBytes(rng, inv.DescriptionHash[:])
	} else {
		b := make([]byte, rng.IntN(100))
		for i := range b {
			b[i] = byte(' ' + rng.IntN(95))
		}
		inv.Description = string(b)
	}
	if rng.IntN(2) == 0 {
		v := rng.Uint64N(1 << rng.IntN(64))
		inv.Expiry = &v
	}
	if rng.IntN(2) == 0 {
		v := rng.Uint64N(1 << rng.IntN(20))
		inv.MinFinalCLTVExpiryDelta = &v
	}
	for range rng.IntN(3) {
		inv.Fallbacks = append(inv.Fallbacks, randomFallback(rng))
	}
	for range rng.IntN(3) {
		route := make(RouteHint, 1+rng.IntN(4))
		for i := range route {
			randBytes(rng, route[i].NodeID[:])
			route[i].NodeID[0] = byte(2 + rng.IntN(2))
			route[i].ShortChannelID = wire.ShortChannelID(rng.Uint64())
			route[i].FeeBaseMsat = rng.Uint32()
			route[i].FeeProportionalMillionths = rng.Uint32()
			route[i].CLTVExpiryDelta = uint16(rng.Uint32())
		}
		inv.RouteHints = append(inv.RouteHints, route)
	}
	if rng.IntN(2) == 0 {
		for _, b := range []feature.Bit{feature.VarOnionOptin, feature.PaymentSecret, feature.BasicMPP + 1,
			feature.PaymentMetadata + 1, feature.RouteBlinding + 1, 101} {
			if rng.IntN(2) == 0 {
				inv.Features.Set(b)
			}
		}
	}
	if rng.IntN(3) == 0 {
		inv.PaymentMetadata = make([]byte, rng.IntN(40))
		randBytes(rng, inv.PaymentMetadata)
	}
	return inv
}

// randomFallback returns a valid fallback of a random kind.
func randomFallback(rng *rand.Rand) Fallback {
	var f Fallback
	switch rng.IntN(6) {
	case 0:
		f = Fallback{Version: VersionP2PKH, Program: make([]byte, 20)}
	case 1:
		f = Fallback{Version: VersionP2SH, Program: make([]byte, 20)}
	case 2:
		f = Fallback{Version: 0, Program: make([]byte, 20)}
	case 3:
		f = Fallback{Version: 0, Program: make([]byte, 32)}
	case 4:
		f = Fallback{Version: 1, Program: make([]byte, 32)}
	default:
		f = Fallback{Version: byte(1 + rng.IntN(16)), Program: make([]byte, 2+rng.IntN(39))}
	}
	randBytes(rng, f.Program)
	return f
}

func randBytes(rng *rand.Rand, b []byte) {
	for i := range b {
		b[i] = byte(rng.Uint32())
	}
}
