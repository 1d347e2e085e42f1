package keys

import (
	"fmt"

	"github.com/btcsuite/btcd/btcec/v2"
)

// Basepoints are the four points a node sends in open_channel or
// accept_channel, from which every per-commitment key is tweaked.
type Basepoints struct {
	Revocation     *btcec.PublicKey // revocation_basepoint
	Payment        *btcec.PublicKey // payment_basepoint
	DelayedPayment *btcec.PublicKey // delayed_payment_basepoint
	HTLC           *btcec.PublicKey // htlc_basepoint
}

// CommitmentKeys are the keys one commitment transaction and its HTLC
// transactions are built with. "Local" is the owner of the commitment (the
// node that can broadcast it), "remote" the other node, as in BOLT #3.
type CommitmentKeys struct {
	// PerCommitmentPoint is the owner's point for this commitment number.
	PerCommitmentPoint *btcec.PublicKey
	// Revocation is revocationpubkey: the remote node's revocation
	// basepoint blinded by the owner's per-commitment point.
	Revocation *btcec.PublicKey
	// LocalDelayed is local_delayedpubkey, which to_local and the HTLC
	// transaction outputs pay after to_self_delay.
	LocalDelayed *btcec.PublicKey
	// LocalHTLC and RemoteHTLC are local_htlcpubkey and remote_htlcpubkey.
	LocalHTLC  *btcec.PublicKey
	RemoteHTLC *btcec.PublicKey
	// ToRemote is remotepubkey: with option_static_remotekey (and so with
	// anchors) it is the remote node's payment_basepoint itself.
	ToRemote *btcec.PublicKey
}

// DeriveCommitmentKeys derives the keys of the commitment owned by the node
// with basepoints owner, against the other node's basepoints, at the owner's
// per-commitment point. remotepubkey is the untweaked payment basepoint, as
// option_static_remotekey requires: both channel types lnstack builds
// (static_remotekey and anchors) use it.
//
// BOLT #3 "remotepubkey Derivation": "The remotepubkey is simply the remote
// node's payment_basepoint."
func DeriveCommitmentKeys(perCommitmentPoint *btcec.PublicKey, owner, other Basepoints) (CommitmentKeys, error) {
	var k CommitmentKeys
	if perCommitmentPoint == nil || owner.DelayedPayment == nil || owner.HTLC == nil ||
		other.Revocation == nil || other.HTLC == nil || other.Payment == nil {
		return k, ErrNilKey
	}
	var err error
	k.PerCommitmentPoint = perCommitmentPoint
	if k.Revocation, err = DeriveRevocationPubkey(other.Revocation, perCommitmentPoint); err != nil {
		return k, fmt.Errorf("revocationpubkey: %w", err)
	}
	if k.LocalDelayed, err = DerivePubkey(owner.DelayedPayment, perCommitmentPoint); err != nil {
		return k, fmt.Errorf("local_delayedpubkey: %w", err)
	}
	if k.LocalHTLC, err = DerivePubkey(owner.HTLC, perCommitmentPoint); err != nil {
		return k, fmt.Errorf("local_htlcpubkey: %w", err)
	}
	if k.RemoteHTLC, err = DerivePubkey(other.HTLC, perCommitmentPoint); err != nil {
		return k, fmt.Errorf("remote_htlcpubkey: %w", err)
	}
	k.ToRemote = other.Payment
	return k, nil
}
