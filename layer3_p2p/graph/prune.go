package graph

import (
	"time"

	"github.com/lnstack/lnstack/layer2_messaging/wire"
	"github.com/lnstack/lnstack/layer3_p2p/gossip"
)

// RemoveChannel forgets channel scid, and its nodes when they are left
// without channels. It reports whether the channel was there. The chain
// watcher calls it for a spent funding output: BOLT #7 "if the funding
// output of a channel is spent and received 72 block confirmations: SHOULD
// be removed from the local network view AND be considered closed."
func (g *Graph) RemoveChannel(scid wire.ShortChannelID) bool {
	g.mu.Lock()
	defer g.mu.Unlock()
	i, ok := g.chanIndex[scid]
	if ok {
		g.removeChannel(i)
	}
	return ok
}

// PruneStale forgets the channels whose older direction was last updated
// more than two weeks before now (gossip.StaleChannel), among those
// announced at least that long ago (a new channel waits for its updates),
// and returns their short_channel_ids. BOLT #7 "Recommendation on Pruning
// Stale Entries": "if the timestamp of the latest channel_update in either
// direction is older than two weeks (1209600 seconds): MAY prune the
// channel."
func (g *Graph) PruneStale(now time.Time) []wire.ShortChannelID {
	g.mu.Lock()
	defer g.mu.Unlock()
	addedBefore := now.Add(-gossip.StaleAfter).Unix()
	var pruned []wire.ShortChannelID
	for i := range g.chans {
		c := &g.chans[i]
		if c.free() || int64(c.added) > addedBefore {
			continue
		}
		if gossip.StaleChannel(c.policy[0].Timestamp, c.policy[1].Timestamp, now) {
			pruned = append(pruned, c.scid)
			g.removeChannel(uint32(i))
		}
	}
	return pruned
}
