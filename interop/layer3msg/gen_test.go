package layer3msg

import (
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"math/rand/v2"
	"sort"

	"github.com/btcsuite/btcd/btcec/v2"
	"github.com/btcsuite/btcd/btcutil"
	btcwire "github.com/btcsuite/btcd/wire"
	"github.com/lightningnetwork/lnd/lnwire"
	"github.com/lightningnetwork/lnd/tlv"

	messaging "github.com/lnstack/lnstack/layer2_messaging"
	"github.com/lnstack/lnstack/layer2_messaging/feature"
	"github.com/lnstack/lnstack/layer2_messaging/wire"
	cm "github.com/lnstack/lnstack/layer3_p2p/channelmsg"
)

// pair is one random lnwire message and the lnstack value the field mapping
// says it is.
type pair struct {
	lnd  lnwire.Message
	ours messaging.Message
}

// gen draws random field values. Keys come from a fixed pool, derived from
// labels, so that a failure replays with the same seed.
type gen struct {
	r    *rand.Rand
	keys []*btcec.PublicKey
}

func newGen(seed uint64) *gen {
	g := &gen{r: rand.New(rand.NewPCG(seed, 0x6c6e64))}
	for i := 0; i < 16; i++ {
		sum := sha256.Sum256([]byte{'k', byte(i)})
		priv, _ := btcec.PrivKeyFromBytes(sum[:])
		g.keys = append(g.keys, priv.PubKey())
	}
	return g
}

func (g *gen) bytes(n int) []byte {
	b := make([]byte, n)
	for i := range b {
		b[i] = byte(g.r.Uint32())
	}
	return b
}

func (g *gen) b32() (b [32]byte) { copy(b[:], g.bytes(32)); return b }
func (g *gen) u64() uint64       { return g.r.Uint64() >> (g.r.IntN(4) * 16) }
func (g *gen) u32() uint32       { return uint32(g.u64()) }
func (g *gen) u16() uint16       { return uint16(g.u64()) }
func (g *gen) coin() bool        { return g.r.IntN(2) == 0 }

// amt is a btcutil.Amount, which is signed: lnwire writes it as a u64.
func (g *gen) amt() btcutil.Amount { return btcutil.Amount(g.u64() >> 1) }

func (g *gen) key() *btcec.PublicKey { return g.keys[g.r.IntN(len(g.keys))] }

func (g *gen) sig() (lnwire.Sig, wire.Signature) {
	b := g.bytes(64)
	s, err := lnwire.NewSigFromWireECDSA(b)
	if err != nil {
		panic(err)
	}
	return s, wire.Signature(b)
}

// script is a delivery address: lnwire reads at most 34 bytes.
func (g *gen) script() []byte {
	n := g.r.IntN(35)
	if n == 0 {
		return nil
	}
	return g.bytes(n)
}

func point(k *btcec.PublicKey) wire.Point { return wire.PointFromPubKey(k) }

// records returns up to max unknown odd records with types in [lo, hi),
// none of the types in skip, in increasing order.
func (g *gen) records(max int, lo, hi uint64, skip ...uint64) wire.Records {
	seen := map[uint64]bool{}
	for _, s := range skip {
		seen[s] = true
	}
	var rs wire.Records
	for i, n := 0, g.r.IntN(max+1); i < n; i++ {
		typ := (lo + g.r.Uint64N(hi-lo)) | 1
		if typ >= hi || seen[typ] {
			continue
		}
		seen[typ] = true
		var v []byte
		if l := g.r.IntN(40); l > 0 {
			v = g.bytes(l)
		}
		rs = append(rs, wire.Record{Type: typ, Value: v})
	}
	sort.Slice(rs, func(i, j int) bool { return rs[i].Type < rs[j].Type })
	return rs
}

// extra encodes records as lnwire's ExtraOpaqueData.
func extra(rs wire.Records) lnwire.ExtraOpaqueData {
	b, err := rs.Append(nil)
	if err != nil {
		panic(err)
	}
	if len(b) == 0 {
		return nil
	}
	return b
}

// custom returns lnwire's custom records (types from 65536) and the same
// records as lnstack keeps them.
func (g *gen) custom() (lnwire.CustomRecords, wire.Records) {
	rs := g.records(2, lnwire.MinCustomRecordsTlvType, 1<<32)
	if len(rs) == 0 {
		return nil, nil
	}
	c := lnwire.CustomRecords{}
	for _, r := range rs {
		c[r.Type] = r.Value
	}
	return c, rs
}

// merge returns the records of a and b in type order.
func merge(a, b wire.Records) wire.Records {
	out := append(append(wire.Records(nil), a...), b...)
	sort.Slice(out, func(i, j int) bool { return out[i].Type < out[j].Type })
	if len(out) == 0 {
		return nil
	}
	return out
}

// channelType returns a random channel_type: a defined type, or any even
// bits (the codecs carry the bitmap, whatever it says).
func (g *gen) channelType() (*lnwire.ChannelType, feature.Vector) {
	var bits []lnwire.FeatureBit
	if g.coin() {
		t := cm.StaticRemoteKey
		for _, f := range []cm.ChannelType{cm.Anchors, cm.SCIDAlias, cm.ZeroConf} {
			if g.coin() {
				t |= f
			}
		}
		for _, b := range t.Bits() {
			bits = append(bits, lnwire.FeatureBit(b))
		}
	} else {
		for i, n := 0, g.r.IntN(4); i < n; i++ {
			bits = append(bits, lnwire.FeatureBit(g.r.IntN(120)))
		}
	}
	fv := lnwire.NewRawFeatureVector(bits...)
	ct := lnwire.ChannelType(*fv)
	var ours feature.Vector
	for _, b := range bits {
		ours.Set(feature.Bit(b))
	}
	return &ct, ours
}

// attribution returns a random attribution_data record, as lnwire carries
// it (an opaque record of its extra data) and as lnstack decodes it.
func (g *gen) attribution() (wire.Record, cm.AttributionData) {
	var a cm.AttributionData
	var v []byte
	for i := range a.HTLCHoldTimes {
		a.HTLCHoldTimes[i] = g.u32()
		v = binary.BigEndian.AppendUint32(v, a.HTLCHoldTimes[i])
	}
	for i := range a.TruncatedHMACs {
		copy(a.TruncatedHMACs[i][:], g.bytes(4))
		v = append(v, a.TruncatedHMACs[i][:]...)
	}
	return wire.Record{Type: 1, Value: v}, a
}

// keys returns lnwire's six keys and lnstack's ChannelKeys.
func (g *gen) keysSix() ([6]*btcec.PublicKey, cm.ChannelKeys) {
	var k [6]*btcec.PublicKey
	for i := range k {
		k[i] = g.key()
	}
	return k, cm.ChannelKeys{
		FundingPubkey: point(k[0]), RevocationBasepoint: point(k[1]), PaymentBasepoint: point(k[2]),
		DelayedPaymentBasepoint: point(k[3]), HTLCBasepoint: point(k[4]), FirstPerCommitmentPoint: point(k[5]),
	}
}

// generators are the BOLT #2 messages lnwire implements, by BOLT name.
var generators = map[string]func(*gen) pair{
	"stfu": func(g *gen) pair {
		id := g.b32()
		init := g.coin()
		rs := g.records(3, 0, 1000)
		o := &cm.Stfu{ChannelID: id, Extension: rs}
		if init {
			o.Initiator = 1
		}
		return pair{&lnwire.Stfu{ChanID: id, Initiator: init, ExtraData: extra(rs)}, o}
	},
	"open_channel": func(g *gen) pair {
		k, keys := g.keysSix()
		l := &lnwire.OpenChannel{
			ChainHash: g.b32(), PendingChannelID: g.b32(), FundingAmount: g.amt(),
			PushAmount: lnwire.MilliSatoshi(g.u64()), DustLimit: g.amt(),
			MaxValueInFlight: lnwire.MilliSatoshi(g.u64()), ChannelReserve: g.amt(),
			HtlcMinimum: lnwire.MilliSatoshi(g.u64()), FeePerKiloWeight: g.u32(), CsvDelay: g.u16(),
			MaxAcceptedHTLCs: g.u16(), FundingKey: k[0], RevocationPoint: k[1], PaymentPoint: k[2],
			DelayedPaymentPoint: k[3], HtlcPoint: k[4], FirstCommitmentPoint: k[5],
			ChannelFlags: lnwire.FundingFlag(g.r.Uint32()), UpfrontShutdownScript: g.script(),
		}
		o := &cm.OpenChannel{
			ChainHash: wire.ChainHash(l.ChainHash), TemporaryChannelID: l.PendingChannelID,
			FundingSatoshis: uint64(l.FundingAmount), PushMsat: uint64(l.PushAmount),
			DustLimitSatoshis: uint64(l.DustLimit), MaxHTLCValueInFlightMsat: uint64(l.MaxValueInFlight),
			ChannelReserveSatoshis: uint64(l.ChannelReserve), HTLCMinimumMsat: uint64(l.HtlcMinimum),
			FeeratePerKw: l.FeePerKiloWeight, ToSelfDelay: l.CsvDelay, MaxAcceptedHTLCs: l.MaxAcceptedHTLCs,
			Keys: keys, ChannelFlags: byte(l.ChannelFlags),
		}
		// lnwire always writes upfront_shutdown_script, empty or not.
		o.TLVs.HasUpfrontShutdownScript, o.TLVs.UpfrontShutdownScript = true, l.UpfrontShutdownScript
		if g.coin() {
			l.ChannelType, o.TLVs.ChannelType = g.channelType()
			o.TLVs.HasChannelType = true
		}
		return pair{l, o}
	},
	"accept_channel": func(g *gen) pair {
		k, keys := g.keysSix()
		l := &lnwire.AcceptChannel{
			PendingChannelID: g.b32(), DustLimit: g.amt(), MaxValueInFlight: lnwire.MilliSatoshi(g.u64()),
			ChannelReserve: g.amt(), HtlcMinimum: lnwire.MilliSatoshi(g.u64()), MinAcceptDepth: g.u32(),
			CsvDelay: g.u16(), MaxAcceptedHTLCs: g.u16(), FundingKey: k[0], RevocationPoint: k[1],
			PaymentPoint: k[2], DelayedPaymentPoint: k[3], HtlcPoint: k[4], FirstCommitmentPoint: k[5],
			UpfrontShutdownScript: g.script(),
		}
		o := &cm.AcceptChannel{
			TemporaryChannelID: l.PendingChannelID, DustLimitSatoshis: uint64(l.DustLimit),
			MaxHTLCValueInFlightMsat: uint64(l.MaxValueInFlight), ChannelReserveSatoshis: uint64(l.ChannelReserve),
			HTLCMinimumMsat: uint64(l.HtlcMinimum), MinimumDepth: l.MinAcceptDepth, ToSelfDelay: l.CsvDelay,
			MaxAcceptedHTLCs: l.MaxAcceptedHTLCs, Keys: keys,
		}
		o.TLVs.HasUpfrontShutdownScript, o.TLVs.UpfrontShutdownScript = true, l.UpfrontShutdownScript
		if g.coin() {
			l.ChannelType, o.TLVs.ChannelType = g.channelType()
			o.TLVs.HasChannelType = true
		}
		return pair{l, o}
	},
	"funding_created": func(g *gen) pair {
		s, sig := g.sig()
		l := &lnwire.FundingCreated{
			PendingChannelID: g.b32(),
			// lnwire writes the output index as the u16 of BOLT #2.
			FundingPoint: btcwire.OutPoint{Hash: g.b32(), Index: uint32(g.u16())},
			CommitSig:    s,
		}
		return pair{l, &cm.FundingCreated{
			TemporaryChannelID: l.PendingChannelID, FundingTxid: wire.SHA256(l.FundingPoint.Hash),
			FundingOutputIndex: uint16(l.FundingPoint.Index), Signature: sig,
		}}
	},
	"funding_signed": func(g *gen) pair {
		s, sig := g.sig()
		id := g.b32()
		return pair{&lnwire.FundingSigned{ChanID: id, CommitSig: s}, &cm.FundingSigned{ChannelID: id, Signature: sig}}
	},
	"channel_ready": func(g *gen) pair {
		k := g.key()
		l := &lnwire.ChannelReady{ChanID: g.b32(), NextPerCommitmentPoint: k}
		o := &cm.ChannelReady{ChannelID: wire.ChannelID(l.ChanID), SecondPerCommitmentPoint: point(k)}
		if g.coin() {
			scid := lnwire.NewShortChanIDFromInt(g.u64())
			l.AliasScid = &scid
			o.TLVs.HasAlias, o.TLVs.Alias = true, wire.ShortChannelID(scid.ToUint64())
		}
		return pair{l, o}
	},
	"shutdown": func(g *gen) pair {
		rs := g.records(2, 1, lnwire.MinCustomRecordsTlvType)
		c, crs := g.custom()
		l := &lnwire.Shutdown{ChannelID: g.b32(), Address: g.script(), CustomRecords: c, ExtraData: extra(rs)}
		return pair{l, &cm.Shutdown{ChannelID: wire.ChannelID(l.ChannelID), ScriptPubkey: l.Address, Extension: merge(rs, crs)}}
	},
	"closing_signed": func(g *gen) pair {
		s, sig := g.sig()
		l := &lnwire.ClosingSigned{ChannelID: g.b32(), FeeSatoshis: g.amt(), Signature: s}
		return pair{l, &cm.ClosingSigned{ChannelID: wire.ChannelID(l.ChannelID), FeeSatoshis: uint64(l.FeeSatoshis), Signature: sig}}
	},
	"closing_complete": func(g *gen) pair {
		l := &lnwire.ClosingComplete{ChannelID: g.b32(), CloserScript: g.script(), CloseeScript: g.script(), FeeSatoshis: g.amt(), LockTime: g.u32()}
		o := &cm.ClosingComplete{ChannelID: wire.ChannelID(l.ChannelID), CloserScriptPubkey: l.CloserScript, CloseeScriptPubkey: l.CloseeScript, FeeSatoshis: uint64(l.FeeSatoshis), Locktime: l.LockTime}
		g.closingSigs(&l.ClosingSigs, &o.TLVs)
		return pair{l, o}
	},
	"closing_sig": func(g *gen) pair {
		l := &lnwire.ClosingSig{ChannelID: g.b32(), CloserScript: g.script(), CloseeScript: g.script(), FeeSatoshis: g.amt(), LockTime: g.u32()}
		o := &cm.ClosingSig{ChannelID: wire.ChannelID(l.ChannelID), CloserScriptPubkey: l.CloserScript, CloseeScriptPubkey: l.CloseeScript, FeeSatoshis: uint64(l.FeeSatoshis), Locktime: l.LockTime}
		g.closingSigs(&l.ClosingSigs, &o.TLVs)
		return pair{l, o}
	},
	"update_add_htlc": func(g *gen) pair {
		l := &lnwire.UpdateAddHTLC{ChanID: g.b32(), ID: g.u64(), Amount: lnwire.MilliSatoshi(g.u64()), PaymentHash: g.b32(), Expiry: g.u32()}
		copy(l.OnionBlob[:], g.bytes(lnwire.OnionPacketSize))
		o := &cm.UpdateAddHTLC{ChannelID: wire.ChannelID(l.ChanID), ID: l.ID, AmountMsat: uint64(l.Amount), PaymentHash: l.PaymentHash, CLTVExpiry: l.Expiry, OnionRoutingPacket: l.OnionBlob}
		if g.coin() {
			k := g.key()
			l.BlindingPoint = tlv.SomeRecordT(tlv.NewPrimitiveRecord[lnwire.BlindingPointTlvType](k))
			o.TLVs.HasBlindedPath, o.TLVs.PathKey = true, point(k)
		}
		rs := g.records(2, 1, lnwire.MinCustomRecordsTlvType)
		l.ExtraData = extra(rs)
		var crs wire.Records
		l.CustomRecords, crs = g.custom()
		o.TLVs.Unknown = merge(rs, crs)
		return pair{l, o}
	},
	"update_fulfill_htlc": func(g *gen) pair {
		l := &lnwire.UpdateFulfillHTLC{ChanID: g.b32(), ID: g.u64(), PaymentPreimage: g.b32()}
		o := &cm.UpdateFulfillHTLC{ChannelID: wire.ChannelID(l.ChanID), ID: l.ID, PaymentPreimage: l.PaymentPreimage}
		rs := g.attributionRecords(&o.TLVs)
		l.ExtraData = extra(rs)
		var crs wire.Records
		l.CustomRecords, crs = g.custom()
		o.TLVs.Unknown = merge(o.TLVs.Unknown, crs)
		return pair{l, o}
	},
	"update_fail_htlc": func(g *gen) pair {
		l := &lnwire.UpdateFailHTLC{ChanID: g.b32(), ID: g.u64()}
		if n := g.r.IntN(300); n > 0 {
			l.Reason = g.bytes(n)
		}
		o := &cm.UpdateFailHTLC{ChannelID: wire.ChannelID(l.ChanID), ID: l.ID, Reason: l.Reason}
		// lnwire keeps the whole stream as opaque extra data.
		l.ExtraData = extra(g.attributionRecords(&o.TLVs))
		return pair{l, o}
	},
	"update_fail_malformed_htlc": func(g *gen) pair {
		rs := g.records(2, 0, 1<<20)
		l := &lnwire.UpdateFailMalformedHTLC{ChanID: g.b32(), ID: g.u64(), ShaOnionBlob: g.b32(), FailureCode: lnwire.FailCode(g.u16()), ExtraData: extra(rs)}
		return pair{l, &cm.UpdateFailMalformedHTLC{ChannelID: wire.ChannelID(l.ChanID), ID: l.ID, SHA256OfOnion: l.ShaOnionBlob, FailureCode: uint16(l.FailureCode), Extension: rs}}
	},
	"commitment_signed": func(g *gen) pair {
		s, sig := g.sig()
		l := &lnwire.CommitSig{ChanID: g.b32(), CommitSig: s}
		o := &cm.CommitmentSigned{ChannelID: wire.ChannelID(l.ChanID), Signature: sig}
		for i, n := 0, g.r.IntN(31); i < n; i++ {
			hs, hsig := g.sig()
			l.HtlcSigs = append(l.HtlcSigs, hs)
			o.HTLCSignatures = append(o.HTLCSignatures, hsig)
		}
		// funding_txid (type 1) is opaque extra data to lnwire.
		var rs wire.Records
		if g.coin() {
			txid := g.b32()
			rs = append(rs, wire.Record{Type: 1, Value: txid[:]})
			o.TLVs.HasFundingTxid, o.TLVs.FundingTxid = true, txid
		}
		others := g.records(2, 3, lnwire.MinCustomRecordsTlvType)
		l.ExtraData = extra(merge(rs, others))
		var crs wire.Records
		l.CustomRecords, crs = g.custom()
		o.TLVs.Unknown = merge(others, crs)
		return pair{l, o}
	},
	"revoke_and_ack": func(g *gen) pair {
		k := g.key()
		l := &lnwire.RevokeAndAck{ChanID: g.b32(), Revocation: g.b32(), NextRevocationKey: k}
		return pair{l, &cm.RevokeAndAck{ChannelID: wire.ChannelID(l.ChanID), PerCommitmentSecret: l.Revocation, NextPerCommitmentPoint: point(k)}}
	},
	"update_fee": func(g *gen) pair {
		rs := g.records(2, 0, 1<<20)
		l := &lnwire.UpdateFee{ChanID: g.b32(), FeePerKw: g.u32(), ExtraData: extra(rs)}
		return pair{l, &cm.UpdateFee{ChannelID: wire.ChannelID(l.ChanID), FeeratePerKw: l.FeePerKw, Extension: rs}}
	},
	"channel_reestablish": func(g *gen) pair {
		k := g.key()
		l := &lnwire.ChannelReestablish{
			ChanID: g.b32(), NextLocalCommitHeight: g.u64(), RemoteCommitTailHeight: g.u64(),
			LastRemoteCommitSecret: g.b32(), LocalUnrevokedCommitPoint: k,
		}
		return pair{l, &cm.ChannelReestablish{
			ChannelID: wire.ChannelID(l.ChanID), NextCommitmentNumber: l.NextLocalCommitHeight,
			NextRevocationNumber: l.RemoteCommitTailHeight, YourLastPerCommitmentSecret: l.LastRemoteCommitSecret,
			MyCurrentPerCommitmentPoint: point(k),
		}}
	},
}

// closingSigs sets a random subset of the three closing signatures.
func (g *gen) closingSigs(l *lnwire.ClosingSigs, o *cm.ClosingTLVs) {
	if g.coin() {
		s, sig := g.sig()
		l.CloserNoClosee = tlv.SomeRecordT(tlv.NewRecordT[tlv.TlvType1, lnwire.Sig](s))
		o.HasCloserOutputOnly, o.CloserOutputOnly = true, sig
	}
	if g.coin() {
		s, sig := g.sig()
		l.NoCloserClosee = tlv.SomeRecordT(tlv.NewRecordT[tlv.TlvType2, lnwire.Sig](s))
		o.HasCloseeOutputOnly, o.CloseeOutputOnly = true, sig
	}
	if g.coin() {
		s, sig := g.sig()
		l.CloserAndClosee = tlv.SomeRecordT(tlv.NewRecordT[tlv.TlvType3, lnwire.Sig](s))
		o.HasCloserAndCloseeOutputs, o.CloserAndCloseeOutputs = true, sig
	}
}

// attributionRecords returns the records below the custom range of an
// update_fulfill_htlc or update_fail_htlc stream (maybe attribution_data,
// maybe unknown odd ones) and sets o to what lnstack decodes from them.
func (g *gen) attributionRecords(o *cm.AttributionTLVs) wire.Records {
	var rs wire.Records
	if g.coin() {
		r, a := g.attribution()
		rs = append(rs, r)
		o.HasAttributionData, o.AttributionData = true, a
	}
	others := g.records(2, 3, lnwire.MinCustomRecordsTlvType)
	o.Unknown = merge(nil, others)
	return merge(rs, others)
}

// lndEncode returns lnwire's payload of m (without the type).
func lndEncode(m lnwire.Message) ([]byte, error) {
	var buf bytes.Buffer
	if err := m.Encode(&buf, 0); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}
