package graph

import "fmt"

// CheckInvariants checks the graph's internal structure: every channel is
// in its two nodes' lists once, degrees and counts match, indexes point at
// the right slots, free slots are free. Tests call it after mutations.
func CheckInvariants(g *Graph) error {
	g.mu.RLock()
	defer g.mu.RUnlock()
	chans, nodes := 0, 0
	for i := range g.chans {
		c := &g.chans[i]
		if c.free() {
			continue
		}
		chans++
		if j, ok := g.chanIndex[c.scid]; !ok || j != uint32(i) {
			return fmt.Errorf("channel %s at %d: index says %d, %v", c.scid, i, j, ok)
		}
		for side, ni := range c.node {
			n := &g.nodes[ni]
			if n.free() {
				return fmt.Errorf("channel %s: node %d is free", c.scid, ni)
			}
			found := 0
			for k := n.head; k != none; {
				if k == uint32(i) {
					found++
				}
				ch := &g.chans[k]
				if ch.node[0] == ni {
					k = ch.next[0]
				} else {
					k = ch.next[1]
				}
			}
			if found != 1 {
				return fmt.Errorf("channel %s in the list of its node %d (side %d) %d times", c.scid, ni, side, found)
			}
		}
	}
	for i := range g.nodes {
		n := &g.nodes[i]
		if n.free() {
			continue
		}
		nodes++
		if j, ok := g.nodeIndex[n.id]; !ok || j != uint32(i) {
			return fmt.Errorf("node %s at %d: index says %d, %v", n.id, i, j, ok)
		}
		deg := uint32(0)
		for k := n.head; k != none; deg++ {
			ch := &g.chans[k]
			if ch.node[0] == uint32(i) {
				k = ch.next[0]
			} else if ch.node[1] == uint32(i) {
				k = ch.next[1]
			} else {
				return fmt.Errorf("node %d lists channel %s of other nodes", i, ch.scid)
			}
		}
		if deg != n.degree || deg == 0 {
			return fmt.Errorf("node %d: degree %d, list of %d", i, n.degree, deg)
		}
	}
	if chans != g.numChans || chans != len(g.chanIndex) || chans+len(g.freeChans) != len(g.chans) {
		return fmt.Errorf("%d channels, count %d, index %d, %d free of %d", chans, g.numChans, len(g.chanIndex), len(g.freeChans), len(g.chans))
	}
	if nodes != g.numNodes || nodes != len(g.nodeIndex) || nodes+len(g.freeNodes) != len(g.nodes) {
		return fmt.Errorf("%d nodes, count %d, index %d, %d free of %d", nodes, g.numNodes, len(g.nodeIndex), len(g.freeNodes), len(g.nodes))
	}
	return nil
}
