package graph_test

import (
	"context"
	"encoding/binary"
	"testing"

	"github.com/lnstack/lnstack/layer3_p2p/graph"
)

// FuzzIngestFrames feeds arbitrary frames (each prefixed by a 2-byte
// length) to the Ingester of a graph holding the square: no panic, the
// graph stays consistent, and nothing unsigned gets in.
func FuzzIngestFrames(f *testing.F) {
	fx := newFixture(f, graph.Config{})
	all, err := fx.gsp.Frames()
	if err != nil {
		f.Fatal(err)
	}
	var seed []byte
	for _, fr := range all {
		seed = binary.BigEndian.AppendUint16(seed, uint16(len(fr)))
		seed = append(seed, fr...)
	}
	f.Add(seed)
	f.Add(seed[:300])
	// One loaded graph per mode, shared by the runs: none may change it.
	loaded := [2]*fixture{newFixture(f, graph.Config{}), newFixture(f, graph.Config{KeepMessages: true})}
	for _, l := range loaded {
		l.loadAll()
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		fx := loaded[len(data)%2]
		before := fx.g.Stats()
		var frames [][]byte
		for len(data) >= 2 {
			n := min(int(binary.BigEndian.Uint16(data)), len(data)-2)
			frames = append(frames, data[2:2+n])
			data = data[2+n:]
		}
		for i, err := range fx.in.IngestFrames(context.Background(), frames) {
			// Only the updates and announcements of the square are
			// signed: anything applied must be one of them again, which
			// the graph refuses as known. Nothing is applied.
			if err == nil {
				t.Fatalf("frame %d applied: %x", i, frames[i])
			}
		}
		if err := graph.CheckInvariants(fx.g); err != nil {
			t.Fatal(err)
		}
		if after := fx.g.Stats(); after != before {
			t.Fatalf("stats %+v after fuzzing, %+v before", after, before)
		}
	})
}
