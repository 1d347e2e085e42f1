package commitment

import (
	"errors"
	"testing"

	"github.com/btcsuite/btcd/btcec/v2/ecdsa"
	"github.com/btcsuite/btcd/wire"

	"github.com/lnstack/lnstack/layer3_p2p/amount"
	"github.com/lnstack/lnstack/layer3_p2p/scripts"
)

var bothTypes = []ChannelType{StaticRemoteKey, Anchors}

// signAll builds f's commitment, has both nodes sign it, checks each
// node's signatures verify, finalizes the commitment and every HTLC
// transaction and runs them all through the script engine.
func signAll(t testing.TB, f *fixture) *Tx { return signAndRun(t, f, true) }

// signAndRun is signAll, skipping Verify when checkSigs is false (the
// script engine checks the same signatures again).
func signAndRun(t testing.TB, f *fixture, checkSigs bool) *Tx {
	t.Helper()
	tx, err := Build(f.c)
	if err != nil {
		t.Fatalf("build: %v", err)
	}
	local, err := tx.Sign(Local, f.owner.funding, f.localHTLCKey(t))
	if err != nil {
		t.Fatal(err)
	}
	remote, err := tx.Sign(Remote, f.other.funding, f.remoteHTLCKey(t))
	if err != nil {
		t.Fatal(err)
	}
	if checkSigs {
		if err := tx.Verify(Local, local); err != nil {
			t.Fatalf("verify local: %v", err)
		}
		if err := tx.Verify(Remote, remote); err != nil {
			t.Fatalf("verify remote: %v", err)
		}
	}
	signed, err := tx.Finalize(local.Commitment, remote.Commitment)
	if err != nil {
		t.Fatal(err)
	}
	if err := scripts.VerifyTx(signed, []*wire.TxOut{tx.FundingOutput()}); err != nil {
		t.Fatalf("commitment: %v", err)
	}
	for i, h := range tx.HTLCTxs {
		var final *wire.MsgTx
		if h.Timeout {
			final, err = h.FinalizeTimeout(local.HTLCs[i], remote.HTLCs[i])
		} else {
			final, err = h.FinalizeSuccess(local.HTLCs[i], remote.HTLCs[i], f.preimages[h.HTLC])
		}
		if err != nil {
			t.Fatal(err)
		}
		if err := scripts.VerifyTx(final, []*wire.TxOut{h.PrevOut()}); err != nil {
			t.Fatalf("HTLC tx %d: %v", i, err)
		}
	}
	return tx
}

// checkInvariants checks what must hold of any built commitment.
func checkInvariants(t testing.TB, c Commitment, tx *Tx) {
	t.Helper()
	paid := int64(0)
	seen := make(map[int]bool)
	for i, o := range tx.MsgTx.TxOut {
		paid += o.Value
		info := tx.Outputs[i]
		if info.WitnessScript != nil && string(scripts.P2WSH(info.WitnessScript)) != string(o.PkScript) {
			t.Fatalf("output %d: script does not match its P2WSH", i)
		}
		if info.HTLC >= 0 {
			if seen[info.HTLC] {
				t.Fatalf("HTLC %d has two outputs", info.HTLC)
			}
			seen[info.HTLC] = true
			if o.Value != int64(c.HTLCs[info.HTLC].Amount.ToSatoshi()) {
				t.Fatalf("HTLC %d output %d sat", info.HTLC, o.Value)
			}
		}
		if i > 0 {
			prev := tx.MsgTx.TxOut[i-1]
			if prev.Value > o.Value || prev.Value == o.Value && string(prev.PkScript) > string(o.PkScript) {
				t.Fatalf("outputs %d and %d out of BIP 69 order", i-1, i)
			}
		}
	}
	for _, i := range tx.Trimmed {
		if seen[i] {
			t.Fatalf("HTLC %d both trimmed and present", i)
		}
		seen[i] = true
	}
	if len(seen) != len(c.HTLCs) {
		t.Fatalf("%d HTLCs accounted for, %d committed", len(seen), len(c.HTLCs))
	}
	if paid+int64(tx.Fee) != int64(c.FundingAmount) {
		t.Fatalf("outputs %d + fee %d != funding %d", paid, tx.Fee, c.FundingAmount)
	}
	if tx.Fee < tx.BaseFee && tx.BaseFee <= c.FundingAmount {
		// The fee can only be below the base fee when the opener could not pay it.
		opener := c.ToLocal
		if !c.LocalIsOpener {
			opener = c.ToRemote
		}
		if opener.ToSatoshi() >= tx.BaseFee {
			t.Fatalf("fee %d below base fee %d", tx.Fee, tx.BaseFee)
		}
	}
	if n, ok := CommitmentNumber(tx.MsgTx, c.ObscuringFactor); !ok || n != c.Number {
		t.Fatalf("commitment number read back = %d, %v", n, ok)
	}
}

func TestBuildSignVerify(t *testing.T) {
	for _, typ := range bothTypes {
		for _, n := range []int{0, 1, 5, 24} {
			htlcs, pre := testHTLCs(n)
			f := newFixture(t, typ, 10_000_000, 6_000_000_000, htlcs, pre)
			tx := signAll(t, f)
			checkInvariants(t, f.c, tx)
			if len(tx.HTLCTxs) != n || len(tx.Trimmed) != 0 {
				t.Fatalf("%v %d HTLCs: %d HTLC txs, %d trimmed", typ, n, len(tx.HTLCTxs), len(tx.Trimmed))
			}
			if w := typ.CommitWeight(n); tx.BaseFee != f.c.Feerate.FeeForWeight(w) {
				t.Fatalf("base fee %v, want %v", tx.BaseFee, f.c.Feerate.FeeForWeight(w))
			}
		}
	}
}

// TestHTLCTxShape checks the fields BOLT #3 fixes for each type.
func TestHTLCTxShape(t *testing.T) {
	for _, typ := range bothTypes {
		htlcs, pre := testHTLCs(4)
		f := newFixture(t, typ, 10_000_000, 6_000_000_000, htlcs, pre)
		tx := signAll(t, f)
		for _, h := range tx.HTLCTxs {
			in, out := h.MsgTx.TxIn[0], h.MsgTx.TxOut[0]
			htlc := f.c.HTLCs[h.HTLC]
			wantLock, fee := uint32(0), typ.HTLCSuccessFee(f.c.Feerate)
			if h.Timeout {
				wantLock, fee = htlc.CLTVExpiry, typ.HTLCTimeoutFee(f.c.Feerate)
			}
			if h.MsgTx.Version != 2 || h.MsgTx.LockTime != wantLock || in.Sequence != typ.HTLCSequence() ||
				out.Value != int64(htlc.Amount.ToSatoshi()-fee) || in.PreviousOutPoint.Hash != tx.MsgTx.TxHash() {
				t.Fatalf("%v HTLC tx %+v", typ, h.MsgTx)
			}
			if typ == Anchors && fee != 0 || typ == StaticRemoteKey && fee == 0 {
				t.Fatalf("%v: HTLC tx fee %v", typ, fee)
			}
			// The remote signature of an anchors HTLC tx commits only to its
			// own input and output (SIGHASH_SINGLE|ANYONECANPAY), so a fee
			// input and change output can be added without breaking it.
			_, ht, err := h.SigHash(Remote)
			if err != nil || ht != typ.RemoteHTLCSigHash() {
				t.Fatalf("remote sighash %v, %v", ht, err)
			}
		}
	}
}

// TestAnchorsFollowOutputs checks BOLT #3 step 8: an anchor only for a
// side with an output, unless there are untrimmed HTLCs.
func TestAnchorsFollowOutputs(t *testing.T) {
	count := func(tx *Tx, kind OutputKind) int {
		n := 0
		for _, o := range tx.Outputs {
			if o.Kind == kind {
				n++
			}
		}
		return n
	}
	for _, c := range []struct {
		name          string
		local         amount.MilliSatoshi
		htlcs         int
		wantL, wantR  int
		wantToL, wToR int
	}{
		{"both sides", 6_000_000_000, 0, 1, 1, 1, 1},
		{"remote empty", 10_000_000_000, 0, 1, 0, 1, 0},
		{"remote empty with HTLCs", 9_000_000_000, 2, 1, 1, 1, 1},
	} {
		htlcs, pre := testHTLCs(c.htlcs)
		for i := range htlcs {
			htlcs[i].Offered = true
		}
		f := newFixture(t, Anchors, 10_000_000, c.local, htlcs, pre)
		tx := signAll(t, f)
		if count(tx, LocalAnchorOutput) != c.wantL || count(tx, RemoteAnchorOutput) != c.wantR ||
			count(tx, ToLocalOutput) != c.wantToL || count(tx, ToRemoteOutput) != c.wToR {
			t.Errorf("%s: outputs %v", c.name, tx.Outputs)
		}
	}
}

// TestTrimming checks each HTLC is trimmed exactly when BOLT #3 says, at
// the boundary of each type's rule.
func TestTrimming(t *testing.T) {
	for _, typ := range bothTypes {
		f := newFixture(t, typ, 10_000_000, 6_000_000_000, nil, nil)
		dust, rate := f.c.DustLimit, f.c.Feerate
		for _, offered := range []bool{true, false} {
			fee := typ.HTLCSuccessFee(rate)
			if offered {
				fee = typ.HTLCTimeoutFee(rate)
			}
			edge := (dust + fee).ToMilliSatoshi()
			for _, c := range []struct {
				amt     amount.MilliSatoshi
				trimmed bool
			}{{edge, false}, {edge - 1, true}, {edge + 999, false}} {
				h := HTLC{Offered: offered, Amount: c.amt, CLTVExpiry: 500_000}
				if got := typ.IsTrimmed(h, rate, dust); got != c.trimmed {
					t.Errorf("%v offered=%v %v: trimmed %v, want %v", typ, offered, c.amt, got, c.trimmed)
				}
				g := newFixture(t, typ, 10_000_000, 6_000_000_000, []HTLC{h}, [][32]byte{{}})
				tx, err := Build(g.c)
				if err != nil {
					t.Fatal(err)
				}
				checkInvariants(t, g.c, tx)
				if (len(tx.Trimmed) == 1) != c.trimmed {
					t.Errorf("%v offered=%v %v: built trimmed=%v", typ, offered, c.amt, tx.Trimmed)
				}
			}
		}
	}
}

// TestCLTVTieBreak: identical HTLC outputs are ordered by cltv_expiry,
// whatever order the caller lists them in.
func TestCLTVTieBreak(t *testing.T) {
	h := HTLC{Offered: true, Amount: 5_000_000, PaymentHash: [32]byte{5}}
	a, b := h, h
	a.CLTVExpiry, b.CLTVExpiry = 506, 505
	for _, order := range [][]HTLC{{a, b}, {b, a}} {
		f := newFixture(t, StaticRemoteKey, 10_000_000, 6_000_000_000, order, [][32]byte{{}, {}})
		tx, err := Build(f.c)
		if err != nil {
			t.Fatal(err)
		}
		if len(tx.HTLCTxs) != 2 || tx.HTLCTxs[0].MsgTx.LockTime != 505 || tx.HTLCTxs[1].MsgTx.LockTime != 506 {
			t.Fatalf("HTLC txs not in cltv order: %v, %v", tx.HTLCTxs[0].MsgTx.LockTime, tx.HTLCTxs[1].MsgTx.LockTime)
		}
	}
}

func TestBuildErrors(t *testing.T) {
	base := newFixture(t, Anchors, 10_000_000, 6_000_000_000, nil, nil).c
	for _, c := range []struct {
		name   string
		change func(c *Commitment)
		want   error
	}{
		{"unknown type", func(c *Commitment) { c.Type = 9 }, ErrUnknownChannelType},
		{"no funding key", func(c *Commitment) { c.RemoteFundingKey = nil }, ErrMissingKey},
		{"no revocation key", func(c *Commitment) { c.Keys.Revocation = nil }, ErrMissingKey},
		{"number above 2^48-1", func(c *Commitment) { c.Number = MaxCommitmentNumber + 1 }, ErrCommitmentNumber},
		{"negative funding", func(c *Commitment) { c.FundingAmount = -1 }, ErrAmountOutOfRange},
		{"funding above 21M BTC", func(c *Commitment) { c.FundingAmount = amount.MaxSatoshi + 1 }, ErrAmountOutOfRange},
		{"negative dust limit", func(c *Commitment) { c.DustLimit = -1 }, ErrAmountOutOfRange},
		{"balance above 21M BTC", func(c *Commitment) { c.ToLocal = amount.MaxMilliSatoshi + 1 }, ErrAmountOutOfRange},
		{"balances short", func(c *Commitment) { c.ToRemote-- }, ErrBalanceMismatch},
		{"balances over", func(c *Commitment) { c.ToRemote++ }, ErrBalanceMismatch},
		{"HTLC over capacity", func(c *Commitment) {
			c.HTLCs = []HTLC{{Amount: amount.MaxMilliSatoshi}}
		}, ErrBalanceMismatch},
		{"nothing left", func(c *Commitment) {
			c.ToLocal, c.ToRemote, c.Feerate = c.FundingAmount.ToMilliSatoshi(), 0, 1_000_000_000
		}, ErrNoOutputs},
	} {
		cm := base
		c.change(&cm)
		if _, err := Build(cm); !errors.Is(err, c.want) {
			t.Errorf("%s: %v, want %v", c.name, err, c.want)
		}
	}
}

func TestSignatureErrors(t *testing.T) {
	htlcs, pre := testHTLCs(6)
	f := newFixture(t, Anchors, 10_000_000, 6_000_000_000, htlcs, pre)
	tx, err := Build(f.c)
	if err != nil {
		t.Fatal(err)
	}
	good, err := tx.Sign(Remote, f.other.funding, f.remoteHTLCKey(t))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := tx.Sign(Remote, f.other.funding, nil); !errors.Is(err, ErrMissingKey) {
		t.Fatalf("sign without HTLC key: %v", err)
	}
	// Signatures made by the wrong node, or for the wrong role, do not verify.
	if err := tx.Verify(Local, good); !errors.Is(err, ErrBadSignature) {
		t.Fatalf("remote signatures checked as local: %v", err)
	}
	asLocal, _ := tx.Sign(Local, f.other.funding, f.remoteHTLCKey(t))
	var se *SignatureError
	if err := tx.Verify(Remote, Signatures{Commitment: good.Commitment, HTLCs: asLocal.HTLCs}); !errors.As(err, &se) || se.Index != 0 {
		t.Fatalf("SIGHASH_ALL HTLC signatures where SINGLE|ANYONECANPAY is due: %v", err)
	}
	bad := Signatures{Commitment: good.Commitment, HTLCs: append([]*ecdsa.Signature(nil), good.HTLCs...)}
	bad.HTLCs[3] = good.HTLCs[2]
	if err := tx.Verify(Remote, bad); !errors.As(err, &se) || se.Index != 3 || !errors.Is(err, ErrBadSignature) {
		t.Fatalf("swapped HTLC signature: %v", err)
	}
	bad.HTLCs = bad.HTLCs[:5]
	if err := tx.Verify(Remote, bad); !errors.Is(err, ErrSignatureCount) {
		t.Fatalf("short HTLC signatures: %v", err)
	}
	if err := tx.Verify(Remote, Signatures{HTLCs: good.HTLCs}); !errors.As(err, &se) || se.Index != -1 {
		t.Fatalf("missing commitment signature: %v", err)
	}
	if _, err := tx.Finalize(nil, good.Commitment); !errors.Is(err, ErrBadSignature) {
		t.Fatalf("finalize without a signature: %v", err)
	}
	for _, h := range tx.HTLCTxs {
		var err error
		if h.Timeout {
			_, err = h.FinalizeSuccess(good.HTLCs[0], good.HTLCs[0], [32]byte{})
		} else {
			_, err = h.FinalizeTimeout(good.HTLCs[0], good.HTLCs[0])
		}
		if !errors.Is(err, ErrWrongHTLCTx) {
			t.Fatalf("finalize as the wrong kind: %v", err)
		}
	}
}

// TestParallelSigningIsDeterministic compares the parallel signer with
// one signature made directly.
func TestParallelSigningIsDeterministic(t *testing.T) {
	htlcs, pre := testHTLCs(40)
	f := newFixture(t, StaticRemoteKey, 10_000_000, 6_000_000_000, htlcs, pre)
	tx, err := Build(f.c)
	if err != nil {
		t.Fatal(err)
	}
	key := f.remoteHTLCKey(t)
	sigs, err := tx.Sign(Remote, f.other.funding, key)
	if err != nil {
		t.Fatal(err)
	}
	for _, i := range []int{0, 17, 39} {
		d, _, err := tx.HTLCTxs[i].SigHash(Remote)
		if err != nil {
			t.Fatal(err)
		}
		if !ecdsa.Sign(key, d).IsEqual(sigs.HTLCs[i]) {
			t.Fatalf("HTLC signature %d differs from a direct signature", i)
		}
	}
}

func TestObscuredNumber(t *testing.T) {
	a, b := secretOf("a").PubKey(), secretOf("b").PubKey()
	factor, err := ObscuringFactor(a, b)
	if err != nil {
		t.Fatal(err)
	}
	if other, _ := ObscuringFactor(b, a); other == factor {
		t.Fatal("the factor does not depend on which node opened")
	}
	for _, n := range []uint64{0, 1, 42, 1 << 24, MaxCommitmentNumber} {
		lt, seq, err := lockTimeAndSequence(n, factor)
		if err != nil {
			t.Fatal(err)
		}
		tx := wire.NewMsgTx(2)
		tx.LockTime = lt
		tx.AddTxIn(&wire.TxIn{Sequence: seq})
		if got, ok := CommitmentNumber(tx, factor); !ok || got != n {
			t.Fatalf("number %d read back as %d, %v", n, got, ok)
		}
	}
	if _, err := ObscuringFactor(nil, b); !errors.Is(err, ErrMissingKey) {
		t.Fatalf("nil basepoint: %v", err)
	}
	if _, ok := CommitmentNumber(wire.NewMsgTx(2), factor); ok {
		t.Fatal("a transaction without the markers read as a commitment")
	}
}
