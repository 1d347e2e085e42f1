package messaging

import "github.com/lnstack/lnstack/layer2_messaging/wire"

// MaxBlobLen is the largest peer storage blob. BOLT #1: the sender "MUST
// limit its blob to 65531 bytes" (65535 - 2 for the type - 2 for length).
const MaxBlobLen = 65531

// PeerStorage is the peer_storage message (type 7), BOLT #1 "Peer Storage":
// data a node asks an option_provide_storage peer to keep for it.
type PeerStorage struct {
	// Blob is the encrypted data; a sender "SHOULD pad the blob to ensure
	// its length is always exactly 65531 bytes".
	Blob []byte
	// Extension holds unknown odd TLV records after the payload.
	Extension wire.Records
}

// Type returns TypePeerStorage.
func (m *PeerStorage) Type() uint16 { return TypePeerStorage }

// Fields walks [u16:length][length*byte:blob].
func (m *PeerStorage) Fields(f *wire.Fields) {
	f.Bytes16("length", "blob", &m.Blob)
	f.Extension(&m.Extension)
}

// Encode appends the payload to dst.
func (m *PeerStorage) Encode(dst []byte) ([]byte, error) {
	if len(m.Extension) == 0 && len(m.Blob) <= 0xffff {
		return appendBytes16(dst, m.Blob), nil // the direct form (fastpath.go)
	}
	e := wire.NewEncoder(dst)
	m.Fields(&e)
	return e.Output()
}

// Decode decodes a payload; on failure m is unchanged.
func (m *PeerStorage) Decode(payload []byte) error {
	var v PeerStorage
	d := wire.NewDecoder(payload)
	v.Fields(&d)
	if err := d.Done(); err != nil {
		return err
	}
	*m = v
	return nil
}

// PeerStorageRetrieval is the peer_storage_retrieval message (type 9): the
// last blob a peer stored for the receiver, sent back after init.
type PeerStorageRetrieval struct {
	// Blob is "the last blob it stored for that peer".
	Blob []byte
	// Extension holds unknown odd TLV records after the payload.
	Extension wire.Records
}

// Type returns TypePeerStorageRetrieval.
func (m *PeerStorageRetrieval) Type() uint16 { return TypePeerStorageRetrieval }

// Fields walks [u16:length][length*byte:blob].
func (m *PeerStorageRetrieval) Fields(f *wire.Fields) {
	f.Bytes16("length", "blob", &m.Blob)
	f.Extension(&m.Extension)
}

// Encode appends the payload to dst.
func (m *PeerStorageRetrieval) Encode(dst []byte) ([]byte, error) {
	if len(m.Extension) == 0 && len(m.Blob) <= 0xffff {
		return appendBytes16(dst, m.Blob), nil // the direct form (fastpath.go)
	}
	e := wire.NewEncoder(dst)
	m.Fields(&e)
	return e.Output()
}

// Decode decodes a payload; on failure m is unchanged.
func (m *PeerStorageRetrieval) Decode(payload []byte) error {
	var v PeerStorageRetrieval
	d := wire.NewDecoder(payload)
	v.Fields(&d)
	if err := d.Done(); err != nil {
		return err
	}
	*m = v
	return nil
}
