//go:build race

package graph_test

// raceEnabled: the race detector slows signing and JSON parsing tenfold;
// the snapshot tests (which check content, not concurrency) skip under it.
const raceEnabled = true
