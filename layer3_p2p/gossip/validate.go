package gossip

import (
	"bytes"
	"context"
	"fmt"
	"time"

	"github.com/btcsuite/btcd/btcec/v2"

	"github.com/lnstack/lnstack/layer2_messaging/feature"
	"github.com/lnstack/lnstack/layer2_messaging/wire"
	"github.com/lnstack/lnstack/layer3_p2p/amount"
	"github.com/lnstack/lnstack/layer3_p2p/scripts"
)

// FundingChecker looks up a channel's funding output on the chain: the one
// piece of channel_announcement validation that needs I/O. The node gives
// the Validator a real one (a chain backend); tests give a map.
type FundingChecker interface {
	// CheckFunding returns the value of the output q.SCID names when it
	// is an unspent output paying q.PkScript with enough confirmations,
	// and otherwise an error wrapping ErrFundingNotFound,
	// ErrFundingScript, ErrFundingSpent or ErrFundingUnconfirmed (or an
	// I/O error of its own).
	CheckFunding(ctx context.Context, q FundingQuery) (amount.Satoshi, error)
}

// FundingQuery is what a FundingChecker checks.
type FundingQuery struct {
	// SCID names the output: block height, transaction index, output
	// index.
	SCID wire.ShortChannelID
	// BitcoinKey1 and BitcoinKey2 are the announcement's funding keys.
	BitcoinKey1, BitcoinKey2 *btcec.PublicKey
	// PkScript is the output script the funding output must have: BOLT
	// #7 "the corresponding output MUST be a P2WSH, as described in BOLT
	// #3", P2WSH of 2 <key1> <key2> 2 OP_CHECKMULTISIG with the keys
	// sorted.
	PkScript []byte
}

// DefaultMaxFutureSkew is how far ahead of the clock a channel_update
// timestamp may be before the Validator discards it (BOLT #7 leaves
// "unreasonably far in the future" to the node).
const DefaultMaxFutureSkew = 24 * time.Hour

// StaleAfter is the age past which a channel may be pruned. BOLT #7: "if
// the timestamp of the latest channel_update in either direction is older
// than two weeks (1209600 seconds): MAY prune the channel."
const StaleAfter = 1209600 * time.Second

// Validator checks gossip messages by the BOLT #7 receiver rules. It is
// pure: it keeps no state between calls and does no I/O except through
// Funding, so one Validator serves every peer concurrently, and a
// simulation can drive it with a fake chain and clock.
//
// The checks that need the last message seen from the same origin
// (timestamps that only move forward) are the functions CheckUpdateOrder
// and CheckNodeAnnouncementOrder, for the graph store that has it.
type Validator struct {
	// Chain is the chain this node follows; messages of another chain
	// fail with ErrUnknownChain. MainnetChainHash gives Bitcoin's.
	Chain wire.ChainHash
	// Funding checks funding outputs; nil skips the check (the capacity
	// is then unknown, 0).
	Funding FundingChecker
	// KnownFeatures are the feature bits this node understands in
	// announcements; nil means every feature of the BOLT #9 table.
	KnownFeatures feature.Vector
	// Keys parses the public keys of announcements; nil parses each one
	// afresh (see KeyParser).
	Keys KeyParser
	// Now is the clock; nil means time.Now.
	Now func() time.Time
	// MaxFutureSkew is how far in the future a channel_update timestamp
	// may be; 0 means DefaultMaxFutureSkew.
	MaxFutureSkew time.Duration
}

// ChannelInfo is what a valid channel_announcement establishes.
type ChannelInfo struct {
	SCID wire.ShortChannelID
	// NodeKey1 and NodeKey2 verify the channel's channel_updates
	// (UpdateKey picks one).
	NodeKey1, NodeKey2 *btcec.PublicKey
	// Capacity is the funding output's value; 0 when the Validator has no
	// FundingChecker.
	Capacity amount.Satoshi
}

// UpdateKey returns the key that signs m: BOLT #7 "node_id_1 if the
// least-significant bit of flags is 0 or node_id_2 otherwise."
func (c ChannelInfo) UpdateKey(m *ChannelUpdate) *btcec.PublicKey {
	if m.Direction() == Node1 {
		return c.NodeKey1
	}
	return c.NodeKey2
}

// ValidateChannelAnnouncement checks a channel_announcement and returns
// the channel's keys and capacity. The checks run cheapest first and stop
// at the first failure:
//
//  1. chain_hash is the Validator's chain (ErrUnknownChain);
//  2. node_id_1 is less than node_id_2 (ErrNodeKeyOrder);
//  3. the four keys are valid points (*KeyError) and the four signatures
//     sign the message (*SignatureError): BOLT #7 "MUST verify the
//     integrity AND authenticity of the message by verifying the
//     signatures";
//  4. the funding output, through Funding (*FundingError);
//  5. no unknown even feature bit (*FeatureError). This one is checked
//     last and returned with the ChannelInfo filled in: the announcement
//     is valid, but the channel is not to be routed through.
func (v *Validator) ValidateChannelAnnouncement(ctx context.Context, m *ChannelAnnouncement) (ChannelInfo, error) {
	info := ChannelInfo{SCID: m.ShortChannelID}
	if m.ChainHash != v.Chain {
		return info, fmt.Errorf("%w: %s", ErrUnknownChain, m.ChainHash)
	}
	if bytes.Compare(m.NodeID1[:], m.NodeID2[:]) >= 0 {
		return info, ErrNodeKeyOrder
	}
	checks, err := m.SigChecks()
	if err != nil {
		return info, err
	}
	// All four keys first: parsing is a tenth of a verification.
	var keys [4]*btcec.PublicKey
	for i := range checks {
		if keys[i], err = v.parseKey(&checks[i]); err != nil {
			return info, err
		}
		checks[i].Key = keys[i]
	}
	for i := range checks {
		if err := checks[i].Verify(); err != nil {
			return info, err
		}
	}
	info.NodeKey1, info.NodeKey2 = keys[0], keys[1]
	if v.Funding != nil {
		witness, err := scripts.Funding(keys[2], keys[3])
		if err != nil {
			// The two funding keys are equal: no 2-of-2 output has them.
			return info, &FundingError{SCID: m.ShortChannelID, Err: fmt.Errorf("%w: %v", ErrFundingScript, err)}
		}
		q := FundingQuery{SCID: m.ShortChannelID, BitcoinKey1: keys[2], BitcoinKey2: keys[3], PkScript: scripts.P2WSH(witness)}
		capacity, err := v.Funding.CheckFunding(ctx, q)
		if err != nil {
			return info, &FundingError{SCID: m.ShortChannelID, Err: err}
		}
		info.Capacity = capacity
	}
	if err := v.checkFeatures("channel_announcement", m.Features); err != nil {
		return info, err
	}
	return info, nil
}

// ValidateNodeAnnouncement checks a node_announcement: node_id is a valid
// key (*KeyError), the signature signs the message (*SignatureError), no
// unknown even feature bit (*FeatureError), at most one DNS hostname
// (ErrMultipleHostnames). The last two describe a valid message BOLT #7
// restricts the use of (not connecting, not routing through the node; not
// forwarding the announcement).
//
// BOLT #7 also says to ignore a node_announcement whose node_id "is NOT
// previously known from a channel_announcement message" and one whose
// timestamp is not newer (CheckNodeAnnouncementOrder): both need the graph.
func (v *Validator) ValidateNodeAnnouncement(m *NodeAnnouncement) error {
	c, err := m.SigCheck()
	if err != nil {
		return err
	}
	if c.Key, err = v.parseKey(&c); err != nil {
		return err
	}
	if err := c.Verify(); err != nil {
		return err
	}
	if err := v.checkFeatures("node_announcement", m.Features); err != nil {
		return err
	}
	if m.Addresses.MultipleHostnames() {
		return ErrMultipleHostnames
	}
	return nil
}

// ValidateChannelUpdate checks a channel_update against the key of the
// node it comes from (ChannelInfo.UpdateKey): chain_hash
// (ErrUnknownChain), a timestamp not too far in the future
// (ErrFutureTimestamp), the signature (*SignatureError). The HTLC limits
// are CheckHTLCLimits; the order against the last update is
// CheckUpdateOrder.
func (v *Validator) ValidateChannelUpdate(m *ChannelUpdate, nodeKey *btcec.PublicKey) error {
	if m.ChainHash != v.Chain {
		return fmt.Errorf("%w: %s", ErrUnknownChain, m.ChainHash)
	}
	skew := v.MaxFutureSkew
	if skew == 0 {
		skew = DefaultMaxFutureSkew
	}
	if limit := v.now().Add(skew).Unix(); int64(m.Timestamp) > limit {
		return fmt.Errorf("%w: %d, limit %d", ErrFutureTimestamp, m.Timestamp, limit)
	}
	c, err := m.SigCheck(nodeKey)
	if err != nil {
		return err
	}
	return c.Verify()
}

// ValidateAnnouncementSignatures checks the announcement_signatures the
// channel peer on side sent against ann, the channel_announcement this node
// built: the short_channel_id (ErrSCIDMismatch), the side's keys
// (*KeyError) and both signatures (*SignatureError). BOLT #7: "If the
// node_signature OR the bitcoin_signature is NOT correct: MAY send a
// warning and close the connection, or send an error and fail the channel."
func (v *Validator) ValidateAnnouncementSignatures(m *AnnouncementSignatures, ann *ChannelAnnouncement, side Side) error {
	if m.ShortChannelID != ann.ShortChannelID {
		return fmt.Errorf("%w: %s, channel %s", ErrSCIDMismatch, m.ShortChannelID, ann.ShortChannelID)
	}
	d, err := ann.Digest()
	if err != nil {
		return err
	}
	node, btc := ann.Keys(side)
	for _, c := range [2]SigCheck{
		{Field: "node_signature", Digest: d, Signature: m.NodeSignature, Point: node, KeyField: "node_id"},
		{Field: "bitcoin_signature", Digest: d, Signature: m.BitcoinSignature, Point: btc, KeyField: "bitcoin_key"},
	} {
		if err := c.Verify(); err != nil {
			return err
		}
	}
	return nil
}

// CheckHTLCLimits checks a channel_update's HTLC limits against the
// channel's capacity (0: unknown, not checked): ErrHTLCRange,
// ErrHTLCMaxAboveCapacity. Either means "SHOULD ignore this channel during
// route considerations", not that the update is invalid.
func CheckHTLCLimits(m *ChannelUpdate, capacity amount.Satoshi) error {
	if m.HTLCMaximumMsat < m.HTLCMinimumMsat {
		return fmt.Errorf("%w: %s < %s", ErrHTLCRange, m.HTLCMaximumMsat, m.HTLCMinimumMsat)
	}
	if capacity > 0 && m.HTLCMaximumMsat > capacity.ToMilliSatoshi() {
		return fmt.Errorf("%w: %s > %s", ErrHTLCMaxAboveCapacity, m.HTLCMaximumMsat, capacity)
	}
	return nil
}

// CheckUpdateOrder compares a channel_update with the last one accepted
// for the same channel and direction (prev nil: none): nil when next is
// newer; ErrOutdated when older; for the same timestamp ErrDuplicate when
// the fields below the timestamp are equal (a signature may differ, "ECDSA
// signatures are malleable"), ErrConflictingUpdate when they differ.
func CheckUpdateOrder(prev, next *ChannelUpdate) error {
	switch {
	case prev == nil || next.Timestamp > prev.Timestamp:
		return nil
	case next.Timestamp < prev.Timestamp:
		return fmt.Errorf("%w: %d < %d", ErrOutdated, next.Timestamp, prev.Timestamp)
	case next.SamePolicy(prev):
		return ErrDuplicate
	}
	return ErrConflictingUpdate
}

// CheckNodeAnnouncementOrder checks that a node_announcement is newer than
// the last one accepted from the node (lastTimestamp, 0 for none):
// ErrOutdated when its timestamp "is NOT greater than the last-received
// node_announcement from this node_id".
func CheckNodeAnnouncementOrder(lastTimestamp uint32, next *NodeAnnouncement) error {
	if lastTimestamp != 0 && next.Timestamp <= lastTimestamp {
		return fmt.Errorf("%w: %d <= %d", ErrOutdated, next.Timestamp, lastTimestamp)
	}
	return nil
}

// StaleChannel reports whether a channel may be pruned at now, given the
// timestamps of the latest channel_update in each direction (0: none): when
// either is older than StaleAfter. BOLT #7: "The oldest channel_update is
// used to prune the channel since both sides need to be active in order
// for the channel to be usable." A direction with no update counts as
// stale, so call it for channels announced longer than StaleAfter ago.
func StaleChannel(timestamp1, timestamp2 uint32, now time.Time) bool {
	limit := now.Add(-StaleAfter).Unix()
	return int64(timestamp1) < limit || int64(timestamp2) < limit
}

// parseKey parses the point of a check, through Keys when set, as a
// *KeyError when invalid.
func (v *Validator) parseKey(c *SigCheck) (*btcec.PublicKey, error) {
	var k *btcec.PublicKey
	var err error
	if v.Keys != nil {
		k, err = v.Keys.ParsePubKey(c.Point)
	} else {
		k, err = btcec.ParsePubKey(c.Point[:])
	}
	if err != nil || k == nil {
		return nil, &KeyError{Field: c.KeyField}
	}
	return k, nil
}

// checkFeatures returns a *FeatureError listing the even bits of v this
// node does not know.
func (v *Validator) checkFeatures(msg string, fv feature.Vector) error {
	var unknown []feature.Bit
	for _, b := range fv.Bits() {
		if !b.IsRequired() {
			continue // "It's OK to be odd"
		}
		known := false
		if v.KnownFeatures != nil {
			known = v.KnownFeatures.Has(b)
		} else {
			_, known = feature.Lookup(b)
		}
		if !known {
			unknown = append(unknown, b)
		}
	}
	if unknown != nil {
		return &FeatureError{Message: msg, Bits: unknown}
	}
	return nil
}

func (v *Validator) now() time.Time {
	if v.Now != nil {
		return v.Now()
	}
	return time.Now()
}
