package commitment

import (
	"github.com/btcsuite/btcd/txscript"

	"github.com/lnstack/lnstack/layer3_p2p/amount"
)

// ChannelType is the commitment format a channel negotiated. lnstack
// builds the two formats lnd negotiates: static_remotekey (feature bits
// 12/13 without anchors) and anchors with zero-fee HTLC transactions (bits
// 22/23, which imply static_remotekey).
type ChannelType uint8

const (
	// StaticRemoteKey is option_static_remotekey without anchors: to_remote
	// is P2WPKH(remote payment_basepoint), HTLC transactions pay their own fee.
	StaticRemoteKey ChannelType = iota + 1
	// Anchors is option_anchors (zero_fee_htlc_tx): two 330-sat anchor
	// outputs, a CSV-1 to_remote, HTLC transactions with no fee whose remote
	// signature is SIGHASH_SINGLE|SIGHASH_ANYONECANPAY.
	Anchors
)

// String names the type as BOLT #9 does.
func (t ChannelType) String() string {
	switch t {
	case StaticRemoteKey:
		return "option_static_remotekey"
	case Anchors:
		return "option_anchors"
	}
	return "unknown"
}

func (t ChannelType) valid() bool { return t == StaticRemoteKey || t == Anchors }

// HasAnchors reports whether option_anchors applies.
func (t ChannelType) HasAnchors() bool { return t == Anchors }

// Expected weights of BOLT #3 "Fee Calculation" (derived in Appendix A).
const (
	// CommitWeightNoAnchors is 500 (4 * 125 bytes of commitment_transaction)
	// + 224 (witness_header + witness).
	CommitWeightNoAnchors = 724
	// CommitWeightAnchors is 900 (4 * 225 bytes) + 224. Appendix A counts
	// "count_tx_out: 3 byte" here, so a real anchors commitment weighs 8
	// less; the fee formula keeps the spec's figure, as every node must.
	CommitWeightAnchors = 1124
	// HTLCOutputWeight is 4 * 43 bytes (htlc_output) per untrimmed HTLC.
	HTLCOutputWeight = 172
	// HTLC-timeout: 376 (4 * 94 non-witness bytes) + 2 + 285 witness bytes;
	// with anchors the script is 3 bytes longer.
	HTLCTimeoutWeightNoAnchors = 663
	HTLCTimeoutWeightAnchors   = 666
	// HTLC-success: 376 + 2 + 324 + 1; BOLT #3: "really 702 and 705, but we
	// use these numbers for historical reasons".
	HTLCSuccessWeightNoAnchors = 703
	HTLCSuccessWeightAnchors   = 706
	// AnchorAmount is the value of each anchor output.
	//
	// BOLT #3: "The amount of the output is fixed at 330 sats, the default
	// dust limit for P2WSH."
	AnchorAmount amount.Satoshi = 330
)

// CommitWeight is the expected weight of a commitment transaction with
// untrimmedHTLCs HTLC outputs.
func (t ChannelType) CommitWeight(untrimmedHTLCs int) int64 {
	base := int64(CommitWeightNoAnchors)
	if t.HasAnchors() {
		base = CommitWeightAnchors
	}
	return base + HTLCOutputWeight*int64(untrimmedHTLCs)
}

// HTLCTimeoutWeight is the expected weight of an HTLC-timeout transaction.
func (t ChannelType) HTLCTimeoutWeight() int64 {
	if t.HasAnchors() {
		return HTLCTimeoutWeightAnchors
	}
	return HTLCTimeoutWeightNoAnchors
}

// HTLCSuccessWeight is the expected weight of an HTLC-success transaction.
func (t ChannelType) HTLCSuccessWeight() int64 {
	if t.HasAnchors() {
		return HTLCSuccessWeightAnchors
	}
	return HTLCSuccessWeightNoAnchors
}

// HTLCTimeoutFee is the fee an HTLC-timeout transaction pays.
//
// BOLT #3: "If option_anchors applies: MUST be 0. Otherwise, MUST be
// calculated to match: Multiply feerate_per_kw by 663 and divide by 1000
// (rounding down)."
func (t ChannelType) HTLCTimeoutFee(f amount.FeeratePerKw) amount.Satoshi {
	if t.HasAnchors() {
		return 0
	}
	return f.FeeForWeight(t.HTLCTimeoutWeight())
}

// HTLCSuccessFee is the fee an HTLC-success transaction pays (0 with anchors,
// feerate_per_kw * 703 / 1000 otherwise).
func (t ChannelType) HTLCSuccessFee(f amount.FeeratePerKw) amount.Satoshi {
	if t.HasAnchors() {
		return 0
	}
	return f.FeeForWeight(t.HTLCSuccessWeight())
}

// HTLCSequence is the nSequence of an HTLC transaction's input.
//
// BOLT #3: "txin[0] sequence: 0 (set to 1 for option_anchors)".
func (t ChannelType) HTLCSequence() uint32 {
	if t.HasAnchors() {
		return 1
	}
	return 0
}

// RemoteHTLCSigHash is the sighash type of the HTLC signatures a node
// sends in commitment_signed for the other's HTLC transactions. The owner's
// own HTLC signature is always SIGHASH_ALL.
//
// BOLT #5: "Otherwise, SIGHASH_SINGLE|SIGHASH_ANYONECANPAY MUST be used on
// the HTLC signatures received from the peer [...] The local signature MUST
// use SIGHASH_ALL".
func (t ChannelType) RemoteHTLCSigHash() txscript.SigHashType {
	if t.HasAnchors() {
		return txscript.SigHashSingle | txscript.SigHashAnyOneCanPay
	}
	return txscript.SigHashAll
}
