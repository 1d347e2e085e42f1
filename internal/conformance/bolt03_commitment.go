package conformance

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"

	"github.com/btcsuite/btcd/btcec/v2"
	"github.com/btcsuite/btcd/btcec/v2/ecdsa"
	"github.com/btcsuite/btcd/chaincfg/chainhash"
	"github.com/btcsuite/btcd/wire"

	"github.com/lnstack/lnstack/layer3_p2p/amount"
	"github.com/lnstack/lnstack/layer3_p2p/commitment"
	"github.com/lnstack/lnstack/layer3_p2p/keys"
	"github.com/lnstack/lnstack/layer3_p2p/scripts"
	"github.com/lnstack/lnstack/testvectors"
)

// --- Appendices C and F ---

type bolt03HTLC struct {
	ID              int    `json:"id"`
	Offered         bool   `json:"offered"`
	AmountMsat      uint64 `json:"amount_msat"`
	CLTVExpiry      uint32 `json:"cltv_expiry"`
	PaymentPreimage string `json:"payment_preimage"`
}

type bolt03HTLCTx struct {
	OutputIndex     uint32 `json:"output_index"`
	HTLC            int    `json:"htlc"`
	Kind            string `json:"kind"`
	RemoteSignature string `json:"remote_signature"`
	LocalSignature  string `json:"local_signature"`
	Tx              string `json:"tx"`
}

type bolt03Commitment struct {
	Name                 string `json:"name"`
	FundingTxid          string `json:"funding_txid"`
	FundingOutputIndex   uint32 `json:"funding_output_index"`
	FundingSatoshis      int64  `json:"funding_satoshis"`
	CommitmentNumber     uint64 `json:"commitment_number"`
	ToSelfDelay          uint16 `json:"to_self_delay"`
	LocalIsOpener        bool   `json:"local_is_opener"`
	LocalFundingPrivkey  string `json:"local_funding_privkey"`
	RemoteFundingPrivkey string `json:"remote_funding_privkey"`
	LocalFundingPubkey   string `json:"local_funding_pubkey"`
	RemoteFundingPubkey  string `json:"remote_funding_pubkey"`
	FundingWitnessScript string `json:"funding_witness_script"`

	LocalPaymentBasepointSecret        string `json:"local_payment_basepoint_secret"`
	RemotePaymentBasepointSecret       string `json:"remote_payment_basepoint_secret"`
	RemoteRevocationBasepointSecret    string `json:"remote_revocation_basepoint_secret"`
	LocalDelayedPaymentBasepointSecret string `json:"local_delayed_payment_basepoint_secret"`
	LocalPerCommitmentSecret           string `json:"local_per_commitment_secret"`
	LocalPaymentBasepoint              string `json:"local_payment_basepoint"`
	RemotePaymentBasepoint             string `json:"remote_payment_basepoint"`
	LocalHTLCBasepoint                 string `json:"local_htlc_basepoint"`
	RemoteHTLCBasepoint                string `json:"remote_htlc_basepoint"`
	RemoteRevocationBasepoint          string `json:"remote_revocation_basepoint"`
	LocalDelayedPaymentBasepoint       string `json:"local_delayed_payment_basepoint"`
	LocalPerCommitmentPoint            string `json:"local_per_commitment_point"`
	ObscuredCommitmentNumber           uint64 `json:"obscured_commitment_number"`
	LocalPrivkey                       string `json:"local_privkey"`
	RemotePrivkey                      string `json:"remote_privkey"`
	LocalDelayedPrivkey                string `json:"local_delayed_privkey"`
	LocalHTLCPubkey                    string `json:"local_htlcpubkey"`
	RemoteHTLCPubkey                   string `json:"remote_htlcpubkey"`
	LocalDelayedPubkey                 string `json:"local_delayedpubkey"`
	LocalRevocationPubkey              string `json:"local_revocation_pubkey"`

	DustLimitSatoshis int64          `json:"dust_limit_satoshis"`
	FeeratePerKw      uint32         `json:"feerate_per_kw"`
	ToLocalMsat       uint64         `json:"to_local_msat"`
	ToRemoteMsat      uint64         `json:"to_remote_msat"`
	HTLCs             []bolt03HTLC   `json:"htlcs"`
	BaseFeeSatoshis   *int64         `json:"base_fee_satoshis"`
	ActualFeeSatoshis *int64         `json:"actual_fee_satoshis"`
	RemoteSignature   string         `json:"remote_signature"`
	LocalSignature    string         `json:"local_signature"`
	CommitTx          string         `json:"commit_tx"`
	NumHTLCs          int            `json:"num_htlcs"`
	HTLCTxs           []bolt03HTLCTx `json:"htlc_txs"`
}

// bolt03Signers are the four private keys that sign a vector's transactions.
type bolt03Signers struct {
	localFunding, remoteFunding, localHTLC, remoteHTLC *btcec.PrivateKey
}

// commitmentFromVector derives every key of an Appendix C/F vector with
// the keys package, checks each against the values the vector lists, and
// returns the commitment to build with its signing keys.
func commitmentFromVector(typ commitment.ChannelType, in *bolt03Commitment) (commitment.Commitment, bolt03Signers, map[int][32]byte, error) {
	var (
		c      commitment.Commitment
		s      bolt03Signers
		k      bolt03Keys
		checks []error
	)
	s.localFunding = k.secret("local_funding_privkey", in.LocalFundingPrivkey)
	s.remoteFunding = k.secret("remote_funding_privkey", in.RemoteFundingPrivkey)
	localPaymentSecret := k.secret("local_payment_basepoint_secret", in.LocalPaymentBasepointSecret)
	remotePaymentSecret := k.secret("remote_payment_basepoint_secret", in.RemotePaymentBasepointSecret)
	remoteRevocationSecret := k.secret("remote_revocation_basepoint_secret", in.RemoteRevocationBasepointSecret)
	localDelayedSecret := k.secret("local_delayed_payment_basepoint_secret", in.LocalDelayedPaymentBasepointSecret)
	local := keys.Basepoints{
		Payment:        k.point("local_payment_basepoint", in.LocalPaymentBasepoint),
		DelayedPayment: k.point("local_delayed_payment_basepoint", in.LocalDelayedPaymentBasepoint),
		HTLC:           k.point("local_htlc_basepoint", in.LocalHTLCBasepoint),
	}
	remote := keys.Basepoints{
		Revocation: k.point("remote_revocation_basepoint", in.RemoteRevocationBasepoint),
		Payment:    k.point("remote_payment_basepoint", in.RemotePaymentBasepoint),
		HTLC:       k.point("remote_htlc_basepoint", in.RemoteHTLCBasepoint),
	}
	if k.err != nil {
		return c, s, nil, k.err
	}
	pcs, err := unhex32("local_per_commitment_secret", in.LocalPerCommitmentSecret)
	if err != nil {
		return c, s, nil, err
	}
	point, err := keys.PerCommitmentPoint(pcs)
	if err != nil {
		return c, s, nil, err
	}
	// The vectors use one secret for the payment and HTLC basepoints.
	if s.localHTLC, err = keys.DerivePrivkey(localPaymentSecret, point); err != nil {
		return c, s, nil, err
	}
	if s.remoteHTLC, err = keys.DerivePrivkey(remotePaymentSecret, point); err != nil {
		return c, s, nil, err
	}
	localDelayed, err := keys.DerivePrivkey(localDelayedSecret, point)
	if err != nil {
		return c, s, nil, err
	}
	ck, err := keys.DeriveCommitmentKeys(point, local, remote)
	if err != nil {
		return c, s, nil, err
	}
	checks = append(checks,
		samePoint("local_funding_pubkey", s.localFunding.PubKey(), in.LocalFundingPubkey),
		samePoint("remote_funding_pubkey", s.remoteFunding.PubKey(), in.RemoteFundingPubkey),
		samePoint("local_payment_basepoint", localPaymentSecret.PubKey(), in.LocalPaymentBasepoint),
		samePoint("local_htlc_basepoint", localPaymentSecret.PubKey(), in.LocalHTLCBasepoint),
		samePoint("remote_payment_basepoint", remotePaymentSecret.PubKey(), in.RemotePaymentBasepoint),
		samePoint("remote_htlc_basepoint", remotePaymentSecret.PubKey(), in.RemoteHTLCBasepoint),
		samePoint("remote_revocation_basepoint", remoteRevocationSecret.PubKey(), in.RemoteRevocationBasepoint),
		samePoint("local_delayed_payment_basepoint", localDelayedSecret.PubKey(), in.LocalDelayedPaymentBasepoint),
		samePoint("local_per_commitment_point", point, in.LocalPerCommitmentPoint),
		sameSecret("local_privkey", s.localHTLC, in.LocalPrivkey),
		sameSecret("remote_privkey", s.remoteHTLC, in.RemotePrivkey),
		sameSecret("local_delayed_privkey", localDelayed, in.LocalDelayedPrivkey),
		samePoint("local_htlcpubkey", ck.LocalHTLC, in.LocalHTLCPubkey),
		samePoint("remote_htlcpubkey", ck.RemoteHTLC, in.RemoteHTLCPubkey),
		samePoint("local_delayedpubkey", ck.LocalDelayed, in.LocalDelayedPubkey),
		samePoint("local_revocation_pubkey", ck.Revocation, in.LocalRevocationPubkey),
		samePoint("local_delayedpubkey (from its secret)", localDelayed.PubKey(), in.LocalDelayedPubkey),
	)
	if err := errors.Join(checks...); err != nil {
		return c, s, nil, err
	}
	fs, err := scripts.Funding(s.localFunding.PubKey(), s.remoteFunding.PubKey())
	if err != nil {
		return c, s, nil, err
	}
	if g := hex.EncodeToString(fs); g != in.FundingWitnessScript {
		return c, s, nil, fmt.Errorf("funding witness script = %s, want %s", g, in.FundingWitnessScript)
	}
	// Appendix C: "It's assumed that local is the opener", so the factor
	// hashes the local payment basepoint first.
	opener, accepter := local.Payment, remote.Payment
	if !in.LocalIsOpener {
		opener, accepter = accepter, opener
	}
	factor, err := commitment.ObscuringFactor(opener, accepter)
	if err != nil {
		return c, s, nil, err
	}
	if got := factor ^ in.CommitmentNumber; got != in.ObscuredCommitmentNumber {
		return c, s, nil, fmt.Errorf("obscured commitment number = %#x, want %#x", got, in.ObscuredCommitmentNumber)
	}
	txid, err := chainhash.NewHashFromStr(in.FundingTxid)
	if err != nil {
		return c, s, nil, err
	}
	c = commitment.Commitment{
		Type:             typ,
		FundingOutpoint:  wire.OutPoint{Hash: *txid, Index: in.FundingOutputIndex},
		FundingAmount:    amount.Satoshi(in.FundingSatoshis),
		LocalFundingKey:  s.localFunding.PubKey(),
		RemoteFundingKey: s.remoteFunding.PubKey(),
		ObscuringFactor:  factor,
		Number:           in.CommitmentNumber,
		LocalIsOpener:    in.LocalIsOpener,
		ToSelfDelay:      in.ToSelfDelay,
		DustLimit:        amount.Satoshi(in.DustLimitSatoshis),
		Feerate:          amount.FeeratePerKw(in.FeeratePerKw),
		ToLocal:          amount.MilliSatoshi(in.ToLocalMsat),
		ToRemote:         amount.MilliSatoshi(in.ToRemoteMsat),
		Keys:             ck,
	}
	preimages := make(map[int][32]byte)
	for _, h := range in.HTLCs {
		pre, err := unhex32("payment_preimage", h.PaymentPreimage)
		if err != nil {
			return c, s, nil, err
		}
		preimages[len(c.HTLCs)] = pre
		c.HTLCs = append(c.HTLCs, commitment.HTLC{
			Offered:     h.Offered,
			Amount:      amount.MilliSatoshi(h.AmountMsat),
			PaymentHash: sha256.Sum256(pre[:]),
			CLTVExpiry:  h.CLTVExpiry,
		})
	}
	return c, s, preimages, nil
}

func sameSig(name string, got *ecdsa.Signature, want string) error {
	if g := hex.EncodeToString(got.Serialize()); g != want {
		return fmt.Errorf("%s = %s, want %s", name, g, want)
	}
	return nil
}

// runBolt03Commitment rebuilds a commitment and its HTLC transactions,
// signs them as both nodes, and compares every signature and transaction.
func runBolt03Commitment(typ commitment.ChannelType) RunFunc {
	return func(v testvectors.Vector) error {
		var in bolt03Commitment
		if err := v.Decode(&in); err != nil {
			return err
		}
		c, signers, preimages, err := commitmentFromVector(typ, &in)
		if err != nil {
			return err
		}
		tx, err := commitment.Build(c)
		if err != nil {
			return fmt.Errorf("build: %w", err)
		}
		if in.BaseFeeSatoshis != nil && int64(tx.BaseFee) != *in.BaseFeeSatoshis {
			return fmt.Errorf("base fee = %d, want %d", tx.BaseFee, *in.BaseFeeSatoshis)
		}
		if in.ActualFeeSatoshis != nil && int64(tx.Fee) != *in.ActualFeeSatoshis {
			return fmt.Errorf("actual fee = %d, want %d", tx.Fee, *in.ActualFeeSatoshis)
		}
		if len(tx.HTLCTxs) != in.NumHTLCs || len(in.HTLCTxs) != in.NumHTLCs {
			return fmt.Errorf("%d HTLC transactions, want %d", len(tx.HTLCTxs), in.NumHTLCs)
		}
		localSigs, err := tx.Sign(commitment.Local, signers.localFunding, signers.localHTLC)
		if err != nil {
			return err
		}
		remoteSigs, err := tx.Sign(commitment.Remote, signers.remoteFunding, signers.remoteHTLC)
		if err != nil {
			return err
		}
		if err := errors.Join(
			sameSig("local_signature", localSigs.Commitment, in.LocalSignature),
			sameSig("remote_signature", remoteSigs.Commitment, in.RemoteSignature),
			tx.Verify(commitment.Local, localSigs),
			tx.Verify(commitment.Remote, remoteSigs),
		); err != nil {
			return err
		}
		signed, err := tx.Finalize(localSigs.Commitment, remoteSigs.Commitment)
		if err != nil {
			return err
		}
		if got, err := txHex(signed); err != nil || got != in.CommitTx {
			return fmt.Errorf("commit_tx = %s (%v), want %s", got, err, in.CommitTx)
		}
		if err := scripts.VerifyTx(signed, []*wire.TxOut{tx.FundingOutput()}); err != nil {
			return fmt.Errorf("commit_tx: %w", err)
		}
		for i, want := range in.HTLCTxs {
			h := tx.HTLCTxs[i]
			kind := "htlc-success"
			if h.Timeout {
				kind = "htlc-timeout"
			}
			if h.CommitmentOutput != want.OutputIndex || in.HTLCs[h.HTLC].ID != want.HTLC || kind != want.Kind {
				return fmt.Errorf("HTLC tx %d spends output %d of HTLC #%d (%s), want output %d of HTLC #%d (%s)",
					i, h.CommitmentOutput, in.HTLCs[h.HTLC].ID, kind, want.OutputIndex, want.HTLC, want.Kind)
			}
			if err := errors.Join(
				sameSig(fmt.Sprintf("HTLC tx %d local_htlc_signature", i), localSigs.HTLCs[i], want.LocalSignature),
				sameSig(fmt.Sprintf("HTLC tx %d remote_htlc_signature", i), remoteSigs.HTLCs[i], want.RemoteSignature),
			); err != nil {
				return err
			}
			var final *wire.MsgTx
			if h.Timeout {
				final, err = h.FinalizeTimeout(localSigs.HTLCs[i], remoteSigs.HTLCs[i])
			} else {
				final, err = h.FinalizeSuccess(localSigs.HTLCs[i], remoteSigs.HTLCs[i], preimages[h.HTLC])
			}
			if err != nil {
				return err
			}
			if got, err := txHex(final); err != nil || got != want.Tx {
				return fmt.Errorf("HTLC tx %d = %s (%v), want %s", i, got, err, want.Tx)
			}
			if err := scripts.VerifyTx(final, []*wire.TxOut{h.PrevOut()}); err != nil {
				return fmt.Errorf("HTLC tx %d: %w", i, err)
			}
		}
		return nil
	}
}
