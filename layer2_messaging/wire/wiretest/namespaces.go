// Package wiretest holds the two TLV namespaces that BOLT #1 Appendix B
// defines only for its test vectors, n1 and n2, as real stream codecs. The
// conformance runner and the tests of package wire decode the appendix's
// streams through them.
package wiretest

import "github.com/lnstack/lnstack/layer2_messaging/wire"

// N1 is the n1 namespace: tlv1 (type 1), tlv2 (type 2), tlv3 (type 3) and
// tlv4 (type 254).
type N1 struct {
	HasTLV1    bool
	AmountMsat uint64 // tlv1: [tu64:amount_msat]

	HasTLV2 bool
	SCID    wire.ShortChannelID // tlv2: [short_channel_id:scid]

	HasTLV3     bool
	NodeID      wire.Point // tlv3: [point:node_id]
	AmountMsat1 uint64     // tlv3: [u64:amount_msat_1]
	AmountMsat2 uint64     // tlv3: [u64:amount_msat_2]

	HasTLV4   bool
	CLTVDelta uint16 // tlv4: [u16:cltv_delta]

	// Unknown holds the unknown odd records.
	Unknown wire.Records
}

// Walk walks the n1 stream as field name ("" on its own).
func (s *N1) Walk(f *wire.Fields, name string) {
	tlv := f.BeginStream(name, &s.Unknown)
	if tlv.Record(1, "tlv1", &s.HasTLV1) {
		f.TU64("amount_msat", &s.AmountMsat)
	}
	if tlv.Record(2, "tlv2", &s.HasTLV2) {
		f.ShortChannelID("scid", &s.SCID)
	}
	if tlv.Record(3, "tlv3", &s.HasTLV3) {
		f.Point("node_id", &s.NodeID)
		f.U64("amount_msat_1", &s.AmountMsat1)
		f.U64("amount_msat_2", &s.AmountMsat2)
	}
	if tlv.Record(254, "tlv4", &s.HasTLV4) {
		f.U16("cltv_delta", &s.CLTVDelta)
	}
	tlv.End()
}

// Fields implements wire.Walker: the stream on its own.
func (s *N1) Fields(f *wire.Fields) { s.Walk(f, "") }

// Decode decodes an n1 stream into s, leaving s unchanged on failure.
func (s *N1) Decode(b []byte) error {
	var v N1
	d := wire.NewDecoder(b)
	v.Walk(&d, "")
	if err := d.Done(); err != nil {
		return err
	}
	*s = v
	return nil
}

// Encode appends the n1 stream to dst.
func (s *N1) Encode(dst []byte) ([]byte, error) {
	e := wire.NewEncoder(dst)
	s.Walk(&e, "")
	return e.Output()
}

// N2 is the n2 namespace: tlv1 (type 0) and tlv2 (type 11).
type N2 struct {
	HasTLV1    bool
	AmountMsat uint64 // tlv1: [tu64:amount_msat]

	HasTLV2    bool
	CLTVExpiry uint32 // tlv2: [tu32:cltv_expiry]

	// Unknown holds the unknown odd records.
	Unknown wire.Records
}

// Walk walks the n2 stream as field name ("" on its own).
func (s *N2) Walk(f *wire.Fields, name string) {
	tlv := f.BeginStream(name, &s.Unknown)
	if tlv.Record(0, "tlv1", &s.HasTLV1) {
		f.TU64("amount_msat", &s.AmountMsat)
	}
	if tlv.Record(11, "tlv2", &s.HasTLV2) {
		f.TU32("cltv_expiry", &s.CLTVExpiry)
	}
	tlv.End()
}

// Fields implements wire.Walker: the stream on its own.
func (s *N2) Fields(f *wire.Fields) { s.Walk(f, "") }

// Decode decodes an n2 stream into s, leaving s unchanged on failure.
func (s *N2) Decode(b []byte) error {
	var v N2
	d := wire.NewDecoder(b)
	v.Walk(&d, "")
	if err := d.Done(); err != nil {
		return err
	}
	*s = v
	return nil
}

// Encode appends the n2 stream to dst.
func (s *N2) Encode(dst []byte) ([]byte, error) {
	e := wire.NewEncoder(dst)
	s.Walk(&e, "")
	return e.Output()
}
