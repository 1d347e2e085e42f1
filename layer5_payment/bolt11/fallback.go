package bolt11

import (
	"fmt"

	"github.com/btcsuite/btcd/btcutil"
)

// Fallback is an f field: an on-chain address to pay if the Lightning
// payment fails. BOLT #11: "for Bitcoin, this starts with a 5-bit `version`
// and contains a witness program or P2PKH or P2SH address."
type Fallback struct {
	// Version is the witness version (0 to 16), VersionP2PKH or
	// VersionP2SH.
	Version byte
	// Program is the witness program, or the 20-byte hash of P2PKH and P2SH.
	Program []byte
}

// The two fallback versions that are not witness versions. BOLT #11: "OR to
// `17` followed by a public key hash, OR to `18` followed by a script hash."
const (
	VersionP2PKH byte = 17
	VersionP2SH  byte = 18
)

// maxKnownVersion is the last version a reader understands: BOLT #11 says
// "`f` fields with versions 19-31 will be ignored by readers."
const maxKnownVersion = VersionP2SH

// validate checks the program's length for its version: 20 bytes for P2PKH
// and P2SH, 20 or 32 for witness version 0 (BIP-0141), 2 to 40 for the
// other witness versions (BIP-0141; version 1 with 32 bytes is P2TR).
func (f Fallback) validate() error {
	n := len(f.Program)
	ok := false
	switch {
	case f.Version == VersionP2PKH || f.Version == VersionP2SH:
		ok = n == 20
	case f.Version == 0:
		ok = n == 20 || n == 32
	case f.Version <= 16:
		ok = n >= 2 && n <= 40
	}
	if !ok {
		return fmt.Errorf("%w: version %d with a %d-byte program", ErrInvalidFallback, f.Version, n)
	}
	return nil
}

// Address returns the btcutil address of the fallback on the invoice's
// network: P2PKH, P2SH, P2WPKH, P2WSH or P2TR. btcutil has no type for the
// other witness programs (versions 2 to 16, version 1 of another length
// than 32): for those it fails, and String still writes the address.
func (f Fallback) Address(n Network) (btcutil.Address, error) {
	params := n.Params()
	if params == nil {
		return nil, fmt.Errorf("%w: %q", ErrUnknownNetwork, string(n))
	}
	if err := f.validate(); err != nil {
		return nil, err
	}
	switch {
	case f.Version == VersionP2PKH:
		return btcutil.NewAddressPubKeyHash(f.Program, params)
	case f.Version == VersionP2SH:
		return btcutil.NewAddressScriptHashFromHash(f.Program, params)
	case f.Version == 0 && len(f.Program) == 20:
		return btcutil.NewAddressWitnessPubKeyHash(f.Program, params)
	case f.Version == 0:
		return btcutil.NewAddressWitnessScriptHash(f.Program, params)
	case f.Version == 1 && len(f.Program) == 32:
		return btcutil.NewAddressTaproot(f.Program, params)
	}
	return nil, fmt.Errorf("%w: btcutil has no address type for witness version %d with %d bytes",
		ErrInvalidFallback, f.Version, len(f.Program))
}

// String returns the address text on network n: base58 for P2PKH and P2SH,
// bech32 for witness version 0 and bech32m for the later versions (BIP-0350).
func (f Fallback) String(n Network) (string, error) {
	if f.Version >= 1 && f.Version <= 16 && f.validate() == nil && n.Known() {
		if a, err := f.Address(n); err == nil {
			return a.EncodeAddress(), nil
		}
		// A witness version btcutil does not handle: write it directly.
		data := append([]byte{f.Version}, appendGroups(nil, f.Program)...)
		return string(appendBech32(nil, n.Params().Bech32HRPSegwit, data, checksumBech32m)), nil
	}
	a, err := f.Address(n)
	if err != nil {
		return "", err
	}
	return a.EncodeAddress(), nil
}

// FallbackFromAddress returns the f field of a btcutil address (P2PKH, P2SH,
// P2WPKH, P2WSH, P2TR).
func FallbackFromAddress(a btcutil.Address) (Fallback, error) {
	var f Fallback
	switch a := a.(type) {
	case *btcutil.AddressPubKeyHash:
		f.Version = VersionP2PKH
	case *btcutil.AddressScriptHash:
		f.Version = VersionP2SH
	case *btcutil.AddressWitnessPubKeyHash:
		f.Version = a.WitnessVersion()
	case *btcutil.AddressWitnessScriptHash:
		f.Version = a.WitnessVersion()
	case *btcutil.AddressTaproot:
		f.Version = a.WitnessVersion()
	default:
		return Fallback{}, fmt.Errorf("%w: address type %T", ErrInvalidFallback, a)
	}
	f.Program = append([]byte(nil), a.ScriptAddress()...)
	return f, f.validate()
}

// parseFallback reads an f field. known is false for the versions 19 to
// 31, which BOLT #11 says to skip: "MUST skip over `f` fields that use an
// unknown `version`."
func parseFallback(data []byte) (f Fallback, known bool, err error) {
	if len(data) == 0 {
		return Fallback{}, false, fmt.Errorf("%w: no version", ErrInvalidFallback)
	}
	f.Version = data[0]
	if f.Version > maxKnownVersion {
		return Fallback{}, false, nil
	}
	n, canonical := bytesLen(len(data) - 1)
	if !canonical {
		return Fallback{}, false, ErrFieldPadding
	}
	prog, ok := appendBytes(make([]byte, 0, n), data[1:], false)
	if !ok {
		return Fallback{}, false, ErrFieldPadding
	}
	f.Program = prog
	return f, true, f.validate()
}

// appendFallback appends the f field's data.
func appendFallback(dst []byte, f Fallback) []byte {
	return appendGroups(append(dst, f.Version), f.Program)
}
