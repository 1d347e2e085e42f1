package messaging

import "github.com/lnstack/lnstack/layer2_messaging/wire"

// Ping is the ping message (type 18), BOLT #1 "The ping and pong Messages":
// it keeps a connection alive and asks for a pong of num_pong_bytes bytes.
type Ping struct {
	// NumPongBytes is the length of the ignored bytes the pong must carry.
	NumPongBytes uint16
	// Ignored is padding; a sender "SHOULD set ignored to 0s".
	Ignored []byte
	// Extension holds unknown odd TLV records after the payload.
	Extension wire.Records
}

// NoPongThreshold is the smallest num_pong_bytes that asks for no pong. BOLT
// #1: "if num_pong_bytes is less than 65532: MUST respond by sending a pong
// message ... otherwise ... MUST ignore the ping"; 65531 is the largest
// byteslen a pong can carry (65535 - 2 for the type - 2 for byteslen).
const NoPongThreshold = 65532

// Type returns TypePing.
func (m *Ping) Type() uint16 { return TypePing }

// Reset clears m for Decoder.DecodeInto (see Resetter).
func (m *Ping) Reset() { *m = Ping{} }

// Fields walks [u16:num_pong_bytes][u16:byteslen][byteslen*byte:ignored].
func (m *Ping) Fields(f *wire.Fields) {
	f.U16("num_pong_bytes", &m.NumPongBytes)
	f.Bytes16("byteslen", "ignored", &m.Ignored)
	f.Extension(&m.Extension)
}

// Encode appends the payload to dst.
func (m *Ping) Encode(dst []byte) ([]byte, error) {
	if len(m.Extension) == 0 && len(m.Ignored) <= 0xffff {
		return appendBytes16(append(dst, byte(m.NumPongBytes>>8), byte(m.NumPongBytes)), m.Ignored), nil // the direct form (fastpath.go)
	}
	e := wire.NewEncoder(dst)
	m.Fields(&e)
	return e.Output()
}

// Decode decodes a payload; on failure m is unchanged.
func (m *Ping) Decode(payload []byte) error {
	var v Ping
	d := wire.NewDecoder(payload)
	v.Fields(&d)
	if err := d.Done(); err != nil {
		return err
	}
	*m = v
	return nil
}

// NewPing returns a ping asking for numPongBytes bytes back, padded with
// paddingLen zero bytes.
func NewPing(numPongBytes, paddingLen uint16) *Ping {
	return &Ping{NumPongBytes: numPongBytes, Ignored: make([]byte, paddingLen)}
}

// PongFor returns the pong that answers p, and false when p must get none
// (num_pong_bytes of NoPongThreshold or more). The pong's ignored bytes are
// zeros: a sender "MUST NOT set ignored to sensitive data".
func PongFor(p *Ping) (*Pong, bool) {
	if p.NumPongBytes >= NoPongThreshold {
		return nil, false
	}
	return &Pong{Ignored: make([]byte, p.NumPongBytes)}, true
}

// Answers reports whether pong answers ping: BOLT #1 "if byteslen does not
// correspond to any ping's num_pong_bytes value it has sent: MAY close the
// connection". A ping that asked for no pong is answered by none.
func (m *Pong) Answers(ping *Ping) bool {
	return ping.NumPongBytes < NoPongThreshold && len(m.Ignored) == int(ping.NumPongBytes)
}

// Pong is the pong message (type 19), the reply to a ping.
type Pong struct {
	// Ignored is num_pong_bytes bytes of padding, zeros.
	Ignored []byte
	// Extension holds unknown odd TLV records after the payload.
	Extension wire.Records
}

// Type returns TypePong.
func (m *Pong) Type() uint16 { return TypePong }

// Reset clears m for Decoder.DecodeInto (see Resetter).
func (m *Pong) Reset() { *m = Pong{} }

// Fields walks [u16:byteslen][byteslen*byte:ignored].
func (m *Pong) Fields(f *wire.Fields) {
	f.Bytes16("byteslen", "ignored", &m.Ignored)
	f.Extension(&m.Extension)
}

// Encode appends the payload to dst.
func (m *Pong) Encode(dst []byte) ([]byte, error) {
	if len(m.Extension) == 0 && len(m.Ignored) <= 0xffff {
		return appendBytes16(dst, m.Ignored), nil // the direct form (fastpath.go)
	}
	e := wire.NewEncoder(dst)
	m.Fields(&e)
	return e.Output()
}

// Decode decodes a payload; on failure m is unchanged.
func (m *Pong) Decode(payload []byte) error {
	var v Pong
	d := wire.NewDecoder(payload)
	v.Fields(&d)
	if err := d.Done(); err != nil {
		return err
	}
	*m = v
	return nil
}
