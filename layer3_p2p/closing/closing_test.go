package closing

import (
	"bytes"
	"crypto/sha256"
	"errors"
	"testing"

	"github.com/btcsuite/btcd/btcec/v2"
	"github.com/btcsuite/btcd/chaincfg/chainhash"
	"github.com/btcsuite/btcd/txscript"
	"github.com/btcsuite/btcd/wire"

	"github.com/lnstack/lnstack/layer3_p2p/amount"
	"github.com/lnstack/lnstack/layer3_p2p/scripts"
)

func priv(label string) *btcec.PrivateKey {
	h := sha256.Sum256([]byte(label))
	k, _ := btcec.PrivKeyFromBytes(h[:])
	return k
}

func p2wpkh(label string) []byte {
	s, _ := scripts.P2WPKH(priv(label).PubKey())
	return s
}

var outpoint = wire.OutPoint{Hash: chainhash.Hash{1, 2, 3}, Index: 0}

// signAndRun has both funding keys sign tx, finalizes it and runs the
// script engine on the funding spend.
func signAndRun(t *testing.T, tx *wire.MsgTx, capacity amount.Satoshi) {
	t.Helper()
	a, b := priv("funding a"), priv("funding b")
	fs, err := scripts.Funding(a.PubKey(), b.PubKey())
	if err != nil {
		t.Fatal(err)
	}
	sa, err := Sign(tx, fs, capacity, a)
	if err != nil {
		t.Fatal(err)
	}
	sb, err := Sign(tx, fs, capacity, b)
	if err != nil {
		t.Fatal(err)
	}
	if err := Verify(tx, fs, capacity, b.PubKey(), sb); err != nil {
		t.Fatal(err)
	}
	if err := Verify(tx, fs, capacity, a.PubKey(), sb); !errors.Is(err, ErrBadSignature) {
		t.Fatalf("signature checked against the other key: %v", err)
	}
	// Either order of the two signers gives the same witness.
	if _, err := Finalize(tx, fs, b.PubKey(), sb, a.PubKey(), sa); err != nil {
		t.Fatal(err)
	}
	if err := scripts.VerifyTx(tx, []*wire.TxOut{wire.NewTxOut(int64(capacity), scripts.P2WSH(fs))}); err != nil {
		t.Fatal(err)
	}
}

func TestLegacy(t *testing.T) {
	c := Legacy{
		FundingOutpoint: outpoint, LocalScript: p2wpkh("local"), RemoteScript: p2wpkh("remote"),
		LocalBalance: 6_000_000_999, RemoteBalance: 4_000_000_001, LocalIsOpener: true, Fee: 1000, DustLimit: 546,
	}
	tx, err := BuildLegacy(c)
	if err != nil {
		t.Fatal(err)
	}
	if tx.Version != 2 || tx.LockTime != 0 || tx.TxIn[0].Sequence != 0xFFFFFFFF || len(tx.TxOut) != 2 {
		t.Fatalf("shape: %+v", tx)
	}
	// Rounded down, the fee from the opener, smaller output first.
	if tx.TxOut[0].Value != 4_000_000 || tx.TxOut[1].Value != 5_999_000 || !bytes.Equal(tx.TxOut[1].PkScript, c.LocalScript) {
		t.Fatalf("outputs %d %d", tx.TxOut[0].Value, tx.TxOut[1].Value)
	}
	signAndRun(t, tx, 10_000_000)

	// The accepter pays nothing; its output below the signer's dust limit goes.
	c.LocalIsOpener, c.RemoteBalance, c.LocalBalance = false, 10_000_000_000-500_000, 500_000
	tx, err = BuildLegacy(c)
	if err != nil || len(tx.TxOut) != 1 || tx.TxOut[0].Value != 9_999_500-1000 {
		t.Fatalf("dust local output: %v %v", tx, err)
	}
	c.LocalBalance, c.RemoteBalance = 5_000_000_000, 5_000_000_000
	c.OmitLocal = true
	if tx, err := BuildLegacy(c); err != nil || len(tx.TxOut) != 1 || !bytes.Equal(tx.TxOut[0].PkScript, c.RemoteScript) {
		t.Fatalf("omitted local output: %v %v", tx, err)
	}
	for name, e := range map[string]struct {
		change func(*Legacy)
		want   error
	}{
		"fee above the opener's balance": {func(l *Legacy) { l.Fee = 5_000_001 }, ErrFeeTooHigh},
		"no outputs":                     {func(l *Legacy) { l.DustLimit = 10_000_000 }, ErrNoOutputs},
		"no script":                      {func(l *Legacy) { l.LocalScript = nil }, ErrMissingScript},
		"negative fee":                   {func(l *Legacy) { l.Fee = -1 }, ErrAmountOutOfRange},
		"balance above 21M BTC":          {func(l *Legacy) { l.RemoteBalance = amount.MaxMilliSatoshi + 1 }, ErrAmountOutOfRange},
	} {
		l := c
		e.change(&l)
		if _, err := BuildLegacy(l); !errors.Is(err, e.want) {
			t.Errorf("%s: %v, want %v", name, err, e.want)
		}
	}
}

func TestSimple(t *testing.T) {
	opReturn := []byte{txscript.OP_RETURN}
	c := Simple{
		FundingOutpoint: outpoint, CloserScript: p2wpkh("closer"), CloseeScript: p2wpkh("closee"),
		CloserBalance: 3_000_000_500, CloseeBalance: 7_000_000_000, Fee: 700, LockTime: 850_000,
	}
	tx, err := BuildSimple(c, CloserAndClosee)
	if err != nil {
		t.Fatal(err)
	}
	if tx.Version != 2 || tx.LockTime != 850_000 || tx.TxIn[0].Sequence != 0xFFFFFFFD || len(tx.TxOut) != 2 ||
		tx.TxOut[0].Value != 2_999_300 || tx.TxOut[1].Value != 7_000_000 {
		t.Fatalf("shape: %+v", tx)
	}
	signAndRun(t, tx, 10_000_000)
	for v, want := range map[Variant][]byte{CloserOutputOnly: c.CloserScript, CloseeOutputOnly: c.CloseeScript} {
		tx, err := BuildSimple(c, v)
		if err != nil || len(tx.TxOut) != 1 || !bytes.Equal(tx.TxOut[0].PkScript, want) {
			t.Fatalf("%v: %v %v", v, tx, err)
		}
	}
	// An OP_RETURN closer output carries 0 and is never dust.
	r := c
	r.CloserScript = opReturn
	tx, err = BuildSimple(r, CloserAndClosee)
	if err != nil || tx.TxOut[0].Value != 0 || !bytes.Equal(tx.TxOut[0].PkScript, opReturn) {
		t.Fatalf("OP_RETURN closer: %v %v", tx, err)
	}
	signAndRun(t, tx, 10_000_000)
	// A dust closee output: only closer_output_only can be built.
	d := c
	d.CloseeBalance = 293_999
	if closer, closee, err := d.Dust(); err != nil || closer || !closee {
		t.Fatalf("Dust() = %v %v %v", closer, closee, err)
	}
	if _, err := BuildSimple(d, CloserAndClosee); !errors.Is(err, ErrDustOutput) {
		t.Fatalf("dust closee: %v", err)
	}
	if _, err := BuildSimple(d, CloserOutputOnly); err != nil {
		t.Fatalf("closer only with dust closee: %v", err)
	}
	f := c
	f.Fee = 3_000_001
	if _, err := BuildSimple(f, CloserAndClosee); !errors.Is(err, ErrFeeTooHigh) {
		t.Fatalf("fee above the closer's balance: %v", err)
	}
	if _, err := BuildSimple(c, 0); !errors.Is(err, ErrUnknownVariant) {
		t.Fatalf("variant 0: %v", err)
	}
	m := c
	m.CloseeScript = nil
	if _, err := BuildSimple(m, CloseeOutputOnly); !errors.Is(err, ErrMissingScript) {
		t.Fatalf("no closee script: %v", err)
	}
	if _, err := Sign(wire.NewMsgTx(2), nil, 0, priv("x")); !errors.Is(err, ErrNotClosingTx) {
		t.Fatalf("sign a transaction without input: %v", err)
	}
}
