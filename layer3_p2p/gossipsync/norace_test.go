//go:build !race

package gossipsync_test

const raceEnabled = false
