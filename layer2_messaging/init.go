package messaging

import (
	"fmt"

	"github.com/lnstack/lnstack/layer1_transport/netaddr"
	"github.com/lnstack/lnstack/layer2_messaging/feature"
	"github.com/lnstack/lnstack/layer2_messaging/wire"
)

// Init is the init message (type 16), BOLT #1 "The init Message": the first
// message on every connection, revealing the features a node supports or
// requires.
type Init struct {
	// GlobalFeatures is the historical first bitmap; BOLT #1: a sender
	// "SHOULD NOT set features greater than 13 in globalfeatures".
	GlobalFeatures feature.Vector
	// Features is the feature bitmap (BOLT #9).
	Features feature.Vector
	// TLVs is the init_tlvs extension.
	TLVs InitTLVs
}

// Type returns TypeInit.
func (m *Init) Type() uint16 { return TypeInit }

// Fields walks [u16:gflen][gflen*byte:globalfeatures][u16:flen]
// [flen*byte:features][init_tlvs:tlvs].
func (m *Init) Fields(f *wire.Fields) {
	f.Bytes16("gflen", "globalfeatures", (*[]byte)(&m.GlobalFeatures))
	f.Bytes16("flen", "features", (*[]byte)(&m.Features))
	m.TLVs.Walk(f, "tlvs")
}

// Encode appends the payload to dst.
func (m *Init) Encode(dst []byte) ([]byte, error) {
	e := wire.NewEncoder(dst)
	m.Fields(&e)
	return e.Output()
}

// Decode decodes a payload; on failure m is unchanged.
func (m *Init) Decode(payload []byte) error {
	var v Init
	d := wire.NewDecoder(payload)
	v.Fields(&d)
	if err := d.Done(); err != nil {
		return err
	}
	*m = v
	return nil
}

// Combined returns globalfeatures ORed into features: BOLT #1 the receiver
// "MUST combine (bitwise OR) the two feature bitmaps into one logical
// features map".
func (m *Init) Combined() feature.Vector { return feature.Or(m.GlobalFeatures, m.Features) }

// InitTLVs is the init_tlvs stream.
type InitTLVs struct {
	// HasNetworks tells whether the networks record (type 1) is present.
	HasNetworks bool
	// Networks lists "the chains the node is interested in".
	Networks []wire.ChainHash

	// HasRemoteAddr tells whether the remote_addr record (type 3) is present.
	HasRemoteAddr bool
	// RemoteAddr is the record's data as sent: an address descriptor
	// (BOLT #7), kept raw so the message re-encodes unchanged; read it with
	// RemoteAddress.
	RemoteAddr []byte

	// Unknown holds the unknown odd records, re-encoded unchanged.
	Unknown wire.Records
}

// Walk walks the stream as the message field name ("" on its own).
func (s *InitTLVs) Walk(f *wire.Fields, name string) {
	tlv := f.BeginStream(name, &s.Unknown)
	if tlv.Record(1, "networks", &s.HasNetworks) {
		s.Networks = wire.Rest(f, "chains", s.Networks, wire.ChainHashLen)
		f.BeginArray("chains")
		for i := range s.Networks {
			f.ChainHash("chains", &s.Networks[i])
		}
		f.EndArray()
	}
	if tlv.Record(3, "remote_addr", &s.HasRemoteAddr) {
		f.RestBytes("data", &s.RemoteAddr)
	}
	tlv.End()
}

// Fields implements wire.Walker for the stream on its own.
func (s *InitTLVs) Fields(f *wire.Fields) { s.Walk(f, "") }

// RemoteAddress decodes remote_addr. BOLT #1: a sender "MUST set it to a
// valid address descriptor (1 byte type and data)"; the error says when it
// did not (the receiver MAY simply not use it).
func (s *InitTLVs) RemoteAddress() (netaddr.Address, error) {
	if !s.HasRemoteAddr {
		return nil, fmt.Errorf("init: no remote_addr")
	}
	return netaddr.DecodeDescriptor(s.RemoteAddr)
}

// SetRemoteAddress sets remote_addr to the descriptor of a. BOLT #1: a node
// "SHOULD set remote_addr to reflect the remote IP address (and port) of an
// incoming connection" and "SHOULD NOT set private addresses"
// (netaddr.IsRoutable tells).
func (s *InitTLVs) SetRemoteAddress(a netaddr.Address) error {
	b, err := netaddr.AppendDescriptor(nil, a)
	if err != nil {
		return err
	}
	s.HasRemoteAddr, s.RemoteAddr = true, b
	return nil
}
