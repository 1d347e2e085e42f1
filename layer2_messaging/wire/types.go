package wire

import (
	"encoding/binary"
	"encoding/hex"
	"fmt"
	"strconv"
	"strings"

	"github.com/btcsuite/btcd/btcec/v2"
)

// Sizes of the fixed-size convenience types of BOLT #1 "Fundamental Types".
const (
	ChainHashLen      = 32
	ChannelIDLen      = 32
	SHA256Len         = 32
	SignatureLen      = 64
	Bip340SigLen      = 64
	PointLen          = 33
	ShortChannelIDLen = 8
)

// ChainHash is a chain_hash: a 32-byte chain identifier (BOLT #0), in wire
// byte order.
type ChainHash [ChainHashLen]byte

// String returns the lower-case hex of the wire bytes.
func (h ChainHash) String() string { return hex.EncodeToString(h[:]) }

// ChannelID is a channel_id: 32 bytes (BOLT #2 "Definition of channel_id").
// The all-zero id stands for every channel in error and warning.
type ChannelID [ChannelIDLen]byte

// String returns the lower-case hex of the wire bytes.
func (c ChannelID) String() string { return hex.EncodeToString(c[:]) }

// IsZero reports whether every byte is 0: BOLT #1 "unless channel_id is 0
// (i.e. all bytes are 0), in which case it refers to all channels".
func (c ChannelID) IsZero() bool { return c == ChannelID{} }

// SHA256 is a sha256: a 32-byte SHA2-256 hash.
type SHA256 [SHA256Len]byte

// String returns the lower-case hex of the hash.
func (h SHA256) String() string { return hex.EncodeToString(h[:]) }

// Signature is a signature: a 64-byte compact ECDSA signature (r || s). Its
// validity is checked when it is verified, not when it is decoded.
type Signature [SignatureLen]byte

// Bip340Sig is a bip340sig: a 64-byte BIP-340 Schnorr signature.
type Bip340Sig [Bip340SigLen]byte

// Point is a point: a 33-byte compressed secp256k1 point (SEC 1). Decoders
// accept only valid points; see ValidPoint.
type Point [PointLen]byte

// String returns the lower-case hex of the point.
func (p Point) String() string { return hex.EncodeToString(p[:]) }

// PubKey parses the point into a btcec public key.
func (p Point) PubKey() (*btcec.PublicKey, error) {
	k, err := btcec.ParsePubKey(p[:])
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrInvalidPoint, err)
	}
	return k, nil
}

// PointFromPubKey returns the compressed encoding of k.
func PointFromPubKey(k *btcec.PublicKey) Point { return Point(k.SerializeCompressed()) }

// ValidPoint reports whether p is a compressed secp256k1 point: a first byte
// of 2 or 3, an x coordinate below the field prime, and x^3 + 7 a square.
// It checks what btcec.ParsePubKey checks for a compressed key, without
// allocating.
func ValidPoint(p *Point) bool {
	if p[0] != 2 && p[0] != 3 {
		return false
	}
	var x, rhs, y btcec.FieldVal
	if overflow := x.SetByteSlice(p[1:]); overflow {
		return false
	}
	rhs.SquareVal(&x).Mul(&x).AddInt(7)
	return y.SquareRootVal(&rhs)
}

// ShortChannelID is a short_channel_id: the block height (3 bytes), the
// transaction index in the block (3 bytes) and the output index (2 bytes)
// of a channel's funding output (BOLT #7 "Definition of short_channel_id").
type ShortChannelID uint64

// NewShortChannelID builds a short channel id; block and tx must fit in 24
// bits (ErrTooLarge otherwise).
func NewShortChannelID(block, tx uint32, output uint16) (ShortChannelID, error) {
	if block >= 1<<24 || tx >= 1<<24 {
		return 0, fmt.Errorf("short_channel_id %dx%dx%d: %w", block, tx, output, ErrTooLarge)
	}
	return ShortChannelID(uint64(block)<<40 | uint64(tx)<<16 | uint64(output)), nil
}

// Block returns the block height.
func (s ShortChannelID) Block() uint32 { return uint32(s >> 40) }

// TxIndex returns the transaction index within the block.
func (s ShortChannelID) TxIndex() uint32 { return uint32(s>>16) & 0xffffff }

// Output returns the output index.
func (s ShortChannelID) Output() uint16 { return uint16(s) }

// String returns the BOLT #7 text form "BLOCKxTXxOUT", e.g. "539268x845x1".
func (s ShortChannelID) String() string {
	b := make([]byte, 0, 24)
	b = strconv.AppendUint(b, uint64(s.Block()), 10)
	b = append(b, 'x')
	b = strconv.AppendUint(b, uint64(s.TxIndex()), 10)
	b = append(b, 'x')
	b = strconv.AppendUint(b, uint64(s.Output()), 10)
	return string(b)
}

// ParseShortChannelID parses the "BLOCKxTXxOUT" form (decimal numbers).
func ParseShortChannelID(s string) (ShortChannelID, error) {
	parts := strings.Split(s, "x")
	if len(parts) != 3 {
		return 0, fmt.Errorf("short_channel_id %q: want BLOCKxTXxOUT: %w", s, ErrInvalidValue)
	}
	var n [3]uint64
	for i, p := range parts {
		if p == "" || p[0] < '0' || p[0] > '9' {
			return 0, fmt.Errorf("short_channel_id %q: %w", s, ErrInvalidValue)
		}
		bitSize := 24
		if i == 2 {
			bitSize = 16
		}
		v, err := strconv.ParseUint(p, 10, bitSize)
		if err != nil {
			return 0, fmt.Errorf("short_channel_id %q: %w", s, ErrInvalidValue)
		}
		n[i] = v
	}
	return NewShortChannelID(uint32(n[0]), uint32(n[1]), uint16(n[2]))
}

// SciddirOrPubkey is a sciddir_or_pubkey: 9 bytes (a direction byte, 0 or
// 1, then a short_channel_id) or 33 bytes (a point). The zero value is
// direction 0 of short channel id 0x0x0.
type SciddirOrPubkey struct {
	b [PointLen]byte
}

// SciddirFromSCID returns the 9-byte form: dir 0 refers to node_id_1 of the
// channel_announcement of scid, dir 1 to node_id_2.
func SciddirFromSCID(dir byte, scid ShortChannelID) (SciddirOrPubkey, error) {
	var s SciddirOrPubkey
	if dir > 1 {
		return s, fmt.Errorf("sciddir_or_pubkey direction %d: %w", dir, ErrInvalidValue)
	}
	s.b[0] = dir
	binary.BigEndian.PutUint64(s.b[1:], uint64(scid))
	return s, nil
}

// SciddirFromPoint returns the 33-byte form.
func SciddirFromPoint(p Point) SciddirOrPubkey { return SciddirOrPubkey{b: p} }

// IsPoint reports whether s is the 33-byte point form.
func (s SciddirOrPubkey) IsPoint() bool { return s.b[0] == 2 || s.b[0] == 3 }

// Point returns the point of the 33-byte form; ok is false for the other form.
func (s SciddirOrPubkey) Point() (p Point, ok bool) {
	if !s.IsPoint() {
		return p, false
	}
	return Point(s.b), true
}

// SCID returns the direction and short channel id of the 9-byte form; ok is
// false for the point form.
func (s SciddirOrPubkey) SCID() (dir byte, scid ShortChannelID, ok bool) {
	if s.IsPoint() {
		return 0, 0, false
	}
	return s.b[0], ShortChannelID(binary.BigEndian.Uint64(s.b[1:])), true
}

// Len returns the length of the wire encoding: 9 or 33.
func (s SciddirOrPubkey) Len() int {
	if s.IsPoint() {
		return PointLen
	}
	return 1 + ShortChannelIDLen
}

// Bytes returns the wire encoding.
func (s SciddirOrPubkey) Bytes() []byte { return append([]byte(nil), s.b[:s.Len()]...) }

// String returns the lower-case hex of the wire encoding.
func (s SciddirOrPubkey) String() string { return hex.EncodeToString(s.b[:s.Len()]) }

// readSciddir reads a sciddir_or_pubkey, validating the point form.
func (r *Reader) readSciddir(s *SciddirOrPubkey) {
	switch first := r.Byte(); {
	case r.err != nil:
	case first <= 1:
		s.b = [PointLen]byte{first}
		r.ReadFull(s.b[1 : 1+ShortChannelIDLen])
	case first <= 3:
		s.b[0] = first
		r.ReadFull(s.b[1:])
		if r.err == nil && !ValidPoint((*Point)(&s.b)) {
			r.err = ErrInvalidPoint
		}
	default:
		r.err = ErrInvalidValue
	}
}
