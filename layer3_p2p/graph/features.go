package graph

import "github.com/lnstack/lnstack/layer2_messaging/feature"

// featureTable interns feature vectors: channels and nodes hold a uint32
// index, and the few distinct vectors of the network are stored once.
// Entries are reference-counted so that a peer announcing ever-new vectors
// cannot grow the table past the number of channels and nodes holding
// them. Index 0 is the empty vector and is never freed.
type featureTable struct {
	vecs  []featureEntry
	index map[string]uint32
	free  []uint32
}

type featureEntry struct {
	vec  feature.Vector
	refs uint32
}

func newFeatureTable() featureTable {
	return featureTable{
		vecs:  []featureEntry{{vec: feature.Vector{}}},
		index: map[string]uint32{"": 0},
	}
}

// intern returns the index of v (minimal form), adding a reference.
func (t *featureTable) intern(v feature.Vector) uint32 {
	key := string(v.Minimal())
	if key == "" {
		return 0
	}
	if i, ok := t.index[key]; ok {
		t.vecs[i].refs++
		return i
	}
	e := featureEntry{vec: feature.Vector(key), refs: 1}
	var i uint32
	if n := len(t.free); n > 0 {
		i = t.free[n-1]
		t.free = t.free[:n-1]
		t.vecs[i] = e
	} else {
		i = uint32(len(t.vecs))
		t.vecs = append(t.vecs, e)
	}
	t.index[key] = i
	return i
}

// release drops a reference to entry i.
func (t *featureTable) release(i uint32) {
	if i == 0 || int(i) >= len(t.vecs) {
		return
	}
	e := &t.vecs[i]
	if e.refs--; e.refs == 0 {
		delete(t.index, string(e.vec))
		*e = featureEntry{}
		t.free = append(t.free, i)
	}
}

// get returns the vector at i; callers must not modify it.
func (t *featureTable) get(i uint32) feature.Vector { return t.vecs[i].vec }

// len returns the number of distinct vectors in use, the empty one
// included.
func (t *featureTable) len() int { return len(t.vecs) - len(t.free) }
