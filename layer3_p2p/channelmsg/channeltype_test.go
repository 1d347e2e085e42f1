package channelmsg_test

import (
	"errors"
	"testing"

	"github.com/lnstack/lnstack/layer2_messaging/feature"
	"github.com/lnstack/lnstack/layer2_messaging/msgtest"
	cm "github.com/lnstack/lnstack/layer3_p2p/channelmsg"
)

func TestChannelTypeVectors(t *testing.T) {
	for _, c := range []struct {
		t    cm.ChannelType
		wire []byte
	}{
		// bit 12: byte 1 from the end, 0x10.
		{cm.StaticRemoteKey, []byte{0x10, 0x00}},
		// bits 22 and 12.
		{cm.StaticRemoteKey | cm.Anchors, []byte{0x40, 0x10, 0x00}},
		// bit 46: byte 5 from the end, 0x40.
		{cm.StaticRemoteKey | cm.Anchors | cm.SCIDAlias, []byte{0x40, 0x00, 0x00, 0x40, 0x10, 0x00}},
		// bit 50: byte 6 from the end, 0x04.
		{cm.StaticRemoteKey | cm.ZeroConf, []byte{0x04, 0x00, 0x00, 0x00, 0x00, 0x10, 0x00}},
		{cm.StaticRemoteKey | cm.Anchors | cm.SCIDAlias | cm.ZeroConf, []byte{0x04, 0x40, 0x00, 0x00, 0x40, 0x10, 0x00}},
	} {
		if got := c.t.Vector(); string(got) != string(c.wire) {
			t.Errorf("%s: Vector %x, want %x", c.t, []byte(got), c.wire)
		}
		back, err := cm.ParseChannelType(c.wire)
		if err != nil || back != c.t {
			t.Errorf("ParseChannelType(%x) = %s, %v; want %s", c.wire, back, err, c.t)
		}
		if !c.t.Valid() {
			t.Errorf("%s not valid", c.t)
		}
	}
}

func TestParseChannelTypeErrors(t *testing.T) {
	for _, c := range []struct {
		v   feature.Vector
		err error
	}{
		{nil, cm.ErrUndefinedChannelType},                               // no bit
		{feature.New(feature.Anchors), cm.ErrUndefinedChannelType},      // anchors without static_remotekey
		{feature.New(feature.SCIDAlias), cm.ErrUndefinedChannelType},    // a variation alone
		{feature.New(13), cm.ErrUndefinedChannelType},                   // the odd bit
		{feature.New(12, 14), cm.ErrUndefinedChannelType},               // payment_secret is no channel type
		{feature.New(12, 200), cm.ErrUndefinedChannelType},              // an unknown bit
		{feature.Vector{0x00, 0x10, 0x00}, cm.ErrChannelTypeNotMinimal}, // padded
		{feature.Vector{0x00}, cm.ErrChannelTypeNotMinimal},             // padded empty
		{feature.New(feature.StaticRemoteKey, feature.ZeroConf, 51), cm.ErrUndefinedChannelType},
	} {
		if _, err := cm.ParseChannelType(c.v); !errors.Is(err, c.err) {
			t.Errorf("ParseChannelType(%x): %v, want %v", []byte(c.v), err, c.err)
		}
	}
	if cm.ChannelType(0).Valid() || cm.Anchors.Valid() || (cm.StaticRemoteKey | 1<<6).Valid() {
		t.Error("an undefined type is valid")
	}
}

// FuzzParseChannelType checks that a parsed type re-encodes to its input.
func FuzzParseChannelType(f *testing.F) {
	f.Add([]byte{0x10, 0x00})
	f.Add([]byte{0x04, 0x40, 0x00, 0x00, 0x40, 0x10, 0x00})
	f.Add([]byte{0x00, 0x10, 0x00})
	f.Fuzz(func(t *testing.T, b []byte) {
		ct, err := cm.ParseChannelType(b)
		if err != nil {
			if !errors.Is(err, cm.ErrUndefinedChannelType) && !errors.Is(err, cm.ErrChannelTypeNotMinimal) {
				t.Fatalf("untyped error %v", err)
			}
			return
		}
		if string(ct.Vector()) != string(b) {
			t.Fatalf("%x parses as %s, which encodes as %x", b, ct, []byte(ct.Vector()))
		}
	})
}

func TestChooseChannelType(t *testing.T) {
	all := feature.New(feature.StaticRemoteKey.Optional(), feature.Anchors.Optional(), feature.SCIDAlias.Optional(), feature.ZeroConf.Optional())
	for _, c := range []struct {
		negotiated feature.Vector
		announce   bool
		zeroConf   bool
		want       cm.ChannelType
		err        error
	}{
		{nil, true, false, cm.StaticRemoteKey, nil},
		{feature.New(feature.Anchors), true, false, cm.StaticRemoteKey | cm.Anchors, nil},
		{all, true, false, cm.StaticRemoteKey | cm.Anchors, nil},
		{all, false, false, cm.StaticRemoteKey | cm.Anchors | cm.SCIDAlias, nil},
		{all, false, true, cm.StaticRemoteKey | cm.Anchors | cm.SCIDAlias | cm.ZeroConf, nil},
		{feature.New(feature.Anchors), false, true, 0, cm.ErrChannelTypeNotNegotiated},
	} {
		got, err := cm.ChooseChannelType(c.negotiated, c.announce, c.zeroConf)
		if !errors.Is(err, c.err) || err == nil && got != c.want {
			t.Errorf("ChooseChannelType(%s, %v, %v) = %s, %v; want %s, %v", c.negotiated, c.announce, c.zeroConf, got, err, c.want, c.err)
			continue
		}
		if err != nil {
			continue
		}
		// What the opener chooses, it may propose, and the peer accepts.
		v, err := cm.ProposeChannelType(got, c.negotiated, c.announce)
		if err != nil {
			t.Fatalf("ProposeChannelType(%s): %v", got, err)
		}
		acc, err := cm.AcceptChannelType(true, v, c.negotiated, c.announce)
		if err != nil || acc != got {
			t.Fatalf("AcceptChannelType(%x) = %s, %v", []byte(v), acc, err)
		}
		if err := cm.CheckAcceptedChannelType(got, true, v); err != nil {
			t.Fatal(err)
		}
	}
}

func TestChannelTypeNegotiationErrors(t *testing.T) {
	anchors := feature.New(feature.Anchors.Optional())
	aliasType := cm.StaticRemoteKey | cm.SCIDAlias
	withAlias := feature.New(feature.SCIDAlias.Optional())
	cases := []struct {
		name string
		err  error
		got  error
	}{}
	add := func(name string, want, got error) {
		cases = append(cases, struct {
			name     string
			err, got error
		}{name, want, got})
	}

	_, err := cm.ProposeChannelType(cm.Anchors, anchors, false)
	add("propose undefined", cm.ErrUndefinedChannelType, err)
	_, err = cm.ProposeChannelType(cm.StaticRemoteKey|cm.Anchors, nil, false)
	add("propose anchors not negotiated", cm.ErrChannelTypeNotNegotiated, err)
	_, err = cm.ProposeChannelType(aliasType, withAlias, true)
	add("propose scid_alias announced", cm.ErrSCIDAliasAnnounced, err)
	_, err = cm.ProposeChannelType(cm.StaticRemoteKey, nil, true)
	add("static_remotekey is assumed", nil, err)

	_, err = cm.AcceptChannelType(false, nil, anchors, false)
	add("accept without channel_type", cm.ErrNoChannelType, err)
	_, err = cm.AcceptChannelType(true, feature.New(12, 22), nil, false)
	add("accept anchors not negotiated", cm.ErrChannelTypeNotNegotiated, err)
	_, err = cm.AcceptChannelType(true, aliasType.Vector(), withAlias, true)
	add("accept scid_alias announced", cm.ErrSCIDAliasAnnounced, err)
	_, err = cm.AcceptChannelType(true, feature.Vector{0, 0x10, 0}, nil, false)
	add("accept padded", cm.ErrChannelTypeNotMinimal, err)

	add("accepted missing", cm.ErrNoChannelType, cm.CheckAcceptedChannelType(cm.StaticRemoteKey, false, nil))
	add("accepted other", cm.ErrChannelTypeMismatch, cm.CheckAcceptedChannelType(cm.StaticRemoteKey, true, feature.New(12, 22)))
	add("accepted undefined", cm.ErrUndefinedChannelType, cm.CheckAcceptedChannelType(cm.StaticRemoteKey, true, feature.New(22)))

	add("zeroconf depth 3", cm.ErrZeroConfMinimumDepth, cm.CheckMinimumDepth(cm.StaticRemoteKey|cm.ZeroConf, 3))
	add("zeroconf depth 0", nil, cm.CheckMinimumDepth(cm.StaticRemoteKey|cm.ZeroConf, 0))
	add("depth 3", nil, cm.CheckMinimumDepth(cm.StaticRemoteKey, 3))

	for _, c := range cases {
		if c.err == nil && c.got != nil || c.err != nil && !errors.Is(c.got, c.err) {
			t.Errorf("%s: %v, want %v", c.name, c.got, c.err)
		}
	}
}

func TestChannelTypeOfMessages(t *testing.T) {
	var o cm.OpenChannel
	if _, err := o.TLVs.ChannelTypeOf(); !errors.Is(err, cm.ErrNoChannelType) {
		t.Fatalf("%v, want ErrNoChannelType", err)
	}
	o.TLVs.SetChannelType(cm.StaticRemoteKey | cm.Anchors)
	withPoints(&o)
	var back cm.OpenChannel
	if err := back.Decode(msgtest.MustEncode(t, &o)); err != nil {
		t.Fatal(err)
	}
	if ct, err := back.TLVs.ChannelTypeOf(); err != nil || ct != cm.StaticRemoteKey|cm.Anchors {
		t.Fatalf("%s, %v", ct, err)
	}
	var o2 cm.OpenChannel2
	o2.TLVs.SetChannelType(cm.StaticRemoteKey | cm.ZeroConf)
	if ct, err := o2.TLVs.ChannelTypeOf(); err != nil || ct != cm.StaticRemoteKey|cm.ZeroConf {
		t.Fatalf("%s, %v", ct, err)
	}
	if got := (cm.StaticRemoteKey | cm.Anchors).String(); got != "option_static_remotekey+option_anchors" {
		t.Fatalf("String = %q", got)
	}
}
