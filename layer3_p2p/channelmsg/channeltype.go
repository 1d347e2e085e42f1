package channelmsg

import (
	"fmt"
	"strings"

	"github.com/lnstack/lnstack/layer2_messaging/feature"
)

// ChannelType is a channel type of BOLT #2 "Defined Channel Types": a basic
// type and its allowed variations, as a set of flags. Its wire form, the
// channel_type record of the open and accept messages, is a feature bitmap
// of even bits (Vector):
//
//	StaticRemoteKey                  bit 12      the basic type option_static_remotekey
//	StaticRemoteKey | Anchors        bits 12, 22 the basic type option_anchors
//	| SCIDAlias                      bit 46      variation option_scid_alias
//	| ZeroConf                       bit 50      variation option_zeroconf
//
// BOLT #2: "Channel types are an explicit enumeration: for convenience of
// future definitions they reuse even feature bits, but they are not an
// arbitrary combination". Valid tells a defined type.
type ChannelType uint8

// The flags of a ChannelType.
const (
	StaticRemoteKey ChannelType = 1 << iota
	Anchors
	SCIDAlias
	ZeroConf
)

// channelTypeBits maps each flag to its feature bit, in bit order.
var channelTypeBits = [...]struct {
	flag ChannelType
	bit  feature.Bit
}{
	{StaticRemoteKey, feature.StaticRemoteKey},
	{Anchors, feature.Anchors},
	{SCIDAlias, feature.SCIDAlias},
	{ZeroConf, feature.ZeroConf},
}

// Valid reports whether t is a defined type: option_static_remotekey, with
// or without option_anchors, each with any of the two variations.
func (t ChannelType) Valid() bool {
	return t&StaticRemoteKey != 0 && t&^(StaticRemoteKey|Anchors|SCIDAlias|ZeroConf) == 0
}

// Bits returns the feature bits of t, in increasing order.
func (t ChannelType) Bits() []feature.Bit {
	var bits []feature.Bit
	for _, b := range channelTypeBits {
		if t&b.flag != 0 {
			bits = append(bits, b.bit)
		}
	}
	return bits
}

// Vector returns the channel_type record of t: the minimal bitmap, as the
// sender "MUST use the smallest bitmap possible to represent the channel
// type".
func (t ChannelType) Vector() feature.Vector { return feature.New(t.Bits()...) }

// String names the features of t, e.g.
// "option_static_remotekey+option_anchors+option_scid_alias".
func (t ChannelType) String() string {
	if t == 0 {
		return "none"
	}
	var names []string
	for _, b := range t.Bits() {
		names = append(names, feature.Name(b))
	}
	if rest := t &^ (StaticRemoteKey | Anchors | SCIDAlias | ZeroConf); rest != 0 {
		names = append(names, fmt.Sprintf("flags(%#x)", uint8(rest)))
	}
	return strings.Join(names, "+")
}

// ParseChannelType reads a channel_type record. It fails with
// ErrChannelTypeNotMinimal when the bitmap has leading zero bytes and with
// ErrUndefinedChannelType when its bits are not a defined type (an odd bit,
// an unknown bit, or no basic type).
func ParseChannelType(v feature.Vector) (ChannelType, error) {
	if len(v) > 0 && v[0] == 0 {
		return 0, fmt.Errorf("%w: %x", ErrChannelTypeNotMinimal, []byte(v))
	}
	var t ChannelType
	for _, b := range v.Bits() {
		flag := ChannelType(0)
		for _, tb := range channelTypeBits {
			if tb.bit == b {
				flag = tb.flag
			}
		}
		if flag == 0 {
			return 0, fmt.Errorf("%w: bit %d (%s)", ErrUndefinedChannelType, b, feature.Name(b))
		}
		t |= flag
	}
	if !t.Valid() {
		return 0, fmt.Errorf("%w: %s", ErrUndefinedChannelType, t)
	}
	return t, nil
}

// negotiatedBy checks that every feature of t was negotiated in init. The
// features BOLT #9 marks ASSUMED (option_static_remotekey) are negotiated
// with every peer.
func (t ChannelType) negotiatedBy(negotiated feature.Vector) error {
	for _, b := range t.Bits() {
		if f, ok := feature.Lookup(b); ok && f.Assumed {
			continue
		}
		if !negotiated.Has(b) {
			return fmt.Errorf("%w: %s", ErrChannelTypeNotNegotiated, feature.Name(b))
		}
	}
	return nil
}

// checkAnnounce applies "if announce_channel is true (not 0): MUST NOT send
// channel_type with the option_scid_alias bit set."
func (t ChannelType) checkAnnounce(announce bool) error {
	if announce && t&SCIDAlias != 0 {
		return ErrSCIDAliasAnnounced
	}
	return nil
}

// ChooseChannelType picks the channel type an opener proposes to a peer,
// given the features negotiated in init: option_anchors when negotiated
// (else option_static_remotekey), option_scid_alias when negotiated and the
// channel is not announced, and option_zeroconf when the caller asks for it
// (it fails with ErrChannelTypeNotNegotiated if zeroconf was not
// negotiated). The choice is the opener's; BOLT #2 only bounds it, as
// ProposeChannelType checks.
func ChooseChannelType(negotiated feature.Vector, announce, zeroConf bool) (ChannelType, error) {
	t := StaticRemoteKey
	if negotiated.Has(feature.Anchors) {
		t |= Anchors
	}
	if !announce && negotiated.Has(feature.SCIDAlias) {
		t |= SCIDAlias
	}
	if zeroConf {
		t |= ZeroConf
	}
	return t, t.negotiatedBy(negotiated)
}

// ProposeChannelType checks the channel type an opener puts in
// open_channel (or open_channel2) and returns its record. BOLT #2: the
// sender "MUST set it to a defined type representing the type it wants"
// (ErrUndefinedChannelType), "SHOULD NOT set it to a type containing a
// feature which was not negotiated" (ErrChannelTypeNotNegotiated), and with
// announce_channel "MUST NOT send channel_type with the option_scid_alias
// bit set" (ErrSCIDAliasAnnounced).
func ProposeChannelType(t ChannelType, negotiated feature.Vector, announce bool) (feature.Vector, error) {
	if !t.Valid() {
		return nil, fmt.Errorf("%w: %s", ErrUndefinedChannelType, t)
	}
	if err := t.negotiatedBy(negotiated); err != nil {
		return nil, err
	}
	if err := t.checkAnnounce(announce); err != nil {
		return nil, err
	}
	return t.Vector(), nil
}

// AcceptChannelType is the check of the receiver of open_channel (or
// open_channel2) on the proposed channel type: present is whether the
// channel_type record is. It fails with ErrNoChannelType ("if the message
// doesn't include a channel_type: fail the channel"), the errors of
// ParseChannelType, ErrChannelTypeNotNegotiated, or ErrSCIDAliasAnnounced;
// each is a type that "is not suitable". Whether to trust the opener with
// option_zeroconf ("it does not trust the sender to open an unconfirmed
// channel") is the caller's decision on the returned type.
func AcceptChannelType(present bool, proposed, negotiated feature.Vector, announce bool) (ChannelType, error) {
	if !present {
		return 0, ErrNoChannelType
	}
	t, err := ParseChannelType(proposed)
	if err != nil {
		return 0, err
	}
	if err := t.negotiatedBy(negotiated); err != nil {
		return 0, err
	}
	if err := t.checkAnnounce(announce); err != nil {
		return 0, err
	}
	return t, nil
}

// CheckAcceptedChannelType is the check of the opener on the accept_channel
// (or accept_channel2) it receives: the channel type must be present
// (ErrNoChannelType) and be the one it proposed (ErrChannelTypeMismatch):
// BOLT #2 "if channel_type does not match the channel_type from
// open_channel: MUST fail the channel."
func CheckAcceptedChannelType(proposed ChannelType, present bool, accepted feature.Vector) error {
	if !present {
		return ErrNoChannelType
	}
	t, err := ParseChannelType(accepted)
	if err != nil {
		return err
	}
	if t != proposed {
		return fmt.Errorf("%w: proposed %s, accepted %s", ErrChannelTypeMismatch, proposed, t)
	}
	return nil
}

// CheckMinimumDepth checks accept_channel's minimum_depth against the
// channel type. BOLT #2: "if channel_type includes option_zeroconf: MUST set
// minimum_depth to zero" (ErrZeroConfMinimumDepth).
func CheckMinimumDepth(t ChannelType, minimumDepth uint32) error {
	if t&ZeroConf != 0 && minimumDepth != 0 {
		return fmt.Errorf("%w: %d", ErrZeroConfMinimumDepth, minimumDepth)
	}
	return nil
}

// ChannelTypeOf returns the channel type of an open or accept message's
// stream: ErrNoChannelType when the record is absent, else what
// ParseChannelType says.
func (s *OpenChannelTLVs) ChannelTypeOf() (ChannelType, error) {
	if !s.HasChannelType {
		return 0, ErrNoChannelType
	}
	return ParseChannelType(s.ChannelType)
}

// SetChannelType sets the channel_type record to t's bitmap.
func (s *OpenChannelTLVs) SetChannelType(t ChannelType) {
	s.HasChannelType, s.ChannelType = true, t.Vector()
}

// ChannelTypeOf returns the channel type of an open_channel2 or
// accept_channel2 stream, like OpenChannelTLVs.ChannelTypeOf.
func (s *OpeningTLVs) ChannelTypeOf() (ChannelType, error) {
	if !s.HasChannelType {
		return 0, ErrNoChannelType
	}
	return ParseChannelType(s.ChannelType)
}

// SetChannelType sets the channel_type record to t's bitmap.
func (s *OpeningTLVs) SetChannelType(t ChannelType) {
	s.HasChannelType, s.ChannelType = true, t.Vector()
}
