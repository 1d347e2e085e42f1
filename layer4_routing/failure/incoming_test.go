package failure_test

import (
	"errors"
	"fmt"
	"testing"

	"github.com/lnstack/lnstack/layer2_messaging/wire"
	"github.com/lnstack/lnstack/layer3_p2p/channelmsg"
	"github.com/lnstack/lnstack/layer4_routing/blinding"
	"github.com/lnstack/lnstack/layer4_routing/failure"
	"github.com/lnstack/lnstack/layer4_routing/sphinx"
)

// TestForIncoming maps the errors of processing an incoming onion to the
// failure returned and how it goes back.
func TestForIncoming(t *testing.T) {
	onion := &sphinx.Packet{PublicKey: wire.Point{2, 1}, Payloads: make([]byte, sphinx.PayloadsSize)}
	hash := wire.SHA256(onion.Hash())
	payload := []byte{2, 1, 5, 4, 1, 9, 20, 0}
	var p sphinx.Payload
	decodeErr := p.Decode(payload) // unknown even type 20 at offset 6
	cases := []struct {
		name      string
		err       error
		code      failure.Code
		malformed bool
		typ       uint64
		offset    uint16
	}{
		{"version", &sphinx.VersionError{Version: 1}, failure.CodeInvalidOnionVersion, true, 0, 0},
		{"key", sphinx.ErrInvalidKey, failure.CodeInvalidOnionKey, true, 0, 0},
		{"hmac", fmt.Errorf("peel: %w", sphinx.ErrInvalidHMAC), failure.CodeInvalidOnionHMAC, true, 0, 0},
		{"replay", sphinx.ErrReplay, failure.CodeInvalidOnionVersion, true, 0, 0},
		{"payload length", &sphinx.PayloadLengthError{Length: 1}, failure.CodeInvalidOnionPayload, false, 0, 0},
		{"unknown even record", decodeErr, failure.CodeInvalidOnionPayload, false, 20, 6},
		{"missing record", &sphinx.RecordError{Type: 6, Err: sphinx.ErrMissingRecord}, failure.CodeInvalidOnionPayload, false, 6, 0},
		{"unexpected record", &sphinx.RecordError{Type: 4, Err: sphinx.ErrUnexpectedRecord}, failure.CodeInvalidOnionPayload, false, 4, 3},
		{"inside a blinded path", &blinding.PathError{PathKeyInHTLC: true, Err: sphinx.ErrInvalidHMAC}, failure.CodeInvalidOnionBlinding, true, 0, 0},
		{"introduction node", &blinding.PathError{Err: blinding.ErrDecrypt}, failure.CodeInvalidOnionBlinding, false, 0, 0},
		{"other", errors.New("disk full"), failure.CodeTemporaryNodeFailure, false, 0, 0},
	}
	for _, c := range cases {
		m, malformed := failure.ForIncoming(c.err, onion, payload)
		if m.Code() != c.code || malformed != c.malformed {
			t.Errorf("%s: %v malformed %v, want %v %v", c.name, m.Code(), malformed, c.code, c.malformed)
			continue
		}
		if ip, ok := m.(*failure.InvalidOnionPayload); ok && (ip.Type != c.typ || ip.Offset != c.offset) {
			t.Errorf("%s: type %d offset %d, want %d %d", c.name, ip.Type, ip.Offset, c.typ, c.offset)
		}
		if !c.malformed {
			continue
		}
		upd, err := failure.MalformedHTLC(wire.ChannelID{9}, 7, m)
		if err != nil || upd.SHA256OfOnion != hash || upd.FailureCode != uint16(c.code) || !upd.HasBadOnion() {
			t.Errorf("%s: update_fail_malformed_htlc %+v %v", c.name, upd, err)
			continue
		}
		// The hop before turns it into the failure it encrypts.
		back, err := failure.FromMalformed(upd)
		if err != nil || back.Code() != c.code {
			t.Errorf("%s: FromMalformed %v %v", c.name, back, err)
		}
	}
	if _, err := failure.MalformedHTLC(wire.ChannelID{}, 0, &failure.TemporaryNodeFailure{}); !errors.Is(err, failure.ErrNotBadOnion) {
		t.Errorf("MalformedHTLC without BADONION: %v", err)
	}
	if _, err := failure.FromMalformed(&channelmsg.UpdateFailMalformedHTLC{FailureCode: 0x2002}); !errors.Is(err, failure.ErrNotBadOnion) {
		t.Errorf("FromMalformed without BADONION: %v", err)
	}
	m, err := failure.FromMalformed(&channelmsg.UpdateFailMalformedHTLC{FailureCode: 0x8063, SHA256OfOnion: hash})
	if u, ok := m.(*failure.Unknown); err != nil || !ok || len(u.Data) != 32 {
		t.Errorf("unknown BADONION code: %#v %v", m, err)
	}
}
