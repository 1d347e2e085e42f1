package conformance

import (
	"bytes"
	"encoding/hex"
	"errors"
	"fmt"

	"github.com/btcsuite/btcd/btcec/v2"
	"github.com/btcsuite/btcd/wire"

	"github.com/lnstack/lnstack/layer3_p2p/commitment"
	"github.com/lnstack/lnstack/layer3_p2p/keys"
	"github.com/lnstack/lnstack/layer3_p2p/shachain"
	"github.com/lnstack/lnstack/testvectors"
)

// bolt03Runners checks the BOLT #3 vectors through layer3_p2p's keys,
// shachain, scripts, commitment and funding packages. Every transaction is
// rebuilt and re-signed by the package code, compared byte for byte, and
// then run through btcd's script engine spending its real previous output.
func bolt03Runners() map[string]RunFunc {
	return map[string]RunFunc{
		"bolt03/funding":                          runBolt03Funding,
		"bolt03/commitment-static-remotekey":      runBolt03Commitment(commitment.StaticRemoteKey),
		"bolt03/commitment-anchors":               runBolt03Commitment(commitment.Anchors),
		"bolt03/per-commitment-secret-generation": runBolt03SecretGeneration,
		"bolt03/per-commitment-secret-storage":    runBolt03SecretStorage,
		"bolt03/key-derivation":                   runBolt03KeyDerivation,
		"bolt03/dual-funded":                      runBolt03DualFunded,
	}
}

// bolt03StorageResults maps the "output" of an Appendix D storage step to
// the error shachain.Store.Insert must return.
var bolt03StorageResults = map[string]error{
	"OK":    nil,
	"ERROR": shachain.ErrSecretMismatch,
}

// unhex decodes a vector field, naming it in the error.
func unhex(name, s string) ([]byte, error) {
	b, err := hex.DecodeString(s)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	return b, nil
}

func unhex32(name, s string) ([32]byte, error) {
	var out [32]byte
	b, err := unhex(name, s)
	if err == nil && len(b) != 32 {
		err = fmt.Errorf("%s: %d bytes, want 32", name, len(b))
	}
	copy(out[:], b)
	return out, err
}

// bolt03Keys parses hex points and secrets, keeping the first error.
type bolt03Keys struct{ err error }

func (k *bolt03Keys) point(name, s string) *btcec.PublicKey {
	return bolt03Parse(k, name, s, keys.ParsePoint)
}

func (k *bolt03Keys) secret(name, s string) *btcec.PrivateKey {
	return bolt03Parse(k, name, s, keys.ParseSecret)
}

// bolt03Parse decodes the hex field name with parse, unless k already
// holds an error; a failure becomes k's error.
func bolt03Parse[T any](k *bolt03Keys, name, s string, parse func([]byte) (T, error)) T {
	var v T
	if k.err != nil {
		return v
	}
	b, err := unhex(name, s)
	if err != nil {
		k.err = err
		return v
	}
	v, err = parse(b)
	if err != nil {
		k.err = fmt.Errorf("%s: %w", name, err)
	}
	return v
}

// samePoint checks a derived point against a vector's, naming it.
func samePoint(name string, got *btcec.PublicKey, want string) error {
	if g := hex.EncodeToString(got.SerializeCompressed()); g != want {
		return fmt.Errorf("%s = %s, want %s", name, g, want)
	}
	return nil
}

func sameSecret(name string, got *btcec.PrivateKey, want string) error {
	if g := hex.EncodeToString(got.Serialize()); g != want {
		return fmt.Errorf("%s = %s, want %s", name, g, want)
	}
	return nil
}

func txHex(tx *wire.MsgTx) (string, error) {
	var buf bytes.Buffer
	if err := tx.Serialize(&buf); err != nil {
		return "", err
	}
	return hex.EncodeToString(buf.Bytes()), nil
}

// --- Appendix D ---

func runBolt03SecretGeneration(v testvectors.Vector) error {
	var in struct {
		Name   string `json:"name"`
		Seed   string `json:"seed"`
		Index  uint64 `json:"index"`
		Output string `json:"output"`
	}
	if err := v.Decode(&in); err != nil {
		return err
	}
	seed, err := unhex32("seed", in.Seed)
	if err != nil {
		return err
	}
	got, err := shachain.Generate(seed, in.Index)
	if err != nil {
		return err
	}
	if g := hex.EncodeToString(got[:]); g != in.Output {
		return fmt.Errorf("generate_from_seed = %s, want %s", g, in.Output)
	}
	return nil
}

func runBolt03SecretStorage(v testvectors.Vector) error {
	var in struct {
		Name  string `json:"name"`
		Steps []struct {
			Index  uint64 `json:"index"`
			Secret string `json:"secret"`
			Result string `json:"result"`
		} `json:"steps"`
	}
	if err := v.Decode(&in); err != nil {
		return err
	}
	var s shachain.Store
	for i, step := range in.Steps {
		want, ok := bolt03StorageResults[step.Result]
		if !ok {
			return fmt.Errorf("step %d: unknown result %q", i, step.Result)
		}
		secret, err := unhex32("secret", step.Secret)
		if err != nil {
			return err
		}
		err = s.Insert(step.Index, secret)
		if want == nil && err != nil || want != nil && !errors.Is(err, want) {
			return fmt.Errorf("step %d (index %d): insert_secret = %v, want %v", i, step.Index, err, want)
		}
		if err == nil {
			if back, err := s.Lookup(step.Index); err != nil || back != secret {
				return fmt.Errorf("step %d: lookup after insert = %x, %v", i, back, err)
			}
		}
	}
	return nil
}

// --- Appendix E ---

func runBolt03KeyDerivation(v testvectors.Vector) error {
	var in struct {
		Name                string `json:"name"`
		BaseSecret          string `json:"base_secret"`
		PerCommitmentSecret string `json:"per_commitment_secret"`
		BasePoint           string `json:"base_point"`
		PerCommitmentPoint  string `json:"per_commitment_point"`
		Derive              string `json:"derive"`
		Output              string `json:"output"`
	}
	if err := v.Decode(&in); err != nil {
		return err
	}
	var k bolt03Keys
	baseSecret := k.secret("base_secret", in.BaseSecret)
	pcSecret := k.secret("per_commitment_secret", in.PerCommitmentSecret)
	basePoint := k.point("base_point", in.BasePoint)
	if k.err != nil {
		return k.err
	}
	if err := samePoint("base_secret * G", baseSecret.PubKey(), in.BasePoint); err != nil {
		return err
	}
	pcs, err := unhex32("per_commitment_secret", in.PerCommitmentSecret)
	if err != nil {
		return err
	}
	point, err := keys.PerCommitmentPoint(pcs)
	if err != nil {
		return err
	}
	if err := samePoint("per_commitment_point", point, in.PerCommitmentPoint); err != nil {
		return err
	}
	switch in.Derive {
	case "pubkey":
		got, err := keys.DerivePubkey(basePoint, point)
		if err != nil {
			return err
		}
		return samePoint("localpubkey", got, in.Output)
	case "privkey":
		got, err := keys.DerivePrivkey(baseSecret, point)
		if err != nil {
			return err
		}
		return sameSecret("localprivkey", got, in.Output)
	case "revocation_pubkey":
		got, err := keys.DeriveRevocationPubkey(basePoint, point)
		if err != nil {
			return err
		}
		return samePoint("revocationpubkey", got, in.Output)
	case "revocation_privkey":
		got, err := keys.DeriveRevocationPrivkey(baseSecret, pcSecret)
		if err != nil {
			return err
		}
		return sameSecret("revocationprivkey", got, in.Output)
	}
	return fmt.Errorf("unknown derivation %q", in.Derive)
}
