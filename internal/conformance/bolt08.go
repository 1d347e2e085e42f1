package conformance

import (
	"bytes"
	"encoding/hex"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/btcsuite/btcd/btcec/v2"

	"github.com/lnstack/lnstack/layer1_transport/noise"
	"github.com/lnstack/lnstack/testvectors"
)

// bolt08Runners checks the BOLT #8 vectors (Appendix A) through the
// layer1_transport/noise handshake state machines and cipher states.
func bolt08Runners() map[string]RunFunc {
	return map[string]RunFunc{
		"bolt08/initiator": runBolt08Initiator,
		"bolt08/responder": runBolt08Responder,
		"bolt08/message":   runBolt08Message,
	}
}

// bolt08Failure is what a vector's "ERROR (...)" means in noise's terms: the
// act the handshake must fail in and the sentinel the error must match.
type bolt08Failure struct {
	act int
	err error
}

// bolt08Errors maps the failure names of BOLT #8 Appendix A to noise's
// errors. READ_FAILED is an act cut short (the vectors give one byte less);
// ACT3_BAD_CIPHERTEXT is the MAC over the encrypted static key failing,
// ACT3_BAD_TAG the final MAC; ACT3_BAD_PUBKEY a static key that decrypts
// correctly but is not a valid point.
var bolt08Errors = map[string]bolt08Failure{
	"ACT1_READ_FAILED":    {1, noise.ErrShortRead},
	"ACT1_BAD_VERSION":    {1, noise.ErrBadVersion},
	"ACT1_BAD_PUBKEY":     {1, noise.ErrBadPubkey},
	"ACT1_BAD_TAG":        {1, noise.ErrBadMAC},
	"ACT2_READ_FAILED":    {2, noise.ErrShortRead},
	"ACT2_BAD_VERSION":    {2, noise.ErrBadVersion},
	"ACT2_BAD_PUBKEY":     {2, noise.ErrBadPubkey},
	"ACT2_BAD_TAG":        {2, noise.ErrBadMAC},
	"ACT3_READ_FAILED":    {3, noise.ErrShortRead},
	"ACT3_BAD_VERSION":    {3, noise.ErrBadVersion},
	"ACT3_BAD_CIPHERTEXT": {3, noise.ErrBadMAC},
	"ACT3_BAD_PUBKEY":     {3, noise.ErrBadPubkey},
	"ACT3_BAD_TAG":        {3, noise.ErrBadMAC},
}

// checkBolt08Error checks err against a vector's failure, written as in the
// BOLT: a name, and for BAD_VERSION optionally the version byte
// ("ACT2_BAD_VERSION 1").
func checkBolt08Error(err error, want string) error {
	name, arg, _ := strings.Cut(want, " ")
	f, ok := bolt08Errors[name]
	if !ok {
		return fmt.Errorf("no mapping for vector error %q", want)
	}
	if err == nil {
		return fmt.Errorf("handshake succeeded, want %s", want)
	}
	var he *noise.HandshakeError
	if !errors.As(err, &he) || he.Act != f.act {
		return fmt.Errorf("got %v, want a failure in act %d (%s)", err, f.act, want)
	}
	if !errors.Is(err, f.err) {
		return fmt.Errorf("got %v, want %v (%s)", err, f.err, want)
	}
	if arg != "" {
		v, perr := strconv.ParseUint(arg, 10, 8)
		var ve *noise.VersionError
		if perr != nil || !errors.As(err, &ve) || ve.Version != byte(v) {
			return fmt.Errorf("got %v, want %s", err, want)
		}
	}
	return nil
}

type bolt08Initiator struct {
	Name       string `json:"name"`
	RsPub      string `json:"rs_pub"`
	LsPriv     string `json:"ls_priv"`
	LsPub      string `json:"ls_pub"`
	EPriv      string `json:"e_priv"`
	EPub       string `json:"e_pub"`
	Act1Output string `json:"act1_output"`
	Act2Input  string `json:"act2_input"`
	Act3Output string `json:"act3_output"`
	Ck         string `json:"ck"`
	Sk         string `json:"sk"`
	Rk         string `json:"rk"`
	Error      string `json:"error"`
}

func runBolt08Initiator(v testvectors.Vector) error {
	var tv bolt08Initiator
	if err := v.Decode(&tv); err != nil {
		return err
	}
	h := hexFields{}
	rsPub, lsPriv, lsPub := h.get(tv.RsPub), h.get(tv.LsPriv), h.get(tv.LsPub)
	ePriv, ePub := h.get(tv.EPriv), h.get(tv.EPub)
	act1, act2, act3 := h.get(tv.Act1Output), h.get(tv.Act2Input), h.get(tv.Act3Output)
	if h.err != nil {
		return h.err
	}
	id, err := bolt08Identity(lsPriv, lsPub)
	if err != nil {
		return err
	}
	rs, err := btcec.ParsePubKey(rsPub)
	if err != nil {
		return fmt.Errorf("rs.pub: %w", err)
	}
	eph, err := bolt08Ephemeral(ePriv, ePub)
	if err != nil {
		return err
	}
	m, err := noise.NewInitiator(id, rs, eph)
	if err != nil {
		return err
	}
	got1, err := m.ActOne()
	if err != nil {
		return fmt.Errorf("act one: %w", err)
	}
	if !bytes.Equal(got1[:], act1) {
		return fmt.Errorf("act one: got %x, want %x", got1, act1)
	}
	got3, s, err := m.RecvActTwo(act2)
	if tv.Error != "" {
		return checkBolt08Error(err, tv.Error)
	}
	if err != nil {
		return fmt.Errorf("act two: %w", err)
	}
	if !bytes.Equal(got3[:], act3) {
		return fmt.Errorf("act three: got %x, want %x", got3, act3)
	}
	if !s.RemotePub().IsEqual(rs) || !bytes.Equal(s.LocalPub().SerializeCompressed(), lsPub) {
		return errors.New("session static keys differ from rs.pub / ls.pub")
	}
	return bolt08CheckKeys(s, tv.Sk, tv.Rk, tv.Ck)
}

type bolt08Responder struct {
	Name       string `json:"name"`
	LsPriv     string `json:"ls_priv"`
	LsPub      string `json:"ls_pub"`
	EPriv      string `json:"e_priv"`
	EPub       string `json:"e_pub"`
	Act1Input  string `json:"act1_input"`
	Act2Output string `json:"act2_output"`
	Act3Input  string `json:"act3_input"`
	Ck         string `json:"ck"`
	Rk         string `json:"rk"`
	Sk         string `json:"sk"`
	Error      string `json:"error"`
}

func runBolt08Responder(v testvectors.Vector) error {
	var tv bolt08Responder
	if err := v.Decode(&tv); err != nil {
		return err
	}
	h := hexFields{}
	lsPriv, lsPub := h.get(tv.LsPriv), h.get(tv.LsPub)
	ePriv, ePub := h.get(tv.EPriv), h.get(tv.EPub)
	act1, act2, act3 := h.get(tv.Act1Input), h.get(tv.Act2Output), h.get(tv.Act3Input)
	if h.err != nil {
		return h.err
	}
	id, err := bolt08Identity(lsPriv, lsPub)
	if err != nil {
		return err
	}
	eph, err := bolt08Ephemeral(ePriv, ePub)
	if err != nil {
		return err
	}
	m, err := noise.NewResponder(id, eph)
	if err != nil {
		return err
	}
	got2, err := m.RecvActOne(act1)
	if strings.HasPrefix(tv.Error, "ACT1_") {
		return checkBolt08Error(err, tv.Error)
	}
	if err != nil {
		return fmt.Errorf("act one: %w", err)
	}
	if !bytes.Equal(got2[:], act2) {
		return fmt.Errorf("act two: got %x, want %x", got2, act2)
	}
	s, err := m.RecvActThree(act3)
	if tv.Error != "" {
		return checkBolt08Error(err, tv.Error)
	}
	if err != nil {
		return fmt.Errorf("act three: %w", err)
	}
	if !bytes.Equal(s.LocalPub().SerializeCompressed(), lsPub) {
		return errors.New("session local key differs from ls.pub")
	}
	return bolt08CheckKeys(s, tv.Sk, tv.Rk, tv.Ck)
}

type bolt08Message struct {
	Name    string            `json:"name"`
	Ck      string            `json:"ck"`
	Sk      string            `json:"sk"`
	Rk      string            `json:"rk"`
	Message string            `json:"message"`
	Repeat  int               `json:"repeat"`
	Outputs map[string]string `json:"outputs"`
}

// runBolt08Message encrypts the message `repeat` times with sk, checking the
// frames the BOLT lists (which straddle two key rotations), and decrypts every
// frame again with a receiving state on the same key, as the responder's rk.
func runBolt08Message(v testvectors.Vector) error {
	var tv bolt08Message
	if err := v.Decode(&tv); err != nil {
		return err
	}
	h := hexFields{}
	ck, sk, _ := h.key(tv.Ck), h.key(tv.Sk), h.key(tv.Rk)
	msg := h.get(tv.Message)
	want := make(map[int][]byte, len(tv.Outputs))
	for k, out := range tv.Outputs {
		i, err := strconv.Atoi(k)
		if err != nil || i < 0 || i >= tv.Repeat {
			return fmt.Errorf("output index %q outside 0..%d", k, tv.Repeat-1)
		}
		want[i] = h.get(out)
	}
	if h.err != nil {
		return h.err
	}
	send, recv := noise.NewCipherState(sk, ck), noise.NewCipherState(sk, ck)
	for i := 0; i < tv.Repeat; i++ {
		frame, err := send.EncryptFrame(nil, msg)
		if err != nil {
			return fmt.Errorf("output %d: %w", i, err)
		}
		if w, ok := want[i]; ok && !bytes.Equal(frame, w) {
			return fmt.Errorf("output %d: got %x, want %x", i, frame, w)
		}
		got, err := recv.DecryptFrame(nil, frame)
		if err != nil || !bytes.Equal(got, msg) {
			return fmt.Errorf("decrypting output %d: %x, %v", i, got, err)
		}
	}
	return nil
}

// bolt08CheckKeys checks that a session's cipher states hold the vector's
// keys without reading them out: each must produce the same frames as a
// cipher state built from sk (sending) or rk (receiving) and ck, across a key
// rotation so that the chaining key counts too.
func bolt08CheckKeys(s *noise.Session, skHex, rkHex, ckHex string) error {
	h := hexFields{}
	sk, rk, ck := h.key(skHex), h.key(rkHex), h.key(ckHex)
	if h.err != nil {
		return h.err
	}
	for _, dir := range []struct {
		name string
		got  *noise.CipherState
		key  [32]byte
	}{{"sk", s.Send(), sk}, {"rk", s.Recv(), rk}} {
		want := noise.NewCipherState(dir.key, ck)
		msg := []byte("bolt08 key check")
		// 501 messages: the last one uses the key after the first rotation.
		for i := 0; i < 501; i++ {
			a, err1 := dir.got.EncryptFrame(nil, msg)
			b, err2 := want.EncryptFrame(nil, msg)
			if err1 != nil || err2 != nil || !bytes.Equal(a, b) {
				return fmt.Errorf("%s: frame %d differs from the vector's key", dir.name, i)
			}
		}
	}
	return nil
}

func bolt08Identity(priv, pub []byte) (*noise.Identity, error) {
	k, _ := btcec.PrivKeyFromBytes(priv)
	id, err := noise.NewIdentity(k)
	if err != nil {
		return nil, fmt.Errorf("ls.priv: %w", err)
	}
	if got := id.PubKey().SerializeCompressed(); !bytes.Equal(got, pub) {
		return nil, fmt.Errorf("ls.pub: got %x, want %x", got, pub)
	}
	return id, nil
}

// bolt08Ephemeral returns the option that makes the handshake use the
// vector's ephemeral key, after checking the key's public half.
func bolt08Ephemeral(priv, pub []byte) (noise.Option, error) {
	k, p := btcec.PrivKeyFromBytes(priv)
	if got := p.SerializeCompressed(); !bytes.Equal(got, pub) {
		return nil, fmt.Errorf("e.pub: got %x, want %x", got, pub)
	}
	return noise.WithEphemeralKey(func() (*btcec.PrivateKey, error) { return k, nil }), nil
}

// hexFields decodes hex fields, remembering the first failure.
type hexFields struct{ err error }

func (h *hexFields) get(s string) []byte {
	b, err := hex.DecodeString(s)
	if err != nil && h.err == nil {
		h.err = fmt.Errorf("hex field %q: %w", s, err)
	}
	return b
}

func (h *hexFields) key(s string) [32]byte {
	var k [32]byte
	b := h.get(s)
	if len(b) != 32 && h.err == nil {
		h.err = fmt.Errorf("key %q: want 32 bytes", s)
	}
	copy(k[:], b)
	return k
}
