package layer3sync

import (
	"bytes"
	"context"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"

	"github.com/btcsuite/btcd/btcutil"

	"github.com/lnstack/lnstack/interop/simnet"
	"github.com/lnstack/lnstack/layer3_p2p/amount"
	"github.com/lnstack/lnstack/layer3_p2p/gossip"
)

// btcdFunding is a gossip.FundingChecker that looks funding outputs up
// on the simnet's btcd through btcctl: the block at the short_channel_id's
// height, the transaction at its index, the unspent output at its output
// index (gettxout), its script and depth.
type btcdFunding struct {
	btcd *simnet.Btcd
	// minConf is the depth required: BOLT #7 "if the short_channel_id's
	// output does NOT have at least 6 confirmations: ... SHOULD ignore
	// the message."
	minConf int64
	// checked counts the outputs checked.
	checked int
}

func (f *btcdFunding) CheckFunding(ctx context.Context, q gossip.FundingQuery) (amount.Satoshi, error) {
	f.checked++
	hash, err := f.btcd.Ctl(ctx, "getblockhash", strconv.FormatUint(uint64(q.SCID.Block()), 10))
	if err != nil {
		return 0, fmt.Errorf("%w: block %d: %v", gossip.ErrFundingNotFound, q.SCID.Block(), err)
	}
	raw, err := f.btcd.Ctl(ctx, "getblock", strings.TrimSpace(string(hash)))
	if err != nil {
		return 0, err
	}
	var block struct {
		Tx []string `json:"tx"`
	}
	if err := json.Unmarshal(raw, &block); err != nil {
		return 0, fmt.Errorf("getblock: %w", err)
	}
	if int(q.SCID.TxIndex()) >= len(block.Tx) {
		return 0, fmt.Errorf("%w: block %d has %d transactions", gossip.ErrFundingNotFound, q.SCID.Block(), len(block.Tx))
	}
	raw, err = f.btcd.Ctl(ctx, "gettxout", block.Tx[q.SCID.TxIndex()], strconv.Itoa(int(q.SCID.Output())), "false")
	if err != nil {
		return 0, err
	}
	if s := strings.TrimSpace(string(raw)); s == "" || s == "null" {
		return 0, gossip.ErrFundingSpent // or no such output
	}
	var out struct {
		Confirmations int64   `json:"confirmations"`
		Value         float64 `json:"value"`
		ScriptPubKey  struct {
			Hex string `json:"hex"`
		} `json:"scriptPubKey"`
	}
	if err := json.Unmarshal(raw, &out); err != nil {
		return 0, fmt.Errorf("gettxout: %w", err)
	}
	script, err := hex.DecodeString(out.ScriptPubKey.Hex)
	if err != nil || !bytes.Equal(script, q.PkScript) {
		return 0, fmt.Errorf("%w: %s", gossip.ErrFundingScript, out.ScriptPubKey.Hex)
	}
	if out.Confirmations < f.minConf {
		return 0, fmt.Errorf("%w: %d confirmations", gossip.ErrFundingUnconfirmed, out.Confirmations)
	}
	value, err := btcutil.NewAmount(out.Value)
	if err != nil {
		return 0, err
	}
	return amount.Satoshi(value), nil
}
