package gossip_test

import (
	"bytes"
	"context"
	"crypto/sha256"
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/btcsuite/btcd/btcutil"
	"github.com/btcsuite/btcd/chaincfg"
	"github.com/btcsuite/btcd/txscript"

	"github.com/lnstack/lnstack/layer1_transport/netaddr"
	"github.com/lnstack/lnstack/layer2_messaging/feature"
	"github.com/lnstack/lnstack/layer2_messaging/wire"
	"github.com/lnstack/lnstack/layer3_p2p/amount"
	"github.com/lnstack/lnstack/layer3_p2p/gossip"
)

// fakeChain is a FundingChecker over a map of outputs. The scripts it
// expects are computed with btcd's txscript, independently of the package.
type fakeChain struct {
	outputs map[wire.ShortChannelID]fakeOutput
	queries int
}

type fakeOutput struct {
	pkScript []byte
	value    amount.Satoshi
	spent    bool
}

func (c *fakeChain) CheckFunding(_ context.Context, q gossip.FundingQuery) (amount.Satoshi, error) {
	c.queries++
	o, ok := c.outputs[q.SCID]
	switch {
	case !ok:
		return 0, gossip.ErrFundingNotFound
	case !bytes.Equal(o.pkScript, q.PkScript):
		return 0, gossip.ErrFundingScript
	case o.spent:
		return 0, gossip.ErrFundingSpent
	}
	return o.value, nil
}

// p2wshMultisig is the funding output script of two keys, by txscript.
func p2wshMultisig(t *testing.T, k channelKeys) []byte {
	t.Helper()
	a, b := k.btc1.PubKey().SerializeCompressed(), k.btc2.PubKey().SerializeCompressed()
	if bytes.Compare(a, b) > 0 {
		a, b = b, a
	}
	ka, err := btcutil.NewAddressPubKey(a, &chaincfg.MainNetParams)
	if err != nil {
		t.Fatal(err)
	}
	kb, err := btcutil.NewAddressPubKey(b, &chaincfg.MainNetParams)
	if err != nil {
		t.Fatal(err)
	}
	script, err := txscript.MultiSigScript([]*btcutil.AddressPubKey{ka, kb}, 2)
	if err != nil {
		t.Fatal(err)
	}
	h := sha256.Sum256(script)
	out, err := txscript.NewScriptBuilder().AddOp(txscript.OP_0).AddData(h[:]).Script()
	if err != nil {
		t.Fatal(err)
	}
	return out
}

const testSCID = wire.ShortChannelID(700123<<40 | 45<<16 | 1)

func validator(chain *fakeChain) *gossip.Validator {
	v := &gossip.Validator{Chain: regtest, Now: func() time.Time { return time.Unix(1_700_000_000, 0) }}
	if chain != nil {
		v.Funding = chain
	}
	return v
}

func TestValidateChannelAnnouncement(t *testing.T) {
	k := newChannelKeys("chan")
	chain := &fakeChain{outputs: map[wire.ShortChannelID]fakeOutput{
		testSCID: {pkScript: p2wshMultisig(t, k), value: 1_000_000},
	}}
	v := validator(chain)
	m := signedAnnouncement(t, k, regtest, testSCID)
	info, err := v.ValidateChannelAnnouncement(context.Background(), m)
	if err != nil {
		t.Fatal(err)
	}
	if info.Capacity != 1_000_000 || info.SCID != testSCID ||
		!info.NodeKey1.IsEqual(k.node1.PubKey()) || !info.NodeKey2.IsEqual(k.node2.PubKey()) {
		t.Errorf("info %+v", info)
	}
	// Without a FundingChecker the capacity is unknown.
	if info, err := validator(nil).ValidateChannelAnnouncement(context.Background(), m); err != nil || info.Capacity != 0 {
		t.Errorf("no funding checker: %+v, %v", info, err)
	}
	// A decoded copy validates too (the signed bytes are re-encoded).
	b, err := m.Encode(nil)
	if err != nil {
		t.Fatal(err)
	}
	var d gossip.ChannelAnnouncement
	if err := d.Decode(b); err != nil {
		t.Fatal(err)
	}
	if _, err := v.ValidateChannelAnnouncement(context.Background(), &d); err != nil {
		t.Errorf("decoded copy: %v", err)
	}
}

func TestValidateChannelAnnouncementErrors(t *testing.T) {
	k := newChannelKeys("chan-errors")
	ctx := context.Background()
	good := func() *gossip.ChannelAnnouncement { return signedAnnouncement(t, k, regtest, testSCID) }
	sigErr := func(field string) func(error) bool {
		return func(err error) bool {
			var se *gossip.SignatureError
			return errors.As(err, &se) && se.Field == field && errors.Is(err, gossip.ErrBadSignature)
		}
	}
	keyErr := func(field string) func(error) bool {
		return func(err error) bool {
			var ke *gossip.KeyError
			return errors.As(err, &ke) && ke.Field == field && errors.Is(err, wire.ErrInvalidPoint)
		}
	}
	notAPoint := wire.Point{2}
	for i := range notAPoint[1:] {
		notAPoint[1+i] = 0xff // x above the field prime
	}
	for _, c := range []struct {
		name   string
		change func(m *gossip.ChannelAnnouncement)
		ok     func(error) bool
	}{
		{"wrong chain", func(m *gossip.ChannelAnnouncement) { m.ChainHash = gossip.MainnetChainHash() }, is(gossip.ErrUnknownChain)},
		{"keys swapped", func(m *gossip.ChannelAnnouncement) { m.NodeID1, m.NodeID2 = m.NodeID2, m.NodeID1 }, is(gossip.ErrNodeKeyOrder)},
		{"keys equal", func(m *gossip.ChannelAnnouncement) { m.NodeID2 = m.NodeID1 }, is(gossip.ErrNodeKeyOrder)},
		{"node_id_1 not a point", func(m *gossip.ChannelAnnouncement) { m.NodeID1 = wire.Point{} }, keyErr("node_id_1")},
		{"bitcoin_key_2 not a point", func(m *gossip.ChannelAnnouncement) { m.BitcoinKey2 = notAPoint }, keyErr("bitcoin_key_2")},
		{"node_signature_1 of another key", func(m *gossip.ChannelAnnouncement) { m.NodeSignature1 = m.NodeSignature2 }, sigErr("node_signature_1")},
		{"node_signature_2 of another key", func(m *gossip.ChannelAnnouncement) { m.NodeSignature2 = m.BitcoinSignature2 }, sigErr("node_signature_2")},
		{"bitcoin_signature_1 zero", func(m *gossip.ChannelAnnouncement) { m.BitcoinSignature1 = wire.Signature{} }, sigErr("bitcoin_signature_1")},
		{"bitcoin_signature_2 of another key", func(m *gossip.ChannelAnnouncement) { m.BitcoinSignature2 = m.NodeSignature1 }, sigErr("bitcoin_signature_2")},
		{"scid changed", func(m *gossip.ChannelAnnouncement) { m.ShortChannelID++ }, sigErr("node_signature_1")},
		{"extension added", func(m *gossip.ChannelAnnouncement) { m.Extension = wire.Records{{Type: 1}} }, sigErr("node_signature_1")},
	} {
		m := good()
		c.change(m)
		if _, err := validator(nil).ValidateChannelAnnouncement(ctx, m); !c.ok(err) {
			t.Errorf("%s: %v", c.name, err)
		}
	}
	var malformed *gossip.SignatureError
	m := good()
	m.NodeSignature1 = wire.Signature{}
	if _, err := validator(nil).ValidateChannelAnnouncement(ctx, m); !errors.As(err, &malformed) || !malformed.Malformed {
		t.Errorf("zero signature: %v", err)
	}

	// The funding output, through the checker.
	script := p2wshMultisig(t, k)
	for _, c := range []struct {
		name    string
		outputs map[wire.ShortChannelID]fakeOutput
		want    error
	}{
		{"no output", nil, gossip.ErrFundingNotFound},
		{"other script", map[wire.ShortChannelID]fakeOutput{testSCID: {pkScript: script[:33], value: 1}}, gossip.ErrFundingScript},
		{"spent", map[wire.ShortChannelID]fakeOutput{testSCID: {pkScript: script, value: 1, spent: true}}, gossip.ErrFundingSpent},
	} {
		_, err := validator(&fakeChain{outputs: c.outputs}).ValidateChannelAnnouncement(ctx, good())
		var fe *gossip.FundingError
		if !errors.Is(err, gossip.ErrFunding) || !errors.Is(err, c.want) || !errors.As(err, &fe) || fe.SCID != testSCID {
			t.Errorf("%s: %v", c.name, err)
		}
	}
	// A forged announcement never reaches the chain.
	chain := &fakeChain{}
	m = good()
	m.BitcoinSignature2 = m.BitcoinSignature1
	if _, err := validator(chain).ValidateChannelAnnouncement(ctx, m); !errors.Is(err, gossip.ErrBadSignature) || chain.queries != 0 {
		t.Errorf("forged: %v after %d chain queries", err, chain.queries)
	}
}

func is(target error) func(error) bool {
	return func(err error) bool { return errors.Is(err, target) }
}

// TestValidateUnknownFeatures: unknown even bits are reported after every
// other check, with the channel's info; odd bits are fine.
func TestValidateUnknownFeatures(t *testing.T) {
	k := newChannelKeys("features")
	for _, c := range []struct {
		bits  []feature.Bit
		known feature.Vector
		want  []feature.Bit
	}{
		{[]feature.Bit{101}, nil, nil},
		{[]feature.Bit{100, 101, 202}, nil, []feature.Bit{100, 202}},
		{[]feature.Bit{100}, feature.New(101), nil}, // the node knows feature 100/101
		{[]feature.Bit{feature.SCIDAlias}, nil, nil},
	} {
		m := &gossip.ChannelAnnouncement{
			Features: feature.New(c.bits...), ChainHash: regtest, ShortChannelID: testSCID,
			NodeID1: wire.PointFromPubKey(k.node1.PubKey()), NodeID2: wire.PointFromPubKey(k.node2.PubKey()),
			BitcoinKey1: wire.PointFromPubKey(k.btc1.PubKey()), BitcoinKey2: wire.PointFromPubKey(k.btc2.PubKey()),
		}
		for _, side := range []gossip.Side{gossip.Node1, gossip.Node2} {
			node, btc := k.node1, k.btc1
			if side == gossip.Node2 {
				node, btc = k.node2, k.btc2
			}
			s, err := gossip.NewAnnouncementSignatures(m, wire.ChannelID{}, node, btc)
			if err != nil {
				t.Fatal(err)
			}
			m.SetSignatures(side, s)
		}
		v := validator(nil)
		v.KnownFeatures = c.known
		info, err := v.ValidateChannelAnnouncement(context.Background(), m)
		var fe *gossip.FeatureError
		switch {
		case c.want == nil && err != nil:
			t.Errorf("bits %v: %v", c.bits, err)
		case c.want != nil && (!errors.As(err, &fe) || fmt.Sprint(fe.Bits) != fmt.Sprint(c.want) ||
			!errors.Is(err, feature.ErrUnknownRequiredFeature) || info.NodeKey1 == nil):
			t.Errorf("bits %v: %v, info %+v", c.bits, err, info)
		}
	}
}

func TestValidateNodeAnnouncement(t *testing.T) {
	key := privKey("node")
	addrs := []netaddr.Address{netaddr.IPv4{IP: [4]byte{203, 0, 113, 7}, Port: 9735}, netaddr.TorV3{PubKey: [32]byte{1, 2, 3}, Port: 9735}}
	v := validator(nil)
	m := signedNodeAnnouncement(t, key, 1_700_000_000, addrs)
	if err := v.ValidateNodeAnnouncement(m); err != nil {
		t.Fatal(err)
	}
	b, err := m.Encode(nil)
	if err != nil {
		t.Fatal(err)
	}
	var d gossip.NodeAnnouncement
	if err := d.Decode(b); err != nil {
		t.Fatal(err)
	}
	if err := v.ValidateNodeAnnouncement(&d); err != nil || d.AliasString() != "IRATEMONK" || len(d.Addresses.Usable()) != 2 {
		t.Errorf("decoded copy: %v, alias %q, %v", err, d.AliasString(), d.Addresses.Usable())
	}

	bad := *m
	bad.Timestamp++
	var se *gossip.SignatureError
	if err := v.ValidateNodeAnnouncement(&bad); !errors.As(err, &se) || se.Field != "signature" {
		t.Errorf("changed timestamp: %v", err)
	}
	bad = *m
	bad.NodeID = wire.Point{3}
	if err := v.ValidateNodeAnnouncement(&bad); !errors.Is(err, gossip.ErrInvalidKey) {
		t.Errorf("invalid node_id: %v", err)
	}
	bad = *m
	bad.NodeID = wire.PointFromPubKey(privKey("other").PubKey())
	if err := v.ValidateNodeAnnouncement(&bad); !errors.Is(err, gossip.ErrBadSignature) {
		t.Errorf("other node_id: %v", err)
	}

	withFeature := *m
	withFeature.Features = feature.New(feature.ZeroConf, feature.SCIDAlias, 98)
	if err := gossip.SignNodeAnnouncement(&withFeature, key); err != nil {
		t.Fatal(err)
	}
	var fe *gossip.FeatureError
	if err := v.ValidateNodeAnnouncement(&withFeature); !errors.As(err, &fe) || fmt.Sprint(fe.Bits) != "[98]" {
		t.Errorf("unknown feature 98: %v", err)
	}

	// Two hostnames: valid, but not to be forwarded.
	two := *m
	b, err = netaddr.AppendDescriptor(nil, netaddr.DNSHostname{Host: "a.example", Port: 1})
	if err != nil {
		t.Fatal(err)
	}
	b, err = netaddr.AppendDescriptor(b, netaddr.DNSHostname{Host: "b.example", Port: 1})
	if err != nil {
		t.Fatal(err)
	}
	if two.Addresses, err = netaddr.DecodeAddressList(b); err != nil {
		t.Fatal(err)
	}
	if err := gossip.SignNodeAnnouncement(&two, key); err != nil {
		t.Fatal(err)
	}
	if err := v.ValidateNodeAnnouncement(&two); !errors.Is(err, gossip.ErrMultipleHostnames) {
		t.Errorf("two hostnames: %v", err)
	}
}

func TestValidateChannelUpdate(t *testing.T) {
	key := privKey("update")
	v := validator(nil)
	now := v.Now().Unix()
	m := signedUpdate(t, key, regtest, uint32(now))
	if err := v.ValidateChannelUpdate(m, key.PubKey()); err != nil {
		t.Fatal(err)
	}
	if err := v.ValidateChannelUpdate(m, privKey("other").PubKey()); !errors.Is(err, gossip.ErrBadSignature) {
		t.Errorf("other key: %v", err)
	}
	if err := v.ValidateChannelUpdate(m, nil); !errors.Is(err, gossip.ErrInvalidKey) {
		t.Errorf("nil key: %v", err)
	}
	changed := *m
	changed.FeeBaseMsat++
	if err := v.ValidateChannelUpdate(&changed, key.PubKey()); !errors.Is(err, gossip.ErrBadSignature) {
		t.Errorf("changed fee: %v", err)
	}
	// The signature covers unknown records after the fields.
	changed = *m
	changed.Extension = wire.Records{{Type: 55555, Value: []byte{1}}}
	if err := v.ValidateChannelUpdate(&changed, key.PubKey()); !errors.Is(err, gossip.ErrBadSignature) {
		t.Errorf("added record: %v", err)
	}
	if err := gossip.SignChannelUpdate(&changed, key); err != nil {
		t.Fatal(err)
	}
	if err := v.ValidateChannelUpdate(&changed, key.PubKey()); err != nil {
		t.Errorf("signed with a record: %v", err)
	}
	other := signedUpdate(t, key, gossip.MainnetChainHash(), uint32(now))
	if err := v.ValidateChannelUpdate(other, key.PubKey()); !errors.Is(err, gossip.ErrUnknownChain) {
		t.Errorf("mainnet update: %v", err)
	}
	future := signedUpdate(t, key, regtest, uint32(now+int64(gossip.DefaultMaxFutureSkew/time.Second)+1))
	if err := v.ValidateChannelUpdate(future, key.PubKey()); !errors.Is(err, gossip.ErrFutureTimestamp) {
		t.Errorf("future update: %v", err)
	}
	v.MaxFutureSkew = 48 * time.Hour
	if err := v.ValidateChannelUpdate(future, key.PubKey()); err != nil {
		t.Errorf("future update within a 48h skew: %v", err)
	}
}

func TestValidateAnnouncementSignatures(t *testing.T) {
	k := newChannelKeys("announce-sigs")
	ann := signedAnnouncement(t, k, regtest, testSCID)
	v := validator(nil)
	s2, err := gossip.NewAnnouncementSignatures(ann, wire.ChannelID{9}, k.node2, k.btc2)
	if err != nil {
		t.Fatal(err)
	}
	if err := v.ValidateAnnouncementSignatures(s2, ann, gossip.Node2); err != nil {
		t.Fatal(err)
	}
	var se *gossip.SignatureError
	if err := v.ValidateAnnouncementSignatures(s2, ann, gossip.Node1); !errors.As(err, &se) || se.Field != "node_signature" {
		t.Errorf("wrong side: %v", err)
	}
	swapped := *s2
	swapped.BitcoinSignature = s2.NodeSignature
	if err := v.ValidateAnnouncementSignatures(&swapped, ann, gossip.Node2); !errors.As(err, &se) || se.Field != "bitcoin_signature" {
		t.Errorf("bitcoin signature of the node key: %v", err)
	}
	other := *s2
	other.ShortChannelID++
	if err := v.ValidateAnnouncementSignatures(&other, ann, gossip.Node2); !errors.Is(err, gossip.ErrSCIDMismatch) {
		t.Errorf("other scid: %v", err)
	}
}

func TestCheckHTLCLimits(t *testing.T) {
	m := &gossip.ChannelUpdate{HTLCMinimumMsat: 1000, HTLCMaximumMsat: 1000}
	if err := gossip.CheckHTLCLimits(m, 1); err != nil {
		t.Errorf("max = min = capacity: %v", err)
	}
	if err := gossip.CheckHTLCLimits(m, 0); err != nil {
		t.Errorf("unknown capacity: %v", err)
	}
	m.HTLCMaximumMsat = 999
	if err := gossip.CheckHTLCLimits(m, 0); !errors.Is(err, gossip.ErrHTLCRange) {
		t.Errorf("max < min: %v", err)
	}
	m.HTLCMaximumMsat = 1001
	if err := gossip.CheckHTLCLimits(m, 1); !errors.Is(err, gossip.ErrHTLCMaxAboveCapacity) {
		t.Errorf("max > capacity: %v", err)
	}
}

func TestCheckUpdateOrder(t *testing.T) {
	key := privKey("order")
	prev := signedUpdate(t, key, regtest, 1000)
	newer := signedUpdate(t, key, regtest, 1001)
	older := signedUpdate(t, key, regtest, 999)
	if err := gossip.CheckUpdateOrder(nil, prev); err != nil {
		t.Errorf("first update: %v", err)
	}
	if err := gossip.CheckUpdateOrder(prev, newer); err != nil {
		t.Errorf("newer: %v", err)
	}
	if err := gossip.CheckUpdateOrder(prev, older); !errors.Is(err, gossip.ErrOutdated) {
		t.Errorf("older: %v", err)
	}
	// The same update with another signature (malleated s): a duplicate,
	// not a conflict.
	same := *prev
	same.Signature[63] ^= 1
	if err := gossip.CheckUpdateOrder(prev, &same); !errors.Is(err, gossip.ErrDuplicate) {
		t.Errorf("same fields: %v", err)
	}
	changed := *prev
	changed.FeeProportionalMillionths++
	if err := gossip.CheckUpdateOrder(prev, &changed); !errors.Is(err, gossip.ErrConflictingUpdate) {
		t.Errorf("other fields, same timestamp: %v", err)
	}
	changed = *prev
	changed.Extension = wire.Records{{Type: 3}}
	if err := gossip.CheckUpdateOrder(prev, &changed); !errors.Is(err, gossip.ErrConflictingUpdate) {
		t.Errorf("added record, same timestamp: %v", err)
	}
}

func TestCheckNodeAnnouncementOrder(t *testing.T) {
	m := &gossip.NodeAnnouncement{Timestamp: 10}
	for _, c := range []struct {
		last uint32
		want error
	}{{0, nil}, {9, nil}, {10, gossip.ErrOutdated}, {11, gossip.ErrOutdated}} {
		if err := gossip.CheckNodeAnnouncementOrder(c.last, m); !errors.Is(err, c.want) {
			t.Errorf("last %d: %v", c.last, err)
		}
	}
}

func TestStaleChannel(t *testing.T) {
	now := time.Unix(1_700_000_000, 0)
	fresh := uint32(now.Unix() - 3600)
	edge := uint32(now.Add(-gossip.StaleAfter).Unix())
	for _, c := range []struct {
		t1, t2 uint32
		want   bool
	}{
		{fresh, fresh, false},
		{fresh, edge, false}, // exactly two weeks old is not older
		{fresh, edge - 1, true},
		{edge - 1, fresh, true},
		{fresh, 0, true}, // no update in one direction
	} {
		if got := gossip.StaleChannel(c.t1, c.t2, now); got != c.want {
			t.Errorf("StaleChannel(%d, %d) = %v", c.t1, c.t2, got)
		}
	}
}

func TestChannelInfoUpdateKey(t *testing.T) {
	k := newChannelKeys("info")
	info := gossip.ChannelInfo{NodeKey1: k.node1.PubKey(), NodeKey2: k.node2.PubKey()}
	m := &gossip.ChannelUpdate{}
	if info.UpdateKey(m) != info.NodeKey1 || m.Direction() != gossip.Node1 {
		t.Error("direction 0 is node_id_1")
	}
	m.ChannelFlags = gossip.ChannelFlagDirection | gossip.ChannelFlagDisable
	if info.UpdateKey(m) != info.NodeKey2 || m.Direction() != gossip.Node2 || !m.Disabled() || m.DontForward() {
		t.Error("direction 1 is node_id_2")
	}
}
