package graph_test

import (
	"testing"

	"github.com/lnstack/lnstack/layer3_p2p/graph"
	"github.com/lnstack/lnstack/layer3_p2p/graph/graphtest"
	"github.com/lnstack/lnstack/layer3_p2p/graph/snapshot"
)

// snapshotChannels is how many channels of a snapshot the tests load:
// enough for hubs with dozens of channels, few enough to sign and verify
// in seconds (the benchmarks take the whole graph).
const snapshotChannels = 400

// TestSnapshotCLN loads the first channels of the 2019 mainnet snapshot
// through signed gossip and checks the graph against the snapshot.
func TestSnapshotCLN(t *testing.T) {
	skipUnderRace(t)
	full := graphtest.CLN(t)
	checkSnapshotCounts(t, full, 37_497, 4_306)
	top := full.Head(snapshotChannels)
	g, gsp := graphtest.Load(t, top, graph.Config{})
	checkTopology(t, g, top, gsp)
}

// TestSnapshotCLoTH does the same with the CLoTH snapshot.
func TestSnapshotCLoTH(t *testing.T) {
	skipUnderRace(t)
	full := graphtest.CLoTH(t)
	checkSnapshotCounts(t, full, 30_457, 0)
	top := full.Head(snapshotChannels)
	g, gsp := graphtest.Load(t, top, graph.Config{})
	checkTopology(t, g, top, gsp)
}

// checkSnapshotCounts checks a snapshot's size against its README's.
func checkSnapshotCounts(t *testing.T, top *snapshot.Topology, channels, announced int) {
	t.Helper()
	n := 0
	for _, nd := range top.Nodes {
		if nd.Announced {
			n++
		}
	}
	t.Logf("%d channels, %d directions, %d nodes (%d announced)", len(top.Channels), top.Directions(), len(top.Nodes), n)
	if len(top.Channels) != channels {
		t.Errorf("%d channels, the snapshot has %d", len(top.Channels), channels)
	}
	if n > announced {
		t.Errorf("%d announced nodes, the snapshot has %d", n, announced)
	}
}

// skipUnderRace skips a content test under the race detector, which makes
// it take minutes.
func skipUnderRace(t *testing.T) {
	if raceEnabled {
		t.Skip("snapshot content test skipped under -race (minutes of signing and JSON parsing)")
	}
}
