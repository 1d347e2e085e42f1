package layer5invoice

import (
	"crypto/sha256"
	"encoding/hex"
	"math/rand/v2"
	"sort"
	"testing"
	"time"

	"github.com/btcsuite/btcd/btcec/v2"
	"github.com/btcsuite/btcd/btcec/v2/ecdsa"
	"github.com/btcsuite/btcd/btcutil"
	"github.com/btcsuite/btcd/chaincfg"
	"github.com/lightningnetwork/lnd/lnwire"
	"github.com/lightningnetwork/lnd/zpay32"

	"github.com/lnstack/lnstack/layer2_messaging/feature"
	"github.com/lnstack/lnstack/layer2_messaging/wire"
	"github.com/lnstack/lnstack/layer5_payment/bolt11"
)

// exampleKey is the key the BOLT #11 examples are signed with.
const exampleKey = "e126f68f7eafcc8b74f54d269fe206be715000f94dac067d1c04a8ca3b2db734"

func testKey(t testing.TB) *btcec.PrivateKey {
	t.Helper()
	b, err := hex.DecodeString(exampleKey)
	if err != nil {
		t.Fatal(err)
	}
	k, _ := btcec.PrivKeyFromBytes(b)
	return k
}

// lndSigner is zpay32's signer for key, the way lnd's node signer signs
// invoices: a compact signature over the single SHA-256 of the data.
func lndSigner(key *btcec.PrivateKey) zpay32.MessageSigner {
	return zpay32.MessageSigner{SignCompact: func(msg []byte) ([]byte, error) {
		h := sha256.Sum256(msg)
		return ecdsa.SignCompact(key, h[:], true), nil
	}}
}

// networks pairs each lnstack network with lnd's chain parameters.
var networks = []struct {
	ours   bolt11.Network
	params *chaincfg.Params
}{
	{bolt11.Mainnet, &chaincfg.MainNetParams},
	{bolt11.Testnet, &chaincfg.TestNet3Params},
	{bolt11.Signet, &chaincfg.SigNetParams},
	{bolt11.Regtest, &chaincfg.RegressionNetParams},
	{bolt11.Simnet, &chaincfg.SimNetParams},
}

// pair is one random invoice: zpay32's value and lnstack's, with the same
// fields; both unsigned.
type pair struct {
	lnd  *zpay32.Invoice
	ours *bolt11.Invoice
}

// featureBits are the bits the random invoices draw from: the features
// BOLT #9 presents in invoices (one bit of a pair each) and an unknown odd
// bit.
var featureBits = [][]uint16{{8, 9}, {14, 15}, {16, 17}, {24, 25}, {48, 49}, {101}}

func randBytes(rng *rand.Rand, n int) []byte {
	b := make([]byte, n)
	for i := range b {
		b[i] = byte(rng.Uint32())
	}
	return b
}

// randKey returns a random valid public key.
func randKey(rng *rand.Rand) *btcec.PublicKey {
	_, pub := btcec.PrivKeyFromBytes(randBytes(rng, 32))
	return pub
}

// randomPair draws an invoice's fields and builds both values. key's
// public key goes into the n field a third of the time.
func randomPair(t testing.TB, rng *rand.Rand, key *btcec.PrivateKey) pair {
	t.Helper()
	net := networks[rng.IntN(len(networks))]
	ts := rng.Int64N(1 << 35)
	var hash, secret [32]byte
	copy(hash[:], randBytes(rng, 32))
	copy(secret[:], randBytes(rng, 32))
	ours := &bolt11.Invoice{Network: net.ours, Timestamp: uint64(ts), PaymentHash: hash, PaymentSecret: secret}
	opts := []func(*zpay32.Invoice){zpay32.PaymentAddr(secret)}

	if rng.IntN(2) == 0 {
		msat := 1 + rng.Uint64N(1<<rng.IntN(51))
		if rng.IntN(2) == 0 {
			msat = (1 + rng.Uint64N(10000)) * []uint64{1, 100, 100_000, 100_000_000}[rng.IntN(4)]
		}
		ours.AmountMsat = msat
		opts = append(opts, zpay32.Amount(lnwire.MilliSatoshi(msat)))
	}
	if rng.IntN(4) == 0 {
		var h [32]byte
		copy(h[:], randBytes(rng, 32))
		ours.DescriptionHash = &h
		opts = append(opts, zpay32.DescriptionHash(h))
	} else {
		runes := []rune("abc xyz 0123 ナンセンス 杯 ☕ \"'<>")
		d := make([]rune, rng.IntN(120))
		for i := range d {
			d[i] = runes[rng.IntN(len(runes))]
		}
		ours.Description = string(d)
		opts = append(opts, zpay32.Description(string(d)))
	}
	if rng.IntN(3) == 0 {
		m := randBytes(rng, 1+rng.IntN(40))
		ours.PaymentMetadata = m
		opts = append(opts, zpay32.Metadata(m))
	}
	if rng.IntN(2) == 0 {
		c := 1 + rng.Uint64N(5000)
		ours.MinFinalCLTVExpiryDelta = &c
		opts = append(opts, zpay32.CLTVExpiry(c))
	}
	if rng.IntN(2) == 0 {
		x := 1 + rng.Uint64N(1<<rng.IntN(30))
		ours.Expiry = &x
		opts = append(opts, zpay32.Expiry(time.Duration(x)*time.Second))
	}
	if rng.IntN(3) == 0 {
		a := randomAddress(t, rng, net.params)
		f, err := bolt11.FallbackFromAddress(a)
		if err != nil {
			t.Fatal(err)
		}
		ours.Fallbacks = []bolt11.Fallback{f}
		opts = append(opts, zpay32.FallbackAddr(a))
	}
	for range rng.IntN(3) {
		var lndHops []zpay32.HopHint
		var route bolt11.RouteHint
		for range 1 + rng.IntN(3) {
			h := zpay32.HopHint{
				NodeID:                    randKey(rng),
				ChannelID:                 rng.Uint64(),
				FeeBaseMSat:               rng.Uint32(),
				FeeProportionalMillionths: rng.Uint32(),
				CLTVExpiryDelta:           uint16(rng.Uint32()),
			}
			lndHops = append(lndHops, h)
			hop := bolt11.HopHint{
				ShortChannelID:            wire.ShortChannelID(h.ChannelID),
				FeeBaseMsat:               h.FeeBaseMSat,
				FeeProportionalMillionths: h.FeeProportionalMillionths,
				CLTVExpiryDelta:           h.CLTVExpiryDelta,
			}
			copy(hop.NodeID[:], h.NodeID.SerializeCompressed())
			route = append(route, hop)
		}
		ours.RouteHints = append(ours.RouteHints, route)
		opts = append(opts, zpay32.RouteHint(lndHops))
	}
	if rng.IntN(3) == 0 {
		ours.ExplicitPayee = true
		copy(ours.Payee[:], key.PubKey().SerializeCompressed())
		opts = append(opts, zpay32.Destination(key.PubKey()))
	}
	raw := lnwire.NewRawFeatureVector()
	for _, pairBits := range featureBits {
		if rng.IntN(2) == 0 {
			b := pairBits[rng.IntN(len(pairBits))]
			raw.Set(lnwire.FeatureBit(b))
			ours.Features.Set(feature.Bit(b))
		}
	}
	opts = append(opts, zpay32.Features(lnwire.NewFeatureVector(raw, lnwire.Features)))

	lnd, err := zpay32.NewInvoice(net.params, hash, time.Unix(ts, 0), opts...)
	if err != nil {
		t.Fatal(err)
	}
	return pair{lnd: lnd, ours: ours}
}

// randomAddress returns a random address of a kind zpay32 writes.
func randomAddress(t testing.TB, rng *rand.Rand, params *chaincfg.Params) btcutil.Address {
	t.Helper()
	var a btcutil.Address
	var err error
	switch rng.IntN(5) {
	case 0:
		a, err = btcutil.NewAddressPubKeyHash(randBytes(rng, 20), params)
	case 1:
		a, err = btcutil.NewAddressScriptHashFromHash(randBytes(rng, 20), params)
	case 2:
		a, err = btcutil.NewAddressWitnessPubKeyHash(randBytes(rng, 20), params)
	case 3:
		a, err = btcutil.NewAddressWitnessScriptHash(randBytes(rng, 32), params)
	default:
		a, err = btcutil.NewAddressTaproot(randBytes(rng, 32), params)
	}
	if err != nil {
		t.Fatal(err)
	}
	return a
}

// lndView is a zpay32 invoice in the JSON form of bolt11.Invoice (the
// keys of `lnstack decode invoice`, signature left out), so the two sides
// compare key by key.
func lndView(z *zpay32.Invoice) map[string]any {
	v := map[string]any{
		"timestamp":             z.Timestamp.Unix(),
		"payment_hash":          hex.EncodeToString(z.PaymentHash[:]),
		"expiry":                int64(z.Expiry() / time.Second),
		"min_final_cltv_expiry": z.MinFinalCLTVExpiry(),
	}
	for _, n := range networks {
		if n.params.Name == z.Net.Name {
			v["network"] = string(n.ours)
		}
	}
	if z.MilliSat != nil {
		v["amount_msat"] = uint64(*z.MilliSat)
	}
	z.PaymentAddr.WhenSome(func(s [32]byte) { v["payment_secret"] = hex.EncodeToString(s[:]) })
	if z.Description != nil {
		v["description"] = *z.Description
	}
	if z.DescriptionHash != nil {
		v["description_hash"] = hex.EncodeToString(z.DescriptionHash[:])
	}
	if z.Destination != nil {
		v["payee"] = hex.EncodeToString(z.Destination.SerializeCompressed())
	}
	var bits []uint16
	for b := 0; b < 5*z.Features.SerializeSize32(); b++ {
		if z.Features.RawFeatureVector.IsSet(lnwire.FeatureBit(b)) {
			bits = append(bits, uint16(b))
		}
	}
	sort.Slice(bits, func(i, j int) bool { return bits[i] < bits[j] })
	v["features"] = append([]uint16{}, bits...)
	routes := [][]map[string]any{}
	for _, r := range z.RouteHints {
		hops := []map[string]any{}
		for _, h := range r {
			hops = append(hops, map[string]any{
				"pubkey":                      hex.EncodeToString(h.NodeID.SerializeCompressed()),
				"short_channel_id":            wire.ShortChannelID(h.ChannelID).String(),
				"fee_base_msat":               h.FeeBaseMSat,
				"fee_proportional_millionths": h.FeeProportionalMillionths,
				"cltv_expiry_delta":           h.CLTVExpiryDelta,
			})
		}
		routes = append(routes, hops)
	}
	v["route_hints"] = routes
	fallbacks := []string{}
	if z.FallbackAddr != nil {
		fallbacks = append(fallbacks, z.FallbackAddr.EncodeAddress())
	}
	v["fallbacks"] = fallbacks
	if z.Metadata != nil {
		v["payment_metadata"] = hex.EncodeToString(z.Metadata)
	}
	return v
}

// testTime is the BOLT #11 examples' timestamp.
func testTime() time.Time { return time.Unix(1496314658, 0) }
