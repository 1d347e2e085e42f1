package commitment

import (
	"crypto/sha256"
	"encoding/binary"
	"encoding/json"
	"errors"
	"testing"

	"github.com/lnstack/lnstack/layer3_p2p/amount"
	"github.com/lnstack/lnstack/testvectors"
)

// fuzzHTLCBytes is how many fuzzer bytes describe one HTLC: 4 for the
// amount in msat, 3 for cltv_expiry, 1 for direction and payment hash.
const fuzzHTLCBytes = 8

// fuzzCommitment turns fuzzer input into a consistent commitment: the
// balances and HTLCs always add up to the capacity, since anything else is
// refused by Build before it builds (TestBuildErrors covers those).
func fuzzCommitment(t *testing.T, typ uint8, capacity uint32, localShare uint16, feerate uint32, dust uint16, delay uint16, opener bool, htlcBytes []byte) (*fixture, bool) {
	capSat := amount.Satoshi(capacity%(1<<26) + 1000)
	local := capSat.ToMilliSatoshi() / 65536 * amount.MilliSatoshi(localShare)
	remote := capSat.ToMilliSatoshi() - local
	var htlcs []HTLC
	var pre [][32]byte
	for len(htlcBytes) >= fuzzHTLCBytes && len(htlcs) < 12 {
		b := htlcBytes[:fuzzHTLCBytes]
		htlcBytes = htlcBytes[fuzzHTLCBytes:]
		h := HTLC{
			Offered:    b[7]&1 == 1,
			Amount:     amount.MilliSatoshi(binary.BigEndian.Uint32(b)),
			CLTVExpiry: uint32(b[4])<<16 | uint32(b[5])<<8 | uint32(b[6]),
		}
		// Payment hashes repeat on purpose (one of four), so equal outputs
		// and the CLTV tie-breaker come up.
		p := sha256.Sum256([]byte{b[7] >> 6})
		h.PaymentHash = sha256.Sum256(p[:])
		from := &remote
		if h.Offered {
			from = &local
		}
		if *from < h.Amount {
			continue
		}
		*from -= h.Amount
		htlcs = append(htlcs, h)
		pre = append(pre, p)
	}
	ct := ChannelType(typ%3 + 1) // 3 is not a type: Build must refuse it
	f := newFixture(t, StaticRemoteKey, capSat, capSat.ToMilliSatoshi(), nil, nil)
	f.c.Type = ct
	f.c.ToLocal, f.c.ToRemote, f.c.HTLCs, f.preimages = local, remote, htlcs, pre
	f.c.Feerate = amount.FeeratePerKw(feerate % 100_000)
	f.c.DustLimit = amount.Satoshi(dust)
	f.c.ToSelfDelay = delay
	f.c.LocalIsOpener = opener
	return f, ct.valid()
}

// FuzzBuild builds commitments from random balances, feerates, dust limits
// and HTLC sets. It never panics; it fails only with ErrNoOutputs (or
// ErrUnknownChannelType for a bad type); and whatever it builds satisfies
// the invariants, is signed by both nodes, and passes btcd's script engine
// with every HTLC transaction.
func FuzzBuild(f *testing.F) {
	f.Add(uint8(0), uint32(10_000_000), uint16(45875), uint32(15000), uint16(546), uint16(144), true, []byte{})
	f.Add(uint8(1), uint32(10_000_000), uint16(45875), uint32(644), uint16(546), uint16(144), true,
		[]byte{0, 0x0f, 0x42, 0x40, 0, 1, 0xf4, 0, 0, 0x1e, 0x84, 0x80, 0, 1, 0xf5, 1})
	seedFromVectors(f)
	f.Fuzz(func(t *testing.T, typ uint8, capacity uint32, localShare uint16, feerate uint32, dust, delay uint16, opener bool, htlcBytes []byte) {
		fx, valid := fuzzCommitment(t, typ, capacity, localShare, feerate, dust, delay, opener, htlcBytes)
		tx, err := Build(fx.c)
		switch {
		case !valid:
			if !errors.Is(err, ErrUnknownChannelType) {
				t.Fatalf("unknown type: %v", err)
			}
			return
		case errors.Is(err, ErrNoOutputs):
			return
		case err != nil:
			t.Fatalf("build: %v", err)
		}
		checkInvariants(t, fx.c, tx)
		signAndRun(t, fx, false)
	})
}

// seedFromVectors adds each Appendix C and F commitment's parameters.
func seedFromVectors(f *testing.F) {
	for i, p := range []string{"bolt03/commitment-static-remotekey.json", "bolt03/commitment-anchors.json"} {
		file, err := testvectors.Load(p)
		if err != nil {
			f.Fatal(err)
		}
		for _, v := range file.Vectors {
			var in struct {
				FundingSatoshis uint32 `json:"funding_satoshis"`
				ToLocalMsat     uint64 `json:"to_local_msat"`
				FeeratePerKw    uint32 `json:"feerate_per_kw"`
				Dust            uint16 `json:"dust_limit_satoshis"`
				Delay           uint16 `json:"to_self_delay"`
				HTLCs           []struct {
					Offered    bool   `json:"offered"`
					AmountMsat uint32 `json:"amount_msat"`
					CLTVExpiry uint32 `json:"cltv_expiry"`
					ID         uint8  `json:"id"`
				} `json:"htlcs"`
			}
			if err := json.Unmarshal(v.Raw, &in); err != nil {
				f.Fatal(err)
			}
			var hb []byte
			for _, h := range in.HTLCs {
				b := binary.BigEndian.AppendUint32(nil, h.AmountMsat)
				b = append(b, byte(h.CLTVExpiry>>16), byte(h.CLTVExpiry>>8), byte(h.CLTVExpiry), h.ID<<6)
				if h.Offered {
					b[7] |= 1
				}
				hb = append(hb, b...)
			}
			share := uint16(in.ToLocalMsat * 65536 / (uint64(in.FundingSatoshis) * 1000))
			f.Add(uint8(i), in.FundingSatoshis, share, in.FeeratePerKw, in.Dust, in.Delay, true, hb)
		}
	}
}
