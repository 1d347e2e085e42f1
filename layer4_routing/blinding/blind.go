package blinding

import (
	"github.com/btcsuite/btcd/btcec/v2"
	"golang.org/x/crypto/chacha20poly1305"

	"github.com/lnstack/lnstack/layer2_messaging/wire"
	"github.com/lnstack/lnstack/layer4_routing/sphinx"
)

// Blinder is the creator's side of a blinded path (BOLT #4 "Route
// Blinding", the writer of a blinded_path): it walks the chain of path keys
// from e_0 and, for each node, derives the shared secret, the blinded node
// id and the encrypted blob. A path joined from two creators' parts takes
// one Blinder per part.
type Blinder struct {
	e btcec.ModNScalar // e_i
	E wire.Point       // E_i = e_i * G
}

// NewBlinder starts a path from the secret e_0 ("SHOULD be obtained via
// CSPRNG").
func NewBlinder(sessionKey *btcec.PrivateKey) (*Blinder, error) {
	if sessionKey == nil || sessionKey.Key.IsZero() {
		return nil, ErrBadPath
	}
	b := &Blinder{e: sessionKey.Key}
	b.E = sphinx.BasePoint(&b.e)
	return b, nil
}

// PathKey returns E_i, the path_key of the next node to add.
func (b *Blinder) PathKey() wire.Point { return b.E }

// PathPrivKey returns e_i.
func (b *Blinder) PathPrivKey() *btcec.PrivateKey {
	e := b.e
	return btcec.PrivKeyFromScalar(&e)
}

// BlindedHop is one node added to a path, with the values derived for it.
type BlindedHop struct {
	Hop
	// PathKey is E_i, the path_key the node receives.
	PathKey wire.Point
	// Secret is ss_i = SHA256(e_i * N_i).
	Secret sphinx.Secret
}

// Add blinds node N_i and encrypts its encrypted_data_tlv (plaintext,
// already encoded), then steps the chain:
//
//	ss_i = SHA256(e_i * N_i), rho_i = HMAC256("rho", ss_i)
//	B_i = HMAC256("blinded_node_id", ss_i) * N_i
//	e_{i+1} = SHA256(E_i || ss_i) * e_i, E_{i+1} = e_{i+1} * G
//
// and the blob is ChaCha20-Poly1305 with rho_i and an all-zero nonce.
func (b *Blinder) Add(node *btcec.PublicKey, plaintext []byte) (BlindedHop, error) {
	if node == nil {
		return BlindedHop{}, ErrBadPath
	}
	n := wire.PointFromPubKey(node)
	ss, err := sphinx.ECDH(&b.e, &n)
	if err != nil {
		return BlindedHop{}, err
	}
	tweak := sphinx.DeriveKey(sphinx.KeyBlindedNodeID, &ss)
	var t btcec.ModNScalar
	t.SetBytes(&tweak)
	blinded, err := sphinx.MulPoint(&t, &n)
	if err != nil {
		return BlindedHop{}, err
	}
	out := BlindedHop{Hop: Hop{BlindedNodeID: blinded}, PathKey: b.E, Secret: ss}
	out.EncryptedRecipientData = seal(&ss, plaintext)
	f := sphinx.BlindingFactor(&b.E, &ss)
	b.e.Mul(&f)
	if b.e.IsZero() {
		return BlindedHop{}, ErrBadPath
	}
	b.E = sphinx.BasePoint(&b.e)
	return out, nil
}

// BuildPath creates a blinded path to the last of nodes (the creator
// itself), introduction node first, encrypting data[i] (encoded
// encrypted_data_tlv streams) to nodes[i]. first_node_id is the
// introduction node's id.
func BuildPath(sessionKey *btcec.PrivateKey, nodes []*btcec.PublicKey, data [][]byte) (Path, error) {
	if len(nodes) == 0 || len(nodes) != len(data) || len(nodes) > 255 {
		return Path{}, ErrBadPath
	}
	b, err := NewBlinder(sessionKey)
	if err != nil {
		return Path{}, err
	}
	p := Path{FirstPathKey: b.PathKey(), Hops: make([]Hop, len(nodes))}
	if nodes[0] == nil {
		return Path{}, ErrBadPath
	}
	p.FirstNodeID = wire.SciddirFromPoint(wire.PointFromPubKey(nodes[0]))
	for i, n := range nodes {
		h, err := b.Add(n, data[i])
		if err != nil {
			return Path{}, err
		}
		p.Hops[i] = h.Hop
	}
	return p, nil
}

// seal encrypts with ChaCha20-Poly1305 keyed by rho(ss), zero nonce, no
// associated data.
func seal(ss *sphinx.Secret, plaintext []byte) []byte {
	rho := sphinx.DeriveKey(sphinx.KeyRho, ss)
	aead, err := chacha20poly1305.New(rho[:])
	if err != nil {
		panic("blinding: internal error: " + err.Error())
	}
	var nonce [chacha20poly1305.NonceSize]byte
	return aead.Seal(nil, nonce[:], plaintext, nil)
}

// open decrypts what seal encrypted; it fails with ErrDecrypt.
func open(ss *sphinx.Secret, ciphertext []byte) ([]byte, error) {
	rho := sphinx.DeriveKey(sphinx.KeyRho, ss)
	aead, err := chacha20poly1305.New(rho[:])
	if err != nil {
		panic("blinding: internal error: " + err.Error())
	}
	var nonce [chacha20poly1305.NonceSize]byte
	out, err := aead.Open(nil, nonce[:], ciphertext, nil)
	if err != nil {
		return nil, ErrDecrypt
	}
	return out, nil
}

// Unblinded is what a node of a blinded path derives from its key and the
// path_key it was handed (BOLT #4, the reader of encrypted_recipient_data):
// ss_i = SHA256(k_i * E_i), and from it the tweak of its blinded key, the
// key of its blob and the next path key.
type Unblinded struct {
	// PathKey is E_i.
	PathKey wire.Point
	// Secret is ss_i.
	Secret sphinx.Secret
	// Tweak is HMAC256("blinded_node_id", ss_i): the node's blinded
	// private key is b_i = Tweak * k_i.
	Tweak [32]byte
}

// Unblind derives a node's secrets for path key E_i (one ECDH).
func Unblind(key *sphinx.NodeKey, pathKey *wire.Point) (Unblinded, error) {
	ss, err := key.ECDH(pathKey)
	if err != nil {
		return Unblinded{}, err
	}
	return Unblinded{PathKey: *pathKey, Secret: ss, Tweak: sphinx.DeriveKey(sphinx.KeyBlindedNodeID, &ss)}, nil
}

// BlindedKey returns the node's blinded private key b_i, the key its onion
// layer is encrypted to.
func (u *Unblinded) BlindedKey(key *sphinx.NodeKey) (*sphinx.NodeKey, error) {
	return key.Tweaked(&u.Tweak)
}

// Decrypt decrypts the node's encrypted_recipient_data ("using rho_i as a
// key using ChaCha20-Poly1305 and an all-zero nonce key"); it fails with
// ErrDecrypt.
func (u *Unblinded) Decrypt(encrypted []byte) ([]byte, error) {
	return open(&u.Secret, encrypted)
}

// DecryptData decrypts and decodes the node's encrypted_data_tlv.
func (u *Unblinded) DecryptData(encrypted []byte) (Data, error) {
	plain, err := u.Decrypt(encrypted)
	if err != nil {
		return Data{}, err
	}
	var d Data
	if err := d.Decode(plain); err != nil {
		return Data{}, err
	}
	return d, nil
}

// NextPathKey returns E_{i+1} = SHA256(E_i || ss_i) * E_i, the path_key
// to hand the next node unless the data overrides it.
func (u *Unblinded) NextPathKey() (wire.Point, error) {
	f := sphinx.BlindingFactor(&u.PathKey, &u.Secret)
	return sphinx.MulPoint(&f, &u.PathKey)
}

// NextPathKeyFor returns the next path_key given the node's decrypted
// data. BOLT #4: "If the encrypted_data_tlv contains a
// next_path_key_override: MUST use it as the next path_key. Otherwise: MUST
// use" E_{i+1} = SHA256(E_i || ss_i) * E_i (NextPathKey).
func (u *Unblinded) NextPathKeyFor(d *Data) (wire.Point, error) {
	if d.HasNextPathKeyOverride {
		return d.NextPathKeyOverride, nil
	}
	return u.NextPathKey()
}
