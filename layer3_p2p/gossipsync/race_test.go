//go:build race

package gossipsync_test

// raceEnabled: the race detector slows signing and JSON parsing tenfold;
// the tests of the mainnet snapshot skip under it: they check content, and
// the sync over synthetic graphs exercises the same code.
const raceEnabled = true
