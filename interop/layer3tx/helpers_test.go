package layer3tx

import (
	"bytes"
	"encoding/hex"
	"math/rand/v2"
	"strconv"
	"testing"

	"github.com/btcsuite/btcd/btcec/v2"
	"github.com/btcsuite/btcd/txscript"
	"github.com/btcsuite/btcd/wire"
	"github.com/lightningnetwork/lnd/channeldb"

	"github.com/lnstack/lnstack/layer3_p2p/commitment"
)

// newRand returns the deterministic generator of one test: every random
// parameter set is reproducible from the seed in the test's source.
func newRand(seed uint64) *rand.Rand { return rand.New(rand.NewPCG(seed, 0x6c6e737461636b)) }

// randBytes32 draws 32 random bytes.
func randBytes32(rng *rand.Rand) [32]byte {
	var b [32]byte
	for i := 0; i < 32; i += 8 {
		v := rng.Uint64()
		for j := 0; j < 8; j++ {
			b[i+j] = byte(v >> (8 * j))
		}
	}
	return b
}

// randPriv draws a private key: 32 random bytes reduced modulo the group
// order, which is zero with negligible probability.
func randPriv(t testing.TB, rng *rand.Rand) *btcec.PrivateKey {
	t.Helper()
	b := randBytes32(rng)
	k, _ := btcec.PrivKeyFromBytes(b[:])
	if k.Key.IsZero() {
		t.Fatal("drew the zero scalar")
	}
	return k
}

// randSecret draws a per-commitment secret that is a valid scalar, as
// keys.PerCommitmentPoint requires.
func randSecret(t testing.TB, rng *rand.Rand) [32]byte {
	t.Helper()
	k := randPriv(t, rng)
	var s [32]byte
	k.Key.PutBytes(&s)
	return s
}

// sameBytes fails unless lnstack's bytes equal lnd's.
func sameBytes(t testing.TB, what string, ours, lnds []byte) {
	t.Helper()
	if !bytes.Equal(ours, lnds) {
		t.Fatalf("%s differs:\n lnstack %x\n lnd     %x", what, ours, lnds)
	}
}

// sameKey fails unless two public keys are the same point.
func sameKey(t testing.TB, what string, ours, lnds *btcec.PublicKey) {
	t.Helper()
	if ours == nil || lnds == nil {
		t.Fatalf("%s: nil key (lnstack %v, lnd %v)", what, ours, lnds)
	}
	sameBytes(t, what, ours.SerializeCompressed(), lnds.SerializeCompressed())
}

// txBytes serializes a transaction with its witnesses (BIP 144), or
// without when it has none.
func txBytes(t testing.TB, tx *wire.MsgTx) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := tx.Serialize(&b); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// txBytesNoWitness serializes a transaction without witnesses: what its
// txid commits to.
func txBytesNoWitness(t testing.TB, tx *wire.MsgTx) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := tx.SerializeNoWitness(&b); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// sameTx fails unless two transactions serialize to the same bytes,
// witnesses included, and says which part differs first.
func sameTx(t testing.TB, what string, ours, lnds *wire.MsgTx) {
	t.Helper()
	a, b := txBytes(t, ours), txBytes(t, lnds)
	if bytes.Equal(a, b) {
		return
	}
	t.Fatalf("%s differs: %s\n lnstack %s\n lnd     %s", what, txDiff(ours, lnds), hex.EncodeToString(a), hex.EncodeToString(b))
}

// txDiff names the first field where two transactions differ.
func txDiff(a, b *wire.MsgTx) string {
	switch {
	case a.Version != b.Version:
		return "version"
	case a.LockTime != b.LockTime:
		return "locktime"
	case len(a.TxIn) != len(b.TxIn):
		return "input count"
	case len(a.TxOut) != len(b.TxOut):
		return "output count"
	}
	for i := range a.TxIn {
		if a.TxIn[i].PreviousOutPoint != b.TxIn[i].PreviousOutPoint {
			return "outpoint of input " + itoa(i)
		}
		if a.TxIn[i].Sequence != b.TxIn[i].Sequence {
			return "sequence of input " + itoa(i)
		}
		wa, wb := a.TxIn[i].Witness, b.TxIn[i].Witness
		if len(wa) != len(wb) {
			return "witness size of input " + itoa(i)
		}
		for j := range wa {
			if !bytes.Equal(wa[j], wb[j]) {
				return "witness item " + strconv.Itoa(j) + " of input " + itoa(i)
			}
		}
	}
	for i := range a.TxOut {
		if a.TxOut[i].Value != b.TxOut[i].Value {
			return "value of output " + itoa(i)
		}
		if !bytes.Equal(a.TxOut[i].PkScript, b.TxOut[i].PkScript) {
			return "script of output " + itoa(i)
		}
	}
	return "encoding"
}

// execute runs btcd's script engine on input 0 of tx, spending prevOut,
// with the standard verification flags (BIP 143 segwit, low-S, NULLFAIL,
// CLTV and CSV among them).
func execute(t testing.TB, what string, tx *wire.MsgTx, prevOut *wire.TxOut) {
	t.Helper()
	fetcher := txscript.NewCannedPrevOutputFetcher(prevOut.PkScript, prevOut.Value)
	vm, err := txscript.NewEngine(prevOut.PkScript, tx, 0, txscript.StandardVerifyFlags,
		nil, txscript.NewTxSigHashes(tx, fetcher), prevOut.Value, fetcher)
	if err != nil {
		t.Fatalf("%s: script engine: %v", what, err)
	}
	if err := vm.Execute(); err != nil {
		t.Fatalf("%s: script fails: %v", what, err)
	}
}

// lnd's channel types for the two commitment formats lnstack builds: the
// bits lnd sets when it negotiates option_static_remotekey alone, and
// option_anchors with zero-fee HTLC transactions.
const (
	staticRemoteKeyType = channeldb.SingleFunderTweaklessBit
	anchorsType         = channeldb.SingleFunderTweaklessBit | channeldb.AnchorOutputsBit | channeldb.ZeroHtlcTxFeeBit
)

// lndType is lnd's channel type for an lnstack channel type.
func lndType(t commitment.ChannelType) channeldb.ChannelType {
	if t.HasAnchors() {
		return anchorsType
	}
	return staticRemoteKeyType
}

// channelTypes are the two formats every test runs on.
func channelTypes() []commitment.ChannelType {
	return []commitment.ChannelType{commitment.StaticRemoteKey, commitment.Anchors}
}

// itoa formats a number for a failure message.
func itoa[T ~int | ~uint64 | ~uint32](v T) string { return strconv.FormatUint(uint64(v), 10) }
