package commitment

import (
	"fmt"
	"runtime"
	"sync"
	"sync/atomic"

	"github.com/btcsuite/btcd/btcec/v2"
	"github.com/btcsuite/btcd/btcec/v2/ecdsa"
	"github.com/btcsuite/btcd/txscript"
	"github.com/btcsuite/btcd/wire"

	"github.com/lnstack/lnstack/layer3_p2p/scripts"
)

// Signer says which node makes a signature on a commitment: the owner
// (Local), or the other node (Remote), whose signatures the owner receives
// in commitment_signed.
type Signer uint8

// The two signers of a commitment.
const (
	Local Signer = iota + 1
	Remote
)

// Signatures are one node's signatures on a commitment: the commitment
// transaction's, and one per HTLC transaction in output order (the
// signature and htlc_signature fields of commitment_signed when Remote
// makes them).
type Signatures struct {
	Commitment *ecdsa.Signature
	HTLCs      []*ecdsa.Signature
}

// parallelMin is the number of signatures from which signing is spread
// over the available cores: below it a goroutine costs more than it saves.
const parallelMin = 4

// forEach runs f(0) .. f(n-1), over min(GOMAXPROCS, n) goroutines when n
// is large enough, and returns the error of the lowest failing index. The
// goroutines are all done when it returns.
func forEach(n int, f func(i int) error) error {
	workers := runtime.GOMAXPROCS(0)
	if workers > n {
		workers = n
	}
	if workers <= 1 || n < parallelMin {
		for i := 0; i < n; i++ {
			if err := f(i); err != nil {
				return err
			}
		}
		return nil
	}
	errs := make([]error, n)
	var next atomic.Int64
	var wg sync.WaitGroup
	wg.Add(workers)
	for w := 0; w < workers; w++ {
		go func() {
			defer wg.Done()
			for i := int(next.Add(1) - 1); i < n; i = int(next.Add(1) - 1) {
				errs[i] = f(i)
			}
		}()
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
}

// SigHash returns the SIGHASH_ALL digest both funding keys sign.
func (t *Tx) SigHash() ([]byte, error) {
	return txscript.CalcWitnessSigHash(t.FundingScript, t.sigHashes, txscript.SigHashAll, t.MsgTx, 0, int64(t.c.FundingAmount))
}

// Sign makes by's signatures on the commitment (with fundingKey) and its
// HTLC transactions (with htlcKey, the private key of local_htlcpubkey or
// remote_htlcpubkey): RFC 6979 deterministic ECDSA, spread over the cores
// when there are many HTLCs. htlcKey may be nil when there is no HTLC output.
func (t *Tx) Sign(by Signer, fundingKey, htlcKey *btcec.PrivateKey) (Signatures, error) {
	if fundingKey == nil || (htlcKey == nil && len(t.HTLCTxs) > 0) {
		return Signatures{}, fmt.Errorf("signing key: %w", ErrMissingKey)
	}
	sigs := Signatures{HTLCs: make([]*ecdsa.Signature, len(t.HTLCTxs))}
	err := forEach(1+len(t.HTLCTxs), func(i int) error {
		if i == 0 {
			d, err := t.SigHash()
			if err != nil {
				return err
			}
			sigs.Commitment = ecdsa.Sign(fundingKey, d)
			return nil
		}
		d, _, err := t.HTLCTxs[i-1].SigHash(by)
		if err != nil {
			return err
		}
		sigs.HTLCs[i-1] = ecdsa.Sign(htlcKey, d)
		return nil
	})
	if err != nil {
		return Signatures{}, err
	}
	return sigs, nil
}

// signerKeys returns the funding and HTLC public keys of by.
func (t *Tx) signerKeys(by Signer) (funding, htlc *btcec.PublicKey) {
	if by == Local {
		return t.c.LocalFundingKey, t.c.Keys.LocalHTLC
	}
	return t.c.RemoteFundingKey, t.c.Keys.RemoteHTLC
}

// Verify checks by's signatures: the owner checks the other node's
// commitment_signed with by = Remote. It returns ErrSignatureCount, or a
// *SignatureError wrapping ErrBadSignature for the first signature (in
// output order, the commitment's first) that does not verify.
//
// BOLT #2: "if `signature` is not valid for its local commitment
// transaction OR non-compliant with LOW-S-standard rule ... MUST send a
// `warning` and close the connection, or send an `error` and fail the
// channel."
func (t *Tx) Verify(by Signer, s Signatures) error {
	if len(s.HTLCs) != len(t.HTLCTxs) {
		return fmt.Errorf("%d signatures for %d HTLC outputs: %w", len(s.HTLCs), len(t.HTLCTxs), ErrSignatureCount)
	}
	fundingKey, htlcKey := t.signerKeys(by)
	return forEach(1+len(t.HTLCTxs), func(i int) error {
		var (
			d   []byte
			err error
			sig *ecdsa.Signature
			pub *btcec.PublicKey
		)
		if i == 0 {
			d, err = t.SigHash()
			sig, pub = s.Commitment, fundingKey
		} else {
			d, _, err = t.HTLCTxs[i-1].SigHash(by)
			sig, pub = s.HTLCs[i-1], htlcKey
		}
		if err != nil {
			return err
		}
		if sig == nil || !sig.Verify(d, pub) {
			return &SignatureError{Index: i - 1, Err: ErrBadSignature}
		}
		return nil
	})
}

// Finalize puts both signatures on the funding input, which is what the
// owner does before broadcasting its commitment, and returns the
// transaction. The signatures are not checked here; Verify does that.
func (t *Tx) Finalize(local, remote *ecdsa.Signature) (*wire.MsgTx, error) {
	if local == nil || remote == nil {
		return nil, &SignatureError{Index: -1, Err: ErrBadSignature}
	}
	w, err := scripts.FundingWitness(t.FundingScript,
		t.c.LocalFundingKey, withType(local, txscript.SigHashAll),
		t.c.RemoteFundingKey, withType(remote, txscript.SigHashAll))
	if err != nil {
		return nil, err
	}
	t.MsgTx.TxIn[0].Witness = w
	return t.MsgTx, nil
}
