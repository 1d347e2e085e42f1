package scripts

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"testing"

	"github.com/btcsuite/btcd/btcec/v2"
	"github.com/btcsuite/btcd/txscript"
	"github.com/btcsuite/btcd/wire"
)

func key(label string) *btcec.PublicKey {
	h := sha256.Sum256([]byte(label))
	k, _ := btcec.PrivKeyFromBytes(h[:])
	return k.PubKey()
}

// TestAppendIntMatchesScriptBuilder compares the minimal number push with
// btcd's ScriptBuilder over the edges of each encoding size.
func TestAppendIntMatchesScriptBuilder(t *testing.T) {
	for _, v := range []uint32{0, 1, 16, 17, 127, 128, 144, 255, 256, 500, 32767, 32768, 65535, 65536,
		1<<23 - 1, 1 << 23, 1<<24 - 1, 1 << 24, 1<<31 - 1, 1 << 31, 1<<32 - 1} {
		want, err := txscript.NewScriptBuilder().AddInt64(int64(v)).Script()
		if err != nil {
			t.Fatal(err)
		}
		if got := appendInt(nil, v); !bytes.Equal(got, want) {
			t.Errorf("appendInt(%d) = %x, want %x", v, got, want)
		}
	}
}

func TestFundingScript(t *testing.T) {
	a, b := key("a"), key("b")
	s1, err := Funding(a, b)
	if err != nil {
		t.Fatal(err)
	}
	s2, _ := Funding(b, a)
	if !bytes.Equal(s1, s2) || len(s1) != FundingScriptLen {
		t.Fatalf("funding script depends on argument order or has %d bytes", len(s1))
	}
	k1, k2, _ := SortKeys(a, b)
	if bytes.Compare(k1, k2) >= 0 || !bytes.Equal(s1[2:35], k1) {
		t.Fatal("lesser key is not first")
	}
	if _, err := Funding(a, a); !errors.Is(err, ErrSameKeys) {
		t.Fatalf("same keys: %v", err)
	}
	if _, err := Funding(nil, a); !errors.Is(err, ErrNilKey) {
		t.Fatalf("nil key: %v", err)
	}
	// The funding output must be standard P2WSH, which btcd recognises.
	if c := txscript.GetScriptClass(P2WSH(s1)); c != txscript.WitnessV0ScriptHashTy {
		t.Fatalf("P2WSH class %v", c)
	}
	pk, _ := P2WPKH(a)
	if c := txscript.GetScriptClass(pk); c != txscript.WitnessV0PubKeyHashTy {
		t.Fatalf("P2WPKH class %v", c)
	}
}

// TestScriptLayouts checks each script's opcodes against the BOLT #3
// listing by disassembling it with btcd.
func TestScriptLayouts(t *testing.T) {
	k := HTLCKeys{Revocation: key("r"), Local: key("l"), Remote: key("m")}
	hx := func(p *btcec.PublicKey) string { return hex.EncodeToString(p.SerializeCompressed()) }
	var hash [32]byte
	ripe := ripemd(hash[:])
	rh := hash160(k.Revocation.SerializeCompressed())
	toLocal, _ := ToLocal(k.Revocation, k.Local, 144)
	toRemote, _ := ToRemoteAnchors(k.Remote)
	anchor, _ := Anchor(k.Local)
	offered, _ := OfferedHTLC(k, hash, false)
	offeredA, _ := OfferedHTLC(k, hash, true)
	received, _ := ReceivedHTLC(k, hash, 500, false)
	receivedA, _ := ReceivedHTLC(k, hash, 500, true)
	prefix := "OP_DUP OP_HASH160 " + hex.EncodeToString(rh[:]) + " OP_EQUAL OP_IF OP_CHECKSIG OP_ELSE " + hx(k.Remote) + " OP_SWAP OP_SIZE 20 OP_EQUAL "
	offeredBody := prefix + "OP_NOTIF OP_DROP 2 OP_SWAP " + hx(k.Local) + " 2 OP_CHECKMULTISIG OP_ELSE OP_HASH160 " +
		hex.EncodeToString(ripe[:]) + " OP_EQUALVERIFY OP_CHECKSIG OP_ENDIF "
	receivedBody := prefix + "OP_IF OP_HASH160 " + hex.EncodeToString(ripe[:]) + " OP_EQUALVERIFY 2 OP_SWAP " + hx(k.Local) +
		" 2 OP_CHECKMULTISIG OP_ELSE OP_DROP f401 OP_CHECKLOCKTIMEVERIFY OP_DROP OP_CHECKSIG OP_ENDIF "
	for name, c := range map[string]struct {
		script []byte
		want   string
	}{
		"to_local":             {toLocal, "OP_IF " + hx(k.Revocation) + " OP_ELSE 9000 OP_CHECKSEQUENCEVERIFY OP_DROP " + hx(k.Local) + " OP_ENDIF OP_CHECKSIG"},
		"to_remote anchors":    {toRemote, hx(k.Remote) + " OP_CHECKSIGVERIFY 1 OP_CHECKSEQUENCEVERIFY"},
		"anchor":               {anchor, hx(k.Local) + " OP_CHECKSIG OP_IFDUP OP_NOTIF 16 OP_CHECKSEQUENCEVERIFY OP_ENDIF"},
		"offered":              {offered, offeredBody + "OP_ENDIF"},
		"offered anchors":      {offeredA, offeredBody + "1 OP_CHECKSEQUENCEVERIFY OP_DROP OP_ENDIF"},
		"received":             {received, receivedBody + "OP_ENDIF"},
		"received anchors":     {receivedA, receivedBody + "1 OP_CHECKSEQUENCEVERIFY OP_DROP OP_ENDIF"},
		"received 4-byte cltv": {mustReceived(t, k, 1<<24), receivedBody[:len(receivedBody)-len("f401 OP_CHECKLOCKTIMEVERIFY OP_DROP OP_CHECKSIG OP_ENDIF ")] + "00000001 OP_CHECKLOCKTIMEVERIFY OP_DROP OP_CHECKSIG OP_ENDIF OP_ENDIF"},
	} {
		got, err := txscript.DisasmString(c.script)
		if err != nil {
			t.Fatal(err)
		}
		if got != c.want {
			t.Errorf("%s:\n got %s\nwant %s", name, got, c.want)
		}
	}
	if len(offered) != OfferedHTLCLen || len(offeredA) != OfferedHTLCLen+AnchorsExtraLen ||
		len(mustReceived(t, k, 1<<24)) != ReceivedHTLCLen {
		t.Fatalf("script sizes %d %d %d", len(offered), len(offeredA), len(mustReceived(t, k, 1<<24)))
	}
	if _, err := OfferedHTLC(HTLCKeys{}, hash, false); !errors.Is(err, ErrNilKey) {
		t.Fatalf("nil HTLC keys: %v", err)
	}
}

func mustReceived(t *testing.T, k HTLCKeys, cltv uint32) []byte {
	s, err := ReceivedHTLC(k, [32]byte{}, cltv, false)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// TestDustThreshold checks the figures of BOLT #3 "Dust Limits".
func TestDustThreshold(t *testing.T) {
	h20, h32 := bytes.Repeat([]byte{1}, 20), bytes.Repeat([]byte{1}, 32)
	p2pkh := append(append([]byte{txscript.OP_DUP, txscript.OP_HASH160, 20}, h20...), txscript.OP_EQUALVERIFY, txscript.OP_CHECKSIG)
	p2sh := append(append([]byte{txscript.OP_HASH160, 20}, h20...), txscript.OP_EQUAL)
	p2wpkh := append([]byte{txscript.OP_0, 20}, h20...)
	p2wsh := append([]byte{txscript.OP_0, 32}, h32...)
	p2a := []byte{txscript.OP_1, 2, 0x4e, 0x73}
	v16 := append([]byte{txscript.OP_16, 40}, bytes.Repeat([]byte{1}, 40)...)
	opReturn := []byte{txscript.OP_RETURN, 3, 1, 2, 3}
	for name, c := range map[string]struct {
		script []byte
		want   int64
	}{
		"p2pkh": {p2pkh, 546}, "p2sh": {p2sh, 540}, "p2wpkh": {p2wpkh, 294}, "p2wsh": {p2wsh, 330},
		"p2a": {p2a, 240}, "unknown segwit version": {v16, 354}, "OP_RETURN": {opReturn, 0},
	} {
		if got := DustThreshold(c.script); int64(got) != c.want {
			t.Errorf("%s: %d, want %d", name, got, c.want)
		}
	}
	if !IsDust(293, p2wpkh) || IsDust(294, p2wpkh) || IsDust(0, opReturn) {
		t.Fatal("IsDust disagrees with DustThreshold")
	}
}

func TestVerifyTxErrors(t *testing.T) {
	tx := wire.NewMsgTx(2)
	tx.AddTxIn(&wire.TxIn{})
	tx.AddTxOut(wire.NewTxOut(1000, []byte{txscript.OP_TRUE}))
	prev := wire.NewTxOut(2000, P2WSH([]byte{txscript.OP_TRUE}))
	if err := VerifyTx(tx, nil); !errors.Is(err, ErrScriptFailed) {
		t.Fatalf("no previous outputs: %v", err)
	}
	if err := VerifyTx(tx, []*wire.TxOut{prev}); !errors.Is(err, ErrScriptFailed) {
		t.Fatalf("empty witness: %v", err)
	}
	tx.TxIn[0].Witness = wire.TxWitness{{txscript.OP_TRUE}}
	if err := VerifyTx(tx, []*wire.TxOut{prev}); err != nil {
		t.Fatalf("OP_TRUE spend: %v", err)
	}
}

func BenchmarkHTLCScripts(b *testing.B) {
	h, err := NewHTLCScripts(HTLCKeys{Revocation: key("r"), Local: key("l"), Remote: key("m")})
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		_ = h.Received([32]byte{byte(i)}, 800_000, true)
	}
}
