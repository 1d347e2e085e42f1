package gossip

import (
	"encoding/hex"
	"strings"
	"unicode/utf8"

	"github.com/lnstack/lnstack/layer1_transport/netaddr"
	"github.com/lnstack/lnstack/layer2_messaging/feature"
	"github.com/lnstack/lnstack/layer2_messaging/wire"
)

// Points in the announcements are decoded as 33 bytes and checked by the
// Validator, not by the decoder as layer 2's wire.Fields.Point does: the
// Validator parses every key to verify the signatures, and parsing is the
// same square root the decoder's check would take (four of them make up
// most of a channel_announcement's decoding time otherwise). A key that is
// not a point fails validation with a *KeyError, which matches
// wire.ErrInvalidPoint.

// AnnouncementSignatures is the announcement_signatures message (type 259),
// BOLT #7 "The announcement_signatures Message": one endpoint's two
// signatures of the channel_announcement, sent to the other endpoint.
type AnnouncementSignatures struct {
	ChannelID      wire.ChannelID
	ShortChannelID wire.ShortChannelID
	// NodeSignature is made with the sender's node key.
	NodeSignature wire.Signature
	// BitcoinSignature is made with the sender's funding key.
	BitcoinSignature wire.Signature
	// Extension holds unknown odd TLV records after the payload.
	Extension wire.Records
}

// Type returns TypeAnnouncementSignatures.
func (m *AnnouncementSignatures) Type() uint16 { return TypeAnnouncementSignatures }

// Fields walks [channel_id:channel_id][short_channel_id:short_channel_id]
// [signature:node_signature][signature:bitcoin_signature].
func (m *AnnouncementSignatures) Fields(f *wire.Fields) {
	f.ChannelID("channel_id", &m.ChannelID)
	f.ShortChannelID("short_channel_id", &m.ShortChannelID)
	f.Signature("node_signature", &m.NodeSignature)
	f.Signature("bitcoin_signature", &m.BitcoinSignature)
	f.Extension(&m.Extension)
}

// Encode appends the payload to dst.
func (m *AnnouncementSignatures) Encode(dst []byte) ([]byte, error) {
	e := wire.NewEncoder(dst)
	m.Fields(&e)
	return e.Output()
}

// Decode decodes a payload; on failure m is unchanged.
func (m *AnnouncementSignatures) Decode(payload []byte) error {
	var v AnnouncementSignatures
	d := wire.NewDecoder(payload)
	v.Fields(&d)
	if err := d.Done(); err != nil {
		return err
	}
	*m = v
	return nil
}

// ChannelAnnouncementSigsLen is where the signed part of a
// channel_announcement starts: BOLT #7 "MUST compute the double-SHA256 hash
// h of the message, beginning at offset 256" (four 64-byte signatures).
const ChannelAnnouncementSigsLen = 4 * wire.SignatureLen

// ChannelAnnouncement is the channel_announcement message (type 256), BOLT
// #7 "The channel_announcement Message": proof that two nodes own a funding
// output, signed by both node keys and both funding keys.
type ChannelAnnouncement struct {
	NodeSignature1    wire.Signature
	NodeSignature2    wire.Signature
	BitcoinSignature1 wire.Signature
	BitcoinSignature2 wire.Signature
	// Features are the channel's features (BOLT #9 context C).
	Features       feature.Vector
	ChainHash      wire.ChainHash
	ShortChannelID wire.ShortChannelID
	// NodeID1 is the lesser of the two node keys, NodeID2 the greater.
	NodeID1 wire.Point
	NodeID2 wire.Point
	// BitcoinKey1 and BitcoinKey2 are the funding keys of NodeID1 and
	// NodeID2.
	BitcoinKey1 wire.Point
	BitcoinKey2 wire.Point
	// Extension holds unknown odd TLV records after the payload; the
	// signatures cover them ("including any future fields appended to the
	// end").
	Extension wire.Records
}

// Type returns TypeChannelAnnouncement.
func (m *ChannelAnnouncement) Type() uint16 { return TypeChannelAnnouncement }

// Fields walks the four signatures, then the signed part.
func (m *ChannelAnnouncement) Fields(f *wire.Fields) {
	f.Signature("node_signature_1", &m.NodeSignature1)
	f.Signature("node_signature_2", &m.NodeSignature2)
	f.Signature("bitcoin_signature_1", &m.BitcoinSignature1)
	f.Signature("bitcoin_signature_2", &m.BitcoinSignature2)
	m.walkSigned(f)
}

// walkSigned walks [u16:len][len*byte:features][chain_hash:chain_hash]
// [short_channel_id:short_channel_id][point:node_id_1][point:node_id_2]
// [point:bitcoin_key_1][point:bitcoin_key_2] and the extension: everything
// the signatures sign.
func (m *ChannelAnnouncement) walkSigned(f *wire.Fields) {
	f.Bytes16("len", "features", (*[]byte)(&m.Features))
	f.ChainHash("chain_hash", &m.ChainHash)
	f.ShortChannelID("short_channel_id", &m.ShortChannelID)
	f.FixedBytes("node_id_1", m.NodeID1[:])
	f.FixedBytes("node_id_2", m.NodeID2[:])
	f.FixedBytes("bitcoin_key_1", m.BitcoinKey1[:])
	f.FixedBytes("bitcoin_key_2", m.BitcoinKey2[:])
	f.Extension(&m.Extension)
}

// Encode appends the payload to dst.
func (m *ChannelAnnouncement) Encode(dst []byte) ([]byte, error) {
	e := wire.NewEncoder(dst)
	m.Fields(&e)
	return e.Output()
}

// Decode decodes a payload; on failure m is unchanged.
func (m *ChannelAnnouncement) Decode(payload []byte) error {
	var v ChannelAnnouncement
	d := wire.NewDecoder(payload)
	v.Fields(&d)
	if err := d.Done(); err != nil {
		return err
	}
	*m = v
	return nil
}

// SignedData appends to dst the bytes the four signatures sign: the
// payload from offset 256 to its end.
func (m *ChannelAnnouncement) SignedData(dst []byte) ([]byte, error) {
	e := wire.NewEncoder(dst)
	m.walkSigned(&e)
	return e.Output()
}

// Digest returns h, the double-SHA256 of the signed part. BOLT #7: "the
// hash skips the 4 signatures but hashes the rest of the message, including
// any future fields appended to the end."
func (m *ChannelAnnouncement) Digest() ([32]byte, error) {
	var buf [signedBufLen]byte
	data, err := m.SignedData(buf[:0])
	if err != nil {
		return [32]byte{}, err
	}
	return doubleSHA256(data), nil
}

// Side is one end of a channel: Node1 (node_id_1, direction 0) or Node2.
type Side uint8

// The two ends of a channel.
const (
	Node1 Side = 1
	Node2 Side = 2
)

// SetSignatures puts the two signatures of one side's
// announcement_signatures into the announcement.
func (m *ChannelAnnouncement) SetSignatures(side Side, a *AnnouncementSignatures) {
	if side == Node1 {
		m.NodeSignature1, m.BitcoinSignature1 = a.NodeSignature, a.BitcoinSignature
	} else {
		m.NodeSignature2, m.BitcoinSignature2 = a.NodeSignature, a.BitcoinSignature
	}
}

// Keys returns the node key and funding key of side.
func (m *ChannelAnnouncement) Keys(side Side) (node, bitcoin wire.Point) {
	if side == Node1 {
		return m.NodeID1, m.BitcoinKey1
	}
	return m.NodeID2, m.BitcoinKey2
}

// NodeAnnouncement is the node_announcement message (type 257), BOLT #7
// "The node_announcement Message": a node's features, alias, color and
// network addresses, signed by its node key.
type NodeAnnouncement struct {
	Signature wire.Signature
	// Features are the node's features (BOLT #9 context N).
	Features  feature.Vector
	Timestamp uint32
	NodeID    wire.Point
	// RGBColor is red, green, blue: "the first byte of rgb_color is the red
	// value, the second byte is the green value, and the last byte is the
	// blue value."
	RGBColor [3]byte
	// Alias is 32 bytes, UTF-8 padded with zeros by a conforming sender;
	// AliasString reads it.
	Alias [32]byte
	// Addresses are the address descriptors in wire order, an unknown
	// descriptor type and everything after it kept as bytes (BOLT #7:
	// "SHOULD ignore the first address descriptor that does NOT match the
	// types defined above"), so the message re-encodes byte for byte.
	// Addresses.Usable gives those worth dialing.
	Addresses netaddr.AddressList
	// Extension holds unknown odd TLV records after the payload; the
	// signature covers them.
	Extension wire.Records
}

// Type returns TypeNodeAnnouncement.
func (m *NodeAnnouncement) Type() uint16 { return TypeNodeAnnouncement }

// Fields walks the signature, then the signed part.
func (m *NodeAnnouncement) Fields(f *wire.Fields) {
	f.Signature("signature", &m.Signature)
	m.walkSigned(f)
}

// walkSigned walks [u16:flen][flen*byte:features][u32:timestamp]
// [point:node_id][3*byte:rgb_color][32*byte:alias][u16:addrlen]
// [addrlen*byte:addresses] and the extension.
func (m *NodeAnnouncement) walkSigned(f *wire.Fields) {
	f.Bytes16("flen", "features", (*[]byte)(&m.Features))
	f.U32("timestamp", &m.Timestamp)
	f.FixedBytes("node_id", m.NodeID[:])
	f.FixedBytes("rgb_color", m.RGBColor[:])
	f.FixedBytes("alias", m.Alias[:])
	walkAddresses(f, &m.Addresses)
	f.Extension(&m.Extension)
}

// walkAddresses walks [u16:addrlen][addrlen*byte:addresses] through
// netaddr's BOLT #7 descriptor codec; the JSON form is the hex of the
// bytes, as for every byte array.
func walkAddresses(f *wire.Fields, l *netaddr.AddressList) {
	switch f.Mode() {
	case wire.ModeDecode:
		r := f.Reader()
		n := r.U16()
		f.Check("addrlen")
		b := r.Bytes(int(n))
		f.Check("addresses")
		if f.Err() != nil {
			return
		}
		list, err := netaddr.DecodeAddressList(b)
		if err != nil {
			f.Fail("addresses", malformed(ErrInvalidAddresses, err))
			return
		}
		// The unknown tail aliases the payload; a decoded message owns its
		// bytes.
		if list.Unknown != nil {
			list.Unknown = append([]byte(nil), list.Unknown...)
		}
		*l = list
	case wire.ModeEncode:
		out := f.Out()
		start := len(*out)
		*out = append(*out, 0, 0)
		enc, err := l.Append(*out)
		if err != nil {
			f.Fail("addresses", err)
			return
		}
		n := len(enc) - start - 2
		if n > 0xffff {
			f.Fail("addresses", wire.ErrTooLarge)
			return
		}
		enc[start], enc[start+1] = byte(n>>8), byte(n)
		*out = enc
	case wire.ModeJSON:
		b, err := l.Append(nil)
		if err != nil {
			f.Fail("addresses", err)
			return
		}
		js := make([]byte, 0, 2+2*len(b))
		js = append(js, '"')
		js = hex.AppendEncode(js, b)
		f.RawJSON("addresses", append(js, '"'))
	}
}

// Encode appends the payload to dst.
func (m *NodeAnnouncement) Encode(dst []byte) ([]byte, error) {
	e := wire.NewEncoder(dst)
	m.Fields(&e)
	return e.Output()
}

// Decode decodes a payload; on failure m is unchanged. A known address
// descriptor that is cut short or invalid fails with ErrInvalidAddresses.
func (m *NodeAnnouncement) Decode(payload []byte) error {
	var v NodeAnnouncement
	d := wire.NewDecoder(payload)
	v.Fields(&d)
	if err := d.Done(); err != nil {
		return err
	}
	*m = v
	return nil
}

// SignedData appends to dst the bytes the signature signs: BOLT #7 "the
// entire remaining packet after signature".
func (m *NodeAnnouncement) SignedData(dst []byte) ([]byte, error) {
	e := wire.NewEncoder(dst)
	m.walkSigned(&e)
	return e.Output()
}

// Digest returns the double-SHA256 of the signed part.
func (m *NodeAnnouncement) Digest() ([32]byte, error) {
	var buf [signedBufLen]byte
	data, err := m.SignedData(buf[:0])
	if err != nil {
		return [32]byte{}, err
	}
	return doubleSHA256(data), nil
}

// AliasString returns the alias as text: its bytes up to the first zero.
// An alias that is not valid UTF-8 (BOLT #7: the origin "MUST set alias to a
// valid UTF-8 string") is returned with invalid bytes replaced by U+FFFD.
// The text is as the node chose it: BOLT #7 warns that aliases "should
// always be sanitized before being displayed in HTML/Javascript contexts".
func (m *NodeAnnouncement) AliasString() string {
	b := m.Alias[:]
	if i := strings.IndexByte(string(b), 0); i >= 0 {
		b = b[:i]
	}
	if utf8.Valid(b) {
		return string(b)
	}
	return strings.ToValidUTF8(string(b), "\uFFFD")
}

// SetAlias sets the alias: at most 32 bytes of UTF-8, zero-padded. It
// reports false (leaving the alias unchanged) when s is longer or not
// valid UTF-8.
func (m *NodeAnnouncement) SetAlias(s string) bool {
	if len(s) > len(m.Alias) || !utf8.ValidString(s) {
		return false
	}
	m.Alias = [32]byte{}
	copy(m.Alias[:], s)
	return true
}
