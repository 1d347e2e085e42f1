package layer4onion

import (
	"bytes"
	"crypto/sha256"
	"fmt"
	"math/rand/v2"
	"testing"

	lnsphinx "github.com/lightningnetwork/lightning-onion"
	"github.com/lightningnetwork/lnd/lnwire"

	"github.com/lnstack/lnstack/layer4_routing/failure"
	"github.com/lnstack/lnstack/layer4_routing/sphinx"
)

// failurePair is one failure message as lnwire holds it and as lnstack
// does, built from the same values.
type failurePair struct {
	lnd  lnwire.FailureMessage
	ours failure.Message
}

// channelUpdate returns a channel_update as lnwire encodes it inside a
// failure (with its message type in front), and the struct.
func channelUpdate(t testing.TB, rng *rand.Rand) (*lnwire.ChannelUpdate1, []byte) {
	t.Helper()
	u := &lnwire.ChannelUpdate1{
		ShortChannelID:  lnwire.NewShortChanIDFromInt(rng.Uint64() >> 1),
		Timestamp:       rng.Uint32(),
		MessageFlags:    lnwire.ChanUpdateRequiredMaxHtlc,
		ChannelFlags:    lnwire.ChanUpdateChanFlags(rng.IntN(2)),
		TimeLockDelta:   uint16(rng.Uint32()),
		HtlcMinimumMsat: lnwire.MilliSatoshi(rng.Uint32()),
		BaseFee:         rng.Uint32(),
		FeeRate:         rng.Uint32(),
		HtlcMaximumMsat: lnwire.MilliSatoshi(rng.Uint64() >> 20),
		ExtraOpaqueData: make(lnwire.ExtraOpaqueData, 0),
	}
	fill(rng, u.ChainHash[:])
	var b bytes.Buffer
	if _, err := lnwire.WriteMessage(&b, u, 0); err != nil {
		t.Fatal(err)
	}
	return u, b.Bytes()
}

// failurePairs returns the 22 failure messages of BOLT #4 with random
// values, in lnd's and lnstack's form.
func failurePairs(t testing.TB, rng *rand.Rand) []failurePair {
	t.Helper()
	u, ub := channelUpdate(t, rng)
	onion := make([]byte, sphinx.PacketSize)
	fill(rng, onion)
	sha := sha256.Sum256(onion)
	amt, height, cltv := rng.Uint64()>>8, rng.Uint32(), rng.Uint32()
	flags := uint16(rng.Uint32())
	typ, off := rng.Uint64()>>rng.IntN(64), uint16(rng.Uint32())
	return []failurePair{
		{&lnwire.FailTemporaryNodeFailure{}, &failure.TemporaryNodeFailure{}},
		{&lnwire.FailPermanentNodeFailure{}, &failure.PermanentNodeFailure{}},
		{&lnwire.FailRequiredNodeFeatureMissing{}, &failure.RequiredNodeFeatureMissing{}},
		{lnwire.NewInvalidOnionVersion(onion), &failure.InvalidOnionVersion{SHA256OfOnion: sha}},
		{lnwire.NewInvalidOnionHmac(onion), &failure.InvalidOnionHMAC{SHA256OfOnion: sha}},
		{lnwire.NewInvalidOnionKey(onion), &failure.InvalidOnionKey{SHA256OfOnion: sha}},
		{lnwire.NewTemporaryChannelFailure(u), &failure.TemporaryChannelFailure{ChannelUpdate: ub}},
		{lnwire.NewTemporaryChannelFailure(nil), &failure.TemporaryChannelFailure{}},
		{&lnwire.FailPermanentChannelFailure{}, &failure.PermanentChannelFailure{}},
		{&lnwire.FailRequiredChannelFeatureMissing{}, &failure.RequiredChannelFeatureMissing{}},
		{&lnwire.FailUnknownNextPeer{}, &failure.UnknownNextPeer{}},
		{lnwire.NewAmountBelowMinimum(lnwire.MilliSatoshi(amt), *u), &failure.AmountBelowMinimum{HTLCMsat: amt, ChannelUpdate: ub}},
		{lnwire.NewFeeInsufficient(lnwire.MilliSatoshi(amt), *u), &failure.FeeInsufficient{HTLCMsat: amt, ChannelUpdate: ub}},
		{lnwire.NewIncorrectCltvExpiry(cltv, *u), &failure.IncorrectCLTVExpiry{CLTVExpiry: cltv, ChannelUpdate: ub}},
		{lnwire.NewExpiryTooSoon(*u), &failure.ExpiryTooSoon{ChannelUpdate: ub}},
		{lnwire.NewFailIncorrectDetails(lnwire.MilliSatoshi(amt), height), &failure.IncorrectOrUnknownPaymentDetails{HTLCMsat: amt, Height: height}},
		{lnwire.NewFinalIncorrectCltvExpiry(cltv), &failure.FinalIncorrectCLTVExpiry{CLTVExpiry: cltv}},
		{lnwire.NewFinalIncorrectHtlcAmount(lnwire.MilliSatoshi(amt)), &failure.FinalIncorrectHTLCAmount{IncomingHTLCAmt: amt}},
		{lnwire.NewChannelDisabled(flags, *u), &failure.ChannelDisabled{DisabledFlags: flags, ChannelUpdate: ub}},
		{&lnwire.FailExpiryTooFar{}, &failure.ExpiryTooFar{}},
		{lnwire.NewInvalidOnionPayload(typ, off), &failure.InvalidOnionPayload{Type: typ, Offset: off}},
		{&lnwire.FailMPPTimeout{}, &failure.MPPTimeout{}},
		{&lnwire.FailInvalidBlinding{OnionSHA256: sha}, &failure.InvalidOnionBlinding{SHA256OfOnion: sha}},
	}
}

func lnwireFailure(t testing.TB, f lnwire.FailureMessage) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := lnwire.EncodeFailureMessage(&b, f, 0); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// TestFailureMessagesByteEqual encodes every failure message with both
// and requires the same bytes, then decodes each side's bytes with the
// other and re-encodes.
func TestFailureMessagesByteEqual(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	seen := map[failure.Code]bool{}
	for range 10 {
		for _, p := range failurePairs(t, rng) {
			theirs := lnwireFailure(t, p.lnd)
			ours, err := failure.Encode(nil, p.ours)
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(ours, theirs) {
				t.Fatalf("%v: lnstack %x\n lnwire %x", p.ours.Code(), ours, theirs)
			}
			back, err := failure.Decode(theirs)
			if err != nil {
				t.Fatalf("%v: lnstack refuses lnwire's bytes: %v", p.ours.Code(), err)
			}
			if again, err := failure.Encode(nil, back); err != nil || !bytes.Equal(again, theirs) {
				t.Fatalf("%v: lnstack re-encodes %x", p.ours.Code(), again)
			}
			lm, err := lnwire.DecodeFailureMessage(bytes.NewReader(ours), 0)
			if err != nil {
				t.Fatalf("%v: lnwire refuses lnstack's bytes: %v", p.ours.Code(), err)
			}
			if uint16(lm.Code()) != uint16(p.ours.Code()) || !bytes.Equal(lnwireFailure(t, lm), ours) {
				t.Fatalf("%v: lnwire re-encodes differently", p.ours.Code())
			}
			seen[p.ours.Code()] = true
		}
	}
	if len(seen) != len(failure.Table()) {
		t.Fatalf("%d of %d failure messages compared", len(seen), len(failure.Table()))
	}
}

// theirBody is the return packet body lnd builds: failure_len, the
// message, pad_len and the pad to 256.
func theirBody(t testing.TB, f lnwire.FailureMessage) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := lnwire.EncodeFailure(&b, f, 0); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// hopPackets peels an lnstack onion along the route with lnstack and
// returns each hop's incoming packet, which an error encrypter is keyed by.
func hopPackets(t testing.TB, r route, raw []byte) [][]byte {
	t.Helper()
	var out [][]byte
	for _, n := range r.nodes {
		out = append(out, raw)
		pkt, err := sphinx.DecodePaymentPacket(raw)
		if err != nil {
			t.Fatal(err)
		}
		p, err := n.ours.Peel(&pkt, r.assoc)
		if err != nil {
			t.Fatal(err)
		}
		if !p.Final {
			raw = p.Next.Bytes()
		}
	}
	return out
}

// TestTheirErrorsAttributedByOurs has lightning-onion's hop k create an
// error and the hops before it relay it; lnstack's origin finds hop k and
// the message. Routes of 1 to 20 hops, every k.
func TestTheirErrorsAttributedByOurs(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 8))
	pairs := failurePairs(t, rng)
	for n := 1; n <= 20; n++ {
		r := randomRoute(t, rng, n)
		pkt, secrets, err := sphinx.BuildPayment(sessionKey(fmt.Sprint(n)), r.ourHops(), r.assoc)
		if err != nil {
			t.Fatal(err)
		}
		packets := hopPackets(t, r, pkt.Bytes())
		for k := range n {
			pair := pairs[(n+k)%len(pairs)]
			var data []byte
			for i := k; i >= 0; i-- {
				enc, err := lnsphinx.NewOnionErrorEncrypter(r.nodes[i].router, theirPacket(t, packets[i]).EphemeralKey)
				if err != nil {
					t.Fatal(err)
				}
				if i == k {
					data = enc.EncryptError(true, theirBody(t, pair.lnd))
				} else {
					data = enc.EncryptError(false, data)
				}
			}
			res, err := failure.Decrypt(secrets, data, nil)
			if err != nil {
				t.Fatalf("%d hops, error at %d: %v", n, k, err)
			}
			m, err := res.Failure()
			if err != nil || res.Index != k || m.Code() != pair.ours.Code() {
				t.Fatalf("%d hops, error at %d: found hop %d, %v (%v)", n, k, res.Index, m, err)
			}
			want, _ := failure.Encode(nil, pair.ours)
			if !bytes.Equal(res.Message, want) {
				t.Fatalf("%d hops, error at %d: message %x", n, k, res.Message)
			}
		}
	}
}

// TestOurErrorsAttributedByTheirs is the reverse: lnstack's hop k creates
// the error, lnstack's hops relay it, lightning-onion's
// OnionErrorDecrypter finds the hop and lnwire decodes the message.
func TestOurErrorsAttributedByTheirs(t *testing.T) {
	rng := rand.New(rand.NewPCG(9, 10))
	pairs := failurePairs(t, rng)
	for n := 1; n <= 20; n++ {
		r := randomRoute(t, rng, n)
		session := sessionKey(fmt.Sprint(n))
		pkt, _, err := sphinx.BuildPayment(session, r.ourHops(), r.assoc)
		if err != nil {
			t.Fatal(err)
		}
		// Each hop's secret as it knows it: from its own peel.
		var secrets []sphinx.Secret
		for i, raw := range hopPackets(t, r, pkt.Bytes()) {
			p, err := sphinx.DecodePaymentPacket(raw)
			if err != nil {
				t.Fatal(err)
			}
			pe, err := r.nodes[i].ours.Peel(&p, r.assoc)
			if err != nil {
				t.Fatal(err)
			}
			secrets = append(secrets, pe.Secret)
		}
		dec := lnsphinx.NewOnionErrorDecrypter(&lnsphinx.Circuit{SessionKey: session, PaymentPath: r.pubKeys()})
		for k := range n {
			pair := pairs[(n+k)%len(pairs)]
			msg, err := failure.Encode(nil, pair.ours)
			if err != nil {
				t.Fatal(err)
			}
			reason, err := failure.Create(&secrets[k], msg, 0, nil, 0)
			if err != nil {
				t.Fatal(err)
			}
			for i := k - 1; i >= 0; i-- {
				failure.Relay(&secrets[i], reason, nil, 0)
			}
			de, err := dec.DecryptError(reason)
			if err != nil {
				t.Fatalf("%d hops, error at %d: lightning-onion: %v", n, k, err)
			}
			if de.SenderIdx != k+1 || !de.Sender.IsEqual(r.nodes[k].priv.PubKey()) {
				t.Fatalf("%d hops, error at %d: lightning-onion blames hop %d", n, k, de.SenderIdx-1)
			}
			lm, err := lnwire.DecodeFailure(bytes.NewReader(de.Message), 0)
			if err != nil {
				t.Fatalf("%d hops, error at %d: lnwire: %v", n, k, err)
			}
			if uint16(lm.Code()) != uint16(pair.ours.Code()) {
				t.Fatalf("%d hops, error at %d: lnwire reads %v", n, k, lm.Code())
			}
		}
	}
}

// TestMalformedCodesAgree checks that the BADONION failures lnstack
// reports for a bad onion carry lnwire's codes.
func TestMalformedCodesAgree(t *testing.T) {
	for _, c := range []struct {
		ours   failure.Code
		theirs lnwire.FailCode
	}{
		{failure.CodeInvalidOnionVersion, lnwire.CodeInvalidOnionVersion},
		{failure.CodeInvalidOnionHMAC, lnwire.CodeInvalidOnionHmac},
		{failure.CodeInvalidOnionKey, lnwire.CodeInvalidOnionKey},
		{failure.CodeInvalidOnionBlinding, lnwire.CodeInvalidBlinding},
	} {
		if uint16(c.ours) != uint16(c.theirs) {
			t.Errorf("%v: lnstack %#x, lnwire %#x", c.ours, uint16(c.ours), uint16(c.theirs))
		}
	}
}

func fill(rng *rand.Rand, b []byte) {
	for i := range b {
		b[i] = byte(rng.Uint32())
	}
}
