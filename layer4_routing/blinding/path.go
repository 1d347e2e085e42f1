package blinding

import "github.com/lnstack/lnstack/layer2_messaging/wire"

// Path is a blinded_path (BOLT #4 "Route Blinding"): "an initial
// introduction point (first_node_id)", "an initial key to share a secret
// with the first node_id (first_path_key)", and per node of the path its
// blinded node id and its encrypted_recipient_data. The first node's entry
// is in Hops too.
type Path struct {
	// FirstNodeID is the introduction node: a node id, or a channel end.
	FirstNodeID wire.SciddirOrPubkey
	// FirstPathKey is E_0, the path_key of the introduction node.
	FirstPathKey wire.Point
	// Hops are the nodes of the path, introduction node first.
	Hops []Hop
}

// Hop is a blinded_path_hop.
type Hop struct {
	// BlindedNodeID is B_i, the key an onion layer is encrypted to.
	BlindedNodeID wire.Point
	// EncryptedRecipientData is the node's encrypted_data_tlv, encrypted.
	EncryptedRecipientData []byte
}

// minHopLen is the least a blinded_path_hop takes: a point and a u16.
const minHopLen = wire.PointLen + 2

// Walk walks the subtype as the field name (a JSON object of its own).
func (p *Path) Walk(f *wire.Fields, name string) {
	f.BeginObject(name)
	p.Fields(f)
	f.EndObject()
}

// Fields walks the path's fields, for the path on its own.
func (p *Path) Fields(f *wire.Fields) {
	f.SciddirOrPubkey("first_node_id", &p.FirstNodeID)
	f.Point("first_path_key", &p.FirstPathKey)
	n := f.Count8("num_hops", len(p.Hops))
	p.Hops = wire.Counted(f, "path", p.Hops, n, minHopLen)
	f.BeginArray("path")
	for i := range p.Hops {
		f.BeginObject("path")
		f.Point("blinded_node_id", &p.Hops[i].BlindedNodeID)
		f.Bytes16("enclen", "encrypted_recipient_data", &p.Hops[i].EncryptedRecipientData)
		f.EndObject()
	}
	f.EndArray()
}

// Encode appends the path's encoding to dst.
func (p *Path) Encode(dst []byte) ([]byte, error) {
	e := wire.NewEncoder(dst)
	p.Fields(&e)
	return e.Output()
}

// Decode decodes an encoded path with nothing after it; on failure p is
// unchanged.
func (p *Path) Decode(b []byte) error {
	var v Path
	d := wire.NewDecoder(b)
	v.Fields(&d)
	if err := d.Done(); err != nil {
		return err
	}
	*p = v
	return nil
}
